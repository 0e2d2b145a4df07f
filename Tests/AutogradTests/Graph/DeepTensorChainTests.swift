import Testing
import Autograd

/// Long chains on the tensor engine: recorded, differentiated once and twice, and freed, all at the
/// default stack size (nothing walks a graph by recursion).
///
/// The chain is y ← sin(y) on a 0-d Float64 tensor, one recorded operation per link. Its exact
/// derivatives are carried forward in plain doubles: y′ ← cos(y)·y′ and y″ ← cos(y)·y″ − sin(y)·y′².
///
/// The lengths follow the build: the README's test command runs the optimized build, where the
/// first-order chain has 10,000,000 operations; a debug `swift test` runs a tenth of each length,
/// which checks the same properties in a minute instead of several.
@Suite("Deep tensor graphs")
struct DeepTensorChainTests {
    #if DEBUG
    static let firstOrderLength = 1_000_000
    static let secondOrderLength = 100_000
    #else
    static let firstOrderLength = 10_000_000
    static let secondOrderLength = 1_000_000
    #endif

    /// The chain's value and its exact first and second derivatives after `length` links from `start`.
    static func exactChain(length: Int, start: Double) -> (value: Double, first: Double, second: Double) {
        var (value, first, second) = (start, 1.0, 0.0)
        for _ in 0..<length {
            let (sine, cosine) = (sin(value), cos(value))
            (value, first, second) = (sine, cosine * first, cosine * second - sine * first * first)
        }
        return (value, first, second)
    }

    @Test("a chain of 10,000,000 operations (1,000,000 in a debug build) differentiates and is freed")
    func firstOrder() {
        let length = Self.firstOrderLength
        let exact = Self.exactChain(length: length, start: 1)
        let x = Tensor(1.0, dtype: .float64, requiresGrad: true)
        var value = 0.0
        do {
            var y = x
            for _ in 0..<length { y = sin(y) }
            value = y.item()
            y.backward()
        }
        let first = x.grad!.item()
        #expect(value == exact.value)
        #expect(first > 0 && abs(first - exact.first) <= 1e-9 * exact.first)
    }

    @Test("a chain of 1,000,000 operations (100,000 in a debug build) differentiates twice: a recorded gradient, then its backward")
    func secondOrder() {
        let length = Self.secondOrderLength
        let exact = Self.exactChain(length: length, start: 1)
        let x = Tensor(1.0, dtype: .float64, requiresGrad: true)
        var first = 0.0
        do {
            var y = x
            for _ in 0..<length { y = sin(y) }
            let gradient = y.gradients(withRespectTo: [x], createGraph: true)[0]!
            first = gradient.item()
            gradient.backward()
        }
        let second = x.grad!.item()
        #expect(abs(first - exact.first) <= 1e-9 * exact.first)
        #expect(second < 0 && abs(second - exact.second) <= 1e-9 * abs(exact.second))
    }
}
