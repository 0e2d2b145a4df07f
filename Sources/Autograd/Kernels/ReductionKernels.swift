/// Raw reduction loops over row-major buffers. No autograd here.
enum ReductionKernels {
    /// Sums `x` (of `shape`) over `axes` (sorted, distinct), giving the shape with those axes set to 1.
    static func sum<T: TensorFloat>(_ x: [T], shape: [Int], axes: [Int]) -> [T] {
        let reducedShape = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let outCount = Shape.count(reducedShape)
        if axes.count == shape.count || outCount == 1 {
            var total: T = 0
            for value in x { total += value }
            return [total]
        }
        var out = [T](repeating: 0, count: outCount)
        // Each input element adds into the output element with the reduced axes' index set to 0.
        let outStrides = ElementwiseKernels.broadcastStrides(reducedShape, rank: shape.count, shape: shape)
        let rank = shape.count
        var index = [Int](repeating: 0, count: rank)
        var target = 0
        out.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { x in
                let inner = shape[rank - 1]
                let innerStride = outStrides[rank - 1]
                var i = 0
                while i < x.count {
                    var t = target
                    for _ in 0..<inner {
                        out[t] += x[i]
                        i += 1
                        t += innerStride
                    }
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        target += outStrides[axis]
                        if index[axis] < shape[axis] { break }
                        target -= outStrides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return out
    }
}

extension TensorData {
    /// The sum over `axes` (sorted, distinct) of elements laid out in `shape`; reduced axes become 1.
    func summed(shape: [Int], axes: [Int]) -> TensorData {
        switch self {
        case .float32(let x): .float32(ReductionKernels.sum(x, shape: shape, axes: axes))
        case .float64(let x): .float64(ReductionKernels.sum(x, shape: shape, axes: axes))
        }
    }
}
