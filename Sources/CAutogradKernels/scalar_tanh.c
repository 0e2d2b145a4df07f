// The hyperbolic tangent for x86-64 with FMA, within 0.57 ulp of the exact value (measured), and
// built for latency: S3's build records a_i·b_i + tanh(a_i) and cannot record the sum before tanh
// is known, so the chain from the argument to the result is what counts. A formula through
// e^(-2|x|) needs the exponential, then a division and a correction, one after the other (82
// instructions, 27.5 ns in a dependent chain). This kernel is a table of polynomial pieces:
// 42 instructions a call under callgrind, no branch that depends on the argument inside the range
// it covers, and one chain of a table load, three FMA levels and an addition.
// Compiled for AVX2+FMA function by function and used only when `autograd_simd_available()`
// says the CPU has them; Scalar/ScalarTanh.swift chooses.
//
// For 2^-9 <= a < 22 (a = |x|) the piece is picked by a's exponent and its first 6 mantissa bits:
// 64 pieces per binade, each [s, s + 2^e/64), and on each tanh(s + h) ≈ c0 + c1·h + ... + c6·h^6, a
// Chebyshev least-squares fit (mpmath's chebyfit at 200 bits; largest fit error 7e-18 relative),
// c0 stored as a double-double, the rest rounded to double. Scripts/generate_scalar_tanh_table.py
// writes the table (ScalarTanhTable.h). Each row is 8 doubles, one 64-byte line, so that the row's
// address is the argument's bits shifted and masked (no multiply), and s is a's bits with the lower
// mantissa bits masked off: h = a - s (exact) is computed beside the table load instead of after it.
// Piece 0 covers [0, 2^-9): s = 0, and the kernel adds a itself as c0 (its row has c0 = c1 = 0 and
// tanh's odd Taylor terms from a^3).
//
// The latency chain: bits to an integer register, shift, mask, select piece 0 (a conditional move),
// the load, three FMA levels (c0_lo + c1·h and c2 + c3·h ... at once, then with h^2 and h^4, which
// were ready long before), the addition of c0_hi, and the sign. The rounding stays where it
// matters: c0_hi + (a term at most 2^-6 of it), so the last addition is the only rounding at full
// scale. Measured against `Float80`'s `tanhl`: at most 0.57 ulp (ScalarTanhTests), at most 2 ulp
// from glibc's tanh (which errs by up to 2.2). The faithful (not correctly rounded) result is the
// accepted price: a 0.503-ulp kernel cost 2.4 times the latency.
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

// nodebug: see GemmDriver.h (valgrind cannot read clang's DWARF 5). For the same reason the code
// has no casts and no vector types (clang describes those even in nodebug code): the few vector
// bit operations are written as inline assembly.
#define TANH_TARGET __attribute__((target("avx2,fma"), nodebug))

/// The bit patterns of 2^-28, 22 and 2^-9 (the first binade with pieces of its own).
#define TINY_BITS 0x3e30000000000000ull
#define PLATEAU_BITS 0x4036000000000000ull
#define FIRST_BINADE_BITS 0x3f60000000000000ull
/// How many mantissa bits pick the piece within a binade (64 pieces).
#define PIECE_BITS 6
/// The argument's bits shifted right by this are its binade and piece: the row, counted from 0's.
#define ROW_SHIFT (52 - PIECE_BITS)
/// The row number, so counted, that stands for row 0 (the one before 2^-9's first).
#define FIRST_ROW ((FIRST_BINADE_BITS >> ROW_SHIFT) - 1)

/// tanh |x| outside [2^-28, 22): |x| itself below, 1 above, NaN for NaN; with x's sign.
TANH_TARGET __attribute__((noinline, cold)) static double tanh_outside_pieces(double x) {
    double magnitude = __builtin_fabs(x);
    if (magnitude != magnitude) return x + x;
    return magnitude < 1 ? x : __builtin_copysign(1.0, x);
}

