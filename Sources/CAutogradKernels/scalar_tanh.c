// The hyperbolic tangent for x86-64 with FMA, within 0.67 ulp of the exact value (measured), and
// built for latency: S3's build records a_i·b_i + tanh(a_i) and cannot record the sum before tanh
// is known. A formula through e^(-2|x|) needs the exponential, then a division and a correction, one
// after the other (the previous kernel: 82 instructions, 27.5 ns in a dependent chain). This one is
// a table of polynomial pieces: 34 instructions and one chain of a table load and five FMA levels
// (16 ns in the same chain, 4.2 ns per call against 12 when calls overlap), and no branch that
// depends on the argument inside the range it covers.
// Compiled for AVX2+FMA function by function and used only when `autograd_simd_available()`
// says the CPU has them; Scalar/ScalarTanh.swift chooses.
//
// For 2^-7 <= a < 22 (a = |x|) the piece is picked by a's exponent and its first 4 mantissa bits:
// 16 pieces per binade, each [s, s + 2^e/16), and on each tanh(s + h) ≈ c0 + c1·h + ... + c8·h^8,
// with h = a - s exact (a and s share their leading bits; each row stores its s). Piece 0 covers [0, 2^-7) with h = a and
// tanh's odd Taylor series (c0 = 0, c1 = 1, c3 = -1/3, c5 = 2/15, c7 = -17/315; the first term left
// out, 62/2835·a^9, is below 2^-56·a). Every other piece's polynomial is a Chebyshev least-squares
// fit of degree 8 (mpmath's chebyfit at 200 bits; largest fit error 1.9e-17 relative); c0 is
// stored as a double-double, the rest rounded to double. Scripts/generate_scalar_tanh_table.py
// writes the table (ScalarTanhTable.h).
//
// The evaluation keeps the rounding where it matters: c0_hi + (c0_lo + c1·h + h²·Q(h)), with Q (the
// degree-6 rest) in Estrin's scheme and the last two steps single FMAs, so the result is c0_hi plus
// a term at most 2^-5 of it rounded once (and on piece 0, a + a³·(...) rounded once). Measured
// against `Float80`'s `tanhl`: at most 0.67 ulp (ScalarTanhTests), at most 2 ulp from glibc's tanh
// (which errs by up to 2.2). The faithful (not correctly rounded) result is the accepted price: the
// previous kernel's 0.503 ulp cost 2.4 times the latency.
//
// Below 2^-28 tanh x rounds to x (x^3/3 is under a tenth of an ulp of x), and the polynomial would
// meet subnormal squares; from 22 on tanh rounds to ±1. Both, and NaN, leave by one compare that
// S3's arguments (|a| < 1) never take.
#include "CAutogradKernels.h"

#include <math.h>

#if defined(__x86_64__)
#include <string.h>

#include "ScalarTanhTable.h"

// The last steps need every product rounded as written: no contraction behind the code's back.
#pragma STDC FP_CONTRACT OFF

// nodebug: see GemmDriver.h (valgrind cannot read clang's DWARF 5).
#define TANH_TARGET __attribute__((target("avx2,fma"), nodebug))

/// The bit patterns of 2^-28, 22 and 2^-7 (the first binade with pieces of its own).
#define TINY_BITS 0x3e30000000000000ull
#define PLATEAU_BITS 0x4036000000000000ull
#define FIRST_BINADE_BITS 0x3f80000000000000ull
/// How many mantissa bits pick the piece within a binade (16 pieces).
#define PIECE_BITS 4

TANH_TARGET static inline unsigned long long bits_of(double x) {
    unsigned long long bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

/// tanh |x| outside [2^-28, 22): |x| itself below, 1 above, NaN for NaN; with x's sign.
TANH_TARGET __attribute__((noinline, cold)) static double tanh_outside_pieces(double x) {
    double magnitude = __builtin_fabs(x);
    if (magnitude != magnitude) return x + x;
    return magnitude < 1 ? x : __builtin_copysign(1.0, x);
}

TANH_TARGET double autograd_tanh_fma(double x) {
    double a = __builtin_fabs(x);
    unsigned long long bits = bits_of(a);
    // a's exponent and first PIECE_BITS mantissa bits, counted from 2^-28's: one unsigned compare
    // tells "2^-28 <= a < 22" (22's pattern has no lower bits, and NaN's lie above it).
    unsigned long long from_tiny = (bits >> (52 - PIECE_BITS)) - (TINY_BITS >> (52 - PIECE_BITS));
    if (__builtin_expect(from_tiny >= (PLATEAU_BITS - TINY_BITS) >> (52 - PIECE_BITS), 0)) return tanh_outside_pieces(x);

    // The piece: 1 + (binade - first binade)·16 + the top mantissa bits, or 0 below 2^-7.
    // (No casts: clang describes cast-to types even in nodebug code, which valgrind cannot read.)
    long long from_first = from_tiny;
    long long piece = from_first - ((FIRST_BINADE_BITS - TINY_BITS) >> (52 - PIECE_BITS)) + 1;
    piece = piece < 0 ? 0 : piece;
    const double *c = tanh_pieces[piece];
    double h = a - c[10];  // exact: a and the piece's start share their leading bits (start 0 on piece 0)

    // c[0] + c[1] is c0 as a double-double; c[k + 1] is ck for k >= 1.
    double h2 = h * h, h4 = h2 * h2;
    double q23 = __builtin_fma(c[4], h, c[3]);
    double q45 = __builtin_fma(c[6], h, c[5]);
    double q67 = __builtin_fma(c[8], h, c[7]);
    double q2345 = __builtin_fma(q45, h2, q23);
    double q678 = __builtin_fma(c[9], h2, q67);
    double q = __builtin_fma(q678, h4, q2345);
    double linear = __builtin_fma(h, c[2], c[1]);  // exact on piece 0 (c1 = 1, c0 = 0)
    double rest = __builtin_fma(h2, q, linear);
    return __builtin_copysign(c[0] + rest, x);
}

#else

__attribute__((nodebug)) double autograd_tanh_fma(double x) {
    return tanh(x);  // Not called: autograd_simd_available() is 0 off x86-64.
}

#endif
