/// Raw loops that move elements between row-major buffers: strided reads and writes (permute,
/// slice and its scatter), block concatenation, and gathers and scatter-adds by flat offset.
/// No autograd here.
enum LayoutKernels {
    /// The elements of `x` at `offset + Σ index[a] · strides[a]` for every index of `shape`, in
    /// row-major order of `shape`. Strides may be negative (a reversed slice) or permuted.
    static func stridedRead<T: TensorFloat>(_ x: [T], offset: Int, strides: [Int], shape: [Int]) -> [T] {
        let count = Shape.count(shape)
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                var odometer = StridedOdometer(offset: offset, strides: strides, shape: shape)
                var o = 0
                while o < count {
                    var i = odometer.offset
                    for _ in 0..<odometer.inner {
                        out[o] = x[i]
                        o += 1
                        i += odometer.innerStride
                    }
                    odometer.advance()
                }
            }
            initialized = count
        }
    }

    /// `base` with `values` (row-major over `shape`) written at `offset + Σ index[a] · strides[a]`;
    /// the positions written are distinct (strides of a slice, never 0).
    static func stridedWrite<T: TensorFloat>(_ values: [T], into base: [T], offset: Int, strides: [Int], shape: [Int]) -> [T] {
        var out = base
        out.withUnsafeMutableBufferPointer { out in
            values.withUnsafeBufferPointer { values in
                var odometer = StridedOdometer(offset: offset, strides: strides, shape: shape)
                var v = 0
                while v < values.count {
                    var o = odometer.offset
                    for _ in 0..<odometer.inner {
                        out[o] = values[v]
                        v += 1
                        o += odometer.innerStride
                    }
                    odometer.advance()
                }
            }
        }
        return out
    }

    /// Parts laid side by side along one axis: each of the `outerCount` output rows is part 0's
    /// block, then part 1's, and so on, where part `p`'s blocks have `blockSizes[p]` elements.
    static func concatenate<T: TensorFloat>(_ parts: [[T]], blockSizes: [Int], outerCount: Int) -> [T] {
        let rowSize = blockSizes.reduce(0, +)
        let count = rowSize * outerCount
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            var start = 0
            for (part, block) in zip(parts, blockSizes) {
                part.withUnsafeBufferPointer { part in
                    for row in 0..<outerCount {
                        let (source, target) = (row * block, row * rowSize + start)
                        for j in 0..<block { out[target + j] = part[source + j] }
                    }
                }
                start += block
            }
            initialized = count
        }
    }

    /// `x[offsets[i]]` for every `i`.
    static func gather<T: TensorFloat>(_ x: [T], offsets: [Int]) -> [T] {
        [T](unsafeUninitializedCapacity: offsets.count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                offsets.withUnsafeBufferPointer { offsets in
                    for i in 0..<offsets.count { out[i] = x[offsets[i]] }
                }
            }
            initialized = offsets.count
        }
    }

    /// Zeros of `count` elements with every `values[i]` added at `offsets[i]` (repeats add up).
    static func scatterAdd<T: TensorFloat>(_ values: [T], offsets: [Int], count: Int) -> [T] {
        var out = [T](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { out in
            values.withUnsafeBufferPointer { values in
                offsets.withUnsafeBufferPointer { offsets in
                    for i in 0..<offsets.count { out[offsets[i]] += values[i] }
                }
            }
        }
        return out
    }

    /// The flat offsets into a tensor of `shape` that `torch.gather` reads along `axis`: for each
    /// position `p` of `indicesShape`, the element whose coordinates are `p` with coordinate `axis`
    /// replaced by `indices[p]` (already checked to be whole numbers in range).
    static func gatherOffsets(shape: [Int], axis: Int, indices: [Double], indicesShape: [Int]) -> [Int] {
        var strides = Shape.strides(shape)
        let axisStride = strides[axis]
        strides[axis] = 0
        return [Int](unsafeUninitializedCapacity: indices.count) { out, initialized in
            indices.withUnsafeBufferPointer { indices in
                var odometer = StridedOdometer(offset: 0, strides: strides, shape: indicesShape)
                var i = 0
                while i < indices.count {
                    var base = odometer.offset
                    for _ in 0..<odometer.inner {
                        out[i] = base + Int(indices[i]) * axisStride
                        i += 1
                        base += odometer.innerStride
                    }
                    odometer.advance()
                }
            }
            initialized = indices.count
        }
    }
}

