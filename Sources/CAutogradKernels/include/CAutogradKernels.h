// Matrix-product kernels in C for x86-64 CPUs with AVX2 and FMA, compiled for those instructions
// function by function (the package cannot raise the target CPU for Swift without unsafe flags) and
// chosen at run time: callers ask `autograd_simd_available()` first and otherwise use their
// portable kernel.
#ifndef C_AUTOGRAD_KERNELS_H
#define C_AUTOGRAD_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Whether this CPU runs the AVX2+FMA kernels of this module (always 0 off x86-64): it has AVX2 and
/// FMA, and the OS saves YMM registers.
///
/// Inline: it reads the features the compiler runtime detected once at load time, two
/// instructions. Scalar tanh asks on every call, where a call to a C function from a Swift
/// `static let` costs sixteen per use (Linux's `swift_once` runs on every access).
static inline int autograd_simd_available(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/// C = A·B (or C += A·B when `accumulate` is nonzero) for an m×k A and a k×n B in float, each
/// element addressed through strides: A[i][p] is a[i*a_row_stride + p*a_column_stride], likewise B,
/// and C is row-major with `c_row_stride`. Transposed operands are strides swapped. Needs
/// `autograd_simd_available()`; returns 0, or -1 when scratch memory could not be allocated.
int autograd_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                   const float *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   float *c, ptrdiff_t c_row_stride, int accumulate);

/// `autograd_sgemm` in double.
int autograd_dgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   const double *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                   const double *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   double *c, ptrdiff_t c_row_stride, int accumulate);

/// The most multiply-adds (m·n·k) a product may have for `autograd_sgemm_small` and
/// `autograd_dgemm_small`.
#define AUTOGRAD_SMALL_PRODUCT_LIMIT 4096

/// C = A·B for a small product (m·n·k ≤ AUTOGRAD_SMALL_PRODUCT_LIMIT), without packing: A and B
/// addressed through strides as in `autograd_sgemm`, C row-major and overwritten. Each element is
/// summed over p = 0…k−1 in order with fused multiply-adds. Needs `autograd_simd_available()`.
void autograd_sgemm_small(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                          const float *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                          const float *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                          float *c, ptrdiff_t c_row_stride);

/// `autograd_sgemm_small` in double.
void autograd_dgemm_small(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                          const double *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
                          const double *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                          double *c, ptrdiff_t c_row_stride);

#ifdef __cplusplus
}
#endif

#include "ScalarKernels.h"

#endif
