import Testing
@testable import Autograd

/// A number as an operand (`x * 2`, `x + 0.5`) is recorded as one `MultiplyScalar` or `AddScalar`
/// node with the tensor as its only input, and computes exactly what the broadcasting primitives
/// compute with the number as a constant tensor.
@Suite struct ScalarOperandTests {
    static let values = [0.3, -1.7, 2.5, 0, -0.0, 1e-3]

    @Test("the same bits as the number broadcast as a constant tensor", arguments: [DType.float32, .float64])
    func sameBitsAsBroadcast(dtype: DType) {
        let x = Tensor(Self.values, dtype: dtype)
        let c = 1.001
        let constant = Tensor(c, dtype: dtype)
        func bits(_ t: Tensor) -> [UInt64] { t.scalars.map(\.bitPattern) }
        #expect(bits(x * c) == bits(x * constant))
        #expect(bits(c * x) == bits(constant * x))
        #expect(bits(x + c) == bits(x + constant))
        #expect(bits(c + x) == bits(constant + x))
        #expect(bits(x - c) == bits(x - constant))
        #expect((x * c).dtype == dtype && (x + c).dtype == dtype)
    }

    @Test("one node, the tensor its only input, named for what it does")
    func oneNodeOneInput() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let scaled = x * 3, shifted = x - 0.5
        #expect(scaled.gradFunctionName == "MultiplyScalar")
        #expect(shifted.gradFunctionName == "AddScalar")
        #expect(scaled.node?.inputCount == 1 && shifted.node?.inputCount == 1)
        #expect(shifted.scalars == [0.5, 1.5])
        // A tensor that needs no gradient records nothing.
        #expect((Tensor([1.0]) * 3).gradFunctionName == nil)
    }

    @Test("gradients: c for a product, 1 for a sum; a zero gradient stays 0 beside an infinite factor")
    func gradients() {
        let x = Tensor([1.0, -2.0], dtype: .float64, requiresGrad: true)
        let g = ((x * -2.5) + (4 + x) + (x - 1)).sum().gradients(withRespectTo: [x])[0]!
        #expect(g.scalars == [-0.5, -0.5])
        // x · ∞ where the incoming gradient is 0 (the branch `where` did not choose): 0, not NaN.
        let chosen = Tensor.where(Tensor([1.0, 0.0], dtype: .float64), x * 2, x * Double.infinity)
        let h = chosen.sum().gradients(withRespectTo: [x])[0]!
        #expect(h.scalars == [2, .infinity])
        #expect(!h.scalars.contains { $0.isNaN })
    }

    @Test("differentiating twice and forward mode see the same rules")
    func higherOrder() {
        let x = Tensor([0.5, 1.5], dtype: .float64, requiresGrad: true)
        // f = 3x² + 2: f' = 6x, f'' = 6.
        let first = ((x * x) * 3 + 2).sum().gradients(withRespectTo: [x], createGraph: true)[0]!
        #expect(first.scalars == [3, 9])
        let second = first.sum().gradients(withRespectTo: [x])[0]!
        #expect(second.scalars == [6, 6])
        let (value, tangent) = jvp(at: [x.detached()], tangents: [Tensor([1.0, 1.0], dtype: .float64)]) { ($0[0] * 4 - 1) }
        #expect(value.scalars == [1, 5])
        #expect(tangent.scalars == [4, 4])
    }
}
