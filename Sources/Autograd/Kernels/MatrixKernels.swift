import CAutogradKernels

// The matrix product C = A·B on row-major buffers, cache-blocked in the manner of GotoBLAS/BLIS:
// B is packed a (depth × columns) block at a time into panels one register tile wide, A a (rows ×
// depth) block at a time into panels one tile high, and a register tile (MatrixMicroKernels.swift)
// multiplies one A panel by one B panel, reading both contiguously. This portable kernel is the
// fallback: CPUs with AVX2+FMA run the C kernel of CAutogradKernels, and when the system has a BLAS
// (BLASLibrary.swift), products above `blasThreshold` go to its gemm (MatrixBackend.swift). Large
// products split across threads by rows of C. No autograd here.

/// Packed-block scratch memory for one matrix product, allocated once and reused across a batch.
///
/// The packed B block is shared by every row block; each row block packs its own A block and uses
/// its own edge tile. A parallel-for over row blocks therefore needs one `packedA` and `edgeTile`
/// per worker and one shared `packedB`.
struct MatrixScratch<Scalar> {
    /// One packed A block: `rowBlock × depthBlock` values, in panels of `tileRows` rows.
    let packedA: UnsafeMutablePointer<Scalar>
    /// One packed B block: `depthBlock × columnBlock` values, in panels of `tileColumns` columns.
    let packedB: UnsafeMutablePointer<Scalar>
    /// A full register tile, for the tiles at the bottom and right edges of C.
    let edgeTile: UnsafeMutablePointer<Scalar>
    private let memory: UnsafeMutableRawPointer

    /// Allocates the blocks `K` packs, cache-line aligned.
    init<K: MatrixMicroKernel>(for _: K.Type) where K.Scalar == Scalar {
        let aCount = K.rowBlock * K.depthBlock
        let bCount = K.depthBlock * K.columnBlock
        let tileCount = K.tileRows * K.tileColumns
        let total = aCount + bCount + tileCount
        memory = UnsafeMutableRawPointer.allocate(byteCount: total * MemoryLayout<Scalar>.stride, alignment: 64)
        let all = memory.bindMemory(to: Scalar.self, capacity: total)
        (packedA, packedB, edgeTile) = (all, all + aCount, all + aCount + bCount)
    }

    /// Frees the memory.
    func deallocate() { memory.deallocate() }
}

/// Which operands of a matrix product are stored transposed: a product that reads Aᵀ or Bᵀ in place,
/// through swapped strides (or BLAS's transpose flags), instead of materialising the transpose.
struct MatrixTransposition: Sendable, Hashable {
    /// A is stored k×m and read as its transpose.
    var a: Bool
    /// B is stored n×k and read as its transpose.
    var b: Bool

    /// Neither operand transposed.
    static let none = MatrixTransposition(a: false, b: false)
}

enum MatrixKernels {
    /// Products with at most this many multiply-adds are not packed (packing would cost more than it
    /// saves): the AVX2 small-product kernel runs them, or the plain loop on other CPUs.
    static let packingThreshold = Int(AUTOGRAD_SMALL_PRODUCT_LIMIT)

    /// Products with fewer multiply-adds than this stay on the built-in kernel even when a BLAS is
    /// loaded: there the call's fixed cost eats the library's gain. With OpenBLAS 0.3.21 on one x86-64
    /// thread the two break even near 8×8×8 and OpenBLAS is 2–3× faster from 16×16×16 on.
    static let blasThreshold = 16 * 16 * 16

    /// The BLAS to use for one m×k by k×n product: the loaded library when the product is large
    /// enough to gain from it and its sizes fit CBLAS's 32-bit integers, else nil.
    static func blas(m: Int, n: Int, k: Int) -> BLASLibrary? {
        guard let library = BLASLibrary.loaded, m * n * k >= blasThreshold else { return nil }
        let limit = Int(Int32.max)
        guard m <= limit, n <= limit, k <= limit else { return nil }
        return library
    }

