// The double matrix product for AVX2+FMA: 6×8 register tiles (twelve 4-double accumulators, two
// B vectors and one broadcast A value: 15 of the 16 YMM registers).
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <string.h>

/// 4 doubles in one YMM register.
typedef double DoubleVector __attribute__((vector_size(32)));

/// C[6×8] (+)= A panel (depth × 6, depth-major) · B panel (depth × 8, row-major). Written with
/// vector extensions rather than intrinsics: the intrinsics' internal casts would put DWARF 5 type
/// descriptions in the object (see GemmDriver.h); `c += a * b` in one expression compiles to an FMA.
__attribute__((target("avx2,fma"), nodebug))
static inline void double_tile_6x8(ptrdiff_t depth, const double *a, const double *b, double *c,
                                   ptrdiff_t row_stride, int accumulate) {
    DoubleVector c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0};
    DoubleVector c30 = {0}, c31 = {0}, c40 = {0}, c41 = {0}, c50 = {0}, c51 = {0};
    // C is read (when accumulating) and written only after the depth loop: fetch its rows now so the
    // misses overlap the arithmetic instead of following it.
    for (int i = 0; i < 6; i++) {
        __builtin_prefetch(c + i * row_stride, 0, 3);
        __builtin_prefetch(c + i * row_stride + 7, 0, 3);
    }
    for (ptrdiff_t p = 0; p < depth; p++) {
        DoubleVector b0, b1;
        memcpy(&b0, b, sizeof b0);
        memcpy(&b1, b + 4, sizeof b1);
        c00 += a[0] * b0; c01 += a[0] * b1;
        c10 += a[1] * b0; c11 += a[1] * b1;
        c20 += a[2] * b0; c21 += a[2] * b1;
        c30 += a[3] * b0; c31 += a[3] * b1;
        c40 += a[4] * b0; c41 += a[4] * b1;
        c50 += a[5] * b0; c51 += a[5] * b1;
        a += 6;
        b += 8;
    }
    DoubleVector rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 6; i++) {
        double *row = c + i * row_stride;
        DoubleVector left = rows[2 * i], right = rows[2 * i + 1];
        if (accumulate) {
            DoubleVector old_left, old_right;
            memcpy(&old_left, row, sizeof old_left);
            memcpy(&old_right, row + 4, sizeof old_right);
            left += old_left;
            right += old_right;
        }
        memcpy(row, &left, sizeof left);
        memcpy(row + 4, &right, sizeof right);
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

__attribute__((nodebug)) int autograd_dgemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const double *a, ptrdiff_t a_row_stride,
                   ptrdiff_t a_column_stride, const double *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
                   double *c, ptrdiff_t c_row_stride, int accumulate) {
    return -2;  // No SIMD kernel for this architecture: autograd_gemm_simd_available() said so.
}

#endif
