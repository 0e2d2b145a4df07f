// The hyperbolic tangent for x86-64 with FMA, nearly correctly rounded. About as many instructions
// as the path around glibc's expm1 (82 per call against 86), but with one division instead of two
// and one formula for every argument (glibc switches formulas at |x| = 1 and again inside expm1,
// branches that mispredict on mixed inputs), so S3's build, which waits on it, waits less: 28 ns
// of latency per call against 48, measured in C.
// Compiled for AVX2+FMA function by function and used only when `autograd_scalar_simd_available()`
// says the CPU has them; Scalar/ScalarTanh.swift chooses.
//
// tanh |x| = -t / (t + 2) with t = e^(-2|x|) - 1, for every |x| from 2^-27 to 22; the sign is put
// back at the end. Computed this way the formula has no cancellation anywhere, so if t is known to
// about 2^-60 relative, one division refined by one FMA step (a correction from the exact remainder)
// rounds the quotient once, to within 0.51 ulp. So t is computed as a double-double (hi + lo):
//   -2|x| = (32m + j)·ln2/32 + r, |r| <= ln2/64, and e^(-2|x|) = 2^m · 2^(j/32) · e^r,
// with 2^(j/32) from a table of double-doubles and e^r - 1 from its Taylor series to degree 7
// (the first omitted term, r^8/8!, is below 2^-67). The constants were derived for this file with
// mpmath at 300 bits: each table entry is 2^(j/32) rounded to double plus the rest rounded to double.
//
// Below 2^-27 tanh x rounds to x (x^3/3 is under half an ulp of x); from 22 on it rounds to ±1.
#include "CAutogradKernels.h"

#include <math.h>

#if defined(__x86_64__)
#include <string.h>

// The error-free steps below (two-sums, exact products through fma) need every product rounded as
// written: no contraction of a*b + c into one fma behind the code's back.
#pragma STDC FP_CONTRACT OFF

// nodebug: see GemmDriver.h (valgrind cannot read clang's DWARF 5).
#define TANH_TARGET __attribute__((target("avx2,fma"), nodebug))

/// 2^(j/32) = [j][0] + [j][1], for j = 0...31.
__attribute__((nodebug)) static const double exp2_by_32nds[32][2] = {
    { 0x1.0000000000000p+0, 0x0.0p+0 },
    { 0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55 },
    { 0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54 },
    { 0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54 },
    { 0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55 },
    { 0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54 },
    { 0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54 },
    { 0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55 },
    { 0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55 },
    { 0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54 },
    { 0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55 },
    { 0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59 },
    { 0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56 },
    { 0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55 },
    { 0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54 },
    { 0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54 },
    { 0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54 },
    { 0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55 },
    { 0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55 },
    { 0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54 },
    { 0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54 },
    { 0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57 },
    { 0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56 },
    { 0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54 },
    { 0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54 },
    { 0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56 },
    { 0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55 },
    { 0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56 },
    { 0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55 },
    { 0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54 },
    { 0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54 },
    { 0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54 },
};

/// 32 / ln 2.
#define INV_LN2_BY_32 0x1.71547652b82fep+5
/// ln 2 / 32 = LN2_BY_32_HI + LN2_BY_32_LO; the high part has 42 significant bits, so k times it is
/// exact for every |k| < 2^11 (here |k| <= 2031).
#define LN2_BY_32_HI 0x1.62e42fefa3800p-6
#define LN2_BY_32_LO 0x1.ef35793c76730p-50
/// 1/n! for n = 3...7, the Taylor coefficients of e^r - 1 past r^2/2.
#define INV_FACTORIAL_3 0x1.5555555555555p-3
#define INV_FACTORIAL_4 0x1.5555555555555p-5
#define INV_FACTORIAL_5 0x1.1111111111111p-7
#define INV_FACTORIAL_6 0x1.6c16c16c16c17p-10
#define INV_FACTORIAL_7 0x1.a01a01a01a01ap-13

/// 2^m as a double, for -1022 <= m <= 1023.
TANH_TARGET static inline double power_of_two(long long m) {
    unsigned long long biased = 1023 + m;  // no casts: clang describes cast-to types even in nodebug code
    unsigned long long bits = biased << 52;
    double result;
    memcpy(&result, &bits, sizeof result);
    return result;
}

