// The double matrix product for AVX2+FMA: 6×8 register tiles (twelve 4-double accumulators, two
// B vectors and one broadcast A value: 15 of the 16 YMM registers).
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

/// C[6×8] (+)= A panel (depth × 6, depth-major) · B panel (depth × 8, row-major).
__attribute__((target("avx2,fma")))
static inline void double_tile_6x8(ptrdiff_t depth, const double *a, const double *b, double *c,
                                   ptrdiff_t row_stride, int accumulate) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    __m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd();
    __m256d c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    // C is read (when accumulating) and written only after the depth loop: fetch its rows now so the
    // misses overlap the arithmetic instead of following it.
    for (int i = 0; i < 6; i++) {
        _mm_prefetch((const char *)(c + i * row_stride), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * row_stride + 7), _MM_HINT_T0);
    }
    for (ptrdiff_t p = 0; p < depth; p++) {
        __m256d b0 = _mm256_load_pd(b), b1 = _mm256_load_pd(b + 4);
        __m256d x;
        x = _mm256_broadcast_sd(a + 0); c00 = _mm256_fmadd_pd(x, b0, c00); c01 = _mm256_fmadd_pd(x, b1, c01);
        x = _mm256_broadcast_sd(a + 1); c10 = _mm256_fmadd_pd(x, b0, c10); c11 = _mm256_fmadd_pd(x, b1, c11);
        x = _mm256_broadcast_sd(a + 2); c20 = _mm256_fmadd_pd(x, b0, c20); c21 = _mm256_fmadd_pd(x, b1, c21);
        x = _mm256_broadcast_sd(a + 3); c30 = _mm256_fmadd_pd(x, b0, c30); c31 = _mm256_fmadd_pd(x, b1, c31);
        x = _mm256_broadcast_sd(a + 4); c40 = _mm256_fmadd_pd(x, b0, c40); c41 = _mm256_fmadd_pd(x, b1, c41);
        x = _mm256_broadcast_sd(a + 5); c50 = _mm256_fmadd_pd(x, b0, c50); c51 = _mm256_fmadd_pd(x, b1, c51);
        a += 6;
        b += 8;
    }
    __m256d rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 6; i++) {
        double *row = c + i * row_stride;
        __m256d left = rows[2 * i], right = rows[2 * i + 1];
        if (accumulate) {
            left = _mm256_add_pd(left, _mm256_loadu_pd(row));
            right = _mm256_add_pd(right, _mm256_loadu_pd(row + 4));
        }
        _mm256_storeu_pd(row, left);
        _mm256_storeu_pd(row + 4, right);
    }
}

// Block sizes as for float, in bytes: a 256 × 8 B panel is 16 KB, a 72 × 256 A block 144 KB.
#define REAL double
#define MR 6
#define NR 8
#define KC 256
#define MC 72
#define NC 2048
#define MICRO_KERNEL double_tile_6x8
#define GEMM_NAME autograd_dgemm
#include "GemmDriver.h"

#else

int autograd_dgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const double *a, ptrdiff_t a_row_stride,
                   ptrdiff_t a_column_stride, const double *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   double *c, ptrdiff_t c_row_stride, int accumulate) {
    return -2;  // No SIMD kernel for this architecture: autograd_gemm_simd_available() said so.
}

#endif
