// Values computed from other tensors' values that carry no gradient: a comparison's mask, an
// argmax, a sign or the shares of a tie inside a derivative rule, a `detached()` copy.
//
// Eagerly each is a plain tensor that requires no gradient. But a `RecordedFunction` compiles one
// traced run into steps, and a tensor without a node is folded into the program as a constant with
// the value it had then: `Tensor.where(x .> 0, ...)` would keep the traced signs on every replay,
// silently. So while a trace records (and an input carries a graph), such a value is recorded as an
// operation of its own that passes no gradient, and replays compute it again from their inputs.
// Outside a trace nothing is recorded and nothing changes.

/// How to compute one kind of value-dependent tensor from its inputs' values (raw kernels only:
/// the result carries no node).
protocol ValueComputation {
    /// The recorded operation's name.
    var name: String { get }
    /// The value, from the inputs' elements.
    func compute(_ inputs: [Tensor]) -> Tensor
}

extension ValueComputation {
    /// The value for `inputs`: a tensor that requires no gradient, recorded as an operation that
    /// passes none while a ``RecordedFunction`` traces an input's graph.
    ///
    /// `recording` is false where the caller knows nothing is being recorded (a derivative rule in a
    /// pass without `createGraph`): then not even the task-local settings are read.
    func evaluated(on inputs: [Tensor], recording: Bool = true) -> Tensor {
        if recording && Tensor.anyRequiresGrad(inputs) {
            let settings = GradientMode.currentSettings()
            if settings.isTracing && settings.isRecording {
                return ValueDependentFunction(computation: self).applied(to: inputs)
            }
        }
        return compute(inputs).cutFromGraph()
    }
}

/// A ``ValueComputation`` recorded as an operation: forward computes it, and no gradient or
/// tangent passes through it. Not differentiable, so not in `TensorPrimitiveCatalog`.
struct ValueDependentFunction<Computation: ValueComputation>: TensorPrimitive {
    let computation: Computation
    var name: String { computation.name }

    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (computation.compute(inputs).cutFromGraph(), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [Tensor?](repeating: nil, count: context.inputs.count)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? { nil }
}

/// A function whose node passes no gradient to its inputs (see `AutogradNode.passesGradient`).
protocol GradientBlocking {}
extension ValueDependentFunction: GradientBlocking {}

// MARK: - The computations

/// The same values, cut from the graph (`detached()`).
struct StopGradient: ValueComputation {
    var name: String { "StopGradient" }
    func compute(_ inputs: [Tensor]) -> Tensor { inputs[0] }
}

/// `K(a, b)` elementwise with broadcasting: a comparison's mask, or how max and min share a
/// gradient between their operands.
struct BinaryValue<K: BinaryKernel>: ValueComputation {
    let name: String
    let location: CallerLocation
    func compute(_ inputs: [Tensor]) -> Tensor { broadcastBinary(K.self, name, inputs[0], inputs[1], at: location) }
}

/// `K(x)` elementwise: the sign that scales |x|'s gradient.
struct UnaryValue<K: UnaryKernel>: ValueComputation {
    let name: String
    func compute(_ inputs: [Tensor]) -> Tensor { inputs[0].applyingUnaryKernel(K.self) }
}

extension Tensor {
    /// These values with no gradient, recorded as a stop while a trace records (see
    /// ``ValueComputation/evaluated(on:recording:)``).
    func stoppingGradient(recording: Bool = true) -> Tensor {
        node == nil ? self : StopGradient().evaluated(on: [self], recording: recording)
    }
}
