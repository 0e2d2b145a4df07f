/// A function of tensors recorded once and replayed many times: new input values give a new value
/// and new gradients without recording a graph again.
///
/// Tracing runs the function once, eagerly, and compiles the graph it records into a list of steps
/// over buffers allocated up front. A replay loads the new inputs, runs the steps forward, then
/// backward, and returns what `valueWithGradient(at:of:)` would: no graph objects, and no
/// allocation per operation for the common primitives (elementwise arithmetic and math, sums to one
/// element, matrix products). Any other operation, including your own ``DifferentiableFunction``s,
/// replays through its own forward and backward rules.
///
/// ```swift
/// var loss = RecordedFunction(at: [w]) { inputs in pow(x.matmul(inputs[0]) - y, 2).mean() }
/// for _ in 0..<100 {
///     let (value, gradient) = loss.valueWithGradient(at: [w])
///     w = w - 0.1 * gradient[0]
/// }
/// ```
///
/// What is recorded is one run: control flow that depends on the values (an `if` on an element,
/// a loop until convergence) is captured as it went when traced, and tensors the function captures
/// rather than receives are constants fixed at their traced values. Each replay's inputs must have
/// the traced shapes and element types. See <doc:RecordAndReplay>.
///
/// `RecordedFunction` is a value: copies replay independently (a copy gets its own buffers when it
/// first replays).
public struct RecordedFunction {
    /// The compiled trace and its buffers, shared by copies until one of them replays.
    private var program: ReplayProgram
    /// Where the trace was recorded, for messages.
    private let tracedAt: CallerLocation

    /// Records `f` at `inputs`, which fix the shapes and element types every replay takes.
    ///
    /// For gradients `f` must return a tensor with one element, as for `valueWithGradient(at:of:)`;
    /// a function with any other output replays its value (``value(at:file:line:)``): a derivative
    /// computed inside `f` (a Hessian-vector product, a Jacobian-vector product) is recorded with
    /// everything else, so replaying it computes the derivative without recording again.
    public init(at inputs: [Tensor], file: StaticString = #fileID, line: UInt = #line, of f: ([Tensor]) -> Tensor) {
        let location = CallerLocation(file: file, line: line)
        let leaves = inputs.map { $0.requiringGrad() }
        // Traced: values computed from the inputs' values (masks, signs, detached copies) are
        // recorded too, so that replays recompute them (see `ValueDependentFunction`).
        var settings = GradientMode.settings(recording: true)
        settings.isTracing = true
        let output = GradientMode.$settings.withValue(settings) { f(leaves) }
        program = ReplayProgram(plan: ReplayCompiler.compile(output: output, leaves: leaves))
        tracedAt = location
    }

    /// Records a function of one tensor at `input`.
    public init(at input: Tensor, file: StaticString = #fileID, line: UInt = #line, of f: (Tensor) -> Tensor) {
        self.init(at: [input], file: file, line: line) { f($0[0]) }
    }

    // MARK: - Replaying

    /// The value of the recorded function at `inputs` and its gradient for each input.
    public mutating func valueWithGradient(
        at inputs: [Tensor], file: StaticString = #fileID, line: UInt = #line
    ) -> (value: Tensor, gradient: [Tensor]) {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(
            program.plan.output.count == 1, "RecordedFunction.valueWithGradient(at:)",
            "the function was traced with an output of shape \(program.plan.output.shape), not a single value "
                + "(at \(tracedAt)); replay its value with value(at:)", at: location)
        prepare(inputs, "valueWithGradient(at:)", at: location)
        program.runForward(inputs)
        program.runBackward()
        return (program.value, program.gradients)
    }

    /// The value of a recorded function of one tensor at `input` and its gradient.
    public mutating func valueWithGradient(
        at input: Tensor, file: StaticString = #fileID, line: UInt = #line
    ) -> (value: Tensor, gradient: Tensor) {
        let (value, gradient) = valueWithGradient(at: [input], file: file, line: line)
        return (value, gradient[0])
    }

    /// The gradient of the recorded function at `inputs` for each input.
    public mutating func gradient(at inputs: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        valueWithGradient(at: inputs, file: file, line: line).gradient
    }

    /// The value of the recorded function at `inputs` (forward only).
    public mutating func value(at inputs: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        prepare(inputs, "value(at:)", at: CallerLocation(file: file, line: line))
        program.runForward(inputs)
        return program.value
    }

    // MARK: - What was recorded

    /// The number of recorded operations a replay runs (reshapes cost nothing and are not counted;
    /// operations on constants only were folded when traced).
    public var stepCount: Int { program.plan.steps.count }

    /// The names of the recorded operations that replay through their own forward and backward
    /// rather than a fast in-place step, in order (empty when every step is fast).
    public var fallbackOperations: [String] { program.plan.fallbackNames }

    /// The shapes of the inputs, as traced.
    public var inputShapes: [[Int]] { program.plan.inputs.map(\.shape) }

    // MARK: - Checks

    /// Checks `inputs` against the trace and makes the buffers this value's own.
    private mutating func prepare(_ inputs: [Tensor], _ method: String, at location: CallerLocation) {
        let traced = program.plan.inputs
        let operation = "RecordedFunction.\(method)"
        tensorPrecondition(
            inputs.count == traced.count, operation,
            "\(inputs.count) inputs for a function traced with \(traced.count) (at \(tracedAt))", at: location)
        for (index, (input, slot)) in zip(inputs, traced).enumerated() {
            tensorPrecondition(
                input.shape == slot.shape && input.dtype == slot.dtype, operation,
                "input \(index) is \(input.dtype) of shape \(input.shape), but the function was traced with \(slot.dtype) "
                    + "of shape \(slot.shape) (at \(tracedAt)); record it again for new shapes", at: location)
        }
        if !isKnownUniquelyReferenced(&program) { program = program.copy() }
    }
}
