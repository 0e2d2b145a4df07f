/// An elementwise binary operation, as a type so that loops specialise on it (no closure per element).
@usableFromInline
protocol BinaryKernel {
    static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T
}

/// An elementwise unary operation, as a type so that loops specialise on it.
@usableFromInline
protocol UnaryKernel {
    static func apply<T: TensorFloat>(_ x: T) -> T
    /// Computes `y[i] = apply(x[i])` for `count` elements with a vectorised kernel, with the same
    /// bits; returns false, doing nothing, where there is none for `T` on this CPU.
    static func applyVectorized<T: TensorFloat>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) -> Bool
}

extension UnaryKernel {
    /// No vectorised kernel: the loops call `apply` per element.
    @inline(__always)
    static func applyVectorized<T: TensorFloat>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) -> Bool { false }
}

/// Raw loops over row-major buffers with NumPy broadcasting. No autograd here.
enum ElementwiseKernels {
    /// Up to this many elements, an output starts as a copy of an input and is overwritten in place.
    ///
    /// `Array(unsafeUninitializedCapacity:)` reaches the standard library's unspecialised allocator,
    /// which looks up `_ContiguousArrayStorage<T>`'s metadata at run time (about 500 instructions in
    /// callgrind, more than a 16-element operation's own work); the copy-on-write copy is specialised
    /// here and costs a memcpy. Past this size the copy costs more than the lookup (at 4,096 elements
    /// S1's 1,600-element layers came out 1% slower in callgrind).
    static var smallOutputLimit: Int { 256 }

