/// Numerically stable log-sum-exp, softmax and log-softmax over axes, on raw values. No autograd here.
///
/// Each subtracts the maximum over the reduced axes before exponentiating, so that `exp` never
/// overflows and at least one term of every sum is 1. A maximum that is not finite (a slice of −∞,
/// or one holding +∞) is replaced by 0, so that log-sum-exp of −∞s is −∞ and of +∞ is +∞, not NaN.
enum LogSumExpKernels {
    /// e^(x − shift).
    enum ShiftedExponential: BinaryKernel {
        @inlinable static func apply<T: TensorFloat>(_ x: T, _ shift: T) -> T { T.exponential(x - shift) }
    }

    /// log(sum) + shift.
    enum ShiftedLogarithm: BinaryKernel {
        @inlinable static func apply<T: TensorFloat>(_ sum: T, _ shift: T) -> T { T.logarithm(sum) + shift }
    }

    /// x − shift − log(sum), written so that x − shift is exact when x is the maximum.
    enum Normalised: BinaryKernel {
        @inlinable static func apply<T: TensorFloat>(_ shifted: T, _ sum: T) -> T { shifted - T.logarithm(sum) }
    }

    /// The value when finite, else 0.
    enum FiniteOrZero: UnaryKernel {
        @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { x.isFinite ? x : 0 }
    }
}

extension TensorData {
    /// The shifts and the sums of shifted exponentials over `axes` (both in the kept shape), and the
    /// exponentials themselves (in `shape`).
    private func shiftedExponentials(shape: [Int], axes: [Int]) -> (shift: TensorData, exponentials: TensorData, sums: TensorData) {
        let kept = Shape.reduced(shape, axes: axes, keepDims: true)
        let shift = extremum(ExtremumKernels.Largest.self, shape: shape, axes: axes).unary(LogSumExpKernels.FiniteOrZero.self)
        let exponentials = TensorData.binary(LogSumExpKernels.ShiftedExponential.self, self, shape, shift, kept, into: shape)
        return (shift, exponentials, exponentials.summed(shape: shape, axes: axes))
    }

    /// log Σ e^x over `axes` (sorted, distinct), in the shape with those axes set to 1.
    func logSumExp(shape: [Int], axes: [Int]) -> TensorData {
        let kept = Shape.reduced(shape, axes: axes, keepDims: true)
        let (shift, _, sums) = shiftedExponentials(shape: shape, axes: axes)
        return TensorData.binary(LogSumExpKernels.ShiftedLogarithm.self, sums, kept, shift, kept, into: kept)
    }

    /// e^x / Σ e^x over `axes`, in `shape`.
    func softmax(shape: [Int], axes: [Int]) -> TensorData {
        let kept = Shape.reduced(shape, axes: axes, keepDims: true)
        let (_, exponentials, sums) = shiftedExponentials(shape: shape, axes: axes)
        return TensorData.binary(DivideKernel.self, exponentials, shape, sums, kept, into: shape)
    }

    /// x − log Σ e^x over `axes`, in `shape`.
    func logSoftmax(shape: [Int], axes: [Int]) -> TensorData {
        let kept = Shape.reduced(shape, axes: axes, keepDims: true)
        let (shift, _, sums) = shiftedExponentials(shape: shape, axes: axes)
        let shifted = TensorData.binary(SubtractKernel.self, self, shape, shift, kept, into: shape)
        return TensorData.binary(LogSumExpKernels.Normalised.self, shifted, shape, sums, kept, into: shape)
    }
}
