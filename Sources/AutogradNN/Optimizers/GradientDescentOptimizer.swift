import Autograd

/// Plain gradient descent on scalar-engine parameters, as the lecture notes of SEEDS §4 write it.
///
/// A ``Scalar`` leaf is shared by reference (its `data` and `grad` live in its record), so the
/// optimizer updates the very values the caller holds:
///
/// ```swift
/// let w0 = Scalar(0), w1 = Scalar(0)
/// let optimizer = GradientDescentOptimizer(parameters: [w0, w1], lr: 0.01)
/// for _ in 0..<epochs {
///     optimizer.zeroGrad()
///     let loss = meanSquaredError(…)     // built from w0 and w1
///     loss.backward()
///     optimizer.step()                   // p.data -= lr * p.grad
/// }
/// ```
///
/// The `lr:` label keeps the tutorial's spelling.
public final class GradientDescentOptimizer {
    /// The leaves this optimizer updates.
    public let parameters: [Scalar]
    /// The step size.
    public var learningRate: Double

    /// Creates an optimizer of scalar leaves with step size `lr`.
    public init(parameters: [Scalar], lr: Double) {
        self.parameters = parameters
        learningRate = lr
    }

    /// Moves every parameter against its gradient: `p.data -= lr * p.grad`.
    public func step() {
        for parameter in parameters {
            parameter.data -= learningRate * parameter.grad
        }
    }

    /// Resets every parameter's gradient to 0.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}
