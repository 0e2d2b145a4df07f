// Elementary functions for the scalar engine (doubles) and the tensor kernels (floats), in C so that they can use FMA
// instructions (the package cannot raise Swift's target CPU without unsafe flags); compiled for
// AVX2+FMA function by function and chosen at run time, like the matrix kernels.
#ifndef C_AUTOGRAD_SCALAR_KERNELS_H
#define C_AUTOGRAD_SCALAR_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The hyperbolic tangent, within 1 ulp of the exact value (measured: 0.67), built for low latency.
/// Needs `autograd_simd_available()` from CAutogradKernels.h; off x86-64 it falls back to the C
/// library's `tanh`.
double autograd_tanh_fma(double x);

/// The hyperbolic tangent of a float, within 1.05 ulp of the exact value (measured over every
/// float), by the same arithmetic as `autograd_tanhf_array`, so one element and an array agree bit
/// for bit. Needs `autograd_simd_available()`; off x86-64 it is the C library's `tanhf`.
float autograd_tanhf(float x);

/// `y[i] = autograd_tanhf(x[i])` for `count` floats, eight at a time (`y` may be `x`).
void autograd_tanhf_array(const float *x, float *y, ptrdiff_t count);

#ifdef __cplusplus
}
#endif

#endif
