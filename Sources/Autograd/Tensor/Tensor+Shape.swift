// Reshaping, broadcasting and summing: the shape operations everything else builds on.

extension Tensor {
    /// The same elements in a new shape with the same number of elements (one dimension may be -1).
    public func reshaped(to newShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = Shape.validCount(newShape.enumerated().filter { $0.offset != inferred }.map(\.element)) ?? 0
            tensorPrecondition(known > 0 && count % known == 0, "reshape", "cannot reshape \(shape) to \(newShape)", at: location)
            resolved[inferred] = count / Swift.max(known, 1)
        }
        tensorPrecondition(
            Shape.validCount(resolved) == count, "reshape",
            "cannot reshape \(shape) (\(count) elements) to \(newShape)", at: location)
        if resolved == shape { return self }
        return ReshapeFunction(shape: resolved).applied(to: self, file: file, line: line)
    }

    /// The tensor broadcast to `newShape` (NumPy's `broadcast_to`).
    public func expanded(to newShape: [Int], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        tensorPrecondition(
            Shape.validCount(newShape) != nil && Shape.broadcast(shape, newShape) == newShape, "expand",
            "shape \(shape) does not broadcast to \(newShape)",
            at: CallerLocation(file: file, line: line))
        if newShape == shape { return self }
        return ExpandFunction(shape: newShape).applied(to: self, file: file, line: line)
    }

    /// The sum over `axes` (all when nil), keeping them as size 1 when `keepDims`.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let axes = Shape.normalize(axes: axes, rank: rank, "sum", at: CallerLocation(file: file, line: line))
        return SumFunction(axes: axes, keepDims: keepDims).applied(to: self, file: file, line: line)
    }

    /// The sum over one axis.
    public func sum(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        sum(axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// The mean over `axes` (all when nil); NaN over no elements (0/0), as in NumPy and PyTorch.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let normalized = Shape.normalize(axes: axes, rank: rank, "mean", at: CallerLocation(file: file, line: line))
        let n = normalized.reduce(1) { $0 * shape[$1] }
        return sum(axes: normalized, keepDims: keepDims) / Double(n)
    }

    /// The mean over one axis.
    public func mean(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        mean(axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// The sum of a broadcast gradient back to `target`, the shape of the operand that was broadcast.
    func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let extra = rank - target.count
        var axes = Array(0..<extra)
        for (axis, size) in target.enumerated() where size == 1 && shape[axis + extra] != 1 {
            axes.append(axis + extra)
        }
        let reduced = axes.isEmpty ? self : SumFunction(axes: axes, keepDims: true).applied(to: self)
        return reduced.reshaped(to: target)
    }
}
