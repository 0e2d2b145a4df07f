// Gather and scatter-add by flat offsets: each is the other's backward, so double backward works;
// both are linear, so each one's tangent rule is itself.
// The offsets come from `torch.gather`-style indices, checked and resolved by the public methods.

/// `x[offsets[i]]` for every `i`, laid out in `shape`.
struct GatherFunction: SingleInputPrimitive {
    let offsets: [Int]
    let shape: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (Tensor(storage: inputs[0].storage.gathered(offsets: offsets), shape: shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        ScatterAddFunction(offsets: offsets, shape: context.inputs[0].shape).applied(to: gradient)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { GatherFunction(offsets: offsets, shape: shape).applied(to: $0) }
    }
}

/// Zeros of `shape` with each `values[i]` added at `offsets[i]` (repeated offsets add up).
struct ScatterAddFunction: SingleInputPrimitive {
    let offsets: [Int]
    let shape: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (Tensor(storage: inputs[0].storage.scatterAdded(offsets: offsets, count: Shape.count(shape)), shape: shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        GatherFunction(offsets: offsets, shape: context.inputs[0].shape).applied(to: gradient)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { ScatterAddFunction(offsets: offsets, shape: shape).applied(to: $0) }
    }
}