    /// `K(a, b)` for every element of the broadcast of `a` and `b`.
    @inline(__always)
    static func binary<K: BinaryKernel, T: TensorFloat>(
        _: K.Type, _ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int], into shape: [Int]
    ) -> [T] {
        let count = Shape.count(shape)
        if count == 0 { return [] }
        if count <= smallOutputLimit {
            if a.count == count && (b.count == count || b.count == 1) && (aShape == bShape || b.count == 1) {
                var out = a
                out.withUnsafeMutableBufferPointer { out in
                    b.withUnsafeBufferPointer { b in
                        if b.count == count && aShape == bShape {
                            for i in 0..<count { out[i] = K.apply(out[i], b[i]) }
                        } else {
                            let y = b[0]
                            for i in 0..<count { out[i] = K.apply(out[i], y) }
                        }
                    }
                }
                return out
            }
            if a.count == 1 && b.count == count {
                var out = b
                let x = a[0]
                out.withUnsafeMutableBufferPointer { out in
                    for i in 0..<count { out[i] = K.apply(x, out[i]) }
                }
                return out
            }
        }
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    // Large contiguous cases split across threads (ParallelLoop.elementThreshold).
                    let parts = ParallelLoop.parts(forElements: count)
                    if aShape == bShape && a.count == count {
                        ParallelLoop.forEachChunk(count: count, parts: parts) { range in
                            binaryLoop(K.self, a.baseAddress!, aStride: 1, b.baseAddress!, bStride: 1, out.baseAddress!, range)
                        }
                    } else if b.count == 1 && a.count == count {
                        ParallelLoop.forEachChunk(count: count, parts: parts) { range in
                            binaryLoop(K.self, a.baseAddress!, aStride: 1, b.baseAddress!, bStride: 0, out.baseAddress!, range)
                        }
                    } else if a.count == 1 && b.count == count {
                        ParallelLoop.forEachChunk(count: count, parts: parts) { range in
                            binaryLoop(K.self, a.baseAddress!, aStride: 0, b.baseAddress!, bStride: 1, out.baseAddress!, range)
                        }
                    } else {
                        broadcastLoop(K.self, a, aShape, b, bShape, shape, out)
                    }
                }
            }
            initialized = count
        }
    }

    /// `out[i] = K(a[i·aStride], b[i·bStride])` over `range`, each stride 0 or 1. The pointers arrive
    /// as arguments, not through a closure's captures, so the compiler keeps them in registers and
    /// vectorises the loop (through captured buffers it reloaded them every element and stayed scalar).
    @inline(__always)
    static func binaryLoop<K: BinaryKernel, T: TensorFloat>(
        _: K.Type, _ a: UnsafePointer<T>, aStride: Int, _ b: UnsafePointer<T>, bStride: Int,
        _ out: UnsafeMutablePointer<T>, _ range: Range<Int>
    ) {
        switch (aStride, bStride) {
        case (1, 1): for i in range { out[i] = K.apply(a[i], b[i]) }
        case (1, _):
            let y = b[0]
            for i in range { out[i] = K.apply(a[i], y) }
        default:
            let x = a[0]
            for i in range { out[i] = K.apply(x, b[i]) }
        }
    }

    /// `out[i] = K(x[i])` over `range` (pointers as arguments, for the reason `binaryLoop` gives).
    @inline(__always)
    static func unaryLoop<K: UnaryKernel, T: TensorFloat>(
        _: K.Type, _ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, _ range: Range<Int>
    ) {
        if K.applyVectorized(x + range.lowerBound, out + range.lowerBound, count: range.count) { return }
        for i in range { out[i] = K.apply(x[i]) }
    }

    /// The general broadcast: an odometer over the outer axes, a strided loop over the last.
    private static func broadcastLoop<K: BinaryKernel, T: TensorFloat>(
        _: K.Type, _ a: UnsafeBufferPointer<T>, _ aShape: [Int], _ b: UnsafeBufferPointer<T>, _ bShape: [Int],
        _ shape: [Int], _ out: UnsafeMutableBufferPointer<T>
    ) {
        let rank = shape.count
        guard rank > 0, !out.isEmpty else {
            if !out.isEmpty { out[0] = K.apply(a[0], b[0]) }
            return
        }
        let aStrides = broadcastStrides(aShape, rank: rank, shape: shape)
        let bStrides = broadcastStrides(bShape, rank: rank, shape: shape)
        let inner = shape[rank - 1]
        let (aInner, bInner) = (aStrides[rank - 1], bStrides[rank - 1])
        var index = [Int](repeating: 0, count: rank)
        var (aOffset, bOffset, o) = (0, 0, 0)
        while o < out.count {
            if aInner <= 1 && bInner <= 1 && aInner + bInner > 0 {
                // Rows meeting rows, or a row meeting one element (a bias added to each row of a
                // batch): contiguous, so it vectorises.
                binaryLoop(
                    K.self, a.baseAddress! + aOffset, aStride: aInner, b.baseAddress! + bOffset, bStride: bInner,
                    out.baseAddress! + o, 0..<inner)
                o += inner
            } else {
                var (i, j) = (aOffset, bOffset)
                for _ in 0..<inner {
                    out[o] = K.apply(a[i], b[j])
                    o += 1
                    i += aInner
                    j += bInner
                }
            }
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < shape[axis] { break }
                aOffset -= aStrides[axis] * shape[axis]
                bOffset -= bStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Strides of `operand` read as if broadcast to `shape` (0 along broadcast axes).
    static func broadcastStrides(_ operand: [Int], rank: Int, shape: [Int]) -> [Int] {
        let own = Shape.strides(operand)
        let offset = rank - operand.count
        return (0..<rank).map { axis in
            axis < offset || operand[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// `K(x)` for every element.
    @inline(__always)
    static func unary<K: UnaryKernel, T: TensorFloat>(_: K.Type, _ x: [T]) -> [T] {
        if x.isEmpty { return [] }
        if x.count <= smallOutputLimit {
            var out = x
            out.withUnsafeMutableBufferPointer { out in
                unaryLoop(K.self, UnsafePointer(out.baseAddress!), out.baseAddress!, 0..<out.count)
            }
            return out
        }
        return [T](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                ParallelLoop.forEachChunk(count: x.count, parts: ParallelLoop.parts(forElements: x.count)) { range in
                    unaryLoop(K.self, x.baseAddress!, out.baseAddress!, range)
                }
            }
            initialized = x.count
        }
    }
}

// MARK: - Dispatch on the element type

extension TensorData {
    /// `K(a, b)` with broadcasting, computed in the wider element type.
    static func binary<K: BinaryKernel>(_ kernel: K.Type, _ a: TensorData, _ aShape: [Int], _ b: TensorData, _ bShape: [Int], into shape: [Int]) -> TensorData {
        // Operands of one type (the usual case) go straight to the loop, without two conversions.
        switch (a, b) {
        case (.float32(let x), .float32(let y)): return .float32(ElementwiseKernels.binary(kernel, x, aShape, y, bShape, into: shape))
        case (.float64(let x), .float64(let y)): return .float64(ElementwiseKernels.binary(kernel, x, aShape, y, bShape, into: shape))
        default: break
        }
        return switch (a.converted(to: DType.promoted(a.dtype, b.dtype)), b.converted(to: DType.promoted(a.dtype, b.dtype))) {
        case (.float32(let x), .float32(let y)): .float32(ElementwiseKernels.binary(kernel, x, aShape, y, bShape, into: shape))
        case (.float64(let x), .float64(let y)): .float64(ElementwiseKernels.binary(kernel, x, aShape, y, bShape, into: shape))
        default: fatalError("unreachable: operands were converted to one type")
        }
    }

    /// `K(x)` for every element.
    func unary<K: UnaryKernel>(_ kernel: K.Type) -> TensorData {
        switch self {
        case .float32(let x): .float32(ElementwiseKernels.unary(kernel, x))
        case .float64(let x): .float64(ElementwiseKernels.unary(kernel, x))
        }
    }
}
