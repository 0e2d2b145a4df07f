/// Which extremum a reduction looks for, as a type so that loops specialise on it.
///
/// A NaN wins over every number and, once found, is kept: the extremum of values containing a NaN is
/// NaN, and an arg-extremum is the index of the first NaN (as NumPy does).
@usableFromInline
protocol ExtremumKernel {
    /// The value every element beats: −∞ for the maximum, +∞ for the minimum.
    static func identity<T: TensorFloat>(_: T.Type) -> T
    /// Whether `candidate` replaces `current`.
    static func prefers<T: TensorFloat>(_ candidate: T, over current: T) -> Bool
}

/// Raw max/min reductions and arg-reductions over row-major buffers. No autograd here.
enum ExtremumKernels {
    /// The largest element.
    enum Largest: ExtremumKernel {
        @inlinable static func identity<T: TensorFloat>(_: T.Type) -> T { -T.infinity }
        @inlinable static func prefers<T: TensorFloat>(_ candidate: T, over current: T) -> Bool {
            !current.isNaN && (candidate > current || candidate.isNaN)
        }
    }

    /// The smallest element.
    enum Smallest: ExtremumKernel {
        @inlinable static func identity<T: TensorFloat>(_: T.Type) -> T { T.infinity }
        @inlinable static func prefers<T: TensorFloat>(_ candidate: T, over current: T) -> Bool {
            !current.isNaN && (candidate < current || candidate.isNaN)
        }
    }

    /// 1 where an element equals the extremum it is compared with (NaN matching NaN), else 0.
    enum Ties: BinaryKernel {
        @inlinable static func apply<T: TensorFloat>(_ element: T, _ extremum: T) -> T {
            element == extremum || (element.isNaN && extremum.isNaN) ? 1 : 0
        }
    }

    /// Folds by keeping the preferred element.
    enum Combiner<K: ExtremumKernel>: ReductionCombiner {
        @inlinable static func combine<T: TensorFloat>(_ accumulated: T, _ element: T) -> T {
            K.prefers(element, over: accumulated) ? element : accumulated
        }
    }

    /// The extremum of `x` (of `shape`) over `axes` (sorted, distinct), in the shape with those axes set to 1.
    static func reduce<K: ExtremumKernel, T: TensorFloat>(_: K.Type, _ x: [T], shape: [Int], axes: [Int]) -> [T] {
        ReductionKernels.reduce(Combiner<K>.self, x, shape: shape, axes: axes, initial: K.identity(T.self))
    }

    /// The index along `axis` of the first extremum of `x` (of `shape`, `shape[axis] > 0`), as a
    /// number, in the shape with `axis` set to 1.
    static func argument<K: ExtremumKernel, T: TensorFloat>(_: K.Type, _ x: [T], shape: [Int], axis: Int) -> [T] {
        let outer = Shape.count(Array(shape[..<axis]))
        let length = shape[axis]
        let inner = Shape.count(Array(shape[(axis + 1)...]))
        var indices = [T](repeating: 0, count: outer * inner)
        var best = [T](repeating: 0, count: inner)
        indices.withUnsafeMutableBufferPointer { indices in
            best.withUnsafeMutableBufferPointer { best in
                x.withUnsafeBufferPointer { x in
                    // Walk each outer block slice by slice, so reads stay contiguous.
                    for block in 0..<outer {
                        let base = block * length * inner
                        let out = block * inner
                        for j in 0..<inner { best[j] = x[base + j] }
                        for position in 1..<Swift.max(length, 1) {
                            let slice = base + position * inner
                            for j in 0..<inner where K.prefers(x[slice + j], over: best[j]) {
                                best[j] = x[slice + j]
                                indices[out + j] = T(position)
                            }
                        }
                    }
                }
            }
        }
        return indices
    }
}

// MARK: - Dispatch on the element type

extension TensorData {
    /// The extremum over `axes` (sorted, distinct) of elements laid out in `shape`; reduced axes become 1.
    func extremum<K: ExtremumKernel>(_ kernel: K.Type, shape: [Int], axes: [Int]) -> TensorData {
        switch self {
        case .float32(let x): .float32(ExtremumKernels.reduce(kernel, x, shape: shape, axes: axes))
        case .float64(let x): .float64(ExtremumKernels.reduce(kernel, x, shape: shape, axes: axes))
        }
    }

    /// The index of the first extremum along `axis` of elements laid out in `shape`; `axis` becomes 1.
    func argumentOfExtremum<K: ExtremumKernel>(_ kernel: K.Type, shape: [Int], axis: Int) -> TensorData {
        switch self {
        case .float32(let x): .float32(ExtremumKernels.argument(kernel, x, shape: shape, axis: axis))
        case .float64(let x): .float64(ExtremumKernels.argument(kernel, x, shape: shape, axis: axis))
        }
    }
}
