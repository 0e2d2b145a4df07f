// The register tiles at the heart of the matrix product: each multiplies a packed panel of A
// (tileRows rows, interleaved) by a packed panel of B (tileColumns columns, interleaved) and keeps the
// whole tile of C in SIMD locals for the length of the panel, so the loop is loads and multiply-adds.

/// A register-blocked inner kernel of the matrix product for one element type, with the block sizes
/// the driver packs for.
///
/// `multiplyTile` computes (or, with `accumulate`, adds) the `tileRows × tileColumns` product of an A
/// panel laid out as `depth` columns of `tileRows` values and a B panel laid out as `depth` rows of
/// `tileColumns` values. The block sizes keep one B panel in L1 and one packed A block in L2.
protocol MatrixMicroKernel {
    associatedtype Scalar: TensorFloat
    /// Rows of C in one register tile (MR).
    static var tileRows: Int { get }
    /// Columns of C in one register tile (NR).
    static var tileColumns: Int { get }
    /// The depth of one packed block (KC): a B panel of `depthBlock × tileColumns` fits in L1.
    static var depthBlock: Int { get }
    /// Rows in one packed A block (MC, a multiple of `tileRows`): `rowBlock × depthBlock` fits in L2.
    static var rowBlock: Int { get }
    /// Columns in one packed B block (NC, a multiple of `tileColumns`).
    static var columnBlock: Int { get }
    /// C[tile] (+)= A panel · B panel, C row-major with `rowStride` elements between rows.
    static func multiplyTile(
        depth: Int, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>,
        c: UnsafeMutablePointer<Scalar>, rowStride: Int, accumulate: Bool)
    /// C = A·B on the AVX2+FMA kernel of CAutogradKernels (only when `MatrixBackend.simdAvailable`):
    /// A[i][p] at `a[i * aStrides.row + p * aStrides.column]`, B likewise, C row-major.
    static func multiplySIMD(
        m: Int, n: Int, k: Int, a: UnsafePointer<Scalar>, aStrides: (row: Int, column: Int),
        b: UnsafePointer<Scalar>, bStrides: (row: Int, column: Int), c: UnsafeMutablePointer<Scalar>, cRowStride: Int)
    /// C = A·B for a product of at most `MatrixKernels.packingThreshold` multiply-adds on the
    /// AVX2+FMA kernel of CAutogradKernels, without packing (only when `MatrixBackend.simdAvailable`);
    /// operands as in `multiplySIMD`, C row-major with `n` columns.
    static func multiplySmallSIMD(
        m: Int, n: Int, k: Int, a: UnsafePointer<Scalar>, aStrides: (row: Int, column: Int),
        b: UnsafePointer<Scalar>, bStrides: (row: Int, column: Int), c: UnsafeMutablePointer<Scalar>)
    /// C = A·B on a system BLAS, all three dense and row-major, A and B read transposed as
    /// `transposed` says.
    static func multiplyBLAS(
        _ library: BLASLibrary, _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into c: UnsafeMutablePointer<Scalar>,
        m: Int, n: Int, k: Int, transposed: MatrixTransposition)
}

extension MatrixMicroKernel {
    /// C = A·B on a system BLAS, none transposed.
    static func multiplyBLAS(
        _ library: BLASLibrary, _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, into c: UnsafeMutablePointer<Scalar>,
        m: Int, n: Int, k: Int
    ) {
        multiplyBLAS(library, a, b, into: c, m: m, n: n, k: k, transposed: .none)
    }
}

/// Writes one row of a tile, adding what C holds when accumulating.
@inline(__always)
private func storeRow<V: SIMD>(_ row: V, to c: UnsafeMutablePointer<V.Scalar>, accumulate: Bool) where V.Scalar: FloatingPoint {
    var row = row
    if accumulate { row += UnsafeRawPointer(c).loadUnaligned(as: V.self) }
    UnsafeMutableRawPointer(c).storeBytes(of: row, as: V.self)
}

/// One 6-row tile for both element types: six `Row` accumulators, one row of packed B and six
/// elements of packed A per step of the depth loop.
@inline(__always)
private func multiplySixRowTile<Row: SIMD>(
    _: Row.Type, depth: Int, a: UnsafePointer<Row.Scalar>, b: UnsafePointer<Row.Scalar>,
    c: UnsafeMutablePointer<Row.Scalar>, rowStride: Int, accumulate: Bool
) where Row.Scalar: FloatingPoint {
    var (c0, c1, c2, c3, c4, c5) = (Row(), Row(), Row(), Row(), Row(), Row())
    var a = a
    var b = UnsafeRawPointer(b)
    for _ in 0..<depth {
        let row = b.loadUnaligned(as: Row.self)
        c0 += row * a[0]
        c1 += row * a[1]
        c2 += row * a[2]
        c3 += row * a[3]
        c4 += row * a[4]
        c5 += row * a[5]
        a += 6
        b += MemoryLayout<Row>.stride
    }
    storeRow(c0, to: c, accumulate: accumulate)
    storeRow(c1, to: c + rowStride, accumulate: accumulate)
    storeRow(c2, to: c + 2 * rowStride, accumulate: accumulate)
    storeRow(c3, to: c + 3 * rowStride, accumulate: accumulate)
    storeRow(c4, to: c + 4 * rowStride, accumulate: accumulate)
    storeRow(c5, to: c + 5 * rowStride, accumulate: accumulate)
}

/// 6×8 tiles of `Float`: six SIMD8 accumulators (twelve SSE registers, six AVX).
enum FloatMicroKernel: MatrixMicroKernel {
    typealias Scalar = Float
    static var tileRows: Int { 6 }
    static var tileColumns: Int { 8 }
    static var depthBlock: Int { 256 }
    static var rowBlock: Int { 120 }
    static var columnBlock: Int { 1024 }

    @inline(__always)
    static func multiplyTile(
        depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, rowStride: Int, accumulate: Bool
    ) {
        multiplySixRowTile(SIMD8<Float>.self, depth: depth, a: a, b: b, c: c, rowStride: rowStride, accumulate: accumulate)
    }
}

/// 6×4 tiles of `Double`: six SIMD4 accumulators (twelve SSE registers, six AVX).
enum DoubleMicroKernel: MatrixMicroKernel {
    typealias Scalar = Double
    static var tileRows: Int { 6 }
    static var tileColumns: Int { 4 }
    static var depthBlock: Int { 256 }
    static var rowBlock: Int { 96 }
    static var columnBlock: Int { 512 }

    @inline(__always)
    static func multiplyTile(
        depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, rowStride: Int, accumulate: Bool
    ) {
        multiplySixRowTile(SIMD4<Double>.self, depth: depth, a: a, b: b, c: c, rowStride: rowStride, accumulate: accumulate)
    }
}
