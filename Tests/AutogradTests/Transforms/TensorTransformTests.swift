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

    @Test("transforms nest through captured tensors: the inner derivative depends on the outer input, as in JAX")
    func capturedOuterInput() {
        func d(_ value: Double) -> Tensor { Tensor(value, dtype: .float64) }
        // ∂/∂x of ∂/∂y (x·y²) at y = 2 is 2y = 4.
        #expect(gradient(at: d(1)) { x in gradient(at: d(2)) { y in (x * y * y).sum() } }.item() == 4)
        #expect(gradient(at: d(1)) { x in pullback(at: d(2)) { y in x * y * y }(d(1)) }.item() == 4)
        #expect(jvp(at: d(1), tangent: d(1)) { x in gradient(at: d(2)) { y in (x * y * y).sum() } }.tangent.item() == 4)
        // The inner value depends on x too: ∂/∂x of (x·y at y = 2) is 2.
        #expect(gradient(at: d(3)) { x in valueWithGradient(at: d(2)) { y in (x * y).sum() }.value }.item() == 2)
        // A captured leaf that requires gradients: backward through the transform's result reaches it.
        let w = Tensor([3.0], dtype: .float64, requiresGrad: true)
        let g = gradient(at: Tensor([2.0], dtype: .float64)) { y in (w * y * y).sum() }  // 2·w·y = 12
        #expect(g.scalars == [12] && g.requiresGrad)
        g.sum().backward()
        #expect(w.grad?.scalars == [4])  // ∂(2wy)/∂w = 2y
        // With nothing outer, the results are constants.
        let plain = valueWithGradient(at: d(2)) { y in (y * y).sum() }
        #expect(!plain.value.requiresGrad && !plain.gradient.requiresGrad)
    }

    @Test("Jacobians and Hessians are differentiable when they depend on an outer input")
    func differentiableJacobians() {
        let x = Tensor([1.0, 2.0], dtype: .float64)
        // d/dx Σ J(x³) = d/dx Σ 3x² = 6x; d/dx Σ H(Σx³) = d/dx Σ 6x = 6.
        for mode in [JacobianMode.forward, .reverse] {
            #expect(gradient(at: x) { x in jacobian(at: x, mode: mode) { $0 * $0 * $0 }.sum() }.scalars == [6, 12])
        }
        #expect(gradient(at: x) { x in hessian(at: x) { ($0 * $0 * $0).sum() }.sum() }.scalars == [6, 6])
        // The values themselves are unchanged.
        #expect(jacobian(at: x, mode: .reverse) { $0 * $0 * $0 }.scalars == [3, 0, 0, 12])
        #expect(jacobian(at: x, mode: .forward) { $0 * $0 * $0 }.scalars == [3, 0, 0, 12])
    }

    @Test("each argument has its own gradient, even when two arguments are one tensor")
    func repeatedArgument() {
        let x = Tensor([1.0, 2.0], dtype: .float64)
        let plain = gradient(at: [x, x]) { ($0[0] * $0[1]).sum() }
        #expect(plain.map(\.scalars) == [[1, 2], [1, 2]])
        let leaf = x.requiringGrad()
        let recorded = gradient(at: [leaf, leaf]) { ($0[0] * $0[1]).sum() }
        #expect(recorded.map(\.scalars) == [[1, 2], [1, 2]])
    }

    @Test("the mean of no elements is NaN, as in NumPy and PyTorch")
    func meanOfNothing() {
        let empty = Tensor([Double](), dtype: .float64, requiresGrad: true)
        let mean = empty.mean()
        #expect(mean.item().isNaN)
        mean.backward()
        #expect(empty.grad?.shape == [0])
        let rows = Tensor.zeros(shape: [2, 0]).mean(axis: 1).scalars
        #expect(rows.count == 2 && rows[0].isNaN && rows[1].isNaN)
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
