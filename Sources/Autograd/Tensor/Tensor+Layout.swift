// Rearranging axes and joining tensors: permute, transpose and concatenate.

extension Tensor {
    /// The axes in a new order: axis `i` of the result is axis `axes[i]` of this tensor (NumPy's
    /// `transpose(axes)`, PyTorch's `permute`). Negative axes count from the end.
    public func permuted(_ axes: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(
            axes.count == rank, "permute", "\(axes) does not list the \(rank) axes of a tensor of shape \(shape)",
            at: location)
        let normalized = axes.map { Shape.normalize(axis: $0, rank: rank, "permute", at: location) }
        tensorPrecondition(
            Set(normalized).count == rank, "permute", "\(axes) repeats an axis of a tensor of shape \(shape)", at: location)
        if normalized == Array(0..<rank) { return self }
        return PermuteFunction(axes: normalized).applied(to: self, file: file, line: line)
    }

    /// Axes `a` and `b` swapped.
    public func transposed(_ a: Int, _ b: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        let first = Shape.normalize(axis: a, rank: rank, "transpose", at: location)
        let second = Shape.normalize(axis: b, rank: rank, "transpose", at: location)
        var axes = Array(0..<rank)
        axes.swapAt(first, second)
        return permuted(axes, file: file, line: line)
    }

    /// The last two axes swapped: the matrix transpose, batched over any leading axes.
    public func transposed(file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        tensorPrecondition(
            rank >= 2, "transpose", "a tensor of shape \(shape) has fewer than two axes to swap",
            at: CallerLocation(file: file, line: line))
        return transposed(-2, -1, file: file, line: line)
    }

    /// The tensors laid end to end along `axis` (NumPy's `concatenate`, PyTorch's `cat`).
    ///
    /// They must have the same rank (at least 1) and the same size along every other axis; the
    /// result has the widest element type among them.
    public static func concatenate(
        _ tensors: [Tensor], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(!tensors.isEmpty, "concatenate", "no tensors to concatenate", at: location)
        let first = tensors[0].shape
        tensorPrecondition(first.count > 0, "concatenate", "a 0-d tensor has no axis to concatenate along", at: location)
        let axis = Shape.normalize(axis: axis, rank: first.count, "concatenate", at: location)
        for (index, tensor) in tensors.enumerated().dropFirst() {
            let matches = tensor.rank == first.count
                && zip(tensor.shape, first).enumerated().allSatisfy { $0.offset == axis || $0.element.0 == $0.element.1 }
            tensorPrecondition(
                matches, "concatenate",
                "tensor \(index) of shape \(tensor.shape) does not match tensor 0 of shape \(first) outside axis \(axis)",
                at: location)
        }
        if tensors.count == 1 { return tensors[0] }
        let dtype = tensors.contains { $0.dtype == .float64 } ? DType.float64 : .float32
        return ConcatenateFunction(axis: axis).applied(to: tensors.map { $0.converted(to: dtype) })
    }
}
