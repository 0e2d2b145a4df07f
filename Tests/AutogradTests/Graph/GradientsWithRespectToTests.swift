import Testing
@testable import Autograd

/// `gradients(withRespectTo:)`: targets found by the traversal's marks, answered in the order asked.
@Suite("gradients with respect to chosen tensors")
struct GradientsWithRespectToTests {
    @Test("leaves, an intermediate tensor, a repeated target, a constant and an unrelated tensor")
    func mixedTargets() {
        let x = Tensor([1.0, 2.0], dtype: .float64, requiresGrad: true)
        let unrelated = Tensor([5.0, 6.0], dtype: .float64, requiresGrad: true)
        let constant = Tensor([7.0, 8.0], dtype: .float64)
        let middle = x * x
        let y = (middle * 3).sum()
        let found = y.gradients(withRespectTo: [middle, x, constant, x, unrelated])
        #expect(found[0]?.scalars == [3, 3])
        #expect(found[1]?.scalars == [6, 12])
        #expect(found[2] == nil)
        #expect(found[3]?.scalars == [6, 12])
        #expect(found[4] == nil)
        // Leaves' accumulated gradients are left alone.
        #expect(x.grad == nil)
    }

    @Test("a node of an earlier graph is not taken for a target of a later one")
    func staleMarks() {
        let x = Tensor([1.0, 2.0], dtype: .float64, requiresGrad: true)
        let other = Tensor([3.0], dtype: .float64, requiresGrad: true)
        let first = (other * 2).sum()
        _ = first.gradients(withRespectTo: [other])
        // `other` keeps its mark from the first traversal (the third node found there); the second
        // traversal also finds three nodes, its third being `x`, so `other` must come back nil.
        let second = (x * x).sum()
        let found = second.gradients(withRespectTo: [other, x])
        #expect(found[0] == nil)
        #expect(found[1]?.scalars == [2, 4])
    }
}
