// Loops for an operation between every element and one number (`x * 2`, `x + 0.5`): the number is a
// loop constant, so no one-element tensor is made for it and no broadcast is worked out.

extension ElementwiseKernels {
    /// `K(x[i], scalar)` for every element.
    ///
    /// Small outputs start as a copy of `x` and are overwritten in place, for the reason
    /// `smallOutputLimit` gives; large ones are split across the compute threads.
    static func withScalar<K: BinaryKernel, T: TensorFloat>(_: K.Type, _ x: [T], _ scalar: T) -> [T] {
        if x.isEmpty { return [] }
        if x.count <= smallOutputLimit {
            var out = x
            out.withUnsafeMutableBufferPointer { out in
                for i in 0..<out.count { out[i] = K.apply(out[i], scalar) }
            }
            return out
        }
        return [T](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                ParallelLoop.forEachChunk(count: x.count, parts: ParallelLoop.parts(forElements: x.count)) { range in
                    scalarLoop(K.self, x.baseAddress!, scalar, out.baseAddress!, range)
                }
            }
            initialized = x.count
        }
    }

    /// `out[i] = K(x[i], scalar)` over `range` (pointers as arguments, as in `binaryLoop`).
    @inline(__always)
    static func scalarLoop<K: BinaryKernel, T: TensorFloat>(
        _: K.Type, _ x: UnsafePointer<T>, _ scalar: T, _ out: UnsafeMutablePointer<T>, _ range: Range<Int>
    ) {
        for i in range { out[i] = K.apply(x[i], scalar) }
    }
}

extension TensorData {
    /// `K(x, scalar)` for every element, with `scalar` rounded to this element type first (as a
    /// constant tensor of this type would hold it).
    func withScalar<K: BinaryKernel>(_ kernel: K.Type, _ scalar: Double) -> TensorData {
        switch self {
        case .float32(let x): .float32(ElementwiseKernels.withScalar(kernel, x, Float(scalar)))
        case .float64(let x): .float64(ElementwiseKernels.withScalar(kernel, x, scalar))
        }
    }
}
