// The float matrix product for AVX2+FMA: 6×16 register tiles (twelve 8-float accumulators, two
// B vectors and one broadcast A value: 15 of the 16 YMM registers).
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <string.h>

/// 8 floats in one YMM register.
typedef float FloatVector __attribute__((vector_size(32)));

/// C[6×16] (+)= A panel (depth × 6, depth-major) · B panel (depth × 16, row-major). Written with
/// vector extensions rather than intrinsics: the intrinsics' internal casts would put DWARF 5 type
/// descriptions in the object (see GemmDriver.h); `c += a * b` in one expression compiles to an FMA.
__attribute__((target("avx2,fma"), nodebug))
static inline void float_tile_6x16(ptrdiff_t depth, const float *a, const float *b, float *c,
                                   ptrdiff_t row_stride, int accumulate) {
    FloatVector c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0};
    FloatVector c30 = {0}, c31 = {0}, c40 = {0}, c41 = {0}, c50 = {0}, c51 = {0};
    // C is read (when accumulating) and written only after the depth loop: fetch its rows now so the
    // misses overlap the arithmetic instead of following it.
    for (int i = 0; i < 6; i++) {
        __builtin_prefetch(c + i * row_stride, 0, 3);
        __builtin_prefetch(c + i * row_stride + 15, 0, 3);
    }
    for (ptrdiff_t p = 0; p < depth; p++) {
        FloatVector b0, b1;
        memcpy(&b0, b, sizeof b0);
        memcpy(&b1, b + 8, sizeof b1);
        c00 += a[0] * b0; c01 += a[0] * b1;
        c10 += a[1] * b0; c11 += a[1] * b1;
        c20 += a[2] * b0; c21 += a[2] * b1;
        c30 += a[3] * b0; c31 += a[3] * b1;
        c40 += a[4] * b0; c41 += a[4] * b1;
        c50 += a[5] * b0; c51 += a[5] * b1;
        a += 6;
        b += 16;
    }
    FloatVector rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 6; i++) {
        float *row = c + i * row_stride;
        FloatVector left = rows[2 * i], right = rows[2 * i + 1];
        if (accumulate) {
            FloatVector old_left, old_right;
            memcpy(&old_left, row, sizeof old_left);
            memcpy(&old_right, row + 8, sizeof old_right);
            left += old_left;
            right += old_right;
        }
        memcpy(row, &left, sizeof left);
        memcpy(row + 8, &right, sizeof right);
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

__attribute__((nodebug)) int autograd_sgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t a_row_stride,
                   ptrdiff_t a_column_stride, const float *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   float *c, ptrdiff_t c_row_stride, int accumulate) {
    return -2;  // No SIMD kernel for this architecture: autograd_gemm_simd_available() said so.
}

#endif
