/// How a reduction folds one element into its running result, as a type so that loops specialise
/// on it (no closure per element).
@usableFromInline
protocol ReductionCombiner {
    static func combine<T: TensorFloat>(_ accumulated: T, _ element: T) -> T
}

/// Addition, for sums.
enum SumCombiner: ReductionCombiner {
    @inlinable static func combine<T: TensorFloat>(_ accumulated: T, _ element: T) -> T { accumulated + element }
}

/// Raw reduction loops over row-major buffers. No autograd here.
enum ReductionKernels {
    /// Sums `x` (of `shape`) over `axes` (sorted, distinct), giving the shape with those axes set to 1.
    ///
    /// Float sums accumulate in double and round once at the end. Added one by one in float, a sum
    /// stops growing at 2^24 (twenty million ones sum to 16,777,216) and drifts on long rows;
    /// NumPy sums pairwise and PyTorch in cascades against that, and a double accumulator is simpler
    /// and as accurate for any length that fits in memory. Doubles are summed in order.
    static func sum<T: TensorFloat>(_ x: [T], shape: [Int], axes: [Int]) -> [T] {
        if T.self == Float.self {
            return reduce(SumCombiner.self, x, shape: shape, axes: axes, initial: 0 as Double).map { T($0) }
        }
        return reduce(SumCombiner.self, x, shape: shape, axes: axes, initial: 0 as T)
    }

    /// Folds `x` (of `shape`) over `axes` (sorted, distinct) with `C` into accumulators of type `A`
    /// (each element converted to it), starting every output element at `initial`; the result has
    /// the shape with those axes set to 1.
    static func reduce<C: ReductionCombiner, T: TensorFloat, A: TensorFloat>(
        _: C.Type, _ x: [T], shape: [Int], axes: [Int], initial: A
    ) -> [A] {
        let reducedShape = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let outCount = Shape.count(reducedShape)
        let rank = shape.count
        if x.isEmpty { return [A](repeating: initial, count: outCount) }
        if rank == 0 || outCount == 1 {
            if x.count >= ParallelLoop.elementThreshold { return [foldInChunks(C.self, x, initial: initial)] }
            var total = initial
            for value in x { total = C.combine(total, A(value)) }
            return [total]
        }
        var out = [A](repeating: initial, count: outCount)
        // An odometer over the input: each element folds into the output element whose reduced axes'
        // index is 0 (the output read with broadcast strides).
        let outStrides = ElementwiseKernels.broadcastStrides(reducedShape, rank: rank, shape: shape)
        var index = [Int](repeating: 0, count: rank)
        var target = 0
        out.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { x in
                let inner = shape[rank - 1]
                let innerStride = outStrides[rank - 1]
                var i = 0
                while i < x.count {
                    if innerStride == 1 {
                        // The last axis is kept (a bias gradient: a sum over the batch): a row folds
                        // into a row, which vectorises; the same additions in the same order.
                        let (row, source) = (out.baseAddress! + target, x.baseAddress! + i)
                        for j in 0..<inner { row[j] = C.combine(row[j], A(source[j])) }
                        i += inner
                    } else {
                        var t = target
                        for _ in 0..<inner {
                            out[t] = C.combine(out[t], A(x[i]))
                            i += 1
                            t += innerStride
                        }
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

    /// The length of the chunks a long fold to one element is split into (see `foldInChunks`).
    static var foldChunk: Int { ParallelLoop.elementThreshold / 4 }

    /// Folds all of `x` (large) in fixed chunks, the chunks spread across threads, then the chunks'
    /// results in order: the grouping does not depend on the thread count, so neither does the result.
    private static func foldInChunks<C: ReductionCombiner, T: TensorFloat, A: TensorFloat>(_: C.Type, _ x: [T], initial: A) -> A {
        let chunk = foldChunk
        let chunks = (x.count + chunk - 1) / chunk
        var partials = [A](repeating: initial, count: chunks)
        partials.withUnsafeMutableBufferPointer { partials in
            x.withUnsafeBufferPointer { x in
                ParallelLoop.forEachChunk(count: chunks, parts: ParallelLoop.parts(forElements: x.count)) { range in
                    for index in range {
                        var total = initial
                        for i in index * chunk..<Swift.min(x.count, (index + 1) * chunk) { total = C.combine(total, A(x[i])) }
                        partials[index] = total
                    }
                }
            }
        }
        return partials.reduce(initial) { C.combine($0, $1) }
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

/// A running total grouped as eager's sum to one element groups it: in double, and from
/// `ParallelLoop.elementThreshold` elements on in chunks of `ReductionKernels.foldChunk` whose
/// totals are added in order, so that a sequential loop (a replay's) gets eager's bits.
struct EagerOrderSum {
    private var total = 0.0
    private var partial = 0.0
    private var inChunk = 0
    private let chunk: Int

    /// A total of `count` terms, added one at a time to one element.
    init(count: Int) {
        chunk = count >= ParallelLoop.elementThreshold ? ReductionKernels.foldChunk : Int.max
    }

    /// A total of terms that eager folds into one of several outputs: in order, with no chunks.
    static var sequential: EagerOrderSum { EagerOrderSum(count: 0) }

    @inline(__always)
    mutating func add(_ term: Double) {
        partial += term
        inChunk &+= 1
        if inChunk == chunk {
            total += partial
            (partial, inChunk) = (0, 0)
        }
    }

    /// The total.
    var value: Double { total + partial }
}
