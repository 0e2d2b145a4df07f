// Reductions beyond sum and mean: max and min with their arg-versions, and the numerically stable
// log-sum-exp, softmax and log-softmax.

extension Tensor {
    // MARK: - Max and min

    /// The largest element over `axes` (all when nil), keeping them as size 1 when `keepDims`; a NaN
    /// makes the result NaN. The gradient is shared evenly among the elements that tie for it.
    public func max(axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let axes = extremumAxes(axes, "max", at: CallerLocation(file: file, line: line))
        return MaxFunction(axes: axes, keepDims: keepDims).applied(to: self, file: file, line: line)
    }

    /// The largest element over one axis.
    public func max(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        max(axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// The smallest element over `axes` (all when nil), keeping them as size 1 when `keepDims`; a NaN
    /// makes the result NaN. The gradient is shared evenly among the elements that tie for it.
    public func min(axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let axes = extremumAxes(axes, "min", at: CallerLocation(file: file, line: line))
        return MinFunction(axes: axes, keepDims: keepDims).applied(to: self, file: file, line: line)
    }

    /// The smallest element over one axis.
    public func min(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        min(axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// The index of the first largest element along `axis` (of the flattened tensor when nil), as
    /// numbers of this tensor's type; not differentiable. A NaN counts as the largest.
    public func argmax(axis: Int? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        ArgumentOfExtremum<ExtremumKernels.Largest>(axis: axis, keepDims: keepDims, name: "argmax", location: CallerLocation(file: file, line: line))
            .evaluated(on: self)
    }

    /// The index of the first smallest element along `axis` (of the flattened tensor when nil), as
    /// numbers of this tensor's type; not differentiable. A NaN counts as the smallest.
    public func argmin(axis: Int? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        ArgumentOfExtremum<ExtremumKernels.Smallest>(axis: axis, keepDims: keepDims, name: "argmin", location: CallerLocation(file: file, line: line))
            .evaluated(on: self)
    }

    /// Normalised axes for max or min, none of them empty (an empty slice has no extremum).
    private func extremumAxes(_ axes: [Int]?, _ operation: String, at location: CallerLocation) -> [Int] {
        let normalized = Shape.normalize(axes: axes, rank: rank, operation, at: location)
        let empty = normalized.first { shape[$0] == 0 }
        tensorPrecondition(
            empty == nil, operation, "axis \(empty ?? 0) of shape \(shape) is empty and has no extremum", at: location)
        return normalized
    }

    /// The index of the first extremum along `axis`, or over the flattened tensor when nil.
    fileprivate func argumentOfExtremum<K: ExtremumKernel>(
        _ kernel: K.Type, axis: Int?, keepDims: Bool, _ operation: String, at location: CallerLocation
    ) -> Tensor {
        guard let axis else {
            tensorPrecondition(count > 0, operation, "an empty tensor of shape \(shape) has no extremum", at: location)
            let flat = Tensor(storage: storage, shape: [count])
            let index = flat.argumentOfExtremum(kernel, axis: 0, keepDims: false, operation, at: location)
            return keepDims ? index.reshaped(to: [Int](repeating: 1, count: rank)) : index
        }
        let normalized = Shape.normalize(axis: axis, rank: rank, operation, at: location)
        if rank == 0 { return Tensor.zeros(shape: [], dtype: dtype) }
        tensorPrecondition(
            shape[normalized] > 0, operation, "axis \(axis) of shape \(shape) is empty and has no extremum", at: location)
        let indices = storage.argumentOfExtremum(kernel, shape: shape, axis: normalized)
        return Tensor(storage: indices, shape: Shape.reduced(shape, axes: [normalized], keepDims: keepDims))
    }

    // MARK: - Stable exponential reductions

    /// log Σ e^x over `axes` (all when nil), keeping them as size 1 when `keepDims`; computed after
    /// subtracting the maximum, so large inputs neither overflow nor lose the result.
    public func logsumexp(axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let axes = Shape.normalize(axes: axes, rank: rank, "logsumexp", at: CallerLocation(file: file, line: line))
        return LogSumExpFunction(axes: axes, keepDims: keepDims).applied(to: self, file: file, line: line)
    }

    /// log Σ e^x over one axis.
    public func logsumexp(axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        logsumexp(axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// e^x / Σ e^x along `axis` (the last by default): non-negative values that sum to 1 along it.
    public func softmax(axis: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let axis = Shape.normalize(axis: axis, rank: rank, "softmax", at: CallerLocation(file: file, line: line))
        return SoftmaxFunction(axes: rank == 0 ? [] : [axis]).applied(to: self, file: file, line: line)
    }

    /// x − log Σ e^x along `axis` (the last by default): the logarithm of ``softmax(axis:file:line:)``,
    /// accurate where the softmax underflows to 0.
    public func logSoftmax(axis: Int = -1, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let axis = Shape.normalize(axis: axis, rank: rank, "logSoftmax", at: CallerLocation(file: file, line: line))
        return LogSoftmaxFunction(axes: rank == 0 ? [] : [axis]).applied(to: self, file: file, line: line)
    }
}

/// argmax or argmin as a value computation (recorded while a trace records, so that replays find
/// their own indices).
private struct ArgumentOfExtremum<K: ExtremumKernel>: UnaryValueComputation {
    let axis: Int?
    let keepDims: Bool
    let name: String
    let location: CallerLocation
    func compute(_ x: Tensor) -> Tensor {
        x.argumentOfExtremum(K.self, axis: axis, keepDims: keepDims, name, at: location)
    }
}