/// Walks the outer axes of `shape` in row-major order, keeping the strided offset of the start of
/// each innermost run (the caller loops over the run itself, `inner` elements `innerStride` apart).
struct StridedOdometer {
    private let strides: [Int]
    private let shape: [Int]
    private var index: [Int]
    /// The offset of the current run's first element.
    private(set) var offset: Int
    /// The length of each innermost run (1 for a 0-d shape).
    let inner: Int
    /// The distance between consecutive elements of a run.
    let innerStride: Int

    init(offset: Int, strides: [Int], shape: [Int]) {
        self.strides = strides
        self.shape = shape
        self.offset = offset
        index = [Int](repeating: 0, count: shape.count)
        inner = shape.last ?? 1
        innerStride = strides.last ?? 0
    }

    /// Moves to the next run: the last outer axis steps, carrying into the ones before it.
    mutating func advance() {
        var axis = shape.count - 2
        while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < shape[axis] { return }
            offset -= strides[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

// MARK: - Dispatch on the element type

extension TensorData {
    /// ``LayoutKernels/stridedRead(_:offset:strides:shape:)`` in this element type.
    func stridedRead(offset: Int, strides: [Int], shape: [Int]) -> TensorData {
        switch self {
        case .float32(let x): .float32(LayoutKernels.stridedRead(x, offset: offset, strides: strides, shape: shape))
        case .float64(let x): .float64(LayoutKernels.stridedRead(x, offset: offset, strides: strides, shape: shape))
        }
    }

    /// ``LayoutKernels/stridedWrite(_:into:offset:strides:shape:)``: `values`, of this type, written into a copy of this.
    func stridedWrite(_ values: TensorData, offset: Int, strides: [Int], shape: [Int]) -> TensorData {
        switch (self, values) {
        case (.float32(let base), .float32(let x)): .float32(LayoutKernels.stridedWrite(x, into: base, offset: offset, strides: strides, shape: shape))
        case (.float64(let base), .float64(let x)): .float64(LayoutKernels.stridedWrite(x, into: base, offset: offset, strides: strides, shape: shape))
        default: fatalError("unreachable: a slice is written into a tensor of its own element type")
        }
    }

    /// ``LayoutKernels/concatenate(_:blockSizes:outerCount:)`` of parts all of `dtype`.
    static func concatenate(_ parts: [TensorData], dtype: DType, blockSizes: [Int], outerCount: Int) -> TensorData {
        switch dtype {
        case .float32:
            .float32(LayoutKernels.concatenate(parts.map(\.floats), blockSizes: blockSizes, outerCount: outerCount))
        case .float64:
            .float64(LayoutKernels.concatenate(parts.map(\.doubles), blockSizes: blockSizes, outerCount: outerCount))
        }
    }

    /// ``LayoutKernels/gather(_:offsets:)`` in this element type.
    func gathered(offsets: [Int]) -> TensorData {
        switch self {
        case .float32(let x): .float32(LayoutKernels.gather(x, offsets: offsets))
        case .float64(let x): .float64(LayoutKernels.gather(x, offsets: offsets))
        }
    }

    /// ``LayoutKernels/scatterAdd(_:offsets:count:)`` in this element type.
    func scatterAdded(offsets: [Int], count: Int) -> TensorData {
        switch self {
        case .float32(let x): .float32(LayoutKernels.scatterAdd(x, offsets: offsets, count: count))
        case .float64(let x): .float64(LayoutKernels.scatterAdd(x, offsets: offsets, count: count))
        }
    }

    /// The elements as floats (no copy when already floats).
    private var floats: [Float] {
        switch self {
        case .float32(let values): values
        case .float64(let values): values.map(Float.init)
        }
    }
}
