import Autograd
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam (Kingma & Ba), with optional L2 weight decay added to the gradient, as PyTorch's
/// `torch.optim.Adam`.
///
/// With gradient g, rate η, decay rates β₁ and β₂ and the parameter's own step count t = 1, 2, …:
///
///     g ← g + λ·p                                (only when weightDecay λ ≠ 0)
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     m̂ = m / (1 − β₁ᵗ),       v̂ = v / (1 − β₂ᵗ)
///     p ← p − η·m̂ / (√v̂ + ε)
///
/// The bias corrections make the first steps full-sized although m and v start at zero. For weight
/// decay that does not pass through the moments, use ``AdamW``.
public final class Adam: OptimizerBase<Adam.State> {
    /// A parameter's moments and step count.
    public struct State {
        /// The first moment m (a running mean of the gradient).
        public var firstMoment: Tensor?
        /// The second moment v (a running mean of the squared gradient).
        public var secondMoment: Tensor?
        /// The number of updates this parameter has had.
        public var step: Int
    }

    /// β₁, the decay rate of the first moment.
    public let beta1: Double
    /// β₂, the decay rate of the second moment.
    public let beta2: Double
    /// ε, added to √v̂ so the step stays finite.
    public let epsilon: Double
    /// The L2 weight decay λ added to the gradient (coupled; 0 for none).
    public let weightDecay: Double

    /// Creates an optimizer with a learning-rate schedule.
    public init(
        parameters: [Parameter], schedule: LearningRateSchedule, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(
            (0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: betas must lie in [0, 1), not \(beta1), \(beta2)",
            file: file, line: line)
        require(epsilon >= 0, "Adam: epsilon must be non-negative, not \(epsilon)", file: file, line: line)
        require(weightDecay >= 0, "Adam: weight decay must be non-negative, not \(weightDecay)", file: file, line: line)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        super.init(parameters: parameters, schedule: schedule)
    }

    /// Creates an optimizer with a constant learning rate (10⁻³ by default).
    public convenience init(
        parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(learningRate >= 0, "Adam: the learning rate must be non-negative, not \(learningRate)", file: file, line: line)
        self.init(
            parameters: parameters, schedule: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, file: file, line: line)
    }

    /// Zero moments, no steps.
    public override func makeState(for parameter: Parameter) -> State {
        State(firstMoment: nil, secondMoment: nil, step: 0)
    }

    /// One Adam step for one parameter.
    public override func update(_ value: Tensor, gradient: Tensor, state: inout State, learningRate: Double) -> Tensor {
        let direction = weightDecay == 0 ? gradient : gradient + weightDecay * value
        return value - learningRate * state.advance(with: direction, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }
}

extension Adam.State {
    /// Advances the moments with `gradient` and returns the bias-corrected m̂ / (√v̂ + ε).
    mutating func advance(with gradient: Tensor, beta1: Double, beta2: Double, epsilon: Double) -> Tensor {
        step += 1
        let squared = gradient * gradient
        let first = firstMoment.map { beta1 * $0 + (1 - beta1) * gradient } ?? (1 - beta1) * gradient
        let second = secondMoment.map { beta2 * $0 + (1 - beta2) * squared } ?? (1 - beta2) * squared
        firstMoment = first
        secondMoment = second
        let t = Double(step)
        let firstCorrected = first / (1 - pow(beta1, t))
        let secondCorrected = second / (1 - pow(beta2, t))
        return firstCorrected / (sqrt(secondCorrected) + epsilon)
    }
}