    /// Products with at least this many multiply-adds split across threads by rows of C: 64³ takes
    /// about 5 µs on one AVX2 core, several times the cost of waking a worker.
    static let parallelThreshold = 64 * 64 * 64

    /// A product split by columns of C is cut into this many parts per thread (see `multiplyBatches`).
    static let columnPartsPerThread = 4

    // MARK: - Batches

    /// The products of matrices stored back to back: output matrix `i` is A at element offset
    /// `offsets[i].a` (m×k, or k×m read transposed) times B at `offsets[i].b` (k×n, or n×k read
    /// transposed), on `backend`, on up to `threads` threads.
    /// A large product is split by rows of C; a batch of small ones is split by products. A BLAS
    /// threads itself, so it gets the thread count instead.
    static func multiplyBatches<K: MatrixMicroKernel>(
        _: K.Type, _ a: [K.Scalar], _ b: [K.Scalar], offsets: [(a: Int, b: Int)], m: Int, n: Int, k: Int,
        transposed: MatrixTransposition = .none, backend: MatrixBackend, threads: Int = 1
    ) -> [K.Scalar] {
        let size = m * n
        if size == 0 || offsets.isEmpty { return [] }
        if k == 0 { return [K.Scalar](repeating: 0, count: offsets.count * size) }
        return [K.Scalar](unsafeUninitializedCapacity: offsets.count * size) { c, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    let (a, b, c) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    let work = m * n * k
                    let all = 0..<offsets.count
                    if case .blas(let library) = backend {
                        library.useThreads(threads)
                        multiplySerial(K.self, backend, a, b, c, transposed, offsets: offsets, products: all, rows: 0..<m, n: n, k: k, size: size)
                    } else if case .simd = backend, threads > 1, work >= parallelThreshold, m < n, n >= 2 * K.tileColumns {
                        // Wide products (T2's 128-row batches) split by columns of C: each part packs only
                        // its own columns of B, and the kernel reads A unpacked, so no work is done twice.
                        // More parts than threads: a thread that is descheduled (a busy machine) or
                        // joins late holds up at most one small part. Splits fall on whole tiles, so
                        // every element is summed exactly as on one thread.
                        for index in all {
                            ParallelLoop.forEachChunk(count: n, parts: columnPartsPerThread * threads, granularity: K.tileColumns) { columns in
                                multiplySerial(K.self, backend, a, b, c, transposed, offsets: offsets, products: index..<index + 1, rows: 0..<m, columns: columns, n: n, k: k, size: size)
                            }
                        }
                    } else if threads > 1 && work >= parallelThreshold && m >= 2 * K.tileRows {
                        for index in all {
                            ParallelLoop.forEachChunk(count: m, parts: threads, granularity: K.tileRows) { rows in
                                multiplySerial(K.self, backend, a, b, c, transposed, offsets: offsets, products: index..<index + 1, rows: rows, n: n, k: k, size: size)
                            }
                        }
                    } else if threads > 1 && work * offsets.count >= parallelThreshold && offsets.count > 1 {
                        ParallelLoop.forEachChunk(count: offsets.count, parts: threads) { products in
                            multiplySerial(K.self, backend, a, b, c, transposed, offsets: offsets, products: products, rows: 0..<m, n: n, k: k, size: size)
                        }
                    } else {
                        multiplySerial(K.self, backend, a, b, c, transposed, offsets: offsets, products: all, rows: 0..<m, n: n, k: k, size: size)
                    }
                }
            }
            initialized = offsets.count * size
        }
    }

    /// Rows `rows` of the products `products` of a batch (see `multiplyBatches`; each product of C has
    /// `size` elements), on this thread.
    static func multiplySerial<K: MatrixMicroKernel>(
        _: K.Type, _ backend: MatrixBackend, _ a: UnsafePointer<K.Scalar>, _ b: UnsafePointer<K.Scalar>,
        _ c: UnsafeMutablePointer<K.Scalar>, _ transposed: MatrixTransposition, offsets: [(a: Int, b: Int)],
        products: Range<Int>, rows: Range<Int>, columns: Range<Int>? = nil, n: Int, k: Int, size: Int
    ) {
        let m = rows.count
        // The full product's A has `size / n` rows; a transposed operand is read through swapped strides.
        let aStrides = transposed.a ? (row: 1, column: size / n) : (row: k, column: 1)
        let bStrides = transposed.b ? (row: 1, column: k) : (row: n, column: 1)
        let (aStart, cStart) = (rows.lowerBound * aStrides.row, rows.lowerBound * n)
        func operands(_ index: Int) -> (UnsafePointer<K.Scalar>, UnsafePointer<K.Scalar>, UnsafeMutablePointer<K.Scalar>) {
            (a + offsets[index].a + aStart, b + offsets[index].b, c + index * size + cStart)
        }
        switch backend {
        case .blas(let library):
            for index in products {
                let (a, b, c) = operands(index)
                K.multiplyBLAS(library, a, b, into: c, m: m, n: n, k: k, transposed: transposed)
            }
        case .simd where m * n * k > packingThreshold:
            // A column range (only this kernel takes one) is a block of C with C's row stride.
            let columns = columns ?? 0..<n
            for index in products {
                let (a, b, c) = operands(index)
                K.multiplySIMD(
                    m: m, n: columns.count, k: k, a: a, aStrides: aStrides, b: b + columns.lowerBound * bStrides.column,
                    bStrides: bStrides, c: c + columns.lowerBound, cRowStride: n)
            }
        case .simd:
            // A small product (the case above takes the rest, and every column split: those are
            // large), so `columns` is nil here.
            for index in products {
                let (a, b, c) = operands(index)
                K.multiplySmallSIMD(m: m, n: n, k: k, a: a, aStrides: aStrides, b: b, bStrides: bStrides, c: c)
            }
        case .portable:
            if m * n * k <= packingThreshold {
                for index in products {
                    let (a, b, c) = operands(index)
                    multiplyDirect(a, aStrides, b, bStrides, into: c, m: m, n: n, k: k)
                }
            } else {
                let scratch = MatrixScratch(for: K.self)
                defer { scratch.deallocate() }
                for index in products {
                    let (a, b, c) = operands(index)
                    multiplyBlocked(K.self, a, aStrides, b, bStrides, into: c, m: m, n: n, k: k, scratch: scratch)
                }
            }
        }
    }

    // MARK: - One product

    /// C = A·B with a plain i-p-j loop (the j loop vectorises when B's rows are contiguous); for
    /// small products. A[i][p] is at `a[i * aStrides.row + p * aStrides.column]`, B likewise.
    static func multiplyDirect<T: TensorFloat>(
        _ a: UnsafePointer<T>, _ aStrides: (row: Int, column: Int), _ b: UnsafePointer<T>, _ bStrides: (row: Int, column: Int),
        into c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int
    ) {
        for i in 0..<m {
            let row = c + i * n
            row.update(repeating: 0, count: n)
            for p in 0..<k {
                let x = a[i * aStrides.row + p * aStrides.column]
                let bRow = b + p * bStrides.row
                if bStrides.column == 1 {
                    for j in 0..<n { row[j] += x * bRow[j] }
                } else {
                    for j in 0..<n { row[j] += x * bRow[j * bStrides.column] }
                }
            }
        }
    }

    /// C = A·B for dense row-major operands with a plain loop; for small products.
    static func multiplyDirect<T: TensorFloat>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, into c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int
    ) {
        multiplyDirect(a, (k, 1), b, (n, 1), into: c, m: m, n: n, k: k)
    }

    /// C = A·B for dense row-major operands, cache-blocked.
    static func multiplyBlocked<K: MatrixMicroKernel>(
        _: K.Type, _ a: UnsafePointer<K.Scalar>, _ b: UnsafePointer<K.Scalar>, into c: UnsafeMutablePointer<K.Scalar>,
        m: Int, n: Int, k: Int, scratch: MatrixScratch<K.Scalar>
    ) {
        multiplyBlocked(K.self, a, (k, 1), b, (n, 1), into: c, m: m, n: n, k: k, scratch: scratch)
    }

    /// C = A·B, cache-blocked: for each column block of C and depth block, pack B once, then run the
    /// row blocks. A[i][p] is at `a[i * aStrides.row + p * aStrides.column]`, B likewise.
    static func multiplyBlocked<K: MatrixMicroKernel>(
        _: K.Type, _ a: UnsafePointer<K.Scalar>, _ aStrides: (row: Int, column: Int),
        _ b: UnsafePointer<K.Scalar>, _ bStrides: (row: Int, column: Int), into c: UnsafeMutablePointer<K.Scalar>,
        m: Int, n: Int, k: Int, scratch: MatrixScratch<K.Scalar>
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else { return c.update(repeating: 0, count: m * n) }
        var column = 0
        while column < n {
            let columns = Swift.min(K.columnBlock, n - column)
            var depthStart = 0
            while depthStart < k {
                let depth = Swift.min(K.depthBlock, k - depthStart)
                packB(
                    K.self, b + depthStart * bStrides.row + column * bStrides.column, strides: bStrides,
                    depth: depth, columns: columns, into: scratch.packedB)
                var row = 0
                while row < m {
                    let rows = Swift.min(K.rowBlock, m - row)
                    multiplyRowBlock(
                        K.self, a + row * aStrides.row + depthStart * aStrides.column, strides: aStrides, rows: rows, depth: depth,
                        packedB: scratch.packedB, columns: columns, into: c + row * n + column, cRowStride: n,
                        accumulate: depthStart > 0, scratch: scratch)
                    row += rows
                }
                depthStart += depth
            }
            column += columns
        }
    }

    /// One row block of C (+)= its A block · the packed B block, tile by tile: each B panel stays in
    /// L1 while every A panel of the block (in L2) passes over it.
    @inline(__always)
    static func multiplyRowBlock<K: MatrixMicroKernel>(
        _: K.Type, _ a: UnsafePointer<K.Scalar>, strides: (row: Int, column: Int), rows: Int, depth: Int,
        packedB: UnsafePointer<K.Scalar>, columns: Int, into c: UnsafeMutablePointer<K.Scalar>, cRowStride: Int,
        accumulate: Bool, scratch: MatrixScratch<K.Scalar>
    ) {
        packA(K.self, a, strides: strides, rows: rows, depth: depth, into: scratch.packedA)
        let (tileRows, tileColumns) = (K.tileRows, K.tileColumns)
        var column = 0
        while column < columns {
            let width = Swift.min(tileColumns, columns - column)
            let bPanel = packedB + column * depth
            var row = 0
            while row < rows {
                let height = Swift.min(tileRows, rows - row)
                let aPanel = UnsafePointer(scratch.packedA + row * depth)
                let tile = c + row * cRowStride + column
                if height == tileRows && width == tileColumns {
                    K.multiplyTile(depth: depth, a: aPanel, b: bPanel, c: tile, rowStride: cRowStride, accumulate: accumulate)
                } else {
                    let edge = scratch.edgeTile
                    K.multiplyTile(depth: depth, a: aPanel, b: bPanel, c: edge, rowStride: tileColumns, accumulate: false)
                    for i in 0..<height {
                        for j in 0..<width {
                            let value = edge[i * tileColumns + j]
                            tile[i * cRowStride + j] = accumulate ? tile[i * cRowStride + j] + value : value
                        }
                    }
                }
                row += tileRows
            }
            column += tileColumns
        }
    }

    // MARK: - Packing

    /// Copies a depth × columns block of B (B[p][j] at `b[p * strides.row + j * strides.column]`) into
    /// panels of `tileColumns` columns, each stored row after row, zero-padding the last panel.
    @inline(__always)
    static func packB<K: MatrixMicroKernel>(
        _: K.Type, _ b: UnsafePointer<K.Scalar>, strides: (row: Int, column: Int), depth: Int, columns: Int,
        into packed: UnsafeMutablePointer<K.Scalar>
    ) {
        let tileColumns = K.tileColumns
        var out = packed
        var column = 0
        while column < columns {
            let width = Swift.min(tileColumns, columns - column)
            for p in 0..<depth {
                let source = b + p * strides.row + column * strides.column
                for j in 0..<width { out[j] = source[j * strides.column] }
                for j in width..<tileColumns { out[j] = 0 }
                out += tileColumns
            }
            column += tileColumns
        }
    }

    /// Copies a rows × depth block of A (A[i][p] at `a[i * strides.row + p * strides.column]`) into
    /// panels of `tileRows` rows, each stored column after column, zero-padding the last panel.
    @inline(__always)
    static func packA<K: MatrixMicroKernel>(
        _: K.Type, _ a: UnsafePointer<K.Scalar>, strides: (row: Int, column: Int), rows: Int, depth: Int,
        into packed: UnsafeMutablePointer<K.Scalar>
    ) {
        let tileRows = K.tileRows
        var out = packed
        var row = 0
        while row < rows {
            let height = Swift.min(tileRows, rows - row)
            let source = a + row * strides.row
            for p in 0..<depth {
                for i in 0..<height { out[i] = source[i * strides.row + p * strides.column] }
                for i in height..<tileRows { out[i] = 0 }
                out += tileRows
            }
            row += tileRows
        }
    }

    // MARK: - Transpose

    /// Each of `count` row-major rows × columns matrices stored back to back, transposed.
    static func transposeMatrices<T: TensorFloat>(_ x: [T], count: Int, rows: Int, columns: Int) -> [T] {
        [T](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                let size = rows * columns
                for matrix in 0..<count {
                    transpose(x.baseAddress! + matrix * size, rows: rows, columns: columns, into: out.baseAddress! + matrix * size)
                }
            }
            initialized = x.count
        }
    }

    /// The row-major rows × columns matrix `x` transposed into `out`, in 32×32 tiles so that reads
    /// and writes both stay in cache.
    static func transpose<T: TensorFloat>(_ x: UnsafePointer<T>, rows: Int, columns: Int, into out: UnsafeMutablePointer<T>) {
        let tile = 32
        for rowStart in stride(from: 0, to: rows, by: tile) {
            for columnStart in stride(from: 0, to: columns, by: tile) {
                for i in rowStart..<Swift.min(rowStart + tile, rows) {
                    for j in columnStart..<Swift.min(columnStart + tile, columns) {
                        out[j * rows + i] = x[i * columns + j]
                    }
                }
            }
        }
    }
}

