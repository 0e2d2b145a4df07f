import Testing
@testable import Autograd
import AutogradTestSupport

/// The matrix-product kernels (AVX2+FMA C kernel, portable Swift kernel), single- and multi-threaded,
/// against the textbook triple loop.
@Suite("matrix-product backends and threads")
struct MatrixBackendTests {
    /// Seeded values in [-1, 1].
    static func values(_ count: Int, seed: UInt64) -> [Double] { seededSignedValues(count, seed: seed) }

    /// C = op(A)·op(B) by the triple loop in doubles; A[i][p] = a[i * aStrides.row + p * aStrides.column].
    static func naive(
        _ a: [Double], aStrides: (row: Int, column: Int), _ b: [Double], bStrides: (row: Int, column: Int),
        m: Int, k: Int, n: Int
    ) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                for p in 0..<k { c[i * n + j] += a[i * aStrides.row + p * aStrides.column] * b[p * bStrides.row + j * bStrides.column] }
            }
        }
        return c
    }

    /// The largest difference (infinity for a NaN: an element never written).
    static func largestDifference(_ x: [Double], _ y: [Double]) -> Double {
        zip(x, y).map { Swift.abs($0 - $1) }.reduce(0) { $1.isNaN ? .infinity : Swift.max($0, $1) }
    }

    /// The accepted error of a length-k sum of products of numbers in [-1, 1].
    static func tolerance<T: TensorFloat>(_: T.Type, depth: Int) -> Double {
        (T.self == Float.self ? 4e-6 : 4e-14) * Double(Swift.max(depth, 1))
    }

    /// The built-in kernels for this CPU: the portable one always, the C kernel when it can run.
    static var builtinBackends: [MatrixBackend] { MatrixBackend.simdAvailable ? [.portable, .simd] : [.portable] }

    /// Odd sizes around the tiles (6×16 / 6×8 C kernel, 6×8 / 6×4 Swift), the 256 depth block and the
    /// thresholds for packing and for splitting across threads.
    static let sizes: [(m: Int, k: Int, n: Int)] = [
        (1, 1, 1), (7, 3, 5), (17, 19, 13), (6, 256, 16), (65, 33, 129), (130, 257, 67), (97, 300, 101),
    ]

    /// One batch of three products through `backend` on `threads`, against the triple loop.
    func check<K: MatrixMicroKernel>(_: K.Type, backend: MatrixBackend, threads: Int, size: (m: Int, k: Int, n: Int)) {
        let (m, k, n) = size
        let count = 3
        let a = Self.values(count * m * k, seed: UInt64(m * 1000 + k)), b = Self.values(count * k * n, seed: UInt64(n + 7))
        let offsets = (0..<count).map { (a: $0 * m * k, b: $0 * k * n) }
        let product = MatrixKernels.multiplyBatches(
            K.self, a.map { K.Scalar($0) }, b.map { K.Scalar($0) }, offsets: offsets, m: m, n: n, k: k,
            backend: backend, threads: threads)
        for index in 0..<count {
            let expected = Self.naive(
                Array(a[index * m * k..<(index + 1) * m * k]), aStrides: (k, 1),
                Array(b[index * k * n..<(index + 1) * k * n]), bStrides: (n, 1), m: m, k: k, n: n)
            let got = product[index * m * n..<(index + 1) * m * n].map { Double($0) }
            let error = Self.largestDifference(got, expected)
            #expect(error <= Self.tolerance(K.Scalar.self, depth: k), "\(backend) \(K.Scalar.self) \(size) threads \(threads): error \(error)")
        }
    }

    @Test("each built-in kernel matches the triple loop, float32 and float64, on 1 and 2 threads", arguments: sizes)
    func builtinKernelsMatchNaive(_ size: (m: Int, k: Int, n: Int)) {
        for backend in Self.builtinBackends {
            for threads in [1, 2] {
                check(FloatMicroKernel.self, backend: backend, threads: threads, size: size)
                check(DoubleMicroKernel.self, backend: backend, threads: threads, size: size)
            }
        }
    }

    @Test(
        "the C kernel reads transposed operands through strides (the Aᵀ·G and G·Bᵀ of backward)",
        .enabled(if: MatrixBackend.simdAvailable, "this CPU has no AVX2+FMA"),
        arguments: [(7, 5, 3), (33, 65, 17), (130, 257, 67)])
    func simdTransposes(_ m: Int, _ k: Int, _ n: Int) {
        func run<K: MatrixMicroKernel>(_: K.Type) {
            let a = Self.values(m * k, seed: 3), b = Self.values(k * n, seed: 4)
            // (A stored k×m, read transposed; B stored n×k, read transposed), and each alone.
            let layouts: [((row: Int, column: Int), (row: Int, column: Int))] = [
                ((1, m), (n, 1)), ((k, 1), (1, k)), ((1, m), (1, k)),
            ]
            for (aStrides, bStrides) in layouts {
                let x = a.map { K.Scalar($0) }, y = b.map { K.Scalar($0) }
                var c = [K.Scalar](repeating: .nan, count: m * n)
                x.withUnsafeBufferPointer { x in
                    y.withUnsafeBufferPointer { y in
                        c.withUnsafeMutableBufferPointer { c in
                            K.multiplySIMD(
                                m: m, n: n, k: k, a: x.baseAddress!, aStrides: aStrides, b: y.baseAddress!, bStrides: bStrides,
                                c: c.baseAddress!, cRowStride: n)
                        }
                    }
                }
                let expected = Self.naive(a, aStrides: aStrides, b, bStrides: bStrides, m: m, k: k, n: n)
                let error = Self.largestDifference(c.map { Double($0) }, expected)
                #expect(error <= Self.tolerance(K.Scalar.self, depth: k), "\(K.Scalar.self) strides \(aStrides) \(bStrides): \(error)")
            }
        }
        run(FloatMicroKernel.self)
        run(DoubleMicroKernel.self)
    }

    @Test("matmul with transposed operands, as backward forms them, matches the triple loop on 1 and 2 threads")
    func matmulWithTransposes() {
        let (m, k, n) = (130, 97, 75)
        let a = Self.values(k * m, seed: 5), b = Self.values(n * k, seed: 6)
        // Aᵀ (stored k×m) times Bᵀ (stored n×k).
        let expected = Self.naive(a, aStrides: (1, m), b, bStrides: (1, k), m: m, k: k, n: n)
        for dtype in [DType.float32, .float64] {
            let x = Tensor(a, shape: [k, m], dtype: dtype), y = Tensor(b, shape: [n, k], dtype: dtype)
            let one = withComputeThreads(1) { matmul(x.matrixTransposed(), y.matrixTransposed()) }
            let two = withComputeThreads(2) { matmul(x.matrixTransposed(), y.matrixTransposed()) }
            let tolerance = dtype == .float32 ? Self.tolerance(Float.self, depth: k) : Self.tolerance(Double.self, depth: k)
            #expect(Self.largestDifference(one.storage.doubles, expected) <= tolerance)
            // (A BLAS may sum in another order on more threads; the built-in kernels give identical results.)
            #expect(Self.largestDifference(two.storage.doubles, expected) <= tolerance)
        }
    }

    @Test("splitting rows across threads keeps every sum's order: the built-in kernels give identical results")
    func rowSplitIsExact() {
        let (m, k, n) = (130, 97, 75)
        let a = Self.values(m * k, seed: 10).map { Float($0) }, b = Self.values(k * n, seed: 11).map { Float($0) }
        #expect(m * n * k >= MatrixKernels.parallelThreshold)
        for backend in Self.builtinBackends {
            let one = MatrixKernels.multiplyBatches(FloatMicroKernel.self, a, b, offsets: [(0, 0)], m: m, n: n, k: k, backend: backend, threads: 1)
            let two = MatrixKernels.multiplyBatches(FloatMicroKernel.self, a, b, offsets: [(0, 0)], m: m, n: n, k: k, backend: backend, threads: 2)
            #expect(one == two, "\(backend)")
        }
    }

    @Test(
        "wide products split by columns (A read unpacked, either way round) give the bits of one thread, and the right values",
        arguments: [(128, 70, 250), (20, 300, 250), (128, 97, 256), (13, 700, 41)])
    func columnSplitIsExact(_ m: Int, _ k: Int, _ n: Int) {
        // m < n: split by columns of C on the AVX2 kernel; 128 = 21 full panels of six rows and a
        // partial one, 13 and 20 rows end in partial panels too.
        let a = Self.values(m * k, seed: 12), b = Self.values(k * n, seed: 13)
        #expect(m * n * k >= MatrixKernels.parallelThreshold)
        for transposed in [MatrixTransposition.none, .init(a: true, b: false), .init(a: false, b: true), .init(a: true, b: true)] {
            let aStrides = transposed.a ? (row: 1, column: m) : (row: k, column: 1)
            let bStrides = transposed.b ? (row: 1, column: k) : (row: n, column: 1)
            let expected = Self.naive(a, aStrides: aStrides, b, bStrides: bStrides, m: m, k: k, n: n)
            func check<K: MatrixMicroKernel>(_: K.Type, _ convert: (Double) -> K.Scalar, tolerance: Double) {
                let (x, y) = (a.map(convert), b.map(convert))
                for backend in Self.builtinBackends {
                    let results = [1, 2, 3].map { threads in
                        MatrixKernels.multiplyBatches(K.self, x, y, offsets: [(0, 0)], m: m, n: n, k: k, transposed: transposed, backend: backend, threads: threads)
                    }
                    #expect(results[0] == results[1] && results[0] == results[2], "\(K.Scalar.self) \(backend) \(transposed)")
                    #expect(Self.largestDifference(results[0].map { Double($0) }, expected) <= tolerance, "\(K.Scalar.self) \(backend) \(transposed)")
                }
            }
            check(FloatMicroKernel.self, { Float($0) }, tolerance: Self.tolerance(Float.self, depth: k))
            check(DoubleMicroKernel.self, { $0 }, tolerance: Self.tolerance(Double.self, depth: k))
        }
    }

    @Test("a batch of small products splits across threads by product and gives the serial result")
    func batchSplit() {
        let (m, k, n, count) = (40, 40, 40, 9)
        let a = Self.values(count * m * k, seed: 8).map { Float($0) }, b = Self.values(k * n, seed: 9).map { Float($0) }
        let offsets = (0..<count).map { (a: $0 * m * k, b: 0) }
        #expect(m * n * k < MatrixKernels.parallelThreshold && m * n * k * count >= MatrixKernels.parallelThreshold)
        for backend in Self.builtinBackends {
            let serial = MatrixKernels.multiplyBatches(FloatMicroKernel.self, a, b, offsets: offsets, m: m, n: n, k: k, backend: backend, threads: 1)
            let parallel = MatrixKernels.multiplyBatches(FloatMicroKernel.self, a, b, offsets: offsets, m: m, n: n, k: k, backend: backend, threads: 2)
            #expect(serial == parallel)
        }
    }
}
