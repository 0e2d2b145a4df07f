// Primitives that rearrange elements: permute, slice and its scatter, concatenate. Each backward
// is another of these, so gradients of gradients stay inside the family; each is linear, so its
// tangent rule is the operation itself applied to the tangents.

/// The axes in a new order: output axis `i` is input axis `axes[i]`.
struct PermuteFunction: SingleInputPrimitive {
    let axes: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        let strides = Shape.strides(x.shape)
        let shape = axes.map { x.shape[$0] }
        let storage = x.storage.stridedRead(offset: 0, strides: axes.map { strides[$0] }, shape: shape)
        return (Tensor(storage: storage, shape: shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        var inverse = axes
        for (position, axis) in axes.enumerated() { inverse[axis] = position }
        return PermuteFunction(axes: inverse).applied(to: gradient)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { PermuteFunction(axes: axes).applied(to: $0) }
    }
}

/// A box of a tensor: along each axis, `counts[a]` elements from `starts[a]`, `steps[a]` apart
/// (a negative step walks backwards).
struct SliceRegion: Sendable, Equatable {
    var starts: [Int]
    var steps: [Int]
    var counts: [Int]

    /// The whole of a tensor of `shape`.
    init(covering shape: [Int]) {
        starts = [Int](repeating: 0, count: shape.count)
        steps = [Int](repeating: 1, count: shape.count)
        counts = shape
    }

    /// The flat offset of the region's first element and the flat distance between neighbours
    /// along each axis, in a row-major tensor of `shape`.
    func layout(in shape: [Int]) -> (offset: Int, strides: [Int]) {
        let strides = Shape.strides(shape)
        let offset = counts.contains(0) ? 0 : zip(starts, strides).reduce(0) { $0 + $1.0 * $1.1 }
        return (offset, zip(steps, strides).map { $0 * $1 })
    }
}

/// The elements of a region, laid out in `shape` (the region's counts, possibly with size-1 axes
/// dropped: an integer index selects and drops its axis).
struct SliceFunction: SingleInputPrimitive {
    let region: SliceRegion
    let shape: [Int]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        let (offset, strides) = region.layout(in: x.shape)
        return (Tensor(storage: x.storage.stridedRead(offset: offset, strides: strides, shape: region.counts), shape: shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        let zeros = Tensor.zeros(shape: context.inputs[0].shape, dtype: gradient.dtype)
        return SliceScatterFunction(region: region).applied(to: zeros, gradient)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { SliceFunction(region: region, shape: shape).applied(to: $0) }
    }
}

/// `base` with a region replaced by `values` (PyTorch's `slice_scatter`): inputs `[base, values]`,
/// where `values` holds the region's elements in any shape of that count.
struct SliceScatterFunction: TensorPrimitive {
    let region: SliceRegion
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let (base, values) = (inputs[0], inputs[1])
        let (offset, strides) = region.layout(in: base.shape)
        let storage = base.storage.stridedWrite(values.storage, offset: offset, strides: strides, shape: region.counts)
        return (Tensor(storage: storage, shape: base.shape), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let valuesShape = context.inputs[1].shape
        // The base's gradient is the output's with the overwritten region zeroed; the values' is that region.
        let zeros = Tensor.zeros(shape: valuesShape, dtype: gradient.dtype)
        return [
            context.needsGradient[0] ? SliceScatterFunction(region: region).applied(to: gradient, zeros) : nil,
            context.needsGradient[1] ? SliceFunction(region: region, shape: valuesShape).applied(to: gradient) : nil,
        ]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // The base's tangent with the region replaced by the values' tangent (zeros for a missing one).
        guard tangents[0] != nil || tangents[1] != nil else { return nil }
        let (base, values) = (context.inputs[0], context.inputs[1])
        let baseTangent = tangents[0] ?? Tensor.zeros(shape: base.shape, dtype: base.dtype)
        let valuesTangent = tangents[1] ?? Tensor.zeros(shape: values.shape, dtype: values.dtype)
        return SliceScatterFunction(region: region).applied(to: baseTangent, valuesTangent)
    }
}

/// The inputs (of one element type, equal in shape outside `axis`) laid end to end along `axis`.
struct ConcatenateFunction: TensorPrimitive {
    let axis: Int
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let first = inputs[0].shape
        let outerCount = Shape.count(Array(first[..<axis]))
        let innerCount = Shape.count(Array(first[(axis + 1)...]))
        var shape = first
        shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis] }
        let storage = TensorData.concatenate(
            inputs.map(\.storage), dtype: inputs[0].dtype, blockSizes: inputs.map { $0.shape[axis] * innerCount },
            outerCount: outerCount)
        return (Tensor(storage: storage, shape: shape), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        var start = 0
        return context.inputs.enumerated().map { index, input in
            defer { start += input.shape[axis] }
            guard context.needsGradient[index] else { return nil }
            return gradient.slice(alongAxis: axis, start: start, count: input.shape[axis])
        }
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // The tangents laid end to end, zeros standing in for the inputs that have none.
        guard tangents.contains(where: { $0 != nil }) else { return nil }
        let parts = zip(tangents, context.inputs).map { tangent, input in tangent ?? input.zerosLike() }
        return ConcatenateFunction(axis: axis).applied(to: parts)
    }
}

extension Tensor {
    /// `count` consecutive elements from `start` along `axis` (a valid, normalised axis and range).
    func slice(alongAxis axis: Int, start: Int, count: Int) -> Tensor {
        if start == 0 && count == shape[axis] { return self }
        var region = SliceRegion(covering: shape)
        region.starts[axis] = start
        region.counts[axis] = count
        return SliceFunction(region: region, shape: region.counts).applied(to: self)
    }
}
