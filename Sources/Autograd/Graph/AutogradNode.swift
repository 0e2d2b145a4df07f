/// One recorded tensor: a leaf's gradient accumulator, or the operation that computed a tensor with
/// the inputs it used.
///
/// Nodes point only at their inputs, never at the tensors they produce, so a graph is a DAG of
/// strong references with no cycles. Releasing a long chain is done iteratively in `deinit`, so a
/// million-operation graph is freed at the default stack size.
@usableFromInline
class AutogradNode {
    /// The operation's name, or "Leaf" (computed when asked: only printing, pictures and messages
    /// need it, and a function's default name comes from its type name, which is slow to format).
    var name: String { "Leaf" }
    /// Whether this is a leaf.
    let isLeaf: Bool
    /// A leaf's accumulated gradient.
    var gradient: Tensor?
    /// The tensors the operation read, with their own nodes (empty for a leaf, and after release).
    var inputs: [Tensor]
    /// The shape of the tensor this node stands for (for pictures and messages).
    let shape: [Int]
    /// The element type of the tensor this node stands for.
    let dtype: DType
    /// An optional name shown in pictures.
    var label: String?
    /// The functions ``Tensor/registerHook(file:line:_:)`` added, in order.
    ///
    /// A hook that captures a tensor holding this node makes a cycle: an operation's hooks are dropped
    /// when backward releases it, a leaf's stay as long as the leaf.
    var hooks: [GradientHook] = []
    /// Where the operation was created, recorded only under anomaly detection (see
    /// ``withAnomalyDetection(onAnomaly:_:)``); boxed, so that a node pays one word for it.
    var creationRecord: CreationRecord?

    /// Where the operation was created, nil when unknown.
    var creationSite: CallerLocation? { creationRecord?.site }

    /// How a missing creation site is described in an anomaly report.
    var missingSiteReason: String {
        creationRecord == nil
            ? "an operation recorded outside withAnomalyDetection"
            : "an operator expression or a function that takes no caller location"
    }

    /// A leaf.
    init(leafOfShape shape: [Int], dtype: DType) {
        isLeaf = true
        inputs = []
        self.shape = shape
        self.dtype = dtype
    }

    /// An operation node.
    init(operationWith inputs: [Tensor], shape: [Int], dtype: DType) {
        isLeaf = false
        self.inputs = inputs
        self.shape = shape
        self.dtype = dtype
    }

    /// Whether backward has already run through this node and freed what it saved.
    var isReleased = false
    /// Scratch for one graph traversal (`Tensor.graphOrder(from:)`): this node's index in the
    /// traversal's list of discovered nodes, valid only when that list holds this node there.
    var traversalMark = 0

    /// The gradient of each input given the output's gradient (overridden per function).
    func propagate(_ gradient: Tensor, recording: Bool) -> [Tensor?] {
        preconditionFailure("a leaf has no inputs to propagate to")
    }

    /// The output's tangent given each input's tangent, nil for zero (overridden per function).
    func propagateTangent(_ inputTangents: [Tensor?], recording: Bool) -> Tensor? {
        preconditionFailure("a leaf has no inputs to take a tangent from")
    }

    /// Whether the operation has its own tangent rule (false for a leaf, and for a user-defined
    /// function that relies on the double-vjp default).
    var hasExplicitTangent: Bool { false }

    /// Frees what backward needed, keeping the node's identity (a graph is freed after backward).
    func release() {
        isReleased = true
        inputs = []
        hooks = []
    }

    deinit {
        // Take the inputs' nodes and free them one by one: a node whose last reference is ours gives
        // up its own inputs before it goes, so no release ever recurses down a chain.
        // After backward released the node (the usual case) there is nothing to take.
        guard !inputs.isEmpty else { return }
        var pending: [AutogradNode] = inputs.compactMap { $0.node }
        inputs = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs.compactMap(\.node))
                node.inputs = []
            }
        }
    }
}

