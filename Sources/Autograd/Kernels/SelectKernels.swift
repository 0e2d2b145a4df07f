/// The three-operand loop behind `Tensor.where`: `condition ? a : b` with NumPy broadcasting of all
/// three. A choice, never arithmetic: the element not chosen is not read into the result, so its
/// NaN or infinity cannot leak (unlike `mask · a + (1 − mask) · b`). No autograd here.
enum SelectKernels {
    /// `condition[i] ? a[i] : b[i]` over the broadcast `shape`.
    static func select<T: TensorFloat>(
        _ condition: [Bool], _ conditionShape: [Int], _ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int],
        into shape: [Int]
    ) -> [T] {
        let count = Shape.count(shape)
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            condition.withUnsafeBufferPointer { c in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        if c.count == count && a.count == count && b.count == count {
                            for i in 0..<count { out[i] = c[i] ? a[i] : b[i] }
                        } else {
                            broadcastLoop(c, conditionShape, a, aShape, b, bShape, shape, out)
                        }
                    }
                }
            }
            initialized = count
        }
    }

    /// The general broadcast: an odometer over the outer axes, a strided loop over the last.
    private static func broadcastLoop<T: TensorFloat>(
        _ c: UnsafeBufferPointer<Bool>, _ cShape: [Int], _ a: UnsafeBufferPointer<T>, _ aShape: [Int],
        _ b: UnsafeBufferPointer<T>, _ bShape: [Int], _ shape: [Int], _ out: UnsafeMutableBufferPointer<T>
    ) {
        let rank = shape.count
        guard rank > 0, !out.isEmpty else {
            if !out.isEmpty { out[0] = c[0] ? a[0] : b[0] }
            return
        }
        let cStrides = ElementwiseKernels.broadcastStrides(cShape, rank: rank, shape: shape)
        let aStrides = ElementwiseKernels.broadcastStrides(aShape, rank: rank, shape: shape)
        let bStrides = ElementwiseKernels.broadcastStrides(bShape, rank: rank, shape: shape)
        let inner = shape[rank - 1]
        let (cInner, aInner, bInner) = (cStrides[rank - 1], aStrides[rank - 1], bStrides[rank - 1])
        var index = [Int](repeating: 0, count: rank)
        var (cOffset, aOffset, bOffset, o) = (0, 0, 0, 0)
        while o < out.count {
            var (k, i, j) = (cOffset, aOffset, bOffset)
            for _ in 0..<inner {
                out[o] = c[k] ? a[i] : b[j]
                o += 1
                k += cInner
                i += aInner
                j += bInner
            }
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                cOffset += cStrides[axis]
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < shape[axis] { break }
                cOffset -= cStrides[axis] * shape[axis]
                aOffset -= aStrides[axis] * shape[axis]
                bOffset -= bStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

// MARK: - Dispatch on the element type

extension TensorData {
    /// Every element as a truth value: nonzero (NaN included) is true, as PyTorch reads a mask.
    var truthValues: [Bool] {
        switch self {
        case .float32(let values): values.map { $0 != 0 }
        case .float64(let values): values.map { $0 != 0 }
        }
    }

    /// `condition ? a : b` with broadcasting, in the wider of `a`'s and `b`'s element types.
    static func select(
        _ condition: TensorData, _ conditionShape: [Int], _ a: TensorData, _ aShape: [Int], _ b: TensorData, _ bShape: [Int],
        into shape: [Int]
    ) -> TensorData {
        let mask = condition.truthValues
        let dtype = DType.promoted(a.dtype, b.dtype)
        switch (a.converted(to: dtype), b.converted(to: dtype)) {
        case (.float32(let x), .float32(let y)): return .float32(SelectKernels.select(mask, conditionShape, x, aShape, y, bShape, into: shape))
        case (.float64(let x), .float64(let y)): return .float64(SelectKernels.select(mask, conditionShape, x, aShape, y, bShape, into: shape))
        default: fatalError("unreachable: operands were converted to one type")
        }
    }
}
