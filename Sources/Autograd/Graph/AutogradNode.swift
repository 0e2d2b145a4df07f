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
    // The stored properties are ordered so that the small ones share one word: with the subclass's
    // fields a unary operation's node then fits a 96-byte heap block rather than a 112-byte one.

    /// The tensors the operation read, with their own nodes (empty for a leaf, and after release).
    var inputs: [Tensor]
    /// The shape of the tensor this node stands for.
    let shape: [Int]
    /// What few nodes carry (a gradient, a label, hooks, a creation record), in one box made on first
    /// write: most nodes have none of it, and a 10,000,000-operation graph then pays one word a node.
    private var extras: NodeExtras?
    /// Scratch for one graph traversal (`Tensor.graphOrder(from:)`, `BackwardPlan`): this node's
    /// index in the traversal's list of discovered nodes, valid only when that list holds this node
    /// there.
    /// 32 bits: a graph of more than two billion nodes would not fit in memory anyway.
    private var storedTraversalMark: Int32 = 0
    /// Whether this is a leaf.
    let isLeaf: Bool
    /// The element type of the tensor this node stands for.
    let dtype: DType
    /// Whether backward has already run through this node and freed what it saved.
    var isReleased = false

    /// This node's mark from the last traversal (see `storedTraversalMark`).
    var traversalMark: Int {
        get { Int(storedTraversalMark) }
        set { storedTraversalMark = Int32(newValue) }
    }

    /// A leaf's accumulated gradient.
    var gradient: Tensor? {
        get { extras?.gradient }
        set { extrasForWriting.gradient = newValue }
    }
    /// An optional name shown in pictures.
    var label: String? {
        get { extras?.label }
        set { extrasForWriting.label = newValue }
    }
    /// The functions ``Tensor/registerHook(file:line:_:)`` added, in order.
    ///
    /// A hook that captures a tensor holding this node makes a cycle: an operation's hooks are dropped
    /// when backward releases it, a leaf's stay as long as the leaf.
    var hooks: [GradientHook] {
        get { extras?.hooks ?? [] }
        set { extrasForWriting.hooks = newValue }
    }
    /// Whether any hook is registered (read once per node by backward, without building an array).
    var hasHooks: Bool { !(extras?.hooks.isEmpty ?? true) }
    /// Where the operation was created, recorded only under anomaly detection (see
    /// ``withAnomalyDetection(onAnomaly:_:)``).
    var creationRecord: CreationRecord? {
        get { extras?.creationRecord }
        set { extrasForWriting.creationRecord = newValue }
    }

    /// The side box, made when first needed.
    private var extrasForWriting: NodeExtras {
        if let extras { return extras }
        let made = NodeExtras()
        extras = made
        return made
    }

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

    /// How many inputs the operation read (0 for a leaf, and after release).
    var inputCount: Int { inputs.count }

    /// The node of input `index` (below `inputCount`; nil for an input that requires no gradient).
    func inputNode(at index: Int) -> AutogradNode? { inputs[index].node }

    /// The gradient of each input given the output's gradient (overridden per function).
    func propagate(_ gradient: Tensor, recording: Bool) -> PropagatedGradients {
        fatalError("a leaf has no inputs to propagate to")
    }

    /// The output's tangent given each input's tangent, nil for zero (overridden per function).
    func propagateTangent(_ inputTangents: [Tensor?], recording: Bool) -> Tensor? {
        fatalError("a leaf has no inputs to take a tangent from")
    }

    /// Whether gradients pass through this node to its inputs (false for a value-dependent
    /// operation recorded during a trace, such as a comparison's mask).
    var passesGradient: Bool { true }

    /// Whether the operation has its own tangent rule (false for a leaf, and for a user-defined
    /// function that relies on the double-vjp default).
    var hasExplicitTangent: Bool { false }

    /// Frees what backward needed, keeping the node's identity (a graph is freed after backward).
    func release() {
        isReleased = true
        inputs = []
        if extras != nil { hooks = [] }
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

/// The rarely used parts of a node, boxed (see `AutogradNode.extras`).
final class NodeExtras {
    var gradient: Tensor?
    var label: String?
    var hooks: [GradientHook] = []
    var creationRecord: CreationRecord?
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
