import Testing
import Autograd

/// sin, with a deliberately wrong derivative (cos + 0.01), to prove the checker notices.
private struct WrongSine: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (sin(inputs[0]), ()) }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [gradient * (cos(context.inputs[0]) + 0.01)]
    }
}

@Suite("gradcheck and gradgradcheck")
struct GradientCheckTests {
    let x = Tensor([0.3, -1.2, 2.0], dtype: .float64)

    @Test("correct derivatives pass, first and second order")
    func passes() {
        let report = gradcheck({ tanh($0[0]) * $0[1] }, at: [x, x * 2])
        #expect(report.passed, "\(report)")
        #expect(report.inputs.count == 2)
        #expect(gradgradcheck({ tanh($0[0]) * $0[1] }, at: [x, x * 2]).passed)
    }

    @Test("a wrong backward rule fails, and the report says where")
    func catchesMistakes() {
        let report = gradcheck({ WrongSine().applied(to: [$0[0]]) }, at: [x])
        #expect(!report.passed)
        #expect(Swift.abs(report.inputs[0].maxAbsoluteError - 0.01) < 1e-6)
        #expect(report.description.contains("input 0: max abs error"))
    }
}
