// Elementary functions of one double for the scalar engine, in C so that they can use FMA
// instructions (the package cannot raise Swift's target CPU without unsafe flags); compiled for
// AVX2+FMA function by function and chosen at run time, like the matrix kernels.
#ifndef C_AUTOGRAD_SCALAR_KERNELS_H
#define C_AUTOGRAD_SCALAR_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Whether the functions below may run: the CPU has AVX2 and FMA (and the OS saves YMM registers).
///
/// The same test as `autograd_gemm_simd_available()`, but inline: it reads the features the
/// compiler runtime detected once at load time, two instructions, where a call to the C function
/// from a Swift `static let` costs sixteen per use (Linux's `swift_once` runs on every access), and
/// tanh asks on every call.
static inline int autograd_scalar_simd_available(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/// The hyperbolic tangent, within 1 ulp of the exact value (measured: 0.67), built for low latency.
/// Needs `autograd_scalar_simd_available()` (off x86-64 it falls back to the C library's `tanh`).
double autograd_tanh_fma(double x);

#ifdef __cplusplus
}
#endif

#endif
