import Foundation
import Testing
@testable import Autograd

/// The gradient of `f(x).sum()` at `values`, as doubles.
private func gradient(
    at values: [Double], dtype: DType = .float64, of f: (Tensor) -> Tensor
) -> [Double] {
    let x = Tensor(values, dtype: dtype, requiresGrad: true)
    f(x).sum().backward()
    return x.grad!.scalars
}

/// The second derivative of `f(x).sum()` at `values`, elementwise (f acting elementwise), as doubles.
private func secondDerivative(at values: [Double], of f: (Tensor) -> Tensor) -> [Double] {
    let x = Tensor(values, dtype: .float64, requiresGrad: true)
    let first = f(x).sum().gradients(withRespectTo: [x], createGraph: true)[0]!
    guard first.requiresGrad else { return [Double](repeating: 0, count: values.count) }
    return first.sum().gradients(withRespectTo: [x])[0]?.scalars ?? [Double](repeating: 0, count: values.count)
}

private func isClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
}

@Suite("Elementwise math")
struct ElementwiseTests {
    // MARK: - Names

    @Test("exp(tensor) is the tensor function; exp(2.0) is still the C library's, exp(scalar) the scalar engine's")
    func overloadResolution() {
        let t = exp(Tensor([0.0, 1.0], dtype: .float64, requiresGrad: true))
        #expect(t.gradFunctionName == "Exp")
        #expect(isClose(t.scalars, [1, Foundation.exp(1.0)]))
        let c = exp(2.0)
        #expect(type(of: c) == Double.self)
        #expect(c == Foundation.exp(2.0))
        let s = exp(Scalar(2.0))
        #expect(type(of: s) == Scalar.self)
        #expect(s.data == Foundation.exp(2.0))
        #expect(sqrt(4.0) == 2.0 && pow(2.0, 3.0) == 8.0 && tanh(0.0) == 0.0)
        #expect(sqrt(Tensor(4.0)).item() == 2)
    }

    // MARK: - Values, in both element types

    @Test("every unary function matches the C library, and keeps the element type", arguments: [DType.float32, .float64])
    func unaryValues(_ dtype: DType) {
        let xs = [0.3, 1.1, 2.5]
        let tolerance = dtype == .float32 ? 1e-6 : 1e-15
        let x = Tensor(xs, dtype: dtype)
        let table: [(Tensor, (Double) -> Double)] = [
            (exp(x), Foundation.exp), (log(x), Foundation.log), (sin(x), Foundation.sin), (cos(x), Foundation.cos),
            (tan(x), Foundation.tan), (tanh(x), Foundation.tanh), (sigmoid(x), { 1 / (1 + Foundation.exp(-$0)) }),
            (relu(x - 1), { Swift.max($0 - 1, 0) }), (sqrt(x), Foundation.sqrt), (abs(x - 1), { Swift.abs($0 - 1) }),
            (pow(x, 3), { Foundation.pow($0, 3) }), (pow(x, -1), { 1 / $0 }), (pow(x, 0.5), Foundation.sqrt),
            (pow(x, x), { Foundation.pow($0, $0) }),
        ]
        for (index, (result, reference)) in table.enumerated() {
            #expect(result.dtype == dtype, "function \(index)")
            #expect(isClose(result.scalars, xs.map(reference), tolerance: tolerance), "function \(index): \(result.scalars)")
        }
    }

    @Test("gradients in float32 and float64 match the analytic derivatives", arguments: [DType.float32, .float64])
    func unaryGradients(_ dtype: DType) {
        let xs = [0.3, 1.1, 2.5]
        let tolerance = dtype == .float32 ? 1e-6 : 1e-14
        let table: [((Tensor) -> Tensor, (Double) -> Double)] = [
            ({ exp($0) }, Foundation.exp), ({ log($0) }, { 1 / $0 }), ({ sin($0) }, Foundation.cos),
            ({ cos($0) }, { -Foundation.sin($0) }), ({ tan($0) }, { 1 / (Foundation.cos($0) * Foundation.cos($0)) }),
            ({ tanh($0) }, { 1 - Foundation.tanh($0) * Foundation.tanh($0) }),
            ({ sigmoid($0) }, { let s = 1 / (1 + Foundation.exp(-$0)); return s * (1 - s) }),
            ({ relu($0 - 1) }, { $0 > 1 ? 1 : 0 }), ({ sqrt($0) }, { 0.5 / Foundation.sqrt($0) }),
            ({ abs($0 - 1) }, { $0 > 1 ? 1 : -1 }), ({ pow($0, 2.5) }, { 2.5 * Foundation.pow($0, 1.5) }),
            ({ pow(3, $0) }, { Foundation.pow(3, $0) * Foundation.log(3) }),
        ]
        for (index, (f, derivative)) in table.enumerated() {
            let x = Tensor(xs, dtype: dtype, requiresGrad: true)
            f(x).sum().backward()
            #expect(x.grad?.dtype == dtype, "function \(index)")
            #expect(isClose(x.grad!.scalars, xs.map(derivative), tolerance: tolerance), "function \(index): \(x.grad!.scalars)")
        }
    }

