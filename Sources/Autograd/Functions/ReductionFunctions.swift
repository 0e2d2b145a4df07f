// The reductions beyond sum: max and min (the gradient shared evenly among ties) and the stable
// exponential family (log-sum-exp, softmax, log-softmax). Backward and tangent rules use tensor
// operations only, so second derivatives work; softmax's rules use its own output, and the others
// use softmax.

/// The maximum over some axes, keeping them as size 1 or dropping them.
struct MaxFunction: SingleInputPrimitive {
    let axes: [Int]
    let keepDims: Bool
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (extremum(ExtremumKernels.Largest.self, of: inputs[0], axes: axes, keepDims: keepDims), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        extremumGradient(gradient, input: context.inputs[0], output: context.output, axes: axes, recording: context.isRecorded)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { extremumTangent($0, input: context.inputs[0], output: context.output, axes: axes, keepDims: keepDims) }
    }
}

/// The minimum over some axes, keeping them as size 1 or dropping them.
struct MinFunction: SingleInputPrimitive {
    let axes: [Int]
    let keepDims: Bool
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (extremum(ExtremumKernels.Smallest.self, of: inputs[0], axes: axes, keepDims: keepDims), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        extremumGradient(gradient, input: context.inputs[0], output: context.output, axes: axes, recording: context.isRecorded)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { extremumTangent($0, input: context.inputs[0], output: context.output, axes: axes, keepDims: keepDims) }
    }
}

/// The extremum's values, in the reduced shape.
private func extremum<K: ExtremumKernel>(_ kernel: K.Type, of x: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
    Tensor(storage: x.storage.extremum(kernel, shape: x.shape, axes: axes), shape: Shape.reduced(x.shape, axes: axes, keepDims: keepDims))
}

/// The output's gradient sent to the elements that attain the extremum, split evenly among ties.
///
/// Which elements tie is a property of the values, not a differentiable quantity: the shares are a
/// constant, so the rule is linear in `gradient` and the second derivative of max itself is 0.
private func extremumGradient(_ gradient: Tensor, input: Tensor, output: Tensor, axes: [Int], recording: Bool) -> Tensor {
    let kept = Shape.reduced(input.shape, axes: axes, keepDims: true)
    return gradient.reshaped(to: kept) * extremumShares(input: input, output: output, axes: axes, recording: recording)
}

/// The tangent of an extremum: the input's tangent at the elements that attain it, averaged over
/// ties (mask · t / tie count), so it matches the gradient's even split.
private func extremumTangent(_ tangent: Tensor, input: Tensor, output: Tensor, axes: [Int], keepDims: Bool) -> Tensor {
    // A zero share gives exactly 0, even beside an infinite tangent at an element that lost.
    let weighted = extremumShares(input: input, output: output, axes: axes, recording: true).multipliedNoNaN(by: tangent)
    return SumFunction(axes: axes, keepDims: keepDims).applied(to: weighted)
}

/// Each input element's constant share of its extremum: 1 / (tie count) where it attains it, else 0.
private func extremumShares(input: Tensor, output: Tensor, axes: [Int], recording: Bool) -> Tensor {
    let ties = ExtremumTies(axes: axes).evaluated(on: input, output, recording: recording)
    return ties / SumFunction(axes: axes, keepDims: true).applied(to: ties)
}

/// 1 where an input element equals its extremum (the output, in the kept shape), else 0.
private struct ExtremumTies: BinaryValueComputation {
    let axes: [Int]
    var name: String { "ties" }
    func compute(_ input: Tensor, _ output: Tensor) -> Tensor {
        let kept = Shape.reduced(input.shape, axes: axes, keepDims: true)
        return Tensor(
            storage: TensorData.binary(ExtremumKernels.Ties.self, input.storage, input.shape, output.storage, kept, into: input.shape),
            shape: input.shape)
    }
}

/// log Σ e^x over some axes, computed after subtracting the maximum.
struct LogSumExpFunction: SingleInputPrimitive {
    let axes: [Int]
    let keepDims: Bool
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        return (Tensor(storage: x.storage.logSumExp(shape: x.shape, axes: axes), shape: Shape.reduced(x.shape, axes: axes, keepDims: keepDims)), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        // d/dx log Σ e^x = softmax(x).
        let x = context.inputs[0]
        let kept = Shape.reduced(x.shape, axes: axes, keepDims: true)
        return gradient.reshaped(to: kept) * SoftmaxFunction(axes: axes).applied(to: x)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // Σ softmax(x) ⊙ t over the axes.
        tangents[0].map { tangent in
            let softmax = SoftmaxFunction(axes: axes).applied(to: context.inputs[0])
            return SumFunction(axes: axes, keepDims: keepDims).applied(to: softmax * tangent)
        }
    }
}

/// e^x / Σ e^x over some axes (one, through the public API; several for log-sum-exp's gradient).
struct SoftmaxFunction: SingleInputPrimitive {
    let axes: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        return (Tensor(storage: x.storage.softmax(shape: x.shape, axes: axes), shape: x.shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        // The Jacobian diag(y) − y yᵀ applied to g: y ⊙ (g − Σ g ⊙ y).
        let y = context.output
        return y * (gradient - (gradient * y).sum(axes: axes, keepDims: true))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // The same symmetric Jacobian applied to t: y ⊙ (t − Σ t ⊙ y).
        let y = context.output
        return tangents[0].map { y * ($0 - ($0 * y).sum(axes: axes, keepDims: true)) }
    }
}

/// x − log Σ e^x over some axes, computed as (x − max) − log Σ e^(x − max) so large inputs keep
/// their precision.
struct LogSoftmaxFunction: SingleInputPrimitive {
    let axes: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        return (Tensor(storage: x.storage.logSoftmax(shape: x.shape, axes: axes), shape: x.shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        // g − softmax(x) · Σ g.
        let softmax = SoftmaxFunction(axes: axes).applied(to: context.inputs[0])
        return gradient - softmax * gradient.sum(axes: axes, keepDims: true)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // t − Σ softmax(x) ⊙ t.
        tangents[0].map { tangent in
            let softmax = SoftmaxFunction(axes: axes).applied(to: context.inputs[0])
            return tangent - (softmax * tangent).sum(axes: axes, keepDims: true)
        }
    }
}
