import Foundation
import Testing
import Autograd
import AutogradNN

@Suite("Optimizers and schedules")
struct OptimizerTests {
    /// Runs `steps` steps of `optimizer` on one parameter p (starting at 1) with loss `loss(p)`,
    /// returning p after each step.
    static func trajectory(_ optimizer: some Optimizer, _ parameter: Parameter, steps: Int, loss: (Tensor) -> Tensor) -> [Double] {
        (0..<steps).map { _ in
            optimizer.zeroGrad()
            loss(parameter.value).sum().backward()
            optimizer.step()
            return parameter.value.item()
        }
    }

    /// A one-element float64 parameter at 1.
    static func unit() -> Parameter { Parameter(vector([1])) }

    @Test("SGD with momentum: the buffer starts at g, then μ·b + g")
    func sgdMomentum() {
        let p = Self.unit()
        let path = Self.trajectory(SGD(parameters: [p], learningRate: 0.1, momentum: 0.9), p, steps: 2) { 0.5 * $0 }
        // b₁ = 0.5, p₁ = 1 − 0.05; b₂ = 0.9·0.5 + 0.5 = 0.95, p₂ = 0.95 − 0.095.
        #expect(isClose(path, [0.95, 0.855]))
    }

    @Test("SGD with Nesterov momentum steps along g + μ·b")
    func sgdNesterov() {
        let p = Self.unit()
        let optimizer = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, nesterov: true)
        let path = Self.trajectory(optimizer, p, steps: 2) { 0.5 * $0 }
        // d₁ = 0.5 + 0.9·0.5 = 0.95; b₂ = 0.95, d₂ = 0.5 + 0.9·0.95 = 1.355.
        #expect(isClose(path, [0.905, 0.7695]))
        #expect(optimizer.state(of: p)?.momentumBuffer?.scalars == [0.95])
    }

    @Test("SGD weight decay adds λ·p to the gradient")
    func sgdWeightDecay() {
        let p = Self.unit()
        let path = Self.trajectory(SGD(parameters: [p], learningRate: 0.1, weightDecay: 0.1), p, steps: 2) { 0.5 * $0 }
        // g₁ = 0.5 + 0.1 = 0.6 → 0.94; g₂ = 0.5 + 0.094 = 0.594 → 0.8806.
        #expect(isClose(path, [0.94, 0.8806]))
    }

    @Test("plain SGD is exactly p − η·g, and a parameter without a gradient is left alone")
    func sgdPlain() {
        let p = Parameter(vector([1, -2])), untouched = Parameter(vector([3]))
        let optimizer = SGD(parameters: [p, untouched], learningRate: 0.25)
        (p.value * p.value).sum().backward()
        optimizer.step()
        let expected: [Double] = [1 - 0.25 * 2, -2 + 0.25 * 4]
        #expect(p.value.scalars == expected)
        #expect(untouched.value.scalars == [3] && optimizer.state(of: untouched) == nil)
        #expect(optimizer.stepCount == 1)
    }

    @Test("SGD updates in place: the bits of p − η·g in float32, the same leaf and gradient, and a copy keeps its values")
    func sgdInPlace() {
        let start = (0..<300).map { Double(($0 * 7919) % 1000) / 997 - 0.5 }
        let p = Parameter(Tensor(start, shape: [300]))
        let optimizer = SGD(parameters: [p], learningRate: 0.01)
        (p.value * p.value * p.value).sum().backward()
        let gradient = p.grad!
        let expected = withoutGradients { (p.value.detached() - 0.01 * gradient).floats }
        let before = p.value
        optimizer.step()
        #expect(p.value.floats == expected)
        #expect(p.grad?.floats == gradient.floats, "the gradient stays until zeroGrad")
        #expect(before.floats == Tensor(start, shape: [300]).floats, "a copy taken before the step keeps its values")
        // The same leaf: a graph recorded before the step still delivers into the parameter.
        let loss = p.value.sum()
        optimizer.step()
        optimizer.zeroGrad()
        loss.backward()
        #expect(p.grad?.floats == [Float](repeating: 1, count: 300))
    }

    /// Adam's moments by hand for the loss p² (gradient 2p), with decoupled decay `decay`.
    static func adamByHand(rate: Double, decay: Double, steps: Int) -> [Double] {
        let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
        var (p, m, v) = (1.0, 0.0, 0.0)
        var path: [Double] = []
        for t in 1...steps {
            let g = 2 * p
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            let mHat = m / (1 - Foundation.pow(beta1, Double(t)))
            let vHat = v / (1 - Foundation.pow(beta2, Double(t)))
            p = p * (1 - rate * decay) - rate * mHat / (vHat.squareRoot() + epsilon)
            path.append(p)
        }
        return path
    }

    @Test("Adam's first two steps, with bias correction")
    func adamSteps() {
        let p = Self.unit()
        let optimizer = Adam(parameters: [p], learningRate: 0.1)
        let path = Self.trajectory(optimizer, p, steps: 2) { $0 * $0 }
        // Step 1: m̂ = g and v̂ = g², so the step is η·g/(|g| + ε) ≈ η.
        #expect(isClose(path[0], 1 - 0.1 * 2 / (2 + 1e-8), tolerance: 1e-15))
        #expect(isClose(path, Self.adamByHand(rate: 0.1, decay: 0, steps: 2), tolerance: 1e-15))
        #expect(optimizer.state(of: p)?.step == 2)
        #expect(isClose(path[1], 0.8004122286917928, tolerance: 1e-15))   // computed independently in Python
    }

    @Test("AdamW decays the parameter directly, outside the moments")
    func adamWSteps() {
        let p = Self.unit()
        let path = Self.trajectory(AdamW(parameters: [p], learningRate: 0.1, weightDecay: 0.1), p, steps: 2) { $0 * $0 }
        // Step 1: p = 1·(1 − 0.01) − 0.1·2/(2 + 1e-8).
        #expect(isClose(path[0], 0.99 - 0.1 * 2 / (2 + 1e-8), tolerance: 1e-15))
        #expect(isClose(path, Self.adamByHand(rate: 0.1, decay: 0.1, steps: 2), tolerance: 1e-15))
        // Coupled decay (Adam's weightDecay) is different: it passes through the moments.
        let q = Self.unit()
        let coupled = Self.trajectory(Adam(parameters: [q], learningRate: 0.1, weightDecay: 0.1), q, steps: 2) { $0 * $0 }
        #expect(!isClose(coupled, path, tolerance: 1e-6))
    }

    @Test("schedules: step decay, cosine, and micrograd's linear 1.0 − 0.9·k/100")
    func schedules() {
        let step = LearningRateSchedule.stepDecay(initial: 1, factor: 0.5, every: 10)
        #expect([0, 9, 10, 19, 20, 25].map { step($0) } == [1, 1, 0.5, 0.5, 0.25, 0.25])
        let cosine = LearningRateSchedule.cosine(initial: 1, minimum: 0.1, steps: 100)
        #expect(isClose([0, 50, 100, 150].map { cosine($0) }, [1, 0.55, 0.1, 0.1], tolerance: 1e-15))
        let quarter: Double = 0.1 + 0.45 * (1 + Foundation.cos(Double.pi / 4))
        #expect(isClose(cosine(25), quarter, tolerance: 1e-15))
        let linear = LearningRateSchedule.linear(from: 1.0, to: 0.1, steps: 100)
        let micrograd: [Double] = (0..<100).map { k in 1.0 - 0.9 * Double(k) / 100 }
        let scheduled: [Double] = (0..<100).map { k in linear(k) }
        #expect(isClose(scheduled, micrograd, tolerance: 1e-15))
        #expect(linear(100) == 0.1 && linear(500) == 0.1)
        #expect(LearningRateSchedule.constant(0.3)(42) == 0.3)
    }

    @Test("an optimizer applies its schedule per step")
    func schedulePerStep() {
        let p = Self.unit()
        let optimizer = SGD(parameters: [p], schedule: .stepDecay(initial: 0.1, factor: 0.5, every: 1))
        #expect(optimizer.learningRate == 0.1)
        let path = Self.trajectory(optimizer, p, steps: 3) { $0 }
        #expect(isClose(path, [0.9, 0.85, 0.825]))
        #expect(optimizer.learningRate == 0.0125)
    }

    @Test("the scalar engine's GradientDescentOptimizer: p.data −= lr·p.grad, then zeroGrad")
    func scalarGradientDescent() {
        // SEEDS §4: MSE(w) = (y − w₁x − w₀)² at w = (1, 2), x = 3, y = 4 has gradient (6, 18).
        let w0 = Scalar(1), w1 = Scalar(2)
        let optimizer = GradientDescentOptimizer(parameters: [w0, w1], lr: 0.01)
        let loss = pow(4 - w1 * 3 - w0, 2)
        loss.backward()
        #expect(w0.grad == 6 && w1.grad == 18)
        optimizer.step()
        #expect(isClose(w0.data, 1 - 0.06) && isClose(w1.data, 2 - 0.18))
        optimizer.zeroGrad()
        #expect(w0.grad == 0 && w1.grad == 0)
    }

    @Test("settings out of range stop, naming the optimizer, the value and the caller's line (PyTorch raises)")
    func settingsOutOfRange() async {
        let line = #line + 1
        let sgd = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD(parameters: [Parameter(Tensor([1.0]))], learningRate: -0.1)
        }
        let adam = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Adam(parameters: [Parameter(Tensor([1.0]))], epsilon: -1e-8)
        }
        let adamW = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AdamW(parameters: [Parameter(Tensor([1.0]))], weightDecay: -0.01)
        }
        let text = [sgd, adam, adamW].map { String(decoding: $0?.standardErrorContent ?? [], as: UTF8.self) }
        #expect(text[0].contains("SGD: the learning rate must be non-negative, not -0.1") && text[0].contains("OptimizerTests.swift:\(line)"))
        #expect(text[1].contains("Adam: epsilon must be non-negative, not -1e-08"))
        #expect(text[2].contains("AdamW: weight decay must be non-negative, not -0.01"))
    }
}
