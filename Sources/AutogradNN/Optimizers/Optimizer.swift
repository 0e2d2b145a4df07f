import Autograd

/// Something that updates parameters from their gradients, one step at a time.
///
/// A training step is: `zeroGrad()`, forward, `loss.backward()`, `step()`.
public protocol Optimizer: AnyObject {
    /// The parameters this optimizer updates, each once.
    var parameters: [Parameter] { get }
    /// The number of steps taken so far.
    var stepCount: Int { get }
    /// The learning rate the next ``step()`` will use.
    var learningRate: Double { get }
    /// Updates every parameter that has a gradient, without recording a graph.
    func step()
}

extension Optimizer {
    /// Clears the gradient of every parameter.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}

/// The shared machinery of an optimizer: a subclass writes only its per-parameter `State` and its
/// update rule.
///
/// `step()` asks the ``schedule`` for this step's rate, then, for each parameter with a gradient,
/// makes its state on first use (``makeState(for:)``), computes the new values with
/// ``update(_:gradient:state:learningRate:)`` (under `withoutGradients`, on detached values) and
/// assigns them to the parameter. Parameters without a gradient are skipped and their state is left
/// untouched, as in PyTorch.
///
/// ```swift
/// final class SignSGD: OptimizerBase<Void> {
///     override func makeState(for parameter: Parameter) {}
///     override func update(_ value: Tensor, gradient: Tensor, state: inout Void, learningRate: Double) -> Tensor {
///         value - learningRate * (gradient .> 0) + learningRate * (gradient .< 0)
///     }
/// }
/// ```
open class OptimizerBase<State>: Optimizer {
    /// The parameters this optimizer updates, each once, in the order given.
    public let parameters: [Parameter]
    /// The learning rate at each step.
    public var schedule: LearningRateSchedule
    /// The number of steps taken so far.
    public private(set) var stepCount = 0
    /// Each parameter's state, made on its first update.
    private var states: [State?]

    /// Creates an optimizer of `parameters` (repeats are dropped) with a learning-rate schedule.
    public init(parameters: [Parameter], schedule: LearningRateSchedule) {
        var seen: Set<ObjectIdentifier> = []
        self.parameters = parameters.filter { seen.insert(ObjectIdentifier($0)).inserted }
        self.schedule = schedule
        states = Array(repeating: nil, count: self.parameters.count)
    }

    /// The learning rate the next ``step()`` will use.
    public var learningRate: Double { schedule(stepCount) }

    /// The state of `parameter` before its first update (override in every subclass).
    open func makeState(for parameter: Parameter) -> State {
        fatalError("\(type(of: self)) must override makeState(for:)")
    }

    /// The parameter's new values given its current `value` and `gradient` (override in every
    /// subclass). Both are constants and no graph is recorded.
    open func update(_ value: Tensor, gradient: Tensor, state: inout State, learningRate: Double) -> Tensor {
        fatalError("\(type(of: self)) must override update(_:gradient:state:learningRate:)")
    }

    /// Updates `parameter` given its `gradient` (a constant); runs with no graph recorded. By default
    /// it assigns the values ``update(_:gradient:state:learningRate:)`` computes; a subclass whose rule
    /// ends in `p ← p − η·d` can override it to update the parameter in place
    /// (``Parameter/descend(along:rate:file:line:)``) rather than allocate new values every step.
    open func apply(to parameter: Parameter, gradient: Tensor, state: inout State, learningRate: Double) {
        parameter.assign(update(parameter.value.detached(), gradient: gradient, state: &state, learningRate: learningRate))
    }

    /// The state of `parameter`, nil before its first update.
    public func state(of parameter: Parameter) -> State? {
        parameters.firstIndex { $0 === parameter }.flatMap { states[$0] }
    }

    /// Updates every parameter that has a gradient, then advances the step count.
    public func step() {
        let rate = learningRate
        withoutGradients {
            for (index, parameter) in parameters.enumerated() {
                guard let gradient = parameter.grad else { continue }
                var state = states[index] ?? makeState(for: parameter)
                apply(to: parameter, gradient: gradient.detached(), state: &state, learningRate: rate)
                states[index] = state
            }
        }
        stepCount += 1
    }
}
