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
/// the result carries no node). Computations of one and two inputs refine it, so that the eager
/// path, which runs in every unrecorded backward of relu, abs, max or where, builds no array.
protocol ValueComputation {
    /// The recorded operation's name.
    var name: String { get }
    /// The value, from the inputs' elements (the recorded operation's forward).
    func compute(_ inputs: [Tensor]) -> Tensor
}

/// A ``ValueComputation`` of one tensor.
protocol UnaryValueComputation: ValueComputation {
    /// The value, from the elements of `x`.
    func compute(_ x: Tensor) -> Tensor
}

/// A ``ValueComputation`` of two tensors.
protocol BinaryValueComputation: ValueComputation {
    /// The value, from the elements of `a` and `b`.
    func compute(_ a: Tensor, _ b: Tensor) -> Tensor
}

extension GradientMode {
    /// Whether value-dependent tensors are recorded now: a ``RecordedFunction`` traces, with
    /// recording on (one task-local read).
    static var recordsValueDependence: Bool {
        let settings = currentSettings()
        return settings.isTracing && settings.isRecording
    }
}

extension UnaryValueComputation {
    func compute(_ inputs: [Tensor]) -> Tensor { compute(inputs[0]) }

    /// The value for `x`: a tensor that requires no gradient, recorded as an operation that passes
    /// none while a ``RecordedFunction`` traces the graph of `x`.
    ///
    /// `recording` is false where the caller knows nothing is being recorded (a derivative rule in a
    /// pass without `createGraph`): then not even the task-local settings are read.
    func evaluated(on x: Tensor, recording: Bool = true) -> Tensor {
        guard recording, x.node != nil, GradientMode.recordsValueDependence else { return compute(x).cutFromGraph() }
        return ValueDependentFunction(computation: self).applied(to: [x])
    }
}

extension BinaryValueComputation {
    func compute(_ inputs: [Tensor]) -> Tensor { compute(inputs[0], inputs[1]) }

    /// The value for `a` and `b` (see ``UnaryValueComputation/evaluated(on:recording:)``).
    func evaluated(on a: Tensor, _ b: Tensor, recording: Bool = true) -> Tensor {
        guard recording, a.node != nil || b.node != nil, GradientMode.recordsValueDependence else {
            return compute(a, b).cutFromGraph()
        }
        return ValueDependentFunction(computation: self).applied(to: a, b)
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
struct StopGradient: UnaryValueComputation {
    var name: String { "StopGradient" }
    func compute(_ x: Tensor) -> Tensor { x }
}

/// `K(a, b)` elementwise with broadcasting: a comparison's mask, or how max and min share a
/// gradient between their operands.
struct BinaryValue<K: BinaryKernel>: BinaryValueComputation {
    let name: String
    let location: CallerLocation
    func compute(_ a: Tensor, _ b: Tensor) -> Tensor { broadcastBinary(K.self, name, a, b, at: location) }
}

/// `K(x)` elementwise: the sign that scales |x|'s gradient.
struct UnaryValue<K: UnaryKernel>: UnaryValueComputation {
    let name: String
    func compute(_ x: Tensor) -> Tensor { x.applyingUnaryKernel(K.self) }
}

extension Tensor {
    /// These values with no gradient, recorded as a stop while a trace records (see
    /// ``UnaryValueComputation/evaluated(on:recording:)``).
    func stoppingGradient(recording: Bool = true) -> Tensor {
        StopGradient().evaluated(on: self, recording: recording)
    }
}
