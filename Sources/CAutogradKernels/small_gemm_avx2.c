// Small matrix products (at most 16·16·16 multiply-adds, where packing costs more than it saves)
// for x86-64 with AVX2 and FMA: each row of C is built a vector of columns at a time, summing over
// the depth with fused multiply-adds. A B read transposed (column stride not 1) is first copied into
// a contiguous block on the stack (k·n ≤ 4096 elements), so the column loop always loads vectors.
// Workload S1's layers (100 × 2 · 2 × 16, 100 × 16 · 16 × 1 and their gradients) are such products;
// the Swift loop they ran before, compiled for baseline x86-64, used 2-wide SSE and no FMA.
//
// Every element of C is the same sum in the same order, c = fma(a_ip, b_pj, c) for p = 0…k−1,
// whether its column falls in a vector or in the tail, so the layout never changes the bits.
// Written with clang's vector extensions and `nodebug`, as the other kernels (see GemmDriver.h).
#include "CAutogradKernels.h"

#if defined(__x86_64__)
#include <string.h>

#define SMALL_TARGET __attribute__((target("avx2,fma"), nodebug))

// C = A·B for one element type: REAL, a 32-byte vector type VECTOR of LANES of them, and NAME.
#define DEFINE_SMALL_GEMM(NAME, REAL, VECTOR, LANES)                                                   \
    SMALL_TARGET void NAME(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,                                    \
                           const REAL *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,         \
                           const REAL *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,         \
                           REAL *c, ptrdiff_t c_row_stride) {                                        \
        REAL packed[AUTOGRAD_SMALL_PRODUCT_LIMIT];                                                   \
        if (b_column_stride != 1) {                                                                  \
            for (ptrdiff_t p = 0; p < k; p++)                                                        \
                for (ptrdiff_t j = 0; j < n; j++) packed[p * n + j] = b[p * b_row_stride + j * b_column_stride]; \
            b = packed;                                                                              \
            b_row_stride = n;                                                                        \
        }                                                                                            \
        for (ptrdiff_t i = 0; i < m; i++) {                                                          \
            const REAL *a_row = a + i * a_row_stride;                                                \
            REAL *c_row = c + i * c_row_stride;                                                      \
            ptrdiff_t j = 0;                                                                         \
            for (; j + LANES <= n; j += LANES) {                                                     \
                VECTOR sum = {0};                                                                    \
                for (ptrdiff_t p = 0; p < k; p++) {                                                  \
                    VECTOR row;                                                                      \
                    memcpy(&row, b + p * b_row_stride + j, sizeof row);                              \
                    /* x − 0 splats x exactly, −0 included (0 + x would turn −0 into +0). */                \
                    sum = __builtin_elementwise_fma(row, a_row[p * a_column_stride] - (VECTOR){0}, sum); \
                }                                                                                    \
                memcpy(c_row + j, &sum, sizeof sum);                                                 \
            }                                                                                        \
            for (; j < n; j++) {                                                                     \
                REAL sum = 0;                                                                        \
                for (ptrdiff_t p = 0; p < k; p++)                                                    \
                    sum = __builtin_elementwise_fma(b[p * b_row_stride + j], a_row[p * a_column_stride], sum); \
                c_row[j] = sum;                                                                      \
            }                                                                                        \
        }                                                                                            \
    }

typedef float FloatVector __attribute__((vector_size(32)));
typedef double DoubleVector __attribute__((vector_size(32)));

DEFINE_SMALL_GEMM(autograd_sgemm_small, float, FloatVector, 8)
DEFINE_SMALL_GEMM(autograd_dgemm_small, double, DoubleVector, 4)

#endif
