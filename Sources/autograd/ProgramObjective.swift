import Autograd

/// A program seen as a function of its bound inputs, evaluated with plain doubles for pictures and
/// differentiated by the scalar engine for descent and gradient arrows.
struct ProgramObjective {
    /// The program.
    let program: Program
    /// The input names, in the order of a point's coordinates.
    let names: [String]

    /// Wraps `program` with inputs `names`, checking that it runs at `point`: an undefined name or
    /// a malformed program is a user error with the source line and a caret.
    init(program: Program, source: String, names: [String], checkingAt point: [Double]) throws {
        self.program = program
        self.names = names
        do {
            _ = try program.evaluate(inputs: Dictionary(uniqueKeysWithValues: zip(names, point)))
        } catch {
            throw UserError(error, source: source)
        }
    }

    /// The output at `point`, computed with doubles (NaN if the program cannot run there).
    func value(at point: [Double]) -> Double {
        let bindings = Dictionary(uniqueKeysWithValues: zip(names, point))
        return (try? program.evaluate(inputs: bindings))?.value ?? .nan
    }

    /// The output and its gradient at `point`, by reverse mode on the scalar engine.
    ///
    /// Whether the output depends on the inputs is decided at each point, not once: `max(x, 1)`
    /// is the constant 1 wherever x < 1 (gradient 0) and x elsewhere.
    func valueWithGradient(at point: [Double]) -> (value: Double, gradient: [Double]) {
        let names = names
        let program = program
        return Autograd.valueWithGradient(at: point) { leaves in
            let bindings = Dictionary(uniqueKeysWithValues: zip(names, leaves))
            switch try? program.evaluate(inputs: bindings) {
            case .variable(let output)?: return output
            // A value of no input: the gradient is 0 at this point.
            case .constant(let value)?: return Scalar(value)
            // The program ran at the checked point, and whether it runs depends only on its
            // structure, so it runs here too; this only keeps the closure total.
            case nil: return leaves[0] * Double.nan
            }
        }
    }
}

/// One run of gradient descent: x ← x − lr·∇f(x), recorded point by point.
struct DescentRun {
    /// The points visited, the start first.
    var trajectory: [[Double]] = []
    /// f at each point.
    var values: [Double] = []
    /// ∇f at each point.
    var gradients: [[Double]] = []
    /// Whether the run stopped early because f or ∇f stopped being finite at the last point.
    var diverged = false

    /// The number of steps taken (updates applied).
    var stepCount: Int { trajectory.count - 1 }

    /// Runs `steps` steps with learning rate `learningRate` from `start`, stopping at the first point
    /// where the value or the gradient is not finite.
    init(minimizing objective: ProgramObjective, from start: [Double], learningRate: Double, steps: Int) {
        var point = start
        trajectory.reserveCapacity(steps + 1)
        for step in 0...steps {
            let (value, gradient) = objective.valueWithGradient(at: point)
            trajectory.append(point)
            values.append(value)
            gradients.append(gradient)
            if !value.isFinite || !gradient.allSatisfy(\.isFinite) || !point.allSatisfy(\.isFinite) {
                diverged = true
                break
            }
            if step == steps { break }
            point = zip(point, gradient).map { $0 - learningRate * $1 }
        }
    }
}