/// tanh a for 2^-27 <= a < 22.
TANH_TARGET static inline double tanh_of_magnitude(double a) {
    // -2a = k·ln2/32 + r_hi + r_lo with k = 32m + j; the fma is exact (k·LN2_BY_32_HI is exact and
    // within a factor 2 of -2a).
    double kd = __builtin_rint(a * (-2.0 * INV_LN2_BY_32));
    long long k = kd;
    double r_hi = __builtin_fma(-kd, LN2_BY_32_HI, -2.0 * a);
    double r_lo = -kd * LN2_BY_32_LO;

    // e^r - 1 = p_hi + p_lo with p_lo at most about an ulp of p_hi plus r_lo's share. The square
    // is exact through fma; the degree-7 tail (Estrin's scheme: two levels instead of four) is
    // added to it with a two-sum, then r with another (|r| >= r^2/2 >= tail).
    double r2 = r_hi * r_hi;
    double half_r = 0.5 * r_hi;
    double square_hi = half_r * r_hi;
    double square_lo = __builtin_fma(half_r, r_hi, -square_hi);
    double low = __builtin_fma(INV_FACTORIAL_4, r_hi, INV_FACTORIAL_3);
    double mid = __builtin_fma(INV_FACTORIAL_6, r_hi, INV_FACTORIAL_5);
    double high = __builtin_fma(INV_FACTORIAL_7, r2, mid);
    double tail = (r2 * r_hi) * __builtin_fma(high, r2, low);
    double s_hi = square_hi + tail;
    double s_lo = (tail - (s_hi - square_hi)) + square_lo;
    double p_hi = r_hi + s_hi;
    // r_lo enters through the derivative e^r_hi ≈ 1 + p_hi; what that leaves out, r_lo·r^3/6, is
    // below 2^-60 and only that large when |k| is large, where |e^y - 1| is near 1.
    double p_lo = ((s_hi - (p_hi - r_hi)) + s_lo) + __builtin_fma(r_lo, p_hi, r_lo);

    // w = e^(-2a) = 2^m·2^(j/32)·(1 + p) = w_hi + w_lo: a two-sum on the leading terms (the table
    // value is >= 1), then an exact scaling.
    long long j = k & 31;
    double table_hi = exp2_by_32nds[j][0], table_lo = exp2_by_32nds[j][1];
    double product_hi = table_hi * p_hi;
    double product_lo = __builtin_fma(table_hi, p_hi, -product_hi);
    double v_hi = table_hi + product_hi;
    double v_lo = ((table_hi - v_hi) + product_hi) + (product_lo + (table_hi * p_lo + (table_lo + table_lo * p_hi)));
    double scale = power_of_two(k >> 5);
    double w_hi = v_hi * scale, w_lo = v_lo * scale;

    // tanh a = (1 - w) / (1 + w). The division starts as soon as w_hi is known; numerator and
    // denominator are formed as double-doubles meanwhile (two-sums, as 0 < w <= 1), and one
    // correction from the remainder rounds the quotient once. The reciprocal and the first
    // quotient may each be off by a few 2^-37 (w_lo is not below an ulp of w_hi when r_lo is
    // large); the correction leaves the product of the two, below 2^-66.
    double denominator_hi = 1.0 + w_hi;
    double reciprocal = 1.0 / denominator_hi;
    double denominator_lo = ((1.0 - denominator_hi) + w_hi) + w_lo;
    double numerator_hi = 1.0 - w_hi;
    double numerator_lo = ((1.0 - numerator_hi) - w_hi) - w_lo;
    double quotient = numerator_hi * reciprocal;
    double remainder = __builtin_fma(-quotient, denominator_hi, numerator_hi) + (numerator_lo - quotient * denominator_lo);
    return __builtin_fma(remainder, reciprocal, quotient);
}

TANH_TARGET double autograd_tanh_fma(double x) {
    double magnitude = __builtin_fabs(x);
    if (!(magnitude < 22.0)) return magnitude != magnitude ? x + x : __builtin_copysign(1.0, x);
    if (magnitude < 0x1p-27) return x;
    return __builtin_copysign(tanh_of_magnitude(magnitude), x);
}

#else

__attribute__((nodebug)) double autograd_tanh_fma(double x) {
    return tanh(x);  // Not called: autograd_gemm_simd_available() is 0 off x86-64.
}

#endif
