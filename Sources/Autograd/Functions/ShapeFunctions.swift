// Primitives that move elements without computing: reshape and broadcast-to, and the reduction
// they pair with in backward. Each is linear, so its tangent rule is the operation itself.

/// The same elements in another shape with the same count.
struct ReshapeFunction: SingleInputPrimitive {
    let shape: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (Tensor(storage: inputs[0].storage, shape: shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.reshaped(to: context.inputs[0].shape)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { ReshapeFunction(shape: shape).applied(to: $0) }
    }
}

enum SecondKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { b }
}

/// The input repeated along broadcast axes to `shape` (NumPy's broadcast_to, materialised).
struct ExpandFunction: SingleInputPrimitive {
    let shape: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        let zero = TensorData(repeating: 0, count: 1, dtype: x.dtype)
        return (Tensor(storage: TensorData.binary(SecondKernel.self, zero, [], x.storage, x.shape, into: shape), shape: shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.summed(toShape: context.inputs[0].shape)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { ExpandFunction(shape: shape).applied(to: $0) }
    }
}

/// The sum over some axes, keeping them as size 1 or dropping them.
struct SumFunction: SingleInputPrimitive {
    let axes: [Int]
    let keepDims: Bool
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        let shape = Shape.reduced(x.shape, axes: axes, keepDims: keepDims)
        return (Tensor(storage: x.storage.summed(shape: x.shape, axes: axes), shape: shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        let input = context.inputs[0].shape
        let kept = Shape.reduced(input, axes: axes, keepDims: true)
        return gradient.reshaped(to: kept).expanded(to: input)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { SumFunction(axes: axes, keepDims: keepDims).applied(to: $0) }
    }
}
