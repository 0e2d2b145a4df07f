import Testing
import Autograd

/// Long chains on the tensor engine: recorded, differentiated once and twice, and freed, all at the
/// default stack size (nothing walks a graph by recursion).
///
/// Each chain is one recorded operation per link on a 0-d Float64 tensor, with its exact derivatives
/// carried forward in plain doubles: y ← sin(y) at first order (y′ ← cos(y)·y′), y ← tanh(y) at
/// second order (t = tanh y: y′ ← (1 − t²)·y′, y″ ← (1 − t²)·y″ − 2t(1 − t²)·y′²), whose recorded
/// gradient is one fused `TanhBackward` operation per link.
///
/// The lengths follow the build: the README's test command runs the optimized build, where both
/// chains have 10,000,000 links; a debug `swift test` runs a tenth (first order) and a hundredth
/// (second order), which checks the same properties in a minute instead of several.
///
/// The suite runs its tests one at a time: at full length the first-order chain peaks at about
/// 2.3 GB and the second-order one (two graphs of 10,000,000 nodes each, then a pass over both) at
/// about 5 GB, which should not add up.
@Suite("Deep tensor graphs", .serialized)
struct DeepTensorChainTests {
    #if DEBUG
    static let firstOrderLength = 1_000_000
    static let secondOrderLength = 100_000
    #else
    static let firstOrderLength = 10_000_000
    static let secondOrderLength = 10_000_000
    #endif

    /// The sine chain's value and exact derivative after `length` links from `start`.
    static func exactSineChain(length: Int, start: Double) -> (value: Double, first: Double) {
        var (value, first) = (start, 1.0)
        for _ in 0..<length { (value, first) = (sin(value), cos(value) * first) }
        return (value, first)
    }

    /// The tanh chain's exact first and second derivatives after `length` links from `start`.
    static func exactTanhChain(length: Int, start: Double) -> (first: Double, second: Double) {
        var (value, first, second) = (start, 1.0, 0.0)
        for _ in 0..<length {
            let t = tanh(value)
            let slope = 1 - t * t
            (value, first, second) = (t, slope * first, slope * second - 2 * t * slope * first * first)
        }
        return (first, second)
    }

    @Test("a chain of 10,000,000 operations (1,000,000 in a debug build) differentiates and is freed")
    func firstOrder() {
        let length = Self.firstOrderLength
        let exact = Self.exactSineChain(length: length, start: 1)
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

    @Test("a chain of 10,000,000 operations (100,000 in a debug build) differentiates twice: a recorded gradient, then its backward")
    func secondOrder() {
        let length = Self.secondOrderLength
        let exact = Self.exactTanhChain(length: length, start: 1)
        let x = Tensor(1.0, dtype: .float64, requiresGrad: true)
        var first = 0.0
        do {
            var y = x
            for _ in 0..<length { y = tanh(y) }
            let gradient = y.gradients(withRespectTo: [x], createGraph: true)[0]!
            first = gradient.item()
            gradient.backward()
        }
        let second = x.grad!.item()
        #expect(abs(first - exact.first) <= 1e-9 * exact.first)
        #expect(second < 0 && abs(second - exact.second) <= 1e-9 * abs(exact.second))
    }
}
