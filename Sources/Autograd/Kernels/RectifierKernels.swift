// ReLU's forward and backward loops. The data's signs are random, so each loop must compile to a
// compare and a blend, not a branch per element (which mispredicts about half the time): each is one
// select on a single comparison, over pointers passed as arguments, which the compiler vectorises.
// (`ReLUKernel`'s `x > 0 || x.isNaN ? x : 0` is two tests joined by a branch, and generic SIMD types
// built their masks element by element.) No autograd here.

/// The rectifier's raw loops over contiguous buffers.
enum RectifierKernels {
    /// max(x, 0) with NaN kept, exactly as `ReLUKernel`: x ≤ 0 is false for NaN, which passes
    /// through, and −0 becomes +0.
    static func relu<T: TensorFloat>(_ x: [T]) -> [T] {
        map(x) { x, _, out, range in
            for i in range { out[i] = x[i] <= 0 ? 0 : x[i] }
        }
    }

    /// `x > 0 ? g : 0` elementwise for buffers of one count: ReLU's backward in one pass.
    static func reluGradient<T: TensorFloat>(_ g: [T], where x: [T]) -> [T] {
        require(g.count == x.count, "reluGradient: \(g.count) gradients for \(x.count) inputs")
        return x.withUnsafeBufferPointer { x in
            map(g, x.baseAddress) { g, x, out, range in
                guard let x else { return }
                for i in range {
                    // Both loads unconditional: a load only on one side of the choice cannot be
                    // speculated, and the loop then stays scalar.
                    let (value, input) = (g[i], x[i])
                    out[i] = input > 0 ? value : 0
                }
            }
        }
    }

    /// A new buffer of `source.count` elements, filled by `body(source, other, out, range)` over
    /// chunks of the index range, split across threads when large (ParallelLoop.elementThreshold).
    @inline(__always)
    private static func map<T: TensorFloat>(
        _ source: [T], _ other: UnsafePointer<T>? = nil,
        _ body: (UnsafePointer<T>, UnsafePointer<T>?, UnsafeMutablePointer<T>, Range<Int>) -> Void
    ) -> [T] {
        if source.isEmpty { return [] }
        return [T](unsafeUninitializedCapacity: source.count) { out, initialized in
            source.withUnsafeBufferPointer { source in
                let (input, output) = (source.baseAddress!, out.baseAddress!)
                let parts = ParallelLoop.parts(forElements: source.count)
                ParallelLoop.forEachChunk(count: source.count, parts: parts) { range in
                    body(input, other, output, range)
                }
            }
            initialized = source.count
        }
    }
}

// MARK: - Dispatch on the element type

extension TensorData {
    /// max(x, 0) elementwise, NaN kept.
    func relu() -> TensorData {
        switch self {
        case .float32(let x): .float32(RectifierKernels.relu(x))
        case .float64(let x): .float64(RectifierKernels.relu(x))
        }
    }

    /// `x > 0 ? g : 0` elementwise, in `g`'s element type.
    static func reluGradient(_ g: TensorData, where x: TensorData) -> TensorData {
        switch (g, x.converted(to: g.dtype)) {
        case (.float32(let g), .float32(let x)): .float32(RectifierKernels.reluGradient(g, where: x))
        case (.float64(let g), .float64(let x)): .float64(RectifierKernels.reluGradient(g, where: x))
        default: preconditionFailure("unreachable: x was converted to g's type")
        }
    }
}
