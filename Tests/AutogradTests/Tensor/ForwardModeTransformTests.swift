import Foundation
import Testing
@testable import Autograd

/// x³ with a backward rule only: forward mode reaches it through the double-vjp default.
private struct UserCube: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0] * inputs[0] * inputs[0], ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let x = context.inputs[0]
        return [gradient * 3 * x * x]
    }
}

/// tanh with a backward rule that uses the output, and none for tangents.
private struct UserTanh: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (withoutGradients { tanh(inputs[0]) }, ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [gradient * (1 - context.output * context.output)]
    }
}

/// a ⊙ b², broadcasting b over a's rows, with a backward rule that checks which inputs it is asked for.
private struct UserScaledSquare: DifferentiableFunction {
    let expected: [Bool]
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0] * inputs[1] * inputs[1], ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        require(context.needsGradient == expected, "asked for \(context.needsGradient)")
        let (a, b) = (context.inputs[0], context.inputs[1])
        return [
            context.needsGradient[0] ? gradient * b * b : nil,
            context.needsGradient[1] ? (gradient * 2 * a * b).sum(axis: 0) : nil,
        ]
    }
}

/// x² whose tangent rule is deliberately 10·t, to see that a function's own rule is the one used.
private struct MarkedSquare: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (inputs[0] * inputs[0], ()) }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] { [gradient * 2 * context.inputs[0]] }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? { tangents[0].map { $0 * 10 } }
}

/// Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)².
private func rosenbrock(_ x: Tensor) -> Tensor {
    let n = x.shape[0]
    let (head, tail) = (x[0..<(n - 1)], x[1...])
    let valley = tail - head * head, offset = 1 - head
    return (100 * valley * valley + offset * offset).sum()
}

/// The largest difference between two arrays relative to max(1, |expected|).
private func worstError(_ actual: [Double], _ expected: [Double]) -> Double {
    zip(actual, expected).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1) / Swift.max(1, Swift.abs($1.1))) }
}

private func doubles(_ values: [Double], _ shape: [Int]? = nil) -> Tensor {
    Tensor(values, shape: shape ?? [values.count], dtype: .float64)
}

@Suite("Forward mode: transforms, fallback and composition")
struct ForwardModeTransformTests {
    @Test("the double-vjp default gives a user function without a tangent rule its J·t")
    func fallbackTangent() {
        let x = doubles([0.5, -1.5, 2]), v = doubles([1, 0.25, -2])
        let (value, tangent) = jvp(at: x, tangent: v) { UserCube().applied(to: [$0]) }
        #expect(value.scalars == [0.125, -3.375, 8])
        #expect(worstError(tangent.scalars, [0.75, 1.6875, -24]) < 1e-14)
        let y = Tensor([0.3, -0.7], dtype: .float64)
        let tanhTangent = jvp(at: y, tangent: doubles([2, 1])) { UserTanh().applied(to: [$0]) }.tangent
        let (t0, t1) = (Foundation.tanh(0.3), Foundation.tanh(-0.7))
        #expect(worstError(tanhTangent.scalars, [2 * (1 - t0 * t0), 1 - t1 * t1]) < 1e-14)
        #expect(!UserCube().applied(to: [x.requiringGrad()]).node!.hasExplicitTangent)
    }

    @Test("the default passes nil for an input without a tangent, and broadcasting works through it")
    func fallbackWithAConstantInput() {
        let a = doubles([1, 2, 3, 4, 5, 6], [2, 3]), b = doubles([0.5, -1, 2])
        let (ta, tb) = (doubles([1, 0, -1, 2, 0.5, 1], [2, 3]), doubles([1, 2, -0.5]))
        let both = jvp(at: [a, b], tangents: [ta, tb]) { UserScaledSquare(expected: [true, true]).applied(to: $0) }.tangent
        let onlyA = jvp(at: a, tangent: ta) { UserScaledSquare(expected: [true, false]).applied(to: [$0, b]) }.tangent
        var expectedBoth: [Double] = [], expectedA: [Double] = []
        for i in 0..<6 {
            let (ai, bi, tai, tbi) = (a.scalars[i], b.scalars[i % 3], ta.scalars[i], tb.scalars[i % 3])
            expectedBoth.append(tai * bi * bi + 2 * ai * bi * tbi)
            expectedA.append(tai * bi * bi)
        }
        #expect(worstError(both.scalars, expectedBoth) < 1e-14)
        #expect(worstError(onlyA.scalars, expectedA) < 1e-14)
    }

    @Test("the default composes: reverse over forward and forward over reverse through user functions")
    func fallbackComposes() {
        let point = [0.5, -1.5, 2.0], v = doubles([1, 0.25, -2]), w = [0.5, 1, 1.5]
        // Reverse over forward: ∂/∂x Σ w ⊙ 3x²v = 6 x v w.
        let x = doubles(point).requiringGrad()
        let tangent = jvp(at: x, tangent: v) { UserCube().applied(to: [$0]) }.tangent
        #expect(tangent.requiresGrad)
        let gradient = (tangent * doubles(w)).sum().gradients(withRespectTo: [x])[0]!
        #expect(worstError(gradient.scalars, (0..<3).map { 6 * point[$0] * v.scalars[$0] * w[$0] }) < 1e-13)
        // Forward over reverse: the Hessian of Σ tanh(x) along v is −2 tanh (1 − tanh²) v, through
        // UserTanh's node, which the gradient's graph uses for its output.
        let hv = jvp(at: doubles(point), tangent: v) { x in
            UserTanh().applied(to: [x]).sum().gradients(withRespectTo: [x], createGraph: true)[0]!
        }.tangent
        let expected = (0..<3).map { i -> Double in
            let t = Foundation.tanh(point[i])
            return -2 * t * (1 - t * t) * v.scalars[i]
        }
        #expect(worstError(hv.scalars, expected) < 1e-13)
    }

