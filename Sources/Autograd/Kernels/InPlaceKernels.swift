// Loops that overwrite a buffer with a function of itself, for updates that would otherwise allocate
// a fresh array of the same size on every call (an optimizer step: x ← x − s·y on each parameter; a
// backward pass summing the gradients that reach one node). No autograd here.

enum InPlaceKernels {
    /// x[i] ← x[i] − s·y[i] for every element, rounding as `x - s * y` does on tensors (the product
    /// rounded, then the difference), so the result is bit for bit that of the two separate
    /// operations. Large buffers split across threads (ParallelLoop.elementThreshold).
    static func subtractScaled<T: TensorFloat>(_ x: inout [T], _ y: [T], scale: T) {
        let count = x.count
        x.withUnsafeMutableBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                let (x, y) = (x.baseAddress!, y.baseAddress!)
                ParallelLoop.forEachChunk(count: count, parts: ParallelLoop.parts(forElements: count)) { range in
                    for i in range { x[i] = x[i] - scale * y[i] }
                }
            }
        }
    }

    /// x[i] ← K(x[i], y[i]) for every element: the bits of the out-of-place binary kernel on two
    /// buffers of one shape. Large buffers split across threads (ParallelLoop.elementThreshold).
    static func combine<K: BinaryKernel, T: TensorFloat>(_: K.Type, _ x: inout [T], _ y: [T]) {
        let count = x.count
        x.withUnsafeMutableBufferPointer { x in
            y.withUnsafeBufferPointer { y in
                let (x, y) = (x.baseAddress!, y.baseAddress!)
                ParallelLoop.forEachChunk(count: count, parts: ParallelLoop.parts(forElements: count)) { range in
                    for i in range { x[i] = K.apply(x[i], y[i]) }
                }
            }
        }
    }
}
