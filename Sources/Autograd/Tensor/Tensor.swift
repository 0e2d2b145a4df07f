/// An n-dimensional array of floating-point numbers that can record how it was computed.
///
/// `Tensor` is a value type: copies are cheap (the elements are copy-on-write) and mutating one copy
/// never changes another, nor a value that a recorded graph saved for backward. A tensor made with
/// `requiresGrad: true` is a *leaf*; operations on it record a graph, and ``backward(_:retainGraph:createGraph:file:line:)``
/// fills the leaf's ``grad``. Copies of a leaf share its identity (and its gradient), as PyTorch's
/// tensor references do.
///
/// ```swift
/// let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
/// let y = (x * x).sum()
/// y.backward()
/// print(x.grad!)        // Tensor([2.0, 4.0, 6.0])
/// ```
///
/// Elements are `Float` by default, as in PyTorch; pass `dtype: .float64` for doubles. Binary
/// operations broadcast their operands as NumPy does and compute in the wider of the two types.
public struct Tensor {
    /// The elements, row-major.
    @usableFromInline var storage: TensorData
    /// The size of each dimension.
    public private(set) var shape: [Int]
    /// The node recording this tensor's gradient: a leaf's accumulator or the operation that made it.
    @usableFromInline var node: AutogradNode?

    /// Creates a tensor from its parts (no checks).
    @usableFromInline
    init(storage: TensorData, shape: [Int], node: AutogradNode? = nil) {
        self.storage = storage
        self.shape = shape
        self.node = node
    }

    /// Creates a tensor from row-major elements and a shape.
    public init(
        _ scalars: [Double], shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        tensorPrecondition(
            Shape.validCount(shape) == scalars.count, "Tensor(_:shape:)",
            "\(scalars.count) elements do not fill shape \(shape)", at: CallerLocation(file: file, line: line))
        self.init(storage: TensorData.float64(scalars).converted(to: dtype), shape: shape)
        if requiresGrad { node = AutogradNode(leafOfShape: shape, dtype: dtype) }
    }

    /// Creates a 1-d tensor.
    public init(_ scalars: [Double], dtype: DType = .float32, requiresGrad: Bool = false) {
        self.init(scalars, shape: [scalars.count], dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Creates a 0-d tensor holding one number.
    public init(_ scalar: Double, dtype: DType = .float32, requiresGrad: Bool = false) {
        self.init([scalar], shape: [], dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Creates a 1-d tensor of `Float`s.
    public init(_ scalars: [Float], requiresGrad: Bool = false) {
        self.init(storage: .float32(scalars), shape: [scalars.count])
        if requiresGrad { node = AutogradNode(leafOfShape: shape, dtype: dtype) }
    }

    // MARK: - Properties

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { storage.count }

    /// The elements in row-major order, as doubles.
    public var scalars: [Double] { storage.doubles }

    /// The elements in row-major order, as floats (converted when the tensor holds doubles).
    public var floats: [Float] {
        switch storage {
        case .float32(let values): values
        case .float64(let values): values.map(Float.init)
        }
    }

    /// The only element of a tensor with one element.
    public func item(file: StaticString = #fileID, line: UInt = #line) -> Double {
        tensorPrecondition(count == 1, "item()", "tensor of shape \(shape) has \(count) elements, not 1", at: CallerLocation(file: file, line: line))
        return storage[0]
    }

    /// Whether operations on this tensor are recorded for backward.
    ///
    /// False for a comparison's mask and the like, even while a ``RecordedFunction`` traces, when
    /// they carry a node that passes no gradient (see `ValueDependentFunction`).
    public var requiresGrad: Bool { node?.passesGradient ?? false }

    /// Whether this tensor is a leaf: made by the user rather than computed from tensors that
    /// require gradients.
    public var isLeaf: Bool { node?.isLeaf ?? true }

    /// The gradient accumulated into this leaf by ``backward(_:retainGraph:createGraph:file:line:)``; nil before.
    ///
    /// Setting it (as an optimizer or a hook may) takes a gradient of this tensor's shape, converted
    /// to its element type; another shape stops with a message, as PyTorch refuses it, since backward
    /// would otherwise add into it by broadcasting.
    public var grad: Tensor? {
        get { node?.gradient }
        nonmutating set {
            if let newValue, newValue.shape != shape {
                // A setter takes no caller location; the message names the property and the shapes.
                fatalError(
                    "grad: a gradient of shape \(newValue.shape) assigned to a tensor of shape \(shape)", file: "Autograd", line: 0)
            }
            node?.gradient = newValue?.converted(to: dtype)
        }
    }

    /// The name of the operation that computed this tensor (`"Add"`), nil for leaves and constants.
    public var gradFunctionName: String? { node.flatMap { $0.isLeaf ? nil : $0.name } }

    /// The same values, cut from the graph: a constant that requires no gradient.
    ///
    /// While a ``RecordedFunction`` traces, the cut is recorded, so that each replay takes the
    /// values it computes rather than the traced ones (as JAX's `stop_gradient`).
    public func detached() -> Tensor {
        stoppingGradient()
    }

    /// The same values without a node (never recorded: for the library's own bookkeeping).
    func cutFromGraph() -> Tensor {
        Tensor(storage: storage, shape: shape)
    }

    /// Each tensor's values cut from the graph (array literals for the usual one or two inputs:
    /// they allocate once, without the runtime type lookup `map` costs).
    static func detached(_ tensors: [Tensor]) -> [Tensor] {
        switch tensors.count {
        case 1: [tensors[0].cutFromGraph()]
        case 2: [tensors[0].cutFromGraph(), tensors[1].cutFromGraph()]
        default: tensors.map { $0.cutFromGraph() }
        }
    }

    /// Whether any of `tensors` requires gradients (a plain loop: no closure, cheap in debug builds).
    static func anyRequiresGrad(_ tensors: [Tensor]) -> Bool {
        var index = 0
        while index < tensors.count {
            if tensors[index].node != nil { return true }
            index += 1
        }
        return false
    }

    /// This tensor as a leaf that requires gradients (a new identity when it already had one).
    public func requiringGrad() -> Tensor {
        var leaf = cutFromGraph()
        leaf.node = AutogradNode(leafOfShape: shape, dtype: dtype)
        return leaf
    }

    /// The object recording this tensor (for tests that watch a graph being freed through weak
    /// references; internal).
    var nodeObjectForTesting: AnyObject? { node }

    /// Resets the gradient of this leaf to nil.
    public func zeroGrad() {
        node?.gradient = nil
    }

    /// The same values in another element type (differentiable: the gradient converts back).
    public func converted(to dtype: DType) -> Tensor {
        dtype == self.dtype ? self : ConvertFunction(dtype: dtype).applied(to: self)
    }
}
