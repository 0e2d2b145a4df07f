import Testing
@testable import Autograd
import AutogradTestSupport

/// The system BLAS (found at run time) against the built-in kernel, and the lookup rules.
@Suite("system BLAS")
struct BLASTests {
    /// Seeded values in [-1, 1].
    static func values(_ count: Int, seed: UInt64) -> [Double] { seededSignedValues(count, seed: seed) }

    /// A batch of three products through the built-in kernel and through the loaded BLAS.
    static func bothWays<K: MatrixMicroKernel>(
        _: K.Type, m: Int, k: Int, n: Int, library: BLASLibrary
    ) -> (builtin: [K.Scalar], blas: [K.Scalar]) {
        let count = 3
        let a = values(count * m * k, seed: UInt64(m * 1000 + k)).map { K.Scalar($0) }
        let b = values(count * k * n, seed: UInt64(n * 1000 + k + 7)).map { K.Scalar($0) }
        let offsets = (0..<count).map { (a: $0 * m * k, b: $0 * k * n) }
        let builtin = MatrixKernels.multiplyBatches(K.self, a, b, offsets: offsets, m: m, n: n, k: k, backend: .builtin)
        let external = MatrixKernels.multiplyBatches(K.self, a, b, offsets: offsets, m: m, n: n, k: k, backend: .blas(library))
        return (builtin, external)
    }

    static let sizes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (7, 3, 5), (64, 64, 64), (100, 129, 37), (130, 65, 257)]

    @Test(
        "BLAS and the built-in kernel agree on random matrices, float32 and float64",
        .enabled(if: BLASLibrary.loaded != nil, "no system BLAS found (install libopenblas0, or unset AUTOGRAD_BLAS=none)"),
        arguments: sizes)
    func agreesWithBuiltin(_ size: (m: Int, k: Int, n: Int)) throws {
        let library = try #require(BLASLibrary.loaded)
        let (m, k, n) = size
        let single = Self.bothWays(FloatMicroKernel.self, m: m, k: k, n: n, library: library)
        let double = Self.bothWays(DoubleMicroKernel.self, m: m, k: k, n: n, library: library)
        #expect(single.builtin.count == 3 * m * n && single.blas.count == single.builtin.count)
        #expect(double.builtin.count == 3 * m * n && double.blas.count == double.builtin.count)
        // Sums of k products of numbers in [-1, 1], summed in different orders.
        let singleError = zip(single.builtin, single.blas).map { Double(Swift.abs($0 - $1)) }.max() ?? 0
        let doubleError = zip(double.builtin, double.blas).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(singleError <= 4e-6 * Double(k), "float32 differs by \(singleError)")
        #expect(doubleError <= 4e-14 * Double(k), "float64 differs by \(doubleError)")
    }

    @Test(
        "matmul above the threshold runs on the BLAS and matches the built-in result",
        .enabled(if: BLASLibrary.loaded != nil, "no system BLAS found (install libopenblas0, or unset AUTOGRAD_BLAS=none)"))
    func matmulUsesBLAS() throws {
        let library = try #require(BLASLibrary.loaded)
        let n = 96
        #expect(BLASLibrary.backendName(m: n, n: n, k: n) == library.name)
        let a = Self.values(2 * n * n, seed: 1), b = Self.values(n * n, seed: 2)
        let product = matmul(Tensor(a, shape: [2, n, n], dtype: .float64), Tensor(b, shape: [n, n], dtype: .float64))
        #expect(product.shape == [2, n, n] && product.dtype == .float64)
        let expected = MatrixKernels.multiplyBatches(
            DoubleMicroKernel.self, a, b, offsets: [(0, 0), (n * n, 0)], m: n, n: n, k: n, backend: .builtin)
        let difference = zip(product.storage.doubles, expected).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(difference <= 4e-14 * Double(n))
    }

    @Test("tiny products stay on the built-in kernel")
    func smallProductsStayBuiltin() {
        #expect(BLASLibrary.backendName(m: 1, n: 1, k: 1) == "builtin")
        #expect(BLASLibrary.backendName(m: 15, n: 16, k: 16) == "builtin")
        #expect(MatrixKernels.blas(m: 4, n: 4, k: 4) == nil)
    }

    @Test("AUTOGRAD_BLAS=none disables the lookup; a library without cblas_sgemm is passed over")
    func lookupRules() {
        #expect(BLASLibrary.find(setting: "none") == nil)
        #expect(BLASLibrary.find(setting: " NONE ") == nil)
        #expect(BLASLibrary.open("/nonexistent/libopenblas.so.0") == nil)
        #if os(Linux)
        #expect(BLASLibrary.open("libc.so.6") == nil)
        #endif
        // An unusable setting falls through to the usual candidates.
        #expect(BLASLibrary.find(setting: "/nonexistent/libblas.so")?.name == BLASLibrary.find(setting: nil)?.name)
    }
}
