// The float matrix product for AVX2+FMA: 6×16 register tiles (twelve 8-float accumulators, two
// B vectors and one broadcast A value: 15 of the 16 YMM registers).
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

/// C[6×16] (+)= A panel (depth × 6, depth-major) · B panel (depth × 16, row-major).
__attribute__((target("avx2,fma")))
static inline void float_tile_6x16(ptrdiff_t depth, const float *a, const float *b, float *c,
                                   ptrdiff_t row_stride, int accumulate) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    // C is read (when accumulating) and written only after the depth loop: fetch its rows now so the
    // misses overlap the arithmetic instead of following it.
    for (int i = 0; i < 6; i++) {
        _mm_prefetch((const char *)(c + i * row_stride), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * row_stride + 15), _MM_HINT_T0);
    }
    for (ptrdiff_t p = 0; p < depth; p++) {
        __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
        __m256 x;
        x = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
        x = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11);
        x = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
        x = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31);
        x = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(x, b0, c40); c41 = _mm256_fmadd_ps(x, b1, c41);
        x = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(x, b0, c50); c51 = _mm256_fmadd_ps(x, b1, c51);
        a += 6;
        b += 16;
    }
    __m256 rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 6; i++) {
        float *row = c + i * row_stride;
        __m256 left = rows[2 * i], right = rows[2 * i + 1];
        if (accumulate) {
            left = _mm256_add_ps(left, _mm256_loadu_ps(row));
            right = _mm256_add_ps(right, _mm256_loadu_ps(row + 8));
        }
        _mm256_storeu_ps(row, left);
        _mm256_storeu_ps(row + 8, right);
    }
}

// Block sizes for 32 KB L1 / 512 KB L2 (Zen 3, and most AVX2 cores): a 256 × 16 B panel is 16 KB,
// a 144 × 256 A block 144 KB.
#define REAL float
#define MR 6
#define NR 16
#define KC 256
#define MC 144
#define NC 4096
#define MICRO_KERNEL float_tile_6x16
#define GEMM_NAME autograd_sgemm
#include "GemmDriver.h"

#else

int autograd_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t a_row_stride,
                   ptrdiff_t a_column_stride, const float *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   float *c, ptrdiff_t c_row_stride, int accumulate) {
    return -2;  // No SIMD kernel for this architecture: autograd_gemm_simd_available() said so.
}

#endif