    @Test("the first derivative of every smooth primitive is recorded under createGraph")
    func smoothGradientsAreDifferentiable() {
        // The table's second-order check skips a case whose gradient records nothing (a constant
        // first derivative), so a rule that detached its saved output would pass there unnoticed.
        let smooth: [(String, (Tensor) -> Tensor)] = [
            ("exp", { exp($0) }), ("log", { log($0) }), ("sin", { sin($0) }), ("cos", { cos($0) }), ("tan", { tan($0) }),
            ("tanh", { tanh($0) }), ("sigmoid", { sigmoid($0) }), ("sqrt", { sqrt($0) }), ("x^3", { pow($0, 3) }),
            ("x^-1", { pow($0, -1) }), ("x^x", { pow($0, $0) }), ("2^x", { pow(2, $0) }),
            ("where", { Tensor.where($0 .> 1, exp($0), sin($0)) }), ("a ⊙̃ a", { $0.multipliedNoNaN(by: $0) }),
        ]
        for (name, f) in smooth {
            let x = Tensor([0.5, 1.5], dtype: .float64, requiresGrad: true)
            let first = f(x).sum().gradients(withRespectTo: [x], createGraph: true)[0]!
            #expect(first.requiresGrad, "\(name)")
        }
    }

    // MARK: - Kinks

    @Test("relu′(0) = 0 and abs′(0) = 0, as PyTorch")
    func kinks() {
        #expect(gradient(at: [-1, 0, 2], of: relu) == [0, 0, 1])
        #expect(gradient(at: [-1, 0, 2], of: abs) == [-1, 0, 1])
        #expect(gradient(at: [-1, 0, 2], dtype: .float32, of: relu) == [0, 0, 1])
        #expect(gradient(at: [-1, 0, 2], dtype: .float32, of: abs) == [-1, 0, 1])
        #expect(relu(Tensor([-0.0, .nan])).scalars[0] == 0)
        #expect(relu(Tensor([-0.0, .nan])).scalars[1].isNaN)
    }

    @Test("pow(x, y) at x = 0: ∂/∂x is 0 where y = 0 and ∂/∂y is 0 where y ≥ 0, as in the scalar engine")
    func powerAtZeroBase() {
        let x = Tensor([0, 0, 0], dtype: .float64, requiresGrad: true)
        let y = Tensor([0, 1, 2], dtype: .float64, requiresGrad: true)
        let gradients = pow(x, y).sum().gradients(withRespectTo: [x, y])
        #expect(gradients[0]?.scalars == [0, 1, 0])
        #expect(gradients[1]?.scalars == [0, 0, 0])
    }

    @Test("a tie in maximum or minimum gives each input half the gradient, with broadcasting")
    func ties() {
        let a = Tensor([1, 5, 3], dtype: .float64, requiresGrad: true)
        let b = Tensor([1, 2, 3], dtype: .float64, requiresGrad: true)
        maximum(a, b).sum().backward()
        #expect(a.grad?.scalars == [0.5, 1, 0.5])
        #expect(b.grad?.scalars == [0.5, 0, 0.5])
        a.zeroGrad()
        b.zeroGrad()
        minimum(a, b).sum().backward()
        #expect(a.grad?.scalars == [0.5, 0, 0.5])
        #expect(b.grad?.scalars == [0.5, 1, 0.5])
        // A [1] operand broadcast against [3]: its gradient is the sum of its shares.
        let c = Tensor([3.0], dtype: .float64, requiresGrad: true)
        maximum(a, c).sum().backward()
        #expect(c.grad?.scalars == [1 + 0 + 0.5])
        let both = maximum(Tensor([1, .nan]), Tensor([.nan, 1])).scalars
        #expect(both[0].isNaN && both[1].isNaN)
        #expect(minimum(Tensor([1, -2]), 0).scalars == [0, -2])
    }

    // MARK: - where

    @Test("where(x > 0, sqrt(x), 0): gradient 0, not NaN, at x = 0 and x = −1, to second order")
    func whereGuardsSqrt() {
        let f: (Tensor) -> Tensor = { Tensor.where($0 .> 0, sqrt($0), 0) }
        for dtype in [DType.float32, .float64] {
            #expect(gradient(at: [0, -1, 4], dtype: dtype, of: f) == [0, 0, 0.25])
        }
        #expect(secondDerivative(at: [0, -1, 4], of: f) == [0, 0, -1.0 / 32])
    }

    @Test("where(x > 0, log(x), x) at negative x and 0: gradient 1, not NaN")
    func whereGuardsLog() {
        let f: (Tensor) -> Tensor = { Tensor.where($0 .> 0, log($0), $0) }
        #expect(gradient(at: [-2, 0, 2], of: f) == [1, 1, 0.5])
        #expect(secondDerivative(at: [-2, 0, 2], of: f) == [0, 0, -0.25])
    }

