import Testing
@testable import Autograd

/// An unrecorded backward through sin, cos, log, tan, √, x² and x³ scales the gradient by the local
/// derivative in one pass (`Tensor.scaled(by:at:context:composed:)`), through tanh and σ it runs the
/// product kernel of their recorded `TanhBackward`/`SigmoidBackward` without recording it, and a
/// quotient's takes three passes instead of four operations; a recorded backward runs the composed rule. Both must give the
/// same bits, with zeros in the gradient staying exactly 0 where the derivative is infinite.
@Suite("One-pass backward rules")
struct FusedDerivativeTests {
    static let functions: [(name: String, apply: @Sendable (Tensor) -> Tensor)] = [
        ("sin", { sin($0) }), ("cos", { cos($0) }), ("log", { log($0) }), ("tan", { tan($0) }), ("sqrt", { sqrt($0) }),
        ("pow 2", { pow($0, 2) }), ("pow 3", { pow($0, 3) }), ("tanh", { tanh($0) }), ("sigmoid", { sigmoid($0) }),
    ]

    /// Positive inputs (log and √ need them), with a 0 for √'s infinite derivative, and a seed with
    /// zeros; `count` elements, repeating the pattern, so that large outputs take the threaded loop.
    static func operands(count: Int, dtype: DType) -> (x: Tensor, seed: Tensor) {
        let pattern = [0.3, 1.7, 0.05, 2.9, 0, 0.8, 1.2]
        let seedPattern = [1.0, -0.5, 0, 2.25, 0, 3.0, -1.25, 0.75]
        let x = (0..<count).map { pattern[$0 % pattern.count] + Double($0 / pattern.count) * 1e-4 }
        let seed = (0..<count).map { seedPattern[$0 % seedPattern.count] }
        return (Tensor(x, dtype: dtype), Tensor(seed, dtype: dtype))
    }

    static func bits(_ t: Tensor) -> [UInt64] { t.scalars.map(\.bitPattern) }

    @Test(
        "the unrecorded backward has the recorded (composed) backward's bits",
        arguments: [DType.float32, .float64], [7, 5_000])
    func sameBitsAsComposition(dtype: DType, count: Int) {
        let (values, seed) = Self.operands(count: count, dtype: dtype)
        for (name, f) in Self.functions {
            let x = Tensor(values.scalars, shape: values.shape, dtype: dtype, requiresGrad: true)
            let fused = f(x).gradients(withRespectTo: [x], seed: seed)[0]!
            let composed = f(x).gradients(withRespectTo: [x], seed: seed, createGraph: true)[0]!
            #expect(composed.requiresGrad, "\(name): the composed rule was recorded")
            #expect(fused.dtype == dtype && fused.shape == [count] && composed.shape == [count])
            // The positions whose bits differ (compared as a count, so a failure prints a line, not
            // thousands of numbers).
            let differing = zip(Self.bits(fused), Self.bits(composed)).enumerated().filter { $0.element.0 != $0.element.1 }
            let differingCount = differing.count, firstDiffering = differing.first?.offset ?? -1
            #expect(differingCount == 0, "\(name), \(dtype), \(count) elements: the first differs at \(firstDiffering)")
        }
    }

    @Test(
        "a quotient's unrecorded backward has the composed backward's bits, in dividend and divisor",
        arguments: [DType.float32, .float64], [7, 5_000])
    func quotientSameBitsAsComposition(dtype: DType, count: Int) {
        let (values, seed) = Self.operands(count: count, dtype: dtype)
        let dividend = Tensor(values.scalars.map { 1.5 - $0 }, shape: [count], dtype: dtype, requiresGrad: true)
        let divisor = Tensor(values.scalars.map { $0 + 0.25 }, shape: [count], dtype: dtype, requiresGrad: true)
        let fused = (dividend / divisor).gradients(withRespectTo: [dividend, divisor], seed: seed)
        let composed = (dividend / divisor).gradients(withRespectTo: [dividend, divisor], seed: seed, createGraph: true)
        for (input, name) in [(0, "dividend"), (1, "divisor")] {
            let (fast, slow) = (fused[input]!, composed[input]!)
            #expect(!fast.requiresGrad && slow.requiresGrad && fast.shape == [count] && fast.dtype == dtype)
            let differingCount = zip(Self.bits(fast), Self.bits(slow)).filter { $0 != $1 }.count
            #expect(differingCount == 0, "\(name), \(dtype), \(count) elements")
        }
    }

    @Test("a zero gradient stays 0 where the derivative is infinite (√ and log at 0)")
    func zeroGradientAtInfiniteDerivative() {
        for (name, f) in Self.functions where name == "sqrt" || name == "log" {
            let x = Tensor([0, 4], dtype: .float64, requiresGrad: true)
            let gradient = f(x).gradients(withRespectTo: [x], seed: Tensor([0, 1], dtype: .float64))[0]!
            #expect(gradient.scalars[0] == 0, "\(name)")
            #expect(gradient.scalars[1] == 0.25, "\(name): √′(4) = log′(4) = 0.25")
        }
    }

    @Test("a gradient of another element type takes the composed rule: cos in the input's type, the product in the wider")
    func mixedTypes() {
        let x = Tensor([0.5, 1.5], requiresGrad: true)
        let gradient = sin(x).gradients(withRespectTo: [x], seed: Tensor([1.0, 2.0], dtype: .float64))[0]!
        #expect(gradient.dtype == .float64)
        #expect(gradient.scalars == [Double(Float.cosine(0.5)), 2 * Double(Float.cosine(1.5))])
    }
}
