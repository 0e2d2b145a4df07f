// Layout operations built from reshape, slice and concatenate, with no backward code of their own.

extension Tensor {
    /// The tensor without axis `axis`, which must have size 1.
    public func squeezed(axis: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        let axis = Shape.normalize(axis: axis, rank: rank, "squeeze", at: location)
        tensorPrecondition(
            rank > 0 && shape[axis] == 1, "squeeze", "axis \(axis) of a tensor of shape \(shape) does not have size 1",
            at: location)
        var newShape = shape
        newShape.remove(at: axis)
        return reshaped(to: newShape, file: file, line: line)
    }

    /// The tensor without any of its size-1 axes.
    public func squeezed() -> Tensor {
        reshaped(to: shape.filter { $0 != 1 })
    }

    /// The tensor with a new axis of size 1 at `axis` (in `-(rank + 1)...rank`; negative counts
    /// from the end of the result, so -1 appends).
    public func unsqueezed(axis: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        tensorPrecondition(
            axis >= -(rank + 1) && axis <= rank, "unsqueeze",
            "axis \(axis) is outside \(-(rank + 1))...\(rank) for a tensor of rank \(rank)", at: CallerLocation(file: file, line: line))
        let axis = axis < 0 ? axis + rank + 1 : axis
        var newShape = shape
        newShape.insert(1, at: axis)
        return reshaped(to: newShape, file: file, line: line)
    }

    /// The tensors, all of one shape, stacked along a new axis `axis` (in `-(rank + 1)...rank`).
    public static func stack(_ tensors: [Tensor], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(!tensors.isEmpty, "stack", "no tensors to stack", at: location)
        for (index, tensor) in tensors.enumerated() {
            tensorPrecondition(
                tensor.shape == tensors[0].shape, "stack",
                "tensor \(index) of shape \(tensor.shape) differs from tensor 0 of shape \(tensors[0].shape)", at: location)
        }
        return concatenate(tensors.map { $0.unsqueezed(axis: axis, file: file, line: line) }, axis: axis, file: file, line: line)
    }

    /// Consecutive pieces along `axis` with the given sizes, which must add up to the axis's size.
    public func split(sizes: [Int], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(rank > 0, "split", "a 0-d tensor has no axis to split", at: location)
        let axis = Shape.normalize(axis: axis, rank: rank, "split", at: location)
        tensorPrecondition(
            sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == shape[axis], "split",
            "sizes \(sizes) do not add up to \(shape[axis]), the size of axis \(axis) of a tensor of shape \(shape)",
            at: location)
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(alongAxis: axis, start: start, count: size)
        }
    }

    /// `count` equal pieces along `axis`, whose size `count` must divide.
    public func split(into count: Int, axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(rank > 0, "split", "a 0-d tensor has no axis to split", at: location)
        let normalized = Shape.normalize(axis: axis, rank: rank, "split", at: location)
        tensorPrecondition(
            count > 0 && shape[normalized] % count == 0, "split",
            "axis \(normalized) of size \(shape[normalized]) (shape \(shape)) does not split into \(count) equal pieces",
            at: location)
        return split(sizes: [Int](repeating: shape[normalized] / count, count: count), axis: normalized, file: file, line: line)
    }
}
