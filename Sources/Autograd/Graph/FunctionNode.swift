/// The node of one application of a ``DifferentiableFunction``.
///
/// The steps that touch the function's own types (what forward saved, the context a rule sees) run
/// in `rules`, a closure formed in `applied(to:file:line:)` where the function's type is concrete:
/// the compiler specialises it there, so it captures nothing and runs without runtime type lookups.
/// The class's own methods are generic code reached through its vtable, which looks up
/// `Optional<Saved>` or `FunctionContext<Saved>` at run time on every touch (about 300 instructions
/// each), so they only forward to `rules`; the node stores nothing whose layout depends on `Saved`.
final class FunctionNode<Function: DifferentiableFunction>: AutogradNode {
    override var name: String { function.name }

    /// The output's elements (values only: the output tensor itself is never held).
    let outputStorage: TensorData
    /// What forward saved, boxed; nil when `Saved` has no size (`Void`, the usual case: nothing to
    /// keep or free) and after release.
    private var savedBox: SavedBox<Function.Saved>?
    /// The function-specific steps, compiled for `Function` (see the type's comment).
    private let rules: (FunctionNode, RuleCall) -> RuleResult
    let function: Function

    /// The output's shape.
    var outputShape: [Int] { shape }

    /// What forward saved, nil after release.
    var saved: Function.Saved? {
        guard !isReleased else { return nil }
        return savedValue
    }

    /// What forward saved (the node must not be released). A `Saved` of no size has a single value,
    /// so it is made from nothing rather than stored.
    private var savedValue: Function.Saved {
        savedBox?.value ?? unsafeBitCast((), to: Function.Saved.self)
    }

    /// A node for `function`'s application; `rules` must be `{ $0.run($1) }`, written where
    /// `Function` is concrete.
    init(
        function: Function, saved: Function.Saved, inputs: [Tensor], output: Tensor,
        rules: @escaping (FunctionNode, RuleCall) -> RuleResult
    ) {
        outputStorage = output.storage
        savedBox = MemoryLayout<Function.Saved>.size == 0 ? nil : SavedBox(saved)
        self.rules = rules
        self.function = function
        super.init(operationWith: inputs, shape: output.shape, dtype: output.dtype)
    }

    /// Records where the operation was created (under anomaly detection only): the location the
    /// public method kept in the function, else the caller of `applied(to:file:line:)` when that is
    /// user code rather than the library's own method.
    func recordCreationSite(file: StaticString, line: UInt) {
        let site = (function as? any LocatedFunction).map(\.location) ?? CallerLocation.userCall(file: file, line: line)
        creationRecord = CreationRecord(site: site == .operatorCall ? nil : site)
    }

    override func propagate(_ gradient: Tensor, recording: Bool) -> PropagatedGradients {
        guard case .gradients(let gradients) = rules(self, .backward(gradient, recording: recording)) else {
            fatalError("unreachable: a backward call returns gradients")
        }
        return gradients
    }

    override func propagateTangent(_ inputTangents: [Tensor?], recording: Bool) -> Tensor? {
        guard case .tangent(let tangent) = rules(self, .tangent(inputTangents, recording: recording)) else {
            fatalError("unreachable: a tangent call returns a tangent")
        }
        return tangent
    }

    // Asked through `rules`, where `Function` is concrete and the answers are constants: here, in
    // the class's generic code, `function is any TensorPrimitive` is a runtime conformance lookup,
    // about 10,000 instructions when the answer is no (measured on T4's Hessian-vector product).
    override var hasExplicitTangent: Bool { traits.hasExplicitTangent }

    override var passesGradient: Bool { traits.passesGradient }

    /// What the function's type says about its node (see above).
    private var traits: NodeTraits {
        guard case .traits(let traits) = rules(self, .traits) else { fatalError("unreachable: a traits call returns traits") }
        return traits
    }

    override func release() {
        savedBox = nil
        super.release()
    }

