import Foundation
import Testing
import Autograd

/// Golden values from SEEDS.md §1, §3 and §4 (the tutorials' own numbers).
@Suite("Seeds: scalar engine")
struct SeedScalarTests {
    // MARK: §1 "Autodifferentiation"

    @Test("§1 derivatives three ways at x0 = 6: analytic −7, finite difference close to it")
    func derivativesThreeWays() {
        func f(_ x: Double) -> Double { x * x * x - 10 * x * x + 5 * x - 2 }
        let x = Scalar(6.0)
        let y = x * x * x - 10 * x * x + 5 * x - 2
        y.backward()
        #expect(x.grad == -7)
        #expect(y.data == f(6))
        let h = 1e-5
        let forwardDifference = (f(6 + h) - f(6)) / h
        #expect(abs(forwardDifference - -7) < 1e-3)
    }

    @Test("§1 Scalar prints like the tutorial")
    func printing() {
        #expect(Scalar(1.0).description == "Scalar(1.0, grad = 0.0)")
        let a = Scalar(1.0), b = Scalar(2.0)
        let f = b * ((a + b) * (a - b))
        f.backward()
        #expect(f.description == "Scalar(-6.0, grad = 1.0)")
        #expect(a.description == "Scalar(1.0, grad = 4.0)")
    }

    @Test("§1 tracing f = b·((a + b)·(a − b)): values, parents in order, chain-rule gradients")
    func tracing() {
        let a = Scalar(1.0, label: "a"), b = Scalar(2.0, label: "b")
        let c = a + b, d = a - b, e = c * d, f = e * b
        #expect([c.data, d.data, e.data, f.data] == [3, -1, -3, -6])
        #expect(f.operation == "*")
        #expect(f.parents.count == 2)
        #expect(f.parents[0].isIdentical(to: e) && f.parents[1].isIdentical(to: b))
        #expect(d.parents[0].isIdentical(to: a) && d.parents[1].isIdentical(to: b))
        #expect(a.operation == nil && a.parents.isEmpty)
        f.backward()
        #expect(a.grad == 4)  // 2ab
        #expect(b.grad == -11)  // a² − 3b²
        #expect(c.grad == -2 && d.grad == 6 && e.grad == 2 && f.grad == 1)
    }

    @Test("§1 nudging by hand: forward differences with h = 1e-5 agree with backward")
    func nudging() {
        func f(_ a: Double, _ b: Double) -> Double { b * ((a + b) * (a - b)) }
        let h = 1e-5
        let dfda = (f(1 + h, 2) - f(1, 2)) / h
        let dfdb = (f(1, 2 + h) - f(1, 2)) / h
        #expect(abs(dfda - 4) < 1e-3)
        #expect(abs(dfdb - -11) < 1e-3)
    }

    @Test("§1 a value used twice gets the sum of both paths (a + b + a keeps both edges)")
    func sharedNodes() {
        let a = Scalar(3.0), b = Scalar(5.0)
        let s = a + b + a
        s.backward()
        #expect(a.grad == 2 && b.grad == 1)
        let p = a * a
        let q = Scalar(0.0) + p
        q.backward()
        #expect(a.grad == 2 + 6)  // accumulates onto the earlier 2
    }

    @Test("§1 tanh(1.0) and tanh built from exp give the same value and gradient")
    func tanhFromExp() {
        let x = Scalar(1.0)
        let t = tanh(x)
        #expect(t.data == 0.7615941559557649)
        t.backward()
        let viaPrimitive = x.grad
        let y = Scalar(1.0)
        let e2 = exp(2 * y)
        let u = (e2 - 1) / (e2 + 1)
        u.backward()
        #expect(abs(u.data - 0.7615941559557649) < 1e-15)
        #expect(abs(viaPrimitive - (1 - 0.7615941559557649 * 0.7615941559557649)) < 1e-15)
        #expect(abs(y.grad - viaPrimitive) < 1e-15)
    }

    @Test("§1 exercise L = (a³ − b²)·a − a·b against hand-derived gradients")
    func exerciseOne() {
        for (av, bv) in [(1.0, 2.0), (-1.5, 0.5), (3.0, -2.0)] {
            let a = Scalar(av), b = Scalar(bv)
            let l = (pow(a, 3) - pow(b, 2)) * a - a * b
            l.backward()
            // ∂L/∂a = 4a³ − b² − b, ∂L/∂b = −2ab − a
            #expect(abs(a.grad - (4 * av * av * av - bv * bv - bv)) < 1e-12)
            #expect(abs(b.grad - (-2 * av * bv - av)) < 1e-12)
        }
    }

