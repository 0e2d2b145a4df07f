// The float matrix product for AVX2+FMA: 6×16 register tiles (GemmTile.h) in the blocked driver
// (GemmDriver.h).
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <string.h>

/// 8 floats in one YMM register.
typedef float FloatVector __attribute__((vector_size(32)));

#define REAL float
#define VECTOR FloatVector
#define LANES 8
#define MICRO_KERNEL float_tile_6x16
#include "GemmTile.h"

// Block sizes for 32 KB L1 / 512 KB L2 (Zen 3, and most AVX2 cores): a 256 × 16 B panel is 16 KB,
// a 144 × 256 A block 144 KB.
#define MR 6
#define NR 16
#define KC 256
#define MC 144
#define NC 4096
#define GEMM_NAME autograd_sgemm
#include "GemmDriver.h"

#else

__attribute__((nodebug)) int autograd_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t a_row_stride,
                   ptrdiff_t a_column_stride, const float *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   float *c, ptrdiff_t c_row_stride, int accumulate) {
    return -2;  // No SIMD kernel for this architecture: autograd_simd_available() said so.
}

#endif
