// Updates that overwrite a tensor's elements instead of making a new tensor: for optimizers, which
// replace every parameter once per step and would otherwise allocate (and page-fault in) a fresh copy
// of each one. Value semantics hold: elements shared with another tensor (a copy, or a value a
// recorded graph saved) are copied first, as any mutation of a Swift array copies a shared buffer.

extension Tensor {
    /// Subtracts `scale · other` from the elements in place, with the bits of `self - scale * other`,
    /// keeping this tensor's identity (a leaf stays the same leaf, with its gradient).
    ///
    /// Nothing is recorded. `other` must have this tensor's shape and element type; only a leaf or
    /// a tensor that requires no gradient may be updated (an operation's output must keep the values
    /// its graph computed).
    public mutating func subtract(
        _ other: Tensor, scaledBy scale: Double, file: StaticString = #fileID, line: UInt = #line
    ) {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(
            other.shape == shape && other.dtype == dtype, "subtract(_:scaledBy:)",
            "operand of shape \(other.shape) (\(other.dtype)) does not match \(shape) (\(dtype))", at: location)
        tensorPrecondition(
            isLeaf, "subtract(_:scaledBy:)",
            "cannot update the output of \(gradFunctionName ?? "an operation") in place", at: location)
        updateElements(
            with: other,
            float: { InPlaceKernels.subtractScaled(&$0, $1, scale: Float(scale)) },
            double: { InPlaceKernels.subtractScaled(&$0, $1, scale: scale) })
    }

    /// Replaces the elements with `values`' (converted to this tensor's element type), keeping this
    /// tensor's identity: a leaf stays the same leaf, with its gradient, label and hooks (as
    /// PyTorch's `copy_` under `no_grad`).
    ///
    /// Nothing is recorded, and `values`' graph is not followed. `values` must have this tensor's
    /// shape; only a leaf or a tensor that requires no gradient may be updated. Copies of this
    /// tensor keep their elements but share its identity, and so its gradient (as with
    /// ``subtract(_:scaledBy:file:line:)``).
    public mutating func replaceValues(with values: Tensor, file: StaticString = #fileID, line: UInt = #line) {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(
            values.shape == shape, "replaceValues(with:)", "values of shape \(values.shape) for a tensor of shape \(shape)",
            at: location)
        tensorPrecondition(
            isLeaf, "replaceValues(with:)",
            "cannot update the output of \(gradFunctionName ?? "an operation") in place", at: location)
        storage = values.storage.converted(to: dtype)
    }
}

extension Tensor {
    /// Adds `other` into this tensor's elements, for a backward pass that is not recorded to sum
    /// the gradients reaching one node: `self + other` without a fresh array when the elements are
    /// not shared (a gradient is usually held by the pass alone), and the same bits.
    ///
    /// Operands of different shapes or element types (a custom rule's gradient that broadcasts)
    /// take the broadcasting sum, as before.
    mutating func accumulate(_ other: Tensor) {
        guard node == nil, other.node == nil, other.shape == shape, other.dtype == dtype else {
            self = self + other
            return
        }
        updateElements(
            with: other,
            float: { InPlaceKernels.combine(AddKernel.self, &$0, $1) },
            double: { InPlaceKernels.combine(AddKernel.self, &$0, $1) })
    }
}

private extension Tensor {
    /// Runs `float` or `double` (one call per tensor) on this tensor's elements and `other`'s, which
    /// the caller checked to have this tensor's element type and count.
    mutating func updateElements(
        with other: Tensor, float: (inout [Float], [Float]) -> Void, double: (inout [Double], [Double]) -> Void
    ) {
        // Switch on `storage` alone: a tuple of both would hold a second reference to the elements for
        // the whole switch, and the update would always copy.
        switch storage {
        case .float32(var values):
            storage = .float32([])  // drop this tensor's reference, so `values` is unique unless shared
            float(&values, other.floatValues)
            storage = .float32(values)
        case .float64(var values):
            storage = .float64([])
            double(&values, other.doubleValues)
            storage = .float64(values)
        }
    }

    /// The elements of a float32 tensor (the caller checked the type).
    var floatValues: [Float] {
        guard case .float32(let values) = storage else { fatalError("unreachable: the element types were checked equal") }
        return values
    }

    /// The elements of a float64 tensor (the caller checked the type).
    var doubleValues: [Double] {
        guard case .float64(let values) = storage else { fatalError("unreachable: the element types were checked equal") }
        return values
    }
}