    /// Runs one rule; called only through `rules`, so that it is compiled for a concrete `Function`
    /// (kept out of line: one copy per function type, not one per call site).
    @inline(never)
    func run(_ call: RuleCall) -> RuleResult {
        switch call {
        case .backward(let gradient, let recording):
            let gradients = function.backward(gradient, context: backwardContext(recording: recording))
            // A user's rule is checked (the built-in primitives' are tested; the test folds away in
            // each specialised copy): one gradient per input, each of its input's shape, since a
            // wrong one would otherwise be dropped, or accumulate into a gradient of the wrong shape.
            if !(Function.self is any TensorPrimitive.Type) { checkGradients(gradients) }
            return .gradients(.each(gradients))
        case .traits:
            return .traits(NodeTraits(
                hasExplicitTangent: function is any TensorPrimitive, passesGradient: !(function is any GradientBlocking)))
        case .tangent(let inputTangents, let recording):
            let context = context(recording: recording, needsGradient: inputTangents.map { $0 != nil }, forwardMode: true)
            guard let tangent = function.tangent(inputTangents, context: context) else { return .tangent(nil) }
            require(
                tangent.shape == shape,
                "the tangent rule of '\(name)' returned shape \(tangent.shape) for an output of shape \(shape)")
            return .tangent(tangent.converted(to: dtype))
        }
    }

    /// Stops when a user-defined backward rule returned the wrong number of gradients or a gradient
    /// of the wrong shape, naming the function, the input and both shapes.
    private func checkGradients(_ gradients: [Tensor?]) {
        require(
            gradients.count == inputs.count,
            "the backward rule of '\(name)' returned \(gradients.count) gradients for its \(inputs.count) inputs (nil for an input that takes none)")
        for (index, gradient) in gradients.enumerated() {
            guard let gradient else { continue }
            require(
                gradient.shape == inputs[index].shape,
                "the backward rule of '\(name)' returned shape \(gradient.shape) for input \(index), of shape \(inputs[index].shape)")
        }
    }

    /// The context of a backward rule (see `context(recording:needsGradient:forwardMode:)`).
    func backwardContext(recording: Bool) -> FunctionContext<Function.Saved> {
        context(recording: recording, needsGradient: GradientFlags.of(inputs), forwardMode: false)
    }

    /// What a rule sees: the inputs with their graph and the output with this node as its origin
    /// when the rule is being recorded, plain values otherwise.
    private func context(recording: Bool, needsGradient: [Bool], forwardMode: Bool) -> FunctionContext<Function.Saved> {
        guard !isReleased else {
            let pass = forwardMode
                ? "forward mode through the graph of '\(name)' after backward"
                : "backward through the graph of '\(name)' a second time"
            fatalError("\(pass): its saved values were freed; pass retainGraph: true to the first backward")
        }
        // A backward pass that is not recorded runs with recording off throughout, so its rules may
        // see the inputs as they are; forward mode may run with recording on, so there they are cut.
        let inputs = recording || !forwardMode ? self.inputs : Tensor.detached(self.inputs)
        // The output is handed to the rule with this node as its origin (when recording), so a
        // rule that uses it (tanh, exp) differentiates correctly; the node never stores it.
        let output = Tensor(storage: outputStorage, shape: shape, node: recording ? self : nil)
        return FunctionContext(inputs: inputs, output: output, saved: savedValue, needsGradient: needsGradient)
    }
}

/// A request to a ``FunctionNode``'s compiled rules.
enum RuleCall {
    /// Backward: the output's gradient.
    case backward(Tensor, recording: Bool)
    /// Forward mode: each input's tangent (nil for zero).
    case tangent([Tensor?], recording: Bool)
    /// What the function's type says about its node.
    case traits
}

/// Facts about a node that follow from its function's type.
struct NodeTraits {
    /// Whether the function has its own tangent rule.
    let hasExplicitTangent: Bool
    /// Whether gradients pass through the node to its inputs.
    let passesGradient: Bool
}

/// What a ``FunctionNode``'s compiled rules return.
enum RuleResult {
    /// One gradient per input.
    case gradients(PropagatedGradients)
    /// The output's tangent (nil for zero).
    case tangent(Tensor?)
    /// The answer to `RuleCall.traits`.
    case traits(NodeTraits)
}

/// What a function's forward saved, behind one reference (whose layout needs no type lookup).
final class SavedBox<Saved> {
    let value: Saved
    init(_ value: Saved) { self.value = value }
}
