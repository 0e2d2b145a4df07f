// Built-in primitives of one input hand their gradient to the backward pass without an array.
//
// A backward rule returns one gradient per input in an array, and that array is a heap allocation
// per node per pass: with its copy-in and release about 640 instructions, as much as a small
// elementwise operation's whole rule. Most of the graph's nodes have one input (every unary
// function, a number as an operand, sums, reshapes, broadcasts), so those primitives write the
// one gradient alone, and their nodes run a rule that returns it as it is.

/// A built-in primitive of one input: its backward rule returns that input's gradient alone.
protocol SingleInputPrimitive: TensorPrimitive {
    /// The input's gradient (nil when it takes none) from the output's gradient.
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Saved>) -> Tensor?
}

extension SingleInputPrimitive {
    /// The rule as ``DifferentiableFunction`` states it: the one gradient in an array.
    func backward(_ gradient: Tensor, context: FunctionContext<Saved>) -> [Tensor?] {
        [inputGradient(gradient, context: context)]
    }

    /// `applied(to: [x])`, recording a node whose backward returns the input's gradient without an
    /// array (this overload is chosen for every single-input primitive at the library's call sites).
    @inline(__always)
    func applied(to x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        applied(to: x, file: file, line: line) { $0.runSingleInput($1) }
    }
}

/// What a node's backward rule returned: one input's gradient, or one per input.
enum PropagatedGradients {
    /// The gradient of a node's only input (a ``SingleInputPrimitive``).
    case single(Tensor?)
    /// One gradient per input, in order.
    case each([Tensor?])
}

extension FunctionNode where Function: SingleInputPrimitive {
    /// `run` for a single-input primitive: backward returns the gradient as it is.
    @inline(never)
    func runSingleInput(_ call: RuleCall) -> RuleResult {
        guard case .backward(let gradient, let recording) = call else { return run(call) }
        let context = backwardContext(recording: recording)
        return .gradients(.single(function.inputGradient(gradient, context: context)))
    }
}
