import Testing
import Autograd

/// Values computed from the traced values (comparison masks, `detached()` copies, argmax indices,
/// and the signs and tie shares inside derivative rules) are recomputed by every replay, not
/// frozen at their traced values: each replay here is taken at inputs whose signs, order or ties
/// differ from the traced ones, and compared with eager evaluation there.
@Suite("Replays recompute value-dependent tensors")
struct ValueDependentReplayTests {
    static var traced: Tensor { Tensor([1, -2, 3], dtype: .float64) }
    static var fresh: Tensor { Tensor([-1, 2, -4], dtype: .float64) }

    /// A replay's value and gradient at `fresh` against eager evaluation of `f` there.
    private func expectReplayMatchesEager(
        _ f: @escaping (Tensor) -> Tensor, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var recorded = RecordedFunction(at: Self.traced, of: f)
        let replay = recorded.valueWithGradient(at: Self.fresh)
        let eager = valueWithGradient(at: Self.fresh, of: f)
        #expect(replay.value.scalars == eager.value.scalars, sourceLocation: sourceLocation)
        #expect(replay.gradient.scalars == eager.gradient.scalars, sourceLocation: sourceLocation)
    }

    /// A replay's value (a derivative traced inside `f`) at `fresh` against eager evaluation.
    private func expectReplayedValueMatchesEager(
        _ f: @escaping (Tensor) -> Tensor, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var recorded = RecordedFunction(at: Self.traced, of: f)
        #expect(recorded.value(at: [Self.fresh]).scalars == f(Self.fresh).scalars, sourceLocation: sourceLocation)
    }

    @Test("Tensor.where on a comparison chooses by the replayed values")
    func whereMask() {
        var recorded = RecordedFunction(at: Self.traced) { x in Tensor.where(x .> 0, x * x, -x).sum() }
        let replay = recorded.valueWithGradient(at: Self.fresh)
        // x = [-1, 2, -4]: 1 + 4 + 4, and the gradient −1, 2x = 4, −1.
        #expect(replay.value.item() == 9)
        #expect(replay.gradient.scalars == [-1, 4, -1])
        expectReplayMatchesEager { x in Tensor.where(x .<= 0.5, exp(x), x * 3).sum() }
        expectReplayMatchesEager { x in (x * (x .!= 2)).sum() }
    }

    @Test("detached() copies and argmax take the replayed values")
    func detachedAndArgmax() {
        expectReplayMatchesEager { x in (x - x.detached().max()).sum() }
        expectReplayMatchesEager { x in (x * x.argmax()).sum() }
        expectReplayMatchesEager { x in (x * x * (x .== x.detached().min())).sum() }
    }

    @Test("gather with indices computed from the traced inputs stops, naming the line")
    func gatherWithTracedIndicesStops() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RecordedFunction(at: Tensor([1, -2, 3], dtype: .float64)) { x in x.gather(axis: 0, indices: x.argmax(keepDims: true)).sum() }
        }
        expectStandardError(result, contains: ["gather", "would replay at their traced values", "ValueDependentReplayTests.swift:\(line)"])
    }

    @Test("a traced gradient replays with the replayed signs and tie shares")
    func tracedDerivativeRules() {
        // Eager at [-1, 2, -4]: 2|x| = [2, 4, 8].
        var absGradient = RecordedFunction(at: Self.traced) { x in gradient(at: x) { (abs($0) * $0).sum() } }
        #expect(absGradient.value(at: [Self.fresh]).scalars == [2, 4, 8])
        expectReplayedValueMatchesEager { x in gradient(at: x) { (maximum($0, 0) * $0).sum() } }
        expectReplayedValueMatchesEager { x in gradient(at: x) { (minimum($0, 0.5) * $0).sum() } }
        expectReplayedValueMatchesEager { x in gradient(at: x) { $0.max() * $0.sum() } }
        expectReplayedValueMatchesEager { x in gradient(at: x) { $0.min() * $0.sum() } }
        expectReplayedValueMatchesEager { x in gradient(at: x) { (relu($0) * $0).sum() } }
        expectReplayedValueMatchesEager { x in gradient(at: x) { Tensor.where($0 .> 0, $0 * $0, 0).sum() } }
        expectReplayedValueMatchesEager { x in gradient(at: x) { pow(abs($0) + 1, $0).sum() } }
    }

    @Test("a transform taken at a detached() point inside a trace follows the replayed values")
    func transformsAtDetachedPoints() {
        expectReplayedValueMatchesEager { x in x * gradient(at: x.detached()) { ($0 * $0 * $0).sum() } }
        expectReplayedValueMatchesEager { x in jvp(at: x.detached(), tangent: x.onesLike()) { $0 * $0 }.tangent }
    }

    @Test("a traced Hessian-vector product replays with the replayed signs")
    func tracedHessianVectorProduct() {
        let v = Tensor([1, 1, 1], dtype: .float64)
        // H of Σ|x|·x² is diag(6|x|): at [-1, 2, -4], H·1 = [6, 12, 24].
        var recorded = RecordedFunction(at: Self.traced) { x in hessianVectorProduct(at: x, v) { (abs($0) * $0 * $0).sum() } }
        #expect(recorded.value(at: [Self.fresh]).scalars == [6, 12, 24])
    }

    @Test("outside a trace, masks and detached copies record nothing")
    func eagerIsUnchanged() {
        let x = Tensor([1, -2, 3], dtype: .float64, requiresGrad: true)
        for value in [x .> 0, x.detached(), x.argmax(), x .== x] {
            #expect(!value.requiresGrad)
            #expect(value.gradFunctionName == nil)
        }
    }

    @Test("inside a trace, a mask is recorded but requires no gradient")
    func tracedMaskRequiresNoGradient() {
        var seen: [(requiresGrad: Bool, name: String?)] = []
        _ = RecordedFunction(at: Self.traced) { x in
            let mask = x .> 0
            seen.append((mask.requiresGrad, mask.gradFunctionName))
            let stopped = x.detached()
            seen.append((stopped.requiresGrad, stopped.gradFunctionName))
            return (mask * x + stopped).sum()
        }
        #expect(seen.map(\.requiresGrad) == [false, false])
        #expect(seen.map(\.name) == [".>", "StopGradient"])
    }
}
