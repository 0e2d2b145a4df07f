import Autograd

/// Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay, as
/// PyTorch's `torch.optim.SGD`.
///
/// With gradient g, rate η, momentum μ, dampening τ and weight decay λ, one step is
///
///     g ← g + λ·p
///     b ← g                        on the first step
///     b ← μ·b + (1 − τ)·g          after it
///     d ← g + μ·b   (Nesterov)     or   b   (classical)   or   g   (μ = 0)
///     p ← p − η·d
///
/// With no momentum and no decay it is exactly `p ← p − η·g`.
public final class SGD: OptimizerBase<SGD.State> {
    /// A parameter's momentum buffer (nil without momentum).
    public struct State {
        /// The running velocity b.
        public var momentumBuffer: Tensor?
    }

    /// The momentum factor μ (0 for none).
    public let momentum: Double
    /// The dampening τ of the momentum buffer's update.
    public let dampening: Double
    /// Whether the step uses Nesterov's look-ahead momentum.
    public let nesterov: Bool
    /// The L2 weight decay λ, added to the gradient as λ·p.
    public let weightDecay: Double

    /// Creates an optimizer with a learning-rate schedule.
    public init(
        parameters: [Parameter], schedule: LearningRateSchedule, momentum: Double = 0, dampening: Double = 0,
        nesterov: Bool = false, weightDecay: Double = 0, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(momentum >= 0, "SGD: momentum must be non-negative, not \(momentum)", file: file, line: line)
        require(weightDecay >= 0, "SGD: weight decay must be non-negative, not \(weightDecay)", file: file, line: line)
        require(
            !nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs momentum > 0 and no dampening",
            file: file, line: line)
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        super.init(parameters: parameters, schedule: schedule)
    }

    /// Creates an optimizer with a constant learning rate.
    public convenience init(
        parameters: [Parameter], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
        nesterov: Bool = false, weightDecay: Double = 0, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(learningRate >= 0, "SGD: the learning rate must be non-negative, not \(learningRate)", file: file, line: line)
        self.init(
            parameters: parameters, schedule: .constant(learningRate), momentum: momentum, dampening: dampening,
            nesterov: nesterov, weightDecay: weightDecay, file: file, line: line)
    }

    /// An empty momentum buffer.
    public override func makeState(for parameter: Parameter) -> State {
        State(momentumBuffer: nil)
    }

    /// One SGD step for one parameter.
    public override func update(_ value: Tensor, gradient: Tensor, state: inout State, learningRate: Double) -> Tensor {
        value - learningRate * direction(value, gradient: gradient, state: &state)
    }

    /// One SGD step for one parameter, in place: the same values as ``update(_:gradient:state:learningRate:)``
    /// without allocating a new parameter tensor (nor, without momentum or decay, any tensor).
    public override func apply(to parameter: Parameter, gradient: Tensor, state: inout State, learningRate: Double) {
        let step = momentum == 0 && weightDecay == 0
            ? gradient : direction(parameter.value.detached(), gradient: gradient, state: &state)
        parameter.descend(along: step, rate: learningRate)
    }

    /// The direction d of the step (the gradient after decay and momentum), updating the momentum buffer.
    private func direction(_ value: Tensor, gradient: Tensor, state: inout State) -> Tensor {
        var direction = weightDecay == 0 ? gradient : gradient + weightDecay * value
        if momentum != 0 {
            let buffer: Tensor
            if let previous = state.momentumBuffer {
                buffer = momentum * previous + (1 - dampening) * direction
            } else {
                buffer = direction
            }
            state.momentumBuffer = buffer
            direction = nesterov ? direction + momentum * buffer : buffer
        }
        return direction
    }
}