    @Test("§1 exercise L = (a+b+c)(−a+b+c)(a−b+c)(a+b−c) against hand-derived gradients")
    func exerciseTwo() {
        let (av, bv, cv) = (1.5, 2.0, 3.0)
        let a = Scalar(av), b = Scalar(bv), c = Scalar(cv)
        let l = (a + b + c) * (-a + b + c) * (a - b + c) * (a + b - c)
        l.backward()
        let (p, q, r, s) = (av + bv + cv, -av + bv + cv, av - bv + cv, av + bv - cv)
        #expect(abs(l.data - p * q * r * s) < 1e-12)
        #expect(abs(a.grad - (q * r * s - p * r * s + p * q * s + p * q * r)) < 1e-12)
        #expect(abs(b.grad - (q * r * s + p * r * s - p * q * s + p * q * r)) < 1e-12)
        #expect(abs(c.grad - (q * r * s + p * r * s + p * q * s - p * q * r)) < 1e-12)
    }

    @Test("§1 one gradient step with α = 0.01: a alone gives −6.1568, b alone −7.283931")
    func oneGradientStep() {
        func loss(_ a: Double, _ b: Double) -> Double {
            let a = Scalar(a), b = Scalar(b)
            return (b * ((a + b) * (a - b))).data
        }
        let a = Scalar(1.0), b = Scalar(2.0)
        let f = b * ((a + b) * (a - b))
        #expect(f.data == -6)
        f.backward()
        let alpha = 0.01
        #expect(abs(loss(a.data - alpha * a.grad, b.data) - -6.1568) < 1e-12)
        #expect(abs(loss(a.data, b.data - alpha * b.grad) - -7.283931) < 1e-12)
    }

    @Test("§1 JAX's second derivatives: ∂²f/∂a² = 4, ∂²f/∂b² = −12")
    func secondDerivatives() {
        let a = Scalar(1.0), b = Scalar(2.0)
        let f = b * ((a + b) * (a - b))
        let gradient = f.differentiableGradients(withRespectTo: [a, b])
        #expect(gradient.map(\.data) == [4, -11])
        #expect(gradient[0].gradients(withRespectTo: [a, b]) == [4, 2])  // ∂(2ab)/∂a, ∂(2ab)/∂b
        #expect(gradient[1].gradients(withRespectTo: [a, b]) == [2, -12])  // ∂(a² − 3b²)/∂a, ∂/∂b
    }

    // MARK: §3 "Minimal autodiff"

    @Test("§3 a = 4, b = 3, c = a + b, d = a·c: ∂d/∂a = 11, ∂d/∂b = 4, and the local derivatives")
    func minimalAutodiff() {
        let a = Scalar(4.0), b = Scalar(3.0)
        let c = a + b, d = a * c
        #expect(c.data == 7 && d.data == 28)
        #expect(d.gradients(withRespectTo: [a, b, c]) == [11, 4, 4])
        #expect(d.localDerivatives == [7, 4])
        #expect(c.localDerivatives == [1, 1])
    }

    @Test("§3 f = (a/b − a)(b/a + a + b)(a − b) at a = 230.3, b = 33.2")
    func minimalAutodiffRational() {
        let a = Scalar(230.3), b = Scalar(33.2)
        let f = (a / b - a) * (b / a + a + b) * (a - b)
        let g = f.gradients(withRespectTo: [a, b])
        #expect(abs(g[0] - -153284.83150602411) <= 1e-9 * 153284.83150602411)
        #expect(abs(g[1] - 3815.0389441500993) <= 1e-9 * 3815.0389441500993)
        // The tutorial's forward differences with δ = 1e-8: −153284.89 and 3815.07.
        func value(_ a: Double, _ b: Double) -> Double { (a / b - a) * (b / a + a + b) * (a - b) }
        let delta = 1e-8
        let fa = (value(230.3 + delta, 33.2) - value(230.3, 33.2)) / delta
        let fb = (value(230.3, 33.2 + delta) - value(230.3, 33.2)) / delta
        #expect(abs(fa - -153284.89) < 1)
        #expect(abs(fb - 3815.07) < 1)
    }

    @Test("§3 f = log((sin(a·b) + exp(c − a/b))²)·c at a = 43, b = 3, c = 2")
    func minimalAutodiffTranscendental() {
        let a = Scalar(43.0), b = Scalar(3.0), c = Scalar(2.0)
        let f = log(pow(sin(a * b) + exp(c - a / b), 2)) * c
        let g = f.gradients(withRespectTo: [a, b, c])
        #expect(abs(g[0] - 60.85353612046653) <= 1e-11 * 60.85353612046653)
        #expect(abs(g[1] - 872.2331479536114) <= 1e-11 * 872.2331479536114)
        #expect(abs(g[2] - -3.2853671032530305) <= 1e-11 * 3.2853671032530305)
    }

    // MARK: §4 lecture notes

    @Test("§4 MSE(w) = (y − w₁x − w₀)² at w = (1, 2), x = 3, y = 4: ∂/∂w₀ = 6, ∂/∂w₁ = 18")
    func lectureMSE() {
        let w0 = Scalar(1.0), w1 = Scalar(2.0)
        let mse = pow(4 - w1 * 3 - w0, 2)
        mse.backward()
        #expect(w0.grad == 6 && w1.grad == 18)
        w0.zeroGrad()
        #expect(w0.grad == 0 && w1.grad == 18)
    }
}
