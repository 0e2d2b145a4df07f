import Testing
import Autograd
import AutogradTestSupport

/// Randomized differential tests of the tensor engine's derivatives.
///
/// Each seed makes a small random program over Float64 tensors (a few inputs whose shapes broadcast
/// against each other, then 4–10 differentiable operations, ending in a scalar) at a random point,
/// and checks, in Float64:
///
/// - reverse mode (`gradients(withRespectTo:)`) against central differences of the program;
/// - second order (`createGraph: true`, then the gradient's projection on fixed weights w
///   differentiated again, H·w) against central differences of the first gradient's projection;
/// - forward mode: `jvp` along a random tangent t against ∇f·t, forward over reverse (tᵀH w) and
///   reverse over forward (the gradient of the jvp, H·t, projected on w) against (H w)·t.
///
/// The generator evaluates every candidate step at the program's point and keeps it only where
/// finite differences are valid: values stay in [−10, 10], log, sqrt, fractional powers and
/// divisors see operands away from 0 (else `1 + x·x` is used), and kinks and ties (relu, abs,
/// maximum, minimum, where, max and min) are at least 0.02 away; the finite-difference steps move
/// an input by at most 2·10⁻⁴.
///
/// A failure prints the seed and the program's listing. To rerun one program, put its seed in
/// `RandomProgramGradientTests.only`.
@Suite("Random programs: gradients against finite differences")
struct RandomProgramGradientTests {
    /// How many programs run (each a test case of its own).
    static let programCount = 2000
    /// When not empty, only these seeds run (for reproducing a failure).
    static let only: [UInt64] = []
    static let seeds: [UInt64] = only.isEmpty ? (0..<UInt64(programCount)).map { 0xA17D_0000 + $0 } : only

    @Test("first and second derivatives and forward mode agree with finite differences", arguments: seeds)
    func program(seed: UInt64) {
        let program = RandomProgram(seed: seed)
        let failures = RandomProgramChecker.failures(of: program)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))\n\(program)")
    }

    @Test("the programs cover every operation and are the same on every run")
    func coverage() {
        var used = Set<RandomProgram.Operation>()
        var stepCount = 0
        for seed in Self.seeds {
            let program = RandomProgram(seed: seed)
            used.formUnion(program.steps.map(\.operation))
            stepCount += program.steps.count
            #expect((4...10).contains(program.steps.count), "\(program)")
            #expect(RandomProgram(seed: seed).description == program.description, "seed \(seed) does not reproduce")
        }
        let missing = RandomProgram.Operation.allCases.filter { !used.contains($0) }
        #expect(Self.only.isEmpty ? missing.isEmpty : true, "operations no program uses: \(missing)")
        #expect(stepCount >= 4 * Self.seeds.count)
    }

    @Test("the checker notices a backward rule off by a factor")
    func catchesWrongBackward() {
        let failures = Self.failuresWithSquare(backwardFactor: 2.5, tangentFactor: 2)
        #expect(failures.contains(where: { $0.hasPrefix("first order") }), "\(failures)")
    }

    @Test("the checker notices a tangent rule off by a factor")
    func catchesWrongTangent() {
        let failures = Self.failuresWithSquare(backwardFactor: 2, tangentFactor: 3)
        #expect(failures.contains(where: { $0.hasPrefix("forward mode") }), "\(failures)")
        #expect(!failures.contains(where: { $0.hasPrefix("first order") }), "\(failures)")
    }

    /// The checker's findings for the first program plus a sum of x² whose rules are scaled.
    static func failuresWithSquare(backwardFactor: Double, tangentFactor: Double) -> [String] {
        let program = RandomProgram(seed: seeds[0])
        let square = MisscaledSquare(backwardFactor: backwardFactor, tangentFactor: tangentFactor)
        return RandomProgramChecker.failures(
            of: { x in program(x) + square.applied(to: [x[0]]).sum() },
            shapes: program.inputShapes, at: program.inputValues, seed: program.seed)
    }
}

/// x², with its backward and tangent rules scaled by chosen factors (2 and 2 are right).
private struct MisscaledSquare: DifferentiableFunction {
    let backwardFactor: Double
    let tangentFactor: Double
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (inputs[0] * inputs[0], ()) }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [gradient * backwardFactor * context.inputs[0]]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { $0 * tangentFactor * context.inputs[0] }
    }
}
