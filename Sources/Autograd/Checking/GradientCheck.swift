/// Checking analytic derivatives against central finite differences, in Float64.
///
/// `gradcheck` compares the gradient Autograd computes for a function with
/// (f(x + h) − f(x − h)) / 2h in every coordinate and reports, per input, the largest absolute and
/// relative errors and where they occurred. `gradgradcheck` does the same for the gradient itself
/// (second derivatives through a recorded backward pass). Use them when you write a
/// ``DifferentiableFunction`` of your own.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    /// The errors for one input.
    public struct InputErrors: Sendable {
        /// The largest |analytic − numeric|.
        public var maxAbsoluteError: Double
        /// The largest |analytic − numeric| / max(1, |numeric|).
        public var maxRelativeError: Double
        /// The flat (row-major) index where the relative error was largest.
        public var worstIndex: Int
        /// The analytic derivative there.
        public var analytic: Double
        /// The finite-difference estimate there.
        public var numeric: Double
    }

    /// One entry per input, in order.
    public var inputs: [InputErrors]
    /// The relative tolerance the check was run with.
    public var tolerance: Double

    /// Whether every input is within the tolerance.
    public var passed: Bool { inputs.allSatisfy { $0.maxRelativeError <= tolerance } }

    /// A line per input: the worst error and where it occurred.
    public var description: String {
        inputs.enumerated().map { index, errors in
            "input \(index): max abs error \(errors.maxAbsoluteError), max rel error \(errors.maxRelativeError) at [\(errors.worstIndex)] (analytic \(errors.analytic), numeric \(errors.numeric))"
        }.joined(separator: "\n")
    }
}

/// Compares the gradient of the scalar read-out Σ f(x) with central differences.
///
/// Inputs are converted to Float64; `f` should be written so that it works in that type.
public func gradcheck(
    _ f: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-6, tolerance: Double = 1e-6
) -> GradientCheckReport {
    let point = inputs.map { $0.cutFromGraph().converted(to: .float64) }
    let analytic = gradient(at: point, of: { f($0).sum() }).map(\.scalars)
    let numeric = centralDifferences({ x in withoutGradients { f(x).sum().item() } }, at: point, step: step)
    return GradientCheckReport(inputs: zip(analytic, numeric).map(compare), tolerance: tolerance)
}

/// Checks second derivatives: the gradient of Σ v ⊙ ∇(Σ f) (with fixed weights v) against central
/// differences of that first gradient.
public func gradgradcheck(
    _ f: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-6, tolerance: Double = 1e-5
) -> GradientCheckReport {
    let point = inputs.map { $0.cutFromGraph().converted(to: .float64) }
    let weights = point.map { input in
        Tensor((0..<input.count).map { 0.5 + Double(($0 * 7919) % 97) / 97 }, shape: input.shape, dtype: .float64)
    }
    func firstGradientReadOut(_ x: [Tensor]) -> Tensor {
        zip(gradient(at: x, of: { f($0).sum() }), weights).map { ($0 * $1).sum() }.reduce(Tensor(0.0, dtype: .float64), +)
    }
    let analytic = gradient(at: point, of: firstGradientReadOut).map(\.scalars)
    let numeric = centralDifferences({ firstGradientReadOut($0).item() }, at: point, step: step)
    return GradientCheckReport(inputs: zip(analytic, numeric).map(compare), tolerance: tolerance)
}

/// Central differences of a scalar function of tensors, in every coordinate of every input.
private func centralDifferences(_ value: ([Tensor]) -> Double, at point: [Tensor], step: Double) -> [[Double]] {
    point.indices.map { input in
        (0..<point[input].count).map { index in
            var plus = point, minus = point
            var shifted = point[input].scalars
            shifted[index] += step
            plus[input] = Tensor(shifted, shape: point[input].shape, dtype: .float64)
            shifted[index] -= 2 * step
            minus[input] = Tensor(shifted, shape: point[input].shape, dtype: .float64)
            return (value(plus) - value(minus)) / (2 * step)
        }
    }
}

private func compare(_ analytic: [Double], _ numeric: [Double]) -> GradientCheckReport.InputErrors {
    var errors = GradientCheckReport.InputErrors(maxAbsoluteError: 0, maxRelativeError: 0, worstIndex: 0, analytic: 0, numeric: 0)
    for (index, (a, n)) in zip(analytic, numeric).enumerated() {
        let absolute = Swift.abs(a - n)
        let relative = absolute / Swift.max(1, Swift.abs(n))
        errors.maxAbsoluteError = Swift.max(errors.maxAbsoluteError, absolute)
        if relative > errors.maxRelativeError || index == 0 {
            errors.maxRelativeError = Swift.max(errors.maxRelativeError, relative)
            (errors.worstIndex, errors.analytic, errors.numeric) = (index, a, n)
        }
    }
    return errors
}

/// The result of comparing forward and reverse mode on one function.
public struct ConsistencyReport: Sendable, CustomStringConvertible {
    /// uᵀ(J v), with J·v from forward mode.
    public var forward: Double
    /// (uᵀJ) v, with uᵀJ from reverse mode.
    public var reverse: Double
    /// |forward − reverse| / max(1, |reverse|).
    public var relativeError: Double
    /// The tolerance the check was run with.
    public var tolerance: Double
    /// Whether the two agree within the tolerance.
    public var passed: Bool { relativeError <= tolerance }
    /// Both numbers and the error.
    public var description: String { "forward \(forward), reverse \(reverse), relative error \(relativeError)" }
}

/// Checks that forward and reverse mode agree: uᵀ(J v) from a tangent sweep equals (uᵀJ) v from a
/// pullback, for fixed pseudo-random u and v, in Float64.
public func jvpVJPConsistencyCheck(
    _ f: ([Tensor]) -> Tensor, at inputs: [Tensor], tolerance: Double = 1e-10
) -> ConsistencyReport {
    let point = inputs.map { $0.cutFromGraph().converted(to: .float64) }
    func fixed(_ shape: [Int], _ salt: Int) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor((0..<count).map { 0.5 + Double((($0 + salt) * 7919) % 101) / 101 }, shape: shape, dtype: .float64)
    }
    let tangents = point.enumerated().map { fixed($1.shape, $0 + 1) }
    let (value, tangent) = jvp(at: point, tangents: tangents, of: f)
    let u = fixed(value.shape, 17)
    let forward = (u * tangent.converted(to: .float64)).sum().item()
    let cotangents = valueWithPullback(at: point, of: f).pullback(u)
    let reverse = zip(cotangents, tangents).map { ($0.converted(to: .float64) * $1).sum().item() }.reduce(0, +)
    return ConsistencyReport(
        forward: forward, reverse: reverse, relativeError: Swift.abs(forward - reverse) / Swift.max(1, Swift.abs(reverse)),
        tolerance: tolerance)
}
