import Testing
import Autograd

@Suite("Deep scalar graphs")
struct DeepGraphTests {
    @Test("a 10,000,000-operation chain builds, differentiates and is freed at the default stack size")
    func tenMillionOperations() {
        let links = 10_000_000
        var gradient = 0.0
        do {
            let tape = Tape(capacity: links + 16)
            let x = tape.variable(1.0)
            var y = x
            for _ in 0..<links { y = -y }
            y.backward()
            gradient = x.grad
            #expect(y.data == 1)  // an even number of negations
        }
        #expect(gradient == 1)
    }

    @Test("a 1,000,000-link chain of implicit scalars (micrograd style) works and is freed")
    func implicitChain() {
        let x = Scalar(0.3)
        var y = x
        for _ in 0..<1_000_000 { y = y * 0.999999 }
        y.backward()
        let expected = Double.pow(0.999999, 1_000_000)
        #expect(Swift.abs(x.grad - expected) < 1e-9)
        #expect(Swift.abs(y.data - 0.3 * expected) < 1e-9)
    }

    @Test("S2 at N = 100: dy/dx equals Π 0.5·(1 − y_k²)")
    func s2Chain() {
        let x = Scalar(0.3)
        var y = x
        var product = 1.0
        var plain = 0.3
        for _ in 0..<100 {
            y = tanh(y * 0.5 + 0.1)
            plain = Double.tanh(plain * 0.5 + 0.1)
            product *= 0.5 * (1 - plain * plain)
        }
        y.backward()
        #expect(Swift.abs(x.grad - product) <= 1e-14 * Swift.abs(product))
    }
}
