// The blocked matrix-product driver, written once and instantiated for float and double by
// sgemm_avx2.c and dgemm_avx2.c, which define before including it:
//   REAL (the element type), MR × NR (the register tile), KC, MC, NC (the block sizes),
//   MICRO_KERNEL (the tile function) and GEMM_NAME (the public function).
// The blocking is the usual one for packed GEMM: B is packed a KC × NC block at a time into panels
// NR columns wide (a panel stays in L1 while it is used), and the micro-kernel multiplies one A panel
// (MR rows) by one B panel, keeping the MR × NR tile of C in registers for the whole depth. A is
// packed MC × KC at a time, except when the block of C is at most DIRECT_A_MAX_COLUMNS wide (a
// product split by columns of C across threads): then an A stored densely (row-major, or read
// transposed) is read where it is, so that the parts pack nothing twice.

/// The widest block of C for which A is read in place rather than packed: four register tiles.
#define DIRECT_A_MAX_COLUMNS (4 * NR)

// Every function here is `nodebug`: clang writes DWARF 5, which valgrind 3.19 (used for callgrind
// instruction counts) cannot read, and a package cannot ask for -gdwarf-4 without unsafe flags. With
// no function described, the object carries no debug sections and the tools read the binary again.

#include <stdlib.h>
#include <string.h>

#define DRIVER_TARGET __attribute__((target("avx2,fma"), nodebug))

/// The tile on a packed A panel. Its strides are constants here, so the six rows are read at fixed
/// offsets; with the strides as variables the depth loop carries a chain of address additions, and
/// one thread ran 10-15% slower (T1, n = 256...2048, measured).
DRIVER_TARGET __attribute__((noinline)) static void tile_on_packed_a(
    ptrdiff_t depth, const REAL *a, const REAL *b, REAL *c, ptrdiff_t row_stride, int accumulate) {
    MICRO_KERNEL(depth, a, 1, MR, b, c, row_stride, accumulate);
}

/// The tile on six rows of A read where they are (strides lda and 1, or 1 and lda).
DRIVER_TARGET __attribute__((noinline)) static void tile_on_strided_a(
    ptrdiff_t depth, const REAL *a, ptrdiff_t a_row_stride, ptrdiff_t a_depth_stride, const REAL *b, REAL *c,
    ptrdiff_t row_stride, int accumulate) {
    MICRO_KERNEL(depth, a, a_row_stride, a_depth_stride, b, c, row_stride, accumulate);
}

/// Copies rows [0, rows) × depth [0, depth) of A into panels of MR rows, each stored depth-major
/// (MR values per step of the depth), zero-padding the last panel.
DRIVER_TARGET static void pack_a(const REAL *a, ptrdiff_t row_stride, ptrdiff_t column_stride,
                                 ptrdiff_t rows, ptrdiff_t depth, REAL *out) {
    for (ptrdiff_t row = 0; row < rows; row += MR) {
        ptrdiff_t height = rows - row < MR ? rows - row : MR;
        const REAL *source = a + row * row_stride;
        if (height == MR && column_stride == 1) {
            for (ptrdiff_t p = 0; p < depth; p++) {
                for (ptrdiff_t i = 0; i < MR; i++) out[i] = source[i * row_stride + p];
                out += MR;
            }
        } else if (height == MR && row_stride == 1) {
            // A read transposed (matmul's backward, Aᵀ·G): each step of the depth is MR adjacent values.
            for (ptrdiff_t p = 0; p < depth; p++) {
                memcpy(out, source + p * column_stride, MR * sizeof(REAL));
                out += MR;
            }
        } else {
            for (ptrdiff_t p = 0; p < depth; p++) {
                for (ptrdiff_t i = 0; i < height; i++) out[i] = source[i * row_stride + p * column_stride];
                for (ptrdiff_t i = height; i < MR; i++) out[i] = 0;
                out += MR;
            }
        }
    }
}

/// Copies depth [0, depth) × columns [0, columns) of B into panels of NR columns, each stored
/// row after row, zero-padding the last panel.
DRIVER_TARGET static void pack_b(const REAL *b, ptrdiff_t row_stride, ptrdiff_t column_stride,
                                 ptrdiff_t depth, ptrdiff_t columns, REAL *out) {
    for (ptrdiff_t column = 0; column < columns; column += NR) {
        ptrdiff_t width = columns - column < NR ? columns - column : NR;
        const REAL *source = b + column * column_stride;
        if (width == NR && column_stride == 1) {
            for (ptrdiff_t p = 0; p < depth; p++) {
                memcpy(out, source + p * row_stride, NR * sizeof(REAL));
                out += NR;
            }
        } else if (width == NR && row_stride == 1) {
            // B read transposed (matmul's backward, G·Bᵀ): walk each stored row along the depth, so
            // that reads are contiguous and the strided writes land in the panel, which is in L1.
            for (ptrdiff_t j = 0; j < NR; j++) {
                const REAL *row = source + j * column_stride;
                for (ptrdiff_t p = 0; p < depth; p++) out[p * NR + j] = row[p];
            }
            out += depth * NR;
        } else {
            for (ptrdiff_t p = 0; p < depth; p++) {
                for (ptrdiff_t j = 0; j < width; j++) out[j] = source[p * row_stride + j * column_stride];
                for (ptrdiff_t j = width; j < NR; j++) out[j] = 0;
                out += NR;
            }
        }
    }
}

