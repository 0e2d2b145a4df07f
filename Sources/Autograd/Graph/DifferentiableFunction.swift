/// A differentiable tensor operation: a forward computation with its backward and tangent rules,
/// side by side.
///
/// Every built-in tensor primitive is one of these, and so can yours be. `forward` computes the
/// output from the inputs' values and returns whatever backward will need (`Saved`, typed). `backward`
/// receives the gradient of the output and returns one gradient per input, or `nil` for an input that
/// takes none (an exponent that is a constant, an index). Write backward with tensor operations, not
/// raw loops: then `backward(createGraph: true)` records it, and gradients of gradients just work.
///
/// `tangent`, the rule forward mode (``jvp(at:tangents:of:file:line:)``) uses, is optional: without it a
/// function still works in forward mode, through a slower default that runs `backward` twice.
///
/// ```swift
/// struct Cube: DifferentiableFunction {
///     func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
///         (inputs[0] * inputs[0] * inputs[0], ())
///     }
///     func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
///         let x = context.inputs[0]
///         return [gradient * 3 * x * x]
///     }
///     func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
///         let x = context.inputs[0]
///         return tangents[0].map { $0 * 3 * x * x }
///     }
/// }
/// let y = Cube().applied(to: [x])
/// ```
///
/// Saved values should hold plain numbers or detached tensors; the inputs and output, with their
/// graph, come back through the ``FunctionContext``. Nothing saved ever refers to the node that
/// saves it, so recorded graphs have no reference cycles.
public protocol DifferentiableFunction {
    /// What `forward` keeps for `backward` (`Void` when the inputs and output suffice).
    associatedtype Saved = Void

    /// The name shown in graphs and printed tensors (`grad_fn=Add`).
    var name: String { get }

    /// Computes the output from the inputs' values (nothing is recorded here).
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Saved)

    /// Computes one gradient per input (nil where the input takes none) from the output's gradient.
    func backward(_ gradient: Tensor, context: FunctionContext<Saved>) -> [Tensor?]

    /// Computes the output's tangent J·t from each input's tangent (nil for a zero tangent), or nil
    /// when it is zero.
    ///
    /// The result has the output's shape and element type: where the function broadcasts, expand
    /// the inputs' tangents to the output's shape. Write it with tensor operations, as backward is
    /// written, so that forward mode composes with reverse mode in either order. A default that
    /// derives the rule from `backward` exists (slower: it runs backward twice; every built-in
    /// primitive writes its own).
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Saved>) -> Tensor?
}

extension DifferentiableFunction {
    /// The type's name without a `Function` suffix.
    public var name: String {
        let typeName = String(describing: Self.self)
        return typeName.hasSuffix("Function") ? String(typeName.dropLast("Function".count)) : typeName
    }

    /// Runs the function on `inputs`, recording it when gradients are enabled and an input needs one.
    ///
    /// `file` and `line` are where the operation was created, named by anomaly detection
    /// (``withAnomalyDetection(onAnomaly:_:)``); a method wrapping a function passes its own caller's.
    public func applied(to inputs: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        // Constants in (every operation a backward pass runs without createGraph): nothing to
        // record, so neither detached copies nor the task-local read are needed.
        guard Tensor.anyRequiresGrad(inputs) else { return Self.constant(forward(inputs).output) }
        // With recording off for the whole block, the forward pass records nothing either.
        let settings = GradientMode.currentSettings()
        guard settings.isRecording else { return Self.constant(forward(inputs).output) }
        return recorded(inputs, settings: settings, file: file, line: line)
    }

    // The library's own operations call these forms with one or two inputs. Whether anything is
    // recorded is decided before the input array is built, so an operation that records nothing
    // (every one a backward pass runs without createGraph) builds its array where only `forward`
    // reads it, and the compiler keeps it on the stack: a heap array's allocation, copy-in and
    // release were about 640 instructions, more than the rest of a small operation's bookkeeping.

    /// `applied(to: [x])` with the input array on the stack when nothing is recorded, whose recorded
    /// node runs `rules` (every one-input primitive is a ``SingleInputPrimitive``, which calls this
    /// with its own).
    @inline(__always)
    func applied(
        to x: Tensor, file: StaticString, line: UInt, rules: @escaping (FunctionNode<Self>, RuleCall) -> RuleResult
    ) -> Tensor {
        if x.node != nil {
            let settings = GradientMode.currentSettings()
            if settings.isRecording { return recorded([x], settings: settings, file: file, line: line, rules: rules) }
        }
        return Self.constant(forward([x]).output)
    }

    /// `applied(to: [a, b])`, with the input array on the stack when nothing is recorded.
    @inline(__always)
    func applied(to a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        if a.node != nil || b.node != nil {
            let settings = GradientMode.currentSettings()
            if settings.isRecording { return recorded([a, b], settings: settings, file: file, line: line) }
        }
        return Self.constant(forward([a, b]).output)
    }

    /// Runs forward and records its node: `settings` says recording is on and an input needs a
    /// gradient.
    private func recorded(
        _ inputs: [Tensor], settings: RecordingSettings, file: StaticString, line: UInt,
        rules: @escaping (FunctionNode<Self>, RuleCall) -> RuleResult = { $0.run($1) }
    ) -> Tensor {
        // A built-in primitive's forward reads only values (its kernels record nothing), so it
        // takes the inputs as they are; another function's forward may compose recorded
        // operations, which must see constants. The test folds away in each specialised copy.
        var (output, saved) = forward(Self.self is any TensorPrimitive.Type ? inputs : Tensor.detached(inputs))
        // The rules are a closure compiled with this function's concrete type (see `FunctionNode`).
        let node = FunctionNode(function: self, saved: saved, inputs: inputs, output: output, rules: rules)
        // Anomaly detection costs nothing more when off: it shares the task-local read above.
        // A value-dependent step recorded in a trace (a stop, a mask) creates no anomaly of its own.
        if let detector = settings.detector, !(self is any GradientBlocking) {
            node.recordCreationSite(file: file, line: line)
            detector.checkForward(node, output: output.storage)
        }
        // The output's elements and shape move into the result rather than being copied out of it:
        // a copy is two retains and two releases, on every recorded operation.
        output.node = node
        return output
    }

    /// `output` cut from any graph, its elements and shape moved rather than copied (see above).
    private static func constant(_ output: consuming Tensor) -> Tensor {
        output.node = nil
        return output
    }
}

/// What a ``DifferentiableFunction``'s backward and tangent rules see: the inputs and output
/// (carrying their graph when the pass is being recorded), what forward saved, and which inputs need
/// a gradient (for a tangent rule: which inputs have a tangent).
public struct FunctionContext<Saved> {
    /// The inputs, in order.
    public let inputs: [Tensor]
    /// The output forward produced.
    public let output: Tensor
    /// What forward saved.
    public let saved: Saved
    /// Whether each input needs a gradient (in a tangent rule: has a nonzero tangent); skip
    /// computing the others.
    public let needsGradient: [Bool]

    /// Whether the rule's own operations are being recorded (the output then carries the node):
    /// a rule may compute an unrecorded result by a faster route that records nothing.
    var isRecorded: Bool { output.node != nil }
}
