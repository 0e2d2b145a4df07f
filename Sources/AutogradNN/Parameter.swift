import Autograd

/// A trainable tensor with a stable identity: the state that modules own and optimizers update.
///
/// ## Why a class
///
/// ``Tensor`` is a value. A leaf's gradient (and its hooks and label) live in its autograd node,
/// which copies share, but its *elements* belong to each copy: new values given to one copy of a
/// leaf do not reach the others. `Parameter` holds the one copy that counts, by reference, which is
/// what PyTorch users expect of `nn.Parameter`: a layer, its optimizer and the caller all hold the
/// same `Parameter`, and ``assign(_:file:line:)`` puts the new values in for all of them at once.
///
/// ``value`` is always a leaf that requires gradients. Use it in a forward pass, call `backward()` on
/// the loss, then read ``grad``. ``assign(_:file:line:)`` keeps the leaf (`Tensor.replaceValues(with:file:line:)`),
/// so gradients add up across steps exactly as they would on one long-lived leaf until
/// ``zeroGrad()`` clears them.
///
/// ```swift
/// let w = Parameter(Tensor([1.0, 2.0], dtype: .float64))
/// let loss = (w.value * w.value).sum()
/// loss.backward()
/// print(w.grad!)                       // Tensor([2.0, 4.0])
/// w.assign(w.value - 0.1 * w.grad!)    // no graph is recorded; w keeps its gradient
/// ```
///
/// An update keeps the leaf, so a graph recorded from ``value`` before an ``assign(_:file:line:)`` still adds
/// into this parameter's gradient, computed at the values it saw then: run forward passes after
/// the update, as every training loop does.
public final class Parameter {
    /// The current values: a leaf that requires gradients.
    public private(set) var value: Tensor

    /// Creates a parameter holding `value`.
    ///
    /// A tensor that is already a leaf requiring gradients is kept as it is (so its gradient is also
    /// visible through the caller's copy); any other tensor is detached and made a new leaf.
    public init(_ value: Tensor) {
        self.value = value.requiresGrad && value.isLeaf ? value : value.detached().requiringGrad()
    }

    /// The size of each dimension.
    public var shape: [Int] { value.shape }

    /// The element type.
    public var dtype: DType { value.dtype }

    /// The number of elements.
    public var count: Int { value.count }

    /// The gradient accumulated by `backward()` since the last ``zeroGrad()``; nil before any.
    public var grad: Tensor? {
        get { value.grad }
        set { value.grad = newValue }
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() {
        value.zeroGrad()
    }

    /// Replaces the values, keeping this parameter's identity: its label, its gradient and the
    /// hooks registered on it (a gradient-clipping hook outlives every optimizer step).
    ///
    /// The new values are taken without recording a graph (as under `torch.no_grad()`), converted to
    /// this parameter's element type; their shape must match.
    public func assign(_ newValues: Tensor, file: StaticString = #fileID, line: UInt = #line) {
        require(
            newValues.shape == value.shape,
            "Parameter.assign: values of shape \(newValues.shape) do not fit a parameter of shape \(value.shape)",
            file: file, line: line)
        value.replaceValues(with: newValues, file: file, line: line)
    }

    /// Moves the values against `direction`: value ← value − rate·direction, in place.
    ///
    /// The same leaf keeps its gradient and label; its elements are overwritten without allocating
    /// when no other tensor shares them (a graph that saved the old values keeps its own copy). The
    /// result has the bits of `assign(value - rate * direction)`. A direction of another element type
    /// goes through ``assign(_:file:line:)``.
    public func descend(along direction: Tensor, rate: Double, file: StaticString = #fileID, line: UInt = #line) {
        guard direction.dtype == value.dtype, direction.shape == value.shape else {
            return assign(withoutGradients { value.detached() - rate * direction.detached() }, file: file, line: line)
        }
        value.subtract(direction, scaledBy: rate, file: file, line: line)
    }

    /// Replaces the values with `update(value)`, computed without recording a graph.
    public func update(_ update: (Tensor) -> Tensor) {
        assign(withoutGradients { update(value.detached()) })
    }
}

extension Parameter: CustomStringConvertible {
    /// The values, as the tensor prints them.
    public var description: String { "Parameter(\(value))" }
}
