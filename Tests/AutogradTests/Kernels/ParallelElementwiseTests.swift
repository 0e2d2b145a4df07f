import Foundation
import Testing
@testable import Autograd

/// Elementwise operations and full reductions above the split threshold: the same values on 1 and 2
/// threads, and the right ones.
@Suite("parallel elementwise and reduction kernels")
struct ParallelElementwiseTests {
    static let count = ParallelLoop.elementThreshold * 3 + 5

    @Test("binary, scalar-broadcast and unary kernels give identical results on 1 and 2 threads")
    func elementwiseIndependentOfThreads() {
        let x = (0..<Self.count).map { Double($0 % 1000) / 500 - 1 }
        let y = x.reversed().map { $0 * 0.5 }
        for dtype in [DType.float32, .float64] {
            let (a, b) = (Tensor(x, shape: [Self.count], dtype: dtype), Tensor(Array(y), shape: [Self.count], dtype: dtype))
            func compute() -> [[Double]] { [(a + b).storage.doubles, (a + 2.0).storage.doubles, tanh(a).storage.doubles] }
            let one = withComputeThreads(1) { compute() }
            let two = withComputeThreads(2) { compute() }
            #expect(one == two)
            #expect(one[0][Self.count - 1] == Double(a.storage.doubles[Self.count - 1] + b.storage.doubles[Self.count - 1]))
            #expect(Swift.abs(one[2][7] - Foundation.tanh(x[7])) < 1e-6)
        }
    }

    @Test("the full sum splits into fixed chunks: the same on 1 and 2 threads, and accurate")
    func sumIndependentOfThreads() {
        let x = (0..<Self.count).map { Double($0 % 7) - 3 }
        let expected = x.reduce(0, +)
        for dtype in [DType.float32, .float64] {
            let tensor = Tensor(x, shape: [Self.count], dtype: dtype)
            let one = withComputeThreads(1) { tensor.sum().item() }
            let two = withComputeThreads(2) { tensor.sum().item() }
            #expect(one == two)
            #expect(one == expected)  // small integers: exact in both types
        }
    }
}
