// Loops that overwrite a buffer with a function of itself, for updates that would otherwise allocate
// a fresh array of the same size on every call (an optimizer step: x ← x − s·y on each parameter).
// No autograd here.

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
}
