import Testing
@testable import Autograd

/// Small elementwise outputs start as a copy of an input: the input must never change, whichever
/// operand is copied, and the values must match the large-output path.
@Suite("small elementwise outputs")
struct SmallOutputKernelTests {
    @Test("inputs are unchanged, for same-shape, number-right, number-left and self operands")
    func inputsUnchanged() {
        for dtype in [DType.float32, .float64] {
            let a = Tensor([1, 2, 3], dtype: dtype)
            let b = Tensor([10, 20, 30], dtype: dtype)
            let n = Tensor(2.0, dtype: dtype)
            #expect((a - b).scalars == [-9, -18, -27])
            #expect((a - n).scalars == [-1, 0, 1])
            #expect((n - a).scalars == [1, 0, -1])
            #expect((a * a).scalars == [1, 4, 9])
            #expect((-a).scalars == [-1, -2, -3])
            #expect(a.scalars == [1, 2, 3])
            #expect(b.scalars == [10, 20, 30])
            #expect(n.scalars == [2])
        }
    }

    @Test("general broadcasting still takes the strided path")
    func broadcastRowAndColumn() {
        let column = Tensor([1, 2], shape: [2, 1], dtype: .float64)
        let row = Tensor([10, 20, 30], shape: [1, 3], dtype: .float64)
        #expect((column + row).scalars == [11, 21, 31, 12, 22, 32])
        #expect((row - column).shape == [2, 3])
    }

    @Test("values at the size limit and just past it agree with each other")
    func aroundTheLimit() {
        let limit = ElementwiseKernels.smallOutputLimit
        for count in [limit, limit + 1] {
            let x = Tensor((0..<count).map { Double($0) / Double(count) }, dtype: .float64)
            let y = tanh(x * 2.0 - 1.0)
            let expected = (0..<count).map { Double.tanh(2 * Double($0) / Double(count) - 1) }
            #expect(zip(y.scalars, expected).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        }
    }
}
