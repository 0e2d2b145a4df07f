import Autograd

/// Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch's `torch.optim.AdamW`.
///
/// The decay shrinks the parameter directly instead of passing through the moments:
///
///     p ← p − η·λ·p
///     p ← p − η·m̂ / (√v̂ + ε)       (m̂ and v̂ from the undecayed gradient, as in ``Adam``)
public final class AdamW: OptimizerBase<Adam.State> {
    /// β₁, the decay rate of the first moment.
    public let beta1: Double
    /// β₂, the decay rate of the second moment.
    public let beta2: Double
    /// ε, added to √v̂ so the step stays finite.
    public let epsilon: Double
    /// The decoupled weight decay λ (10⁻² by default, as PyTorch).
    public let weightDecay: Double

    /// Creates an optimizer with a learning-rate schedule.
    public init(
        parameters: [Parameter], schedule: LearningRateSchedule, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 1e-2, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(
            (0..<1).contains(beta1) && (0..<1).contains(beta2), "AdamW: betas must lie in [0, 1), not \(beta1), \(beta2)",
            file: file, line: line)
        require(epsilon >= 0, "AdamW: epsilon must be non-negative, not \(epsilon)", file: file, line: line)
        require(weightDecay >= 0, "AdamW: weight decay must be non-negative, not \(weightDecay)", file: file, line: line)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        super.init(parameters: parameters, schedule: schedule)
    }

    /// Creates an optimizer with a constant learning rate (10⁻³ by default).
    public convenience init(
        parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 1e-2, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(learningRate >= 0, "AdamW: the learning rate must be non-negative, not \(learningRate)", file: file, line: line)
        self.init(
            parameters: parameters, schedule: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, file: file, line: line)
    }

    /// Zero moments, no steps.
    public override func makeState(for parameter: Parameter) -> Adam.State {
        Adam.State(firstMoment: nil, secondMoment: nil, step: 0)
    }

    /// One AdamW step for one parameter.
    public override func update(_ value: Tensor, gradient: Tensor, state: inout Adam.State, learningRate: Double) -> Tensor {
        let decayed = weightDecay == 0 ? value : value * (1 - learningRate * weightDecay)
        return decayed - learningRate * state.advance(with: gradient, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }
}