    @Test("a user function's own tangent rule is the one used")
    func ownTangentRuleWins() {
        let tangent = jvp(at: doubles([3]), tangent: doubles([1])) { MarkedSquare().applied(to: [$0]) }.tangent
        #expect(tangent.scalars == [10])
    }

    @Test("forward over reverse: the Hessian-vector product of Rosenbrock matches the tridiagonal Hessian")
    func rosenbrockHessianVectorProduct() {
        let n = 10
        let x = testValues(n, seed: 5, in: -1.5...1.5), v = testValues(n, seed: 6)
        let (gradient, hv) = jvp(at: doubles(x), tangent: doubles(v)) { x in
            rosenbrock(x).gradients(withRespectTo: [x], createGraph: true)[0]!
        }
        var expectedGradient = [Double](repeating: 0, count: n)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<(n - 1) {
            expectedGradient[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i])
            expectedGradient[i + 1] += 200 * (x[i + 1] - x[i] * x[i])
            hessian[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
            hessian[i + 1][i + 1] += 200
            hessian[i][i + 1] = -400 * x[i]
            hessian[i + 1][i] = -400 * x[i]
        }
        let expected = hessian.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(worstError(gradient.scalars, expectedGradient) < 1e-10)
        #expect(worstError(hv.scalars, expected) < 1e-10)
        #expect(!hv.requiresGrad)
    }

    @Test("forward over the reverse-mode transform: jvp of gradient(at:of:) is the Hessian-vector product")
    func jvpOfTheGradientTransform() {
        let x = doubles(testValues(6, seed: 7, in: -1...1)), v = doubles(testValues(6, seed: 8))
        let hv = jvp(at: x, tangent: v) { gradient(at: $0, of: rosenbrock) }.tangent
        let expected = jvp(at: x, tangent: v) { x in
            rosenbrock(x).gradients(withRespectTo: [x], createGraph: true)[0]!
        }.tangent
        #expect(worstError(hv.scalars, expected.scalars) < 1e-14)
        #expect(hv.scalars.contains { $0 != 0 })
    }

    @Test("the differential is linear and reuses one recording")
    func differentialIsLinear() {
        let (value, df) = valueWithDifferential(at: doubles([0.3, -0.8, 1.1])) { x in exp(x) * sin(x) }
        let (v1, v2) = (doubles([1, 2, -1]), doubles([0.5, -0.25, 3]))
        let sum = df(v1 + v2).scalars, parts = zip(df(v1).scalars, df(v2).scalars).map { $0 + $1 }
        #expect(worstError(sum, parts) < 1e-14)
        #expect(worstError(df(v1 * 2).scalars, df(v1).scalars.map { 2 * $0 }) < 1e-14)
        #expect(!value.requiresGrad)
        let dg = differential(at: [doubles([2]), doubles([3])]) { $0[0] * $0[1] }
        #expect(dg([doubles([1]), doubles([0])]).scalars == [3])
        #expect(dg([doubles([0]), doubles([1])]).scalars == [2])
    }

    @Test("inputs the output does not depend on, and captured tensors, get no tangent")
    func noTangentOffThePath() {
        let (x, y) = (doubles([1, 2]), doubles([3, 4]))
        let onlyX = jvp(at: [x, y], tangents: [doubles([1, 1]), doubles([5, 5])]) { $0[0] * 3 }.tangent
        #expect(onlyX.scalars == [3, 3])
        let constant = jvp(at: x, tangent: doubles([1, 1])) { _ in Tensor.ones(shape: [3], dtype: .float64) }.tangent
        #expect(constant.scalars == [0, 0, 0])
        // A tensor computed from the input outside f is a constant of the derivative (no perturbation
        // confusion), yet the tangent stays differentiable in the outer graph.
        let leaf = doubles([1, 2]).requiringGrad()
        let captured = leaf * 3
        let tangent = jvp(at: leaf, tangent: doubles([1, 1])) { $0 * captured }.tangent
        #expect(tangent.scalars == [3, 6])
        #expect(tangent.requiresGrad)
        #expect((tangent.sum()).gradients(withRespectTo: [leaf])[0]?.scalars == [3, 3])
    }

    @Test("jvp works with gradients off, converts tangents to the inputs' types, and records only with an outer graph")
    func modesAndTypes() {
        let x = Tensor([0.5, 1.5], requiresGrad: true)
        let off = withoutGradients { jvp(at: x, tangent: doubles([1, 2])) { $0 * $0 } }
        #expect(off.tangent.scalars == [1, 6] && off.tangent.dtype == .float32)
        #expect(!off.tangent.requiresGrad && !off.value.requiresGrad)
        let on = jvp(at: x, tangent: doubles([1, 2])) { $0 * $0 }
        #expect(on.tangent.requiresGrad && on.value.requiresGrad)
        // A tangent that requires gradients is recorded even at a constant point: ∂(2x·v)/∂v = 2x.
        let v = doubles([1, 2]).requiringGrad()
        let linear = jvp(at: doubles([0.5, 1.5]), tangent: v) { $0 * $0 }.tangent
        #expect(linear.sum().gradients(withRespectTo: [v])[0]?.scalars == [1, 3])
    }

    @Test("a chain of 100 000 operations runs without recursion")
    func longChain() {
        let x = doubles([1])
        let tangent = jvp(at: x, tangent: doubles([1])) { x in
            var y = x
            for _ in 0..<100_000 { y = y + x }
            return y
        }.tangent
        #expect(tangent.scalars == [100_001])
    }
}
