import Testing
@testable import Autograd
import AutogradTestSupport

/// The AVX2 small-product kernel (products of at most 16·16·16 multiply-adds, not packed): every
/// element of C is the fused sum Σ_p a_ip·b_pj taken in order, whatever the transpositions and
/// whether its column falls in a vector or in the tail.
@Suite("small matrix products")
struct SmallProductTests {
    /// Sizes across the vector widths (8 floats, 4 doubles), with n = 1, k = 1 and workload S1's shapes.
    static let sizes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (7, 5, 3), (3, 16, 9), (4, 4, 17), (100, 2, 16), (16, 100, 1), (2, 100, 16), (16, 16, 16)]

    @Test(
        "each element is the in-order fused sum, for all four transpositions, float32 and float64",
        .enabled(if: MatrixBackend.simdAvailable, "this CPU has no AVX2+FMA"),
        arguments: sizes)
    func inOrderFusedSums(_ size: (m: Int, k: Int, n: Int)) {
        func run<K: MatrixMicroKernel>(_: K.Type) {
            let (m, k, n) = size
            let a = seededSignedValues(m * k, seed: 11).map { K.Scalar($0) }
            let b = seededSignedValues(k * n, seed: 12).map { K.Scalar($0) }
            let layouts: [((row: Int, column: Int), (row: Int, column: Int))] = [
                ((k, 1), (n, 1)), ((1, m), (n, 1)), ((k, 1), (1, k)), ((1, m), (1, k)),
            ]
            for (aStrides, bStrides) in layouts {
                var c = [K.Scalar](repeating: .nan, count: m * n)
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            K.multiplySmallSIMD(
                                m: m, n: n, k: k, a: a.baseAddress!, aStrides: aStrides, b: b.baseAddress!, bStrides: bStrides,
                                c: c.baseAddress!)
                        }
                    }
                }
                var expected = [K.Scalar](repeating: 0, count: m * n)
                for i in 0..<m {
                    for j in 0..<n {
                        var sum: K.Scalar = 0
                        for p in 0..<k {
                            sum.addProduct(b[p * bStrides.row + j * bStrides.column], a[i * aStrides.row + p * aStrides.column])
                        }
                        expected[i * n + j] = sum
                    }
                }
                #expect(c == expected, "\(K.Scalar.self) \(size) strides \(aStrides) \(bStrides)")
            }
        }
        run(FloatMicroKernel.self)
        run(DoubleMicroKernel.self)
    }
}
