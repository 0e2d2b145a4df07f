import Testing
@testable import Autograd

/// Matrix products that read an operand transposed in place (the Aᵀ·G and G·Bᵀ of matmul's backward),
/// through every backend, against the triple loop and against the product of a materialised transpose.
@Suite("matrix products of transposed operands")
struct TransposedProductTests {
    /// The backends on this machine: the built-in kernels, and the system BLAS when one is loaded.
    static var backends: [MatrixBackend] {
        MatrixBackendTests.builtinBackends + (BLASLibrary.loaded.map { [.blas($0)] } ?? [])
    }

    /// Sizes below and above the packing and threading thresholds, with odd edges.
    static let sizes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (7, 3, 5), (17, 19, 13), (65, 33, 129), (130, 257, 67)]

    /// A batch of two products with the operands `transposed` names stored transposed.
    func check<K: MatrixMicroKernel>(
        _: K.Type, _ transposed: MatrixTransposition, backend: MatrixBackend, threads: Int, size: (m: Int, k: Int, n: Int)
    ) {
        let (m, k, n) = size
        let count = 2
        let a = MatrixBackendTests.values(count * m * k, seed: UInt64(3 * m + k)), b = MatrixBackendTests.values(count * k * n, seed: UInt64(n + 11))
        let offsets = (0..<count).map { (a: $0 * m * k, b: $0 * k * n) }
        let product = MatrixKernels.multiplyBatches(
            K.self, a.map { K.Scalar($0) }, b.map { K.Scalar($0) }, offsets: offsets, m: m, n: n, k: k,
            transposed: transposed, backend: backend, threads: threads)
        let aStrides = transposed.a ? (row: 1, column: m) : (row: k, column: 1)
        let bStrides = transposed.b ? (row: 1, column: k) : (row: n, column: 1)
        for index in 0..<count {
            let expected = MatrixBackendTests.naive(
                Array(a[index * m * k..<(index + 1) * m * k]), aStrides: aStrides,
                Array(b[index * k * n..<(index + 1) * k * n]), bStrides: bStrides, m: m, k: k, n: n)
            let got = product[index * m * n..<(index + 1) * m * n].map { Double($0) }
            let error = MatrixBackendTests.largestDifference(got, expected)
            #expect(
                error <= MatrixBackendTests.tolerance(K.Scalar.self, depth: k),
                "\(backend) \(K.Scalar.self) \(transposed) \(size) threads \(threads): error \(error)")
        }
    }

    @Test("Aᵀ·B, A·Bᵀ and Aᵀ·Bᵀ match the triple loop on every backend, 1 and 2 threads", arguments: sizes)
    func transposedProductsMatchNaive(_ size: (m: Int, k: Int, n: Int)) {
        let flags = [MatrixTransposition(a: true, b: false), MatrixTransposition(a: false, b: true), MatrixTransposition(a: true, b: true)]
        for backend in Self.backends {
            for transposed in flags {
                for threads in [1, 2] {
                    check(FloatMicroKernel.self, transposed, backend: backend, threads: threads, size: size)
                    check(DoubleMicroKernel.self, transposed, backend: backend, threads: threads, size: size)
                }
            }
        }
    }

    @Test("the built-in kernels give the same bits as the product of a materialised transpose")
    func builtinTransposedReadsAreExact() {
        let (m, k, n) = (70, 130, 45)
        let a = MatrixBackendTests.values(k * m, seed: 5).map { Float($0) }, b = MatrixBackendTests.values(n * k, seed: 6).map { Float($0) }
        let aT = MatrixKernels.transposeMatrices(a, count: 1, rows: k, columns: m)
        let bT = MatrixKernels.transposeMatrices(b, count: 1, rows: n, columns: k)
        for backend in MatrixBackendTests.builtinBackends {
            let inPlace = MatrixKernels.multiplyBatches(
                FloatMicroKernel.self, a, b, offsets: [(0, 0)], m: m, n: n, k: k,
                transposed: MatrixTransposition(a: true, b: true), backend: backend)
            let copied = MatrixKernels.multiplyBatches(FloatMicroKernel.self, aT, bT, offsets: [(0, 0)], m: m, n: n, k: k, backend: backend)
            #expect(inPlace == copied, "\(backend)")
        }
    }
}
