// The hyperbolic tangent of floats, eight at a time, for x86-64 with AVX2 and FMA: tensors' float32
// tanh (an activation, and a third of workload T3's operations). glibc's tanhf costs about 120
// instructions an element here (through expm1f) and errs by up to 2.19 ulp; this kernel costs about
// 40 instructions per eight elements and errs by at most 1.05 ulp (measured over every float from
// 2^-126 to 11 against the double-precision tanh rounded; above 11 both give exactly ±1).
//
// With a = |x|:
// - a < 0.875: tanh a = a + a·s·P(s), s = a², P a degree-6 least-squares fit of (tanh √s/√s − 1)/s
//   (relative error 1.3e-8 before rounding the coefficients to float);
// - a ≥ 0.875: tanh a = 1 − 2/(e^(2a) + 1), e^(2a) = 2^n·2^f with n = round(2a·log2 e) and f the
//   rest, computed with log2 e split in two so that f is nearly exact, 2^f by a degree-6 fit on
//   [−1/2, 1/2]; 2a is clamped to 20, where the result is already exactly 1.
// The sign is put back at the end; NaN returns NaN. Both branches run on every lane and a mask picks.
// Scripts/generate_tanhf_coefficients.py fits the coefficients (mpmath and NumPy).
// Compiled for AVX2+FMA function by function; callers ask `autograd_simd_available()` first.
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <string.h>

// Every function here is `nodebug` and written with clang's vector extensions and elementwise
// builtins rather than <immintrin.h>: the intrinsics' own casts would be described in DWARF 5,
// which valgrind (callgrind's instruction counts) cannot read; see GemmDriver.h. Bit patterns move
// between float and integer vectors through memcpy, which compiles to nothing.
#define TANHF_TARGET __attribute__((target("avx2,fma"), nodebug))

typedef float FloatVector __attribute__((vector_size(32)));
typedef int IntVector __attribute__((vector_size(32)));
/// Every lane `c`.
#define SPLAT(c) ((FloatVector){c, c, c, c, c, c, c, c})

/// P(s) ≈ (tanh √s / √s − 1)/s on [0, 0.875²], lowest degree first.
__attribute__((nodebug)) static const float small_coefficients[7] = {
    -0.3333333432674408f, 0.1333327740430832f, -0.053956497460603714f, 0.02177531272172928f,
    -0.008494149893522263f, 0.0028128523845225573f, -0.0005451658507809043f,
};
/// 2^f on [−1/2, 1/2], lowest degree first.
__attribute__((nodebug)) static const float exp2_coefficients[7] = {
    1.0f, 0.6931471824645996f, 0.24022646248340607f, 0.05550329014658928f,
    0.009618519805371761f, 0.0013399859890341759f, 0.00015337577497120947f,
};
/// Where the polynomial in a hands over to the exponential.
#define SMALL_LIMIT 0.875f
/// log2 e as a float and the float nearest the rest.
#define LOG2E_HI 1.44269502162933349609375f
#define LOG2E_LO 1.925963033500011079e-8f

/// Lanes of `when_true` where `mask` is all ones, of `when_false` where it is zero.
TANHF_TARGET static inline FloatVector select(IntVector mask, FloatVector when_true, FloatVector when_false) {
    IntVector t, f;
    memcpy(&t, &when_true, sizeof t);
    memcpy(&f, &when_false, sizeof f);
    IntVector chosen = (t & mask) | (f & ~mask);
    FloatVector result;
    memcpy(&result, &chosen, sizeof result);
    return result;
}

TANHF_TARGET static inline FloatVector tanh_of_eight(FloatVector x) {
    FloatVector a = __builtin_elementwise_abs(x);

    FloatVector s = a * a;
    FloatVector p = SPLAT(small_coefficients[6]);
    for (int i = 5; i >= 0; i--) p = __builtin_elementwise_fma(p, s, SPLAT(small_coefficients[i]));
    FloatVector small = __builtin_elementwise_fma(a * s, p, a);

    FloatVector twice = __builtin_elementwise_min(a + a, SPLAT(20.0f));
    FloatVector n = __builtin_elementwise_roundeven(twice * LOG2E_HI);
    FloatVector f = __builtin_elementwise_fma(twice, SPLAT(LOG2E_HI), -n);
    f = __builtin_elementwise_fma(twice, SPLAT(LOG2E_LO), f);
    FloatVector q = SPLAT(exp2_coefficients[6]);
    for (int i = 5; i >= 0; i--) q = __builtin_elementwise_fma(q, f, SPLAT(exp2_coefficients[i]));
    // 2^n as a float's bits: n is at most 29 here.
    IntVector power_bits = (__builtin_convertvector(n, IntVector) + 127) << 23;
    FloatVector power;
    memcpy(&power, &power_bits, sizeof power);
    FloatVector e = q * power;
    FloatVector large = 1.0f - 2.0f / (e + 1.0f);

    FloatVector result = __builtin_elementwise_copysign(select(a < SMALL_LIMIT, small, large), x);
    return select(x != x, x + x, result);
}

TANHF_TARGET void autograd_tanhf_array(const float *x, float *y, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i + 8 <= count; i += 8) {
        FloatVector v;
        memcpy(&v, x + i, sizeof v);
        v = tanh_of_eight(v);
        memcpy(y + i, &v, sizeof v);
    }
    if (i < count) {
        // The last few through a padded vector, so that every element takes the same arithmetic.
        FloatVector v = {0};
        size_t bytes = sizeof(float);
        bytes *= count - i;
        memcpy(&v, x + i, bytes);
        v = tanh_of_eight(v);
        memcpy(y + i, &v, bytes);
    }
}

TANHF_TARGET float autograd_tanhf(float x) {
    // A splat, not 0 + x, which would turn −0 into +0.
    return tanh_of_eight(SPLAT(x))[0];
}

#else
#include <math.h>

__attribute__((nodebug)) void autograd_tanhf_array(const float *x, float *y, ptrdiff_t count) {
    for (ptrdiff_t i = 0; i < count; i++) y[i] = tanhf(x[i]);
}

__attribute__((nodebug)) float autograd_tanhf(float x) { return tanhf(x); }
#endif