/// The node of one application of a ``DifferentiableFunction``.
final class FunctionNode<Function: DifferentiableFunction>: AutogradNode {
    override var name: String { function.name }

    let function: Function
    var saved: Function.Saved?
    /// The output's elements and shape (values only: the output tensor itself is never held).
    let outputStorage: TensorData
    let outputShape: [Int]

    init(function: Function, saved: Function.Saved, inputs: [Tensor], output: Tensor) {
        self.function = function
        self.saved = saved
        outputStorage = output.storage
        outputShape = output.shape
        super.init(operationWith: inputs, shape: output.shape, dtype: output.dtype)
    }

    /// Records where the operation was created (under anomaly detection only): the location the
    /// public method kept in the function, else the caller of `applied(to:file:line:)` when that is
    /// user code rather than the library's own method.
    func recordCreationSite(file: StaticString, line: UInt) {
        let site = (function as? any LocatedFunction).map(\.location) ?? CallerLocation.userCall(file: file, line: line)
        creationRecord = CreationRecord(site: site == .operatorCall ? nil : site)
    }

    override func propagate(_ gradient: Tensor, recording: Bool) -> [Tensor?] {
        function.backward(gradient, context: context(recording: recording, needsGradient: GradientFlags.of(inputs), forwardMode: false))
    }

    override func propagateTangent(_ inputTangents: [Tensor?], recording: Bool) -> Tensor? {
        let context = context(recording: recording, needsGradient: inputTangents.map { $0 != nil }, forwardMode: true)
        guard let tangent = function.tangent(inputTangents, context: context) else { return nil }
        precondition(
            tangent.shape == outputShape,
            "the tangent rule of '\(name)' returned shape \(tangent.shape) for an output of shape \(outputShape)")
        return tangent.converted(to: dtype)
    }

    override var hasExplicitTangent: Bool { function is any TensorPrimitive }

    /// What a rule sees: the inputs with their graph and the output with this node as its origin
    /// when the rule is being recorded, plain values otherwise.
    private func context(recording: Bool, needsGradient: [Bool], forwardMode: Bool) -> FunctionContext<Function.Saved> {
        guard let saved, !isReleased else {
            let pass = forwardMode
                ? "forward mode through the graph of '\(name)' after backward"
                : "backward through the graph of '\(name)' a second time"
            preconditionFailure("\(pass): its saved values were freed; pass retainGraph: true to the first backward")
        }
        // A backward pass that is not recorded runs with recording off throughout, so its rules may
        // see the inputs as they are; forward mode may run with recording on, so there they are cut.
        let inputs = recording || !forwardMode ? self.inputs : Tensor.detached(self.inputs)
        // The output is handed to the rule with this node as its origin (when recording), so a
        // rule that uses it (tanh, exp) differentiates correctly; the node never stores it.
        let output = Tensor(storage: outputStorage, shape: outputShape, node: recording ? self : nil)
        return FunctionContext(inputs: inputs, output: output, saved: saved, needsGradient: needsGradient)
    }

    override func release() {
        saved = nil
        super.release()
    }
}

/// Where an operation was created, as anomaly detection recorded it (nil: a call with no location).
final class CreationRecord {
    let site: CallerLocation?
    init(site: CallerLocation?) { self.site = site }
}

/// Which inputs need a gradient, as the shared arrays of the usual one- and two-input cases (a
/// backward step then allocates nothing for them).
enum GradientFlags {
    private static let one: [[Bool]] = [[false], [true]]
    private static let two: [[Bool]] = [[false, false], [false, true], [true, false], [true, true]]

    /// Whether each of `inputs` requires a gradient.
    static func of(_ inputs: [Tensor]) -> [Bool] {
        switch inputs.count {
        case 1: one[inputs[0].node == nil ? 0 : 1]
        case 2: two[(inputs[0].node == nil ? 0 : 2) + (inputs[1].node == nil ? 0 : 1)]
        default: inputs.map { $0.node != nil }
        }
    }
}
