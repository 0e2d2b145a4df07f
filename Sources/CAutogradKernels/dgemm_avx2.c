// The double matrix product for AVX2+FMA: 6×8 register tiles (GemmTile.h) in the blocked driver
// (GemmDriver.h).
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <string.h>

/// 4 doubles in one YMM register.
typedef double DoubleVector __attribute__((vector_size(32)));

#define REAL double
#define VECTOR DoubleVector
#define LANES 4
#define MICRO_KERNEL double_tile_6x8
#include "GemmTile.h"

// Block sizes as for float, in bytes: a 256 × 8 B panel is 16 KB, a 72 × 256 A block 144 KB.
#define MR 6
#define NR 8
#define KC 256
#define MC 72
#define NC 2048
#define GEMM_NAME autograd_dgemm
#include "GemmDriver.h"

#else

__attribute__((nodebug)) int autograd_dgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const double *a, ptrdiff_t a_row_stride,
                   ptrdiff_t a_column_stride, const double *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   double *c, ptrdiff_t c_row_stride, int accumulate) {
    return -2;  // No SIMD kernel for this architecture: autograd_simd_available() said so.
}

#endif
