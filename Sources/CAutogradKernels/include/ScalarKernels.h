// Elementary functions of one double for the scalar engine, in C so that they can use FMA
// instructions (the package cannot raise Swift's target CPU without unsafe flags); compiled for
// AVX2+FMA function by function and chosen at run time, like the matrix kernels.
#ifndef C_AUTOGRAD_SCALAR_KERNELS_H
#define C_AUTOGRAD_SCALAR_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// The hyperbolic tangent, within 1 ulp of the exact value (measured: 0.67), built for low latency.
/// Needs `autograd_simd_available()` from CAutogradKernels.h; off x86-64 it falls back to the C
/// library's `tanh`.
double autograd_tanh_fma(double x);

#ifdef __cplusplus
}
#endif

#endif
