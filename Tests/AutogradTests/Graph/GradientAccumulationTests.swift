import Testing
@testable import Autograd

/// The gradients that reach one node from several consumers are summed in place by an unrecorded
/// backward pass (`Tensor.accumulate`): the sums must equal the out-of-place ones bit for bit, and
/// no tensor the user or the graph still holds may change.
@Suite("Backward: gradients summed in place")
struct GradientAccumulationTests {
    @Test("a seed that reaches one node twice is summed into a copy; the caller's seed is unchanged")
    func seedSharedByTwoPaths() {
        let x = Tensor([1, 2, 3], dtype: .float64, requiresGrad: true)
        let seed = Tensor([0.5, -1, 2], dtype: .float64)
        // Add's rule hands the incoming gradient (the seed itself) to both of its inputs.
        (x + x).backward(seed)
        #expect(x.grad?.scalars == [1, -2, 4])
        #expect(seed.scalars == [0.5, -1, 2])
    }

    @Test("a gradient a hook returned and kept is not changed by a later sum into the same node", arguments: [false, true])
    func hookKeepsItsGradient(hookedBranchFirst: Bool) {
        let x = Tensor([1, 2], dtype: .float64, requiresGrad: true)
        let shared = x * 1
        // Add hands its gradient on unchanged, so the tensor the hook returns is what reaches
        // `shared` from this branch, while the hook's caller still holds it.
        let passThrough = shared + Tensor([0, 0], dtype: .float64)
        nonisolated(unsafe) var kept: [Tensor] = []
        _ = passThrough.registerHook { gradient in
            let replaced = gradient * 10
            kept.append(replaced)
            return replaced
        }
        // Both orders of the two branches, so that the kept tensor is once the sum's first term.
        let loss = hookedBranchFirst ? (passThrough + shared * 5).sum() : (shared * 5 + passThrough).sum()
        loss.backward()
        #expect(x.grad?.scalars == [15, 15])
        #expect(kept.map(\.scalars) == [[10, 10]])
    }

    @Test("in-place sums have the out-of-place bits, float32 and float64", arguments: [DType.float32, .float64])
    func sameBitsAsAddition(dtype: DType) {
        // Three branches whose sums round. A recorded pass (createGraph) still adds out of place,
        // in the same order, so its gradient is the reference for the unrecorded pass's bits.
        let x = Tensor([0.1, 1e-8, 3.3333333, -7.77], dtype: dtype, requiresGrad: true)
        let a = Tensor([0.7, 1.3, 1e-3, 2.9], dtype: dtype)
        let b = Tensor([1e7, 0.3, 0.9, -4.1], dtype: dtype)
        let c = Tensor([3.1, 1e-9, 7.0, 0.01], dtype: dtype)
        let loss = (x * a + x * b + x * c).sum()
        let inPlace = loss.gradients(withRespectTo: [x], retainGraph: true)[0]!
        let outOfPlace = loss.gradients(withRespectTo: [x], createGraph: true)[0]!
        #expect(inPlace.scalars == outOfPlace.scalars)
        #expect(inPlace.dtype == dtype)
        // And both are the three factors' sum in some order: within an ulp of the exact sum.
        for (got, exact) in zip(inPlace.scalars, zip(a.scalars, zip(b.scalars, c.scalars)).map { $0 + $1.0 + $1.1 }) {
            #expect(abs(got - exact) <= 1e-6 * abs(exact))
        }
    }
}