__attribute__((nodebug)) int GEMM_NAME(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const REAL *a, ptrdiff_t a_row_stride, ptrdiff_t a_column_stride,
              const REAL *b, ptrdiff_t b_row_stride, ptrdiff_t b_column_stride,
              REAL *c, ptrdiff_t c_row_stride, int accumulate) {
    if (m <= 0 || n <= 0) return 0;
    if (k <= 0) {
        size_t row_bytes = n * sizeof(REAL);  // (no casts: each would describe its type in DWARF 5)
        if (!accumulate) for (ptrdiff_t i = 0; i < m; i++) memset(c + i * c_row_stride, 0, row_bytes);
        return 0;
    }
    // Scratch sized for this product (not the largest block) so that small products stay cheap.
    ptrdiff_t kc_max = k < KC ? k : KC;
    ptrdiff_t mc_max = m < MC ? (m + MR - 1) / MR * MR : MC;
    ptrdiff_t nc_max = n < NC ? (n + NR - 1) / NR * NR : NC;
    size_t a_count = mc_max * kc_max, b_count = kc_max * nc_max;
    size_t a_bytes = (a_count * sizeof(REAL) + 63) / 64 * 64;
    size_t b_bytes = (b_count * sizeof(REAL) + 63) / 64 * 64;
    REAL *packed_a = aligned_alloc(64, a_bytes + b_bytes);
    if (!packed_a) return -1;
    REAL *packed_b = packed_a + a_bytes / sizeof(REAL);
    REAL edge[MR * NR] __attribute__((aligned(64)));

    for (ptrdiff_t jc = 0; jc < n; jc += NC) {
        ptrdiff_t nc = n - jc < NC ? n - jc : NC;
        for (ptrdiff_t pc = 0; pc < k; pc += KC) {
            ptrdiff_t kc = k - pc < KC ? k - pc : KC;
            int add = accumulate || pc > 0;
            pack_b(b + pc * b_row_stride + jc * b_column_stride, b_row_stride, b_column_stride, kc, nc, packed_b);
            for (ptrdiff_t ic = 0; ic < m; ic += MC) {
                ptrdiff_t mc = m - ic < MC ? m - ic : MC;
                const REAL *a_block = a + ic * a_row_stride + pc * a_column_stride;
                // Packing A pays for itself over the B panels that reuse it: with a block of C only a
                // few panels wide (a product split by columns across threads) the full panels of an A
                // stored densely (either way round) are read where they are; otherwise, and for other
                // layouts and the last partial panel, A is packed (read in place across a wide C, six
                // strided rows cost one thread 10-15% at n = 256...2048, measured).
                int direct = nc <= DIRECT_A_MAX_COLUMNS && (a_row_stride == 1 || a_column_stride == 1);
                ptrdiff_t full = direct ? mc / MR * MR : 0;
                if (full < mc) pack_a(a_block + full * a_row_stride, a_row_stride, a_column_stride, mc - full, kc, packed_a);
                for (ptrdiff_t jr = 0; jr < nc; jr += NR) {
                    ptrdiff_t width = nc - jr < NR ? nc - jr : NR;
                    const REAL *b_panel = packed_b + jr * kc;
                    for (ptrdiff_t ir = 0; ir < mc; ir += MR) {
                        ptrdiff_t height = mc - ir < MR ? mc - ir : MR;
                        REAL *tile = c + (ic + ir) * c_row_stride + jc + jr;
                        int whole = height == MR && width == NR;
                        REAL *target = whole ? tile : edge;
                        ptrdiff_t target_stride = whole ? c_row_stride : NR;
                        if (ir < full) {
                            tile_on_strided_a(kc, a_block + ir * a_row_stride, a_row_stride, a_column_stride, b_panel,
                                              target, target_stride, whole && add);
                        } else {
                            tile_on_packed_a(kc, packed_a + (ir - full) * kc, b_panel, target, target_stride, whole && add);
                        }
                        if (!whole) {
                            for (ptrdiff_t i = 0; i < height; i++) {
                                for (ptrdiff_t j = 0; j < width; j++) {
                                    REAL value = edge[i * NR + j];
                                    tile[i * c_row_stride + j] = add ? tile[i * c_row_stride + j] + value : value;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    free(packed_a);
    return 0;
}