    @Test("an infinite value in the branch not taken (1/x at 0, eˣ past overflow) gives gradient 0")
    func whereGuardsInfinities() {
        let reciprocal: (Tensor) -> Tensor = { Tensor.where($0 .!= 0, pow($0, -1), 0) }
        #expect(withoutGradients { pow(Tensor([0.0]), -1) }.scalars == [.infinity])
        #expect(gradient(at: [0, 2], of: reciprocal) == [0, -0.25])
        #expect(secondDerivative(at: [0, 2], of: reciprocal) == [0, 0.25])
        let capped: (Tensor) -> Tensor = { Tensor.where($0 .< 50, exp($0), 0) }
        for dtype in [DType.float32, .float64] {
            #expect(gradient(at: [1000, 0], dtype: dtype, of: capped) == [0, 1])
        }
    }

    @Test("the same guard through the arithmetic Divide still gives NaN (its backward multiplies 0 · ∞)")
    func whereThroughDivide() {
        let g = gradient(at: [0, 2]) { Tensor.where($0 .!= 0, 1 / $0, 0) }
        #expect(g == [0, -0.25])
    }

    @Test("where broadcasts all three, promotes the element type, and gives the condition no gradient")
    func whereBroadcasting() {
        let condition = Tensor([1, 0], shape: [2, 1], requiresGrad: true)
        let a = Tensor([1, 2, 3], dtype: .float64, requiresGrad: true)
        let b = Tensor(-1.0, requiresGrad: true)
        let y = Tensor.where(condition, a, b)
        #expect(y.shape == [2, 3] && y.dtype == .float64)
        #expect(y.scalars == [1, 2, 3, -1, -1, -1])
        let gradients = (y * y).sum().gradients(withRespectTo: [condition, a, b])
        #expect(gradients[0] == nil)
        #expect(gradients[1]?.scalars == [2, 4, 6])
        #expect(gradients[2]?.scalars == [-6] && gradients[2]?.dtype == .float32 && gradients[2]?.shape == [])
        // A NaN or infinite gradient arriving at where stays out of the other branch.
        let x = Tensor([0.0, 1.0], dtype: .float64, requiresGrad: true)
        let z = Tensor.where(x .> 0.5, x, 1 / x)
        let grads = z.gradients(withRespectTo: [x], seed: Tensor([.nan, .infinity], dtype: .float64))
        #expect(grads[0]!.scalars[0].isNaN && grads[0]!.scalars[1] == .infinity)
    }

    // MARK: - Powers

    @Test("pow conventions: x^0 has gradient 0 even at 0; ∂/∂exponent is 0 at base 0, exponent ≥ 0")
    func powerConventions() {
        #expect(gradient(at: [0, 2]) { pow($0, 0) } == [0, 0])
        #expect(gradient(at: [0, 2]) { pow($0, 1) } == [1, 1])
        let base = Tensor([0, 0, 2], dtype: .float64, requiresGrad: true)
        let exponent = Tensor([0, 2, 3], dtype: .float64, requiresGrad: true)
        let y = pow(base, exponent)
        #expect(y.scalars == [1, 0, 8])
        let gradients = y.sum().gradients(withRespectTo: [base, exponent])
        #expect(gradients[0]?.scalars == [0, 0, 12])
        #expect(gradients[1]?.scalars == [0, 0, 8 * Foundation.log(2)])
        let mixed = pow(Tensor([2.0]), Tensor([3.0], dtype: .float64))
        #expect(mixed.dtype == .float64 && mixed.scalars == [8])
    }

    // MARK: - Stability

    @Test("sigmoid at ±1000 is finite, with a finite gradient", arguments: [DType.float32, .float64])
    func sigmoidSaturates(_ dtype: DType) {
        let x = Tensor([-1000, 0, 1000], dtype: dtype, requiresGrad: true)
        let y = sigmoid(x)
        #expect(y.scalars == [0, 0.5, 1])
        y.sum().backward()
        #expect(x.grad?.scalars == [0, 0.25, 0])
    }

    // MARK: - Comparisons

    @Test("comparisons give 0/1 masks in the promoted type, broadcast, and require no gradient")
    func comparisons() {
        let a = Tensor([1, 2, 3], requiresGrad: true)
        let b = Tensor([3, 2, 1], dtype: .float64)
        #expect((a .== b).scalars == [0, 1, 0])
        #expect((a .!= b).scalars == [1, 0, 1])
        #expect((a .< b).scalars == [1, 0, 0])
        #expect((a .<= b).scalars == [1, 1, 0])
        #expect((a .> b).scalars == [0, 0, 1])
        #expect((a .>= b).scalars == [0, 1, 1])
        #expect((a .> 2).scalars == [0, 0, 1] && (2 .> a).scalars == [1, 0, 0])
        #expect((a .== b).dtype == .float64 && (a .> 2).dtype == .float32)
        for mask in [a .== b, a .> 2, 2 .<= a, a .!= a] { #expect(!mask.requiresGrad) }
        let column = Tensor([1, 3], shape: [2, 1])
        let grid = column .< a
        #expect(grid.shape == [2, 3] && grid.scalars == [0, 1, 1, 0, 0, 0])
        let withNaN = Tensor([.nan])
        #expect((withNaN .== withNaN).scalars == [0] && (withNaN .!= withNaN).scalars == [1])
        #expect((withNaN .< 0).scalars == [0] && (withNaN .>= 0).scalars == [0])
    }
}