// MARK: - Dispatch on the element type

extension TensorData {
    /// The batched matrix product (see `MatrixKernels.multiplyBatches`), in the wider element type,
    /// on the system's BLAS when one is loaded and the product is large enough to gain from it.
    static func matrixProduct(
        _ a: TensorData, _ b: TensorData, offsets: [(a: Int, b: Int)], m: Int, n: Int, k: Int,
        transposed: MatrixTransposition = .none
    ) -> TensorData {
        let dtype = DType.promoted(a.dtype, b.dtype)
        let backend = MatrixBackend.choose(m: m, n: n, k: k)
        let threads = ComputeThreads.current
        switch (a.converted(to: dtype), b.converted(to: dtype)) {
        case (.float32(let x), .float32(let y)):
            return .float32(MatrixKernels.multiplyBatches(
                FloatMicroKernel.self, x, y, offsets: offsets, m: m, n: n, k: k, transposed: transposed, backend: backend, threads: threads))
        case (.float64(let x), .float64(let y)):
            return .float64(MatrixKernels.multiplyBatches(
                DoubleMicroKernel.self, x, y, offsets: offsets, m: m, n: n, k: k, transposed: transposed, backend: backend, threads: threads))
        default:
            fatalError("unreachable: operands were converted to one type")
        }
    }

    /// Each of `count` rows × columns matrices stored back to back, transposed.
    func matricesTransposed(count: Int, rows: Int, columns: Int) -> TensorData {
        switch self {
        case .float32(let x): .float32(MatrixKernels.transposeMatrices(x, count: count, rows: rows, columns: columns))
        case .float64(let x): .float64(MatrixKernels.transposeMatrices(x, count: count, rows: rows, columns: columns))
        }
    }
}
