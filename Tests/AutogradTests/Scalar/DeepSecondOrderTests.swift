import Testing
import Autograd

@Suite("Deep scalar graphs, second order")
struct DeepSecondOrderTests {
    /// One link of the chain, y + ε·y², is three operations; its derivatives are 1 + 2εy and 2ε.
    static let epsilon = 1e-7

    @Test("a 10,000,000-operation chain differentiates twice (a recorded gradient, then its backward)")
    func tenMillionOperationsSecondOrder() {
        let links = 3_333_334  // three operations each: 10,000,002 operations
        let start = 0.1
        // The exact first and second derivatives of the chain, carried forward in plain doubles.
        var (value, first, second) = (start, 1.0, 0.0)
        for _ in 0..<links {
            let slope = 1 + 2 * Self.epsilon * value
            (value, first, second) = (value + Self.epsilon * value * value, first * slope, second * slope + first * first * 2 * Self.epsilon)
        }
        var results = (value: 0.0, first: 0.0, second: 0.0)
        do {
            let tape = Tape(capacity: 4 * 10_000_002)
            let x = tape.variable(start)
            var y = x
            for _ in 0..<links { y = y + Self.epsilon * (y * y) }
            let gradient = y.differentiableGradients(withRespectTo: [x])[0]
            gradient.backward()
            results = (y.data, gradient.data, x.grad)
        }
        #expect(Swift.abs(results.value - value) <= 1e-12 * value)
        #expect(Swift.abs(results.first - first) <= 1e-12 * first)
        #expect(second > 0 && Swift.abs(results.second - second) <= 1e-9 * second)
    }
}
