// What a replay needs from a recorded node, and the general step that makes every function
// replayable: one that reruns the function's own forward and backward on tensors. Slower than a
// fast step (it allocates, as eager does), but correct for every built-in primitive without a fast
// step and for every user-defined ``DifferentiableFunction``.

/// A recorded operation a trace can compile: its function, and a way to rerun it.
///
/// `FunctionNode` conforms here rather than in its own file, so the replay machinery stays in one
/// place and the graph's core type does not know about it.
protocol ReplayableNode: AutogradNode {
    /// The function the node applied.
    var recordedFunction: any DifferentiableFunction { get }
    /// A fresh fallback step that reruns this node's function.
    func makeFallback() -> any ReplayFallback
}

extension FunctionNode: ReplayableNode {
    var recordedFunction: any DifferentiableFunction { function }
    func makeFallback() -> any ReplayFallback { FunctionReplay(function: function) }
}

/// A function rerun through its own rules, keeping what its forward saved for its backward.
protocol ReplayFallback: AnyObject {
    /// The function's name, for messages and ``RecordedFunction/fallbackOperations``.
    var name: String { get }
    /// Runs forward on plain tensors and keeps what backward needs.
    func forward(_ inputs: [Tensor]) -> Tensor
    /// Runs backward for the last forward.
    func backward(_ gradient: Tensor, needsGradient: [Bool]) -> [Tensor?]
    /// A fresh step for the same function (for a copy of the program).
    func copy() -> any ReplayFallback
}

/// The fallback for one ``DifferentiableFunction`` type.
final class FunctionReplay<Function: DifferentiableFunction>: ReplayFallback {
    let function: Function
    /// What the last forward produced and saved (nil before the first).
    private var last: (inputs: [Tensor], output: Tensor, saved: Function.Saved)?

    init(function: Function) { self.function = function }

    var name: String { function.name }

    func forward(_ inputs: [Tensor]) -> Tensor {
        let (output, saved) = function.forward(inputs)
        last = (inputs, output.cutFromGraph(), saved)
        return output
    }

    func backward(_ gradient: Tensor, needsGradient: [Bool]) -> [Tensor?] {
        guard let last else { fatalError("replay: backward of '\(name)' before its forward") }
        let context = FunctionContext(inputs: last.inputs, output: last.output, saved: last.saved, needsGradient: needsGradient)
        return function.backward(gradient, context: context)
    }

    func copy() -> any ReplayFallback { FunctionReplay(function: function) }
}

/// One fallback step's operands and output.
struct ReplayFallbackStep {
    /// The function, rerun.
    let operation: any ReplayFallback
    /// Where each input lives.
    let operands: [ReplaySlot]
    /// Whether each input takes a gradient, and whether backward adds into it.
    var gradients: [(takes: Bool, accumulates: Bool)]
    /// Where the output lives.
    let output: ReplaySlot

    /// The same step with a fresh function state.
    func copy() -> ReplayFallbackStep {
        ReplayFallbackStep(operation: operation.copy(), operands: operands, gradients: gradients, output: output)
    }
}