TANH_TARGET double autograd_tanh_fma(double x) {
    unsigned long long bits;
    memcpy(&bits, &x, sizeof bits);
    // |x|'s pattern shifted up by one (the sign shifted out): one unsigned compare tells
    // "2^-28 <= |x| < 22" (22's pattern has no lower bits, and NaN's lie above it).
    unsigned long long twice = bits << 1;
    if (__builtin_expect(twice - (TINY_BITS << 1) >= (PLATEAU_BITS - TINY_BITS) << 1, 0)) return tanh_outside_pieces(x);

    // The row's first element, 8 per row: the exponent and first PIECE_BITS mantissa bits shifted
    // into place (the mask drops the sign and the low bits), or row 0's below 2^-9. The table's
    // address is biased apart, in a register the compiler may not fold the bias out of, so that
    // the select is the last step before the load (folded, the bias is added after it: one more
    // step in the chain).
    unsigned long long element = (bits >> (ROW_SHIFT - 3)) & (~0ull >> (ROW_SHIFT - 2)) & ~7ull;
    element = twice < FIRST_BINADE_BITS << 1 ? FIRST_ROW * 8 : element;
    const double *table = &tanh_pieces[0][0] - FIRST_ROW * 8;
    __asm__("" : "+r"(table));
    const double *c = table + element;

    // Beside the load, from a = |x|: the piece's start s (a with the mantissa bits below the
    // piece's cleared, or 0 on piece 0) and piece 0's c0 (a itself there, 0 elsewhere), by bit
    // operations in the vector registers. Written in C, the compiler makes the selects a branch
    // or a round trip through the integer registers.
    double a = __builtin_fabs(x);
    unsigned long long start_mask_bits = ~0ull << ROW_SHIFT;
    double start_mask, in_pieces, start, below_pieces;
    memcpy(&start_mask, &start_mask_bits, sizeof start_mask);
    __asm__(
        "vcmplesd %[a], %[first], %[in]\n\t"    // in = 2^-9 <= a ? all ones : 0
        "vandpd %[mask], %[a], %[start]\n\t"    // start = a's leading bits
        "vandpd %[in], %[start], %[start]\n\t"  // ... or 0 below 2^-9
        "vandnpd %[a], %[in], %[below]"          // below = a below 2^-9, else 0
        : [in] "=&x"(in_pieces), [start] "=&x"(start), [below] "=x"(below_pieces)
        : [a] "x"(a), [first] "x"(0x1p-9), [mask] "x"(start_mask));
    double h = a - start;  // exact: a and s share their leading bits
    double h2 = h * h, h4 = h2 * h2;

    // c[0] + c[1] is c0 as a double-double; c[k + 1] is ck for k >= 1. Three FMA levels after the
    // load: c0_lo + c1·h, c2 + c3·h and c4 + c5·h; then with h^2; then with h^4.
    double linear = __builtin_fma(c[2], h, c[1]);
    double q23 = __builtin_fma(c[4], h, c[3]);
    double q45 = __builtin_fma(c[6], h, c[5]);
    double q456 = __builtin_fma(c[7], h2, q45);
    double low_terms = __builtin_fma(h2, q23, linear);
    double rest = __builtin_fma(h4, q456, low_terms);
    double high = c[0] + below_pieces;  // exact: one of the two is 0
    double magnitude = high + rest;
    // The sum is >= 0, so x's sign is or-ed in (copysign would also clear the sum's sign first:
    // one more step in the chain).
    double result;
    __asm__("vorpd %[sign], %[magnitude], %[result]"
            : [result] "=x"(result)
            : [magnitude] "x"(magnitude), [sign] "x"(__builtin_copysign(0.0, x)));
    return result;
}

#else

__attribute__((nodebug)) double autograd_tanh_fma(double x) {
    return tanh(x);  // Not called: autograd_simd_available() is 0 off x86-64.
}

#endif
