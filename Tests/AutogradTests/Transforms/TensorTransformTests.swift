import Testing
import Autograd

@Suite("Tensor function transforms")
struct TensorTransformTests {
    @Test("gradient and valueWithGradient of a function of one and two tensors")
    func gradients() {
        let x = Tensor([1.0, 2.0, 3.0], dtype: .float64)
        let (value, g) = valueWithGradient(at: x) { ($0 * $0).sum() }
        #expect(value.item() == 14 && g.scalars == [2, 4, 6])
        #expect(!value.requiresGrad && !g.requiresGrad)
        let (ga, gb) = gradient(at: Tensor([2.0], dtype: .float64), Tensor([3.0], dtype: .float64)) { a, b in (a * b * b).sum() }
        #expect(ga.scalars == [9] && gb.scalars == [12])
    }

    @Test("the gradient of a gradient is the second derivative")
    func nesting() {
        let x = Tensor([0.5, -1.0], dtype: .float64)
        let second = gradient(at: x) { input in gradient(at: input) { (sin($0) * $0).sum() }.sum() }
        let expected = x.scalars.map { 2 * Double.cos($0) - $0 * Double.sin($0) }
        for (a, b) in zip(second.scalars, expected) { #expect(Swift.abs(a - b) < 1e-14) }
    }

    @Test("pullback is uᵀJ and can be called repeatedly; the Jacobian has shape output + input")
    func pullbacks() {
        let x = Tensor([1.0, 2.0], dtype: .float64)
        let pb = pullback(at: x) { Tensor.stack([$0 * $0, $0 * 3]) }  // shape [2, 2]
        let u = Tensor([[1.0, 0.0], [0.0, 1.0]], dtype: .float64)
        #expect(pb(u).scalars == [2, 3])
        #expect(pb(u * 2).scalars == [4, 6])
        let j = jacobian(at: x) { $0 * $0 }
        #expect(j.shape == [2, 2] && j.scalars == [2, 0, 0, 4])
    }

    @Test("Hessian of Rosenbrock at n = 10 matches the analytic tridiagonal form")
    func rosenbrockHessian() {
        let values = (0..<10).map { Double.sin(Double($0)) }
        let x = Tensor(values, dtype: .float64)
        let h = hessian(at: x) { x in
            let head = x[..<9], tail = x[1...]
            let a = tail - head * head, b = 1 - head
            return (100 * a * a + b * b).sum()
        }
        let expected = Rosenbrock.hessian(values)
        #expect(h.shape == [10, 10])
        for (computed, exact) in zip(h.scalars, expected.joined()) {
            #expect(Swift.abs(computed - exact) <= 1e-12 * Swift.max(1, Swift.abs(exact)))
        }
    }

    @Test("a function that ignores its input has a zero gradient")
    func constantFunction() {
        #expect(gradient(at: Tensor([1.0, 2.0])) { _ in Tensor(5.0) }.scalars == [0, 0])
    }
}

@Suite("Tensor transforms: forward variants")
struct TensorForwardTransformTests {
    @Test("forward and reverse Jacobians agree; automatic picks either")
    func jacobians() {
        let x = Tensor([0.3, -0.7], dtype: .float64)
        func f(_ x: Tensor) -> Tensor { Tensor.concatenate([sin(x) * x, x * x * x, exp(x)]) }
        let forward = jacobian(at: x, mode: .forward, of: f)
        let reverse = jacobian(at: x, mode: .reverse, of: f)
        #expect(forward.shape == [6, 2] && reverse.shape == [6, 2])
        for (a, b) in zip(forward.scalars, reverse.scalars) { #expect(Swift.abs(a - b) < 1e-14) }
        #expect(jacobian(at: x, of: f).scalars == forward.scalars)
    }

    @Test("HVP of Rosenbrock at n = 1000, forward-over-reverse, matches the analytic Hessian to 1e-12")
    func rosenbrockHVP() {
        let values = (0..<1000).map { Double.sin(Double($0) * 0.37) }
        let direction = (0..<1000).map { Double.cos(Double($0) * 0.11) }
        let hv = hessianVectorProduct(at: Tensor(values, dtype: .float64), Tensor(direction, dtype: .float64)) { x in
            let head = x[..<999], tail = x[1...]
            let a = tail - head * head, b = 1 - head
            return (100 * a * a + b * b).sum()
        }
        let h = Rosenbrock.hessian(Array(values.prefix(20)))  // spot-check the first rows exactly
        for i in 0..<19 {
            let exact = zip(h[i], direction.prefix(20)).map(*).reduce(0, +)
            #expect(Swift.abs(hv.scalars[i] - exact) <= 1e-12 * Swift.max(1, Swift.abs(exact)))
        }
    }
}
