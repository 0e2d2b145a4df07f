// The register tile of the AVX2+FMA matrix product, written once and instantiated for float and
// double by sgemm_avx2.c and dgemm_avx2.c, which define before including it:
//   REAL (the element type), VECTOR (a 32-byte vector of REAL), LANES (REALs per VECTOR) and
//   MICRO_KERNEL (the tile function's name).
// The tile is 6 rows × 2 vectors: twelve accumulators, two B vectors and one broadcast A value use
// 15 of the 16 YMM registers.

/// C[6 × 2·LANES] (+)= A panel · B panel (depth × 2·LANES, row-major), where row i of the A panel at
/// step p of the depth is a[i * a_row_stride + p * a_depth_stride]: a packed panel (strides 1 and 6)
/// or six rows of A read where they are, either way round (strides lda and 1, or 1 and lda).
/// Written with vector extensions rather than intrinsics: the intrinsics' internal casts would put
/// DWARF 5 type descriptions in the object (see GemmDriver.h); `c += a * b` in one expression
/// compiles to an FMA.
__attribute__((target("avx2,fma"), nodebug, always_inline))
static inline void MICRO_KERNEL(ptrdiff_t depth, const REAL *a, ptrdiff_t a_row_stride, ptrdiff_t a_depth_stride,
                                const REAL *b, REAL *c, ptrdiff_t row_stride, int accumulate) {
    VECTOR c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0};
    VECTOR c30 = {0}, c31 = {0}, c40 = {0}, c41 = {0}, c50 = {0}, c51 = {0};
    // C is read (when accumulating) and written only after the depth loop: fetch its rows now so the
    // misses overlap the arithmetic instead of following it.
    for (int i = 0; i < 6; i++) {
        __builtin_prefetch(c + i * row_stride, 0, 3);
        __builtin_prefetch(c + i * row_stride + 2 * LANES - 1, 0, 3);
    }
    ptrdiff_t s1 = a_row_stride, s2 = 2 * a_row_stride, s3 = 3 * a_row_stride, s4 = 4 * a_row_stride,
              s5 = 5 * a_row_stride;
    for (ptrdiff_t p = 0; p < depth; p++) {
        VECTOR b0, b1;
        memcpy(&b0, b, sizeof b0);
        memcpy(&b1, b + LANES, sizeof b1);
        REAL a0 = a[0], a1 = a[s1], a2 = a[s2], a3 = a[s3], a4 = a[s4], a5 = a[s5];
        c00 += a0 * b0; c01 += a0 * b1;
        c10 += a1 * b0; c11 += a1 * b1;
        c20 += a2 * b0; c21 += a2 * b1;
        c30 += a3 * b0; c31 += a3 * b1;
        c40 += a4 * b0; c41 += a4 * b1;
        c50 += a5 * b0; c51 += a5 * b1;
        a += a_depth_stride;
        b += 2 * LANES;
    }
    VECTOR rows[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 6; i++) {
        REAL *row = c + i * row_stride;
        VECTOR left = rows[2 * i], right = rows[2 * i + 1];
        if (accumulate) {
            VECTOR old_left, old_right;
            memcpy(&old_left, row, sizeof old_left);
            memcpy(&old_right, row + LANES, sizeof old_right);
            left += old_left;
            right += old_right;
        }
        memcpy(row, &left, sizeof left);
        memcpy(row + LANES, &right, sizeof right);
    }
}
