import Testing
import Autograd
import AutogradNN

/// SEEDS §4's linear regression (both ways) and §3's noise-fitting layer.
@Suite("Seeds: training")
struct SeedTrainingTests {
    /// SEEDS §4's data: x = 0.01·i for i = 0…100, y = 5x − 3 + U(−1, 1) from a seeded generator.
    static func regressionData(seed: UInt64 = 0) -> (x: [Double], y: [Double]) {
        var generator = RandomGenerator(seed: seed)
        let x = (0...100).map { 0.01 * Double($0) }
        let y = x.map { 5 * $0 - 3 + (2 * generator.nextUniform() - 1) }
        return (x, y)
    }

    /// The least-squares line through the data, in closed form: the point training must reach.
    static func leastSquares(_ x: [Double], _ y: [Double]) -> (w0: Double, w1: Double) {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        let covariance = zip(x, y).map { ($0 - meanX) * ($1 - meanY) }.reduce(0, +)
        let variance = x.map { ($0 - meanX) * ($0 - meanX) }.reduce(0, +)
        let w1 = covariance / variance
        return (meanY - w1 * meanX, w1)
    }

    @Test("§4 on the scalar engine: GradientDescentOptimizer(lr: 0.01) finds w₀ ≈ −3, w₁ ≈ 5")
    func scalarLinearRegression() {
        let (xs, ys) = Self.regressionData()
        let w0 = Scalar(0, label: "w0"), w1 = Scalar(0, label: "w1")
        let optimizer = GradientDescentOptimizer(parameters: [w0, w1], lr: 0.01)
        // Full-batch gradient descent on the mean squared error. The slowest direction of this
        // quadratic contracts by 1 − 2·0.01·λ_min ≈ 1 − 0.00134 per epoch (λ_min ≈ 0.067 for x in
        // [0, 1]), so 5000 epochs shrink the starting error by e^−6.7, to under 0.01. Each epoch is
        // recorded on a reused per-step tape; the gradients flow back to the Scalar leaves.
        let tape = Tape(capacity: 1024)
        for _ in 0..<5000 {
            tape.reset()
            optimizer.zeroGrad()
            let (b, w) = (tape.use(w0), tape.use(w1))
            var total = tape.constant(0)
            for (x, y) in zip(xs, ys) {
                let error = y - (w * x + b)
                total = total + error * error
            }
            let loss = total / Double(xs.count)
            loss.backward()
            optimizer.step()
        }
        let exact = Self.leastSquares(xs, ys)
        #expect(isClose(w0.data, exact.w0, tolerance: 0.01) && isClose(w1.data, exact.w1, tolerance: 0.01))
        #expect(isClose(w0.data, -3, tolerance: 0.3) && isClose(w1.data, 5, tolerance: 0.3))
    }

    @Test("§4 vectorised: requires-grad leaves, mean MSE, SGD lr 0.1 for 1000 epochs")
    func tensorLinearRegression() {
        let (xs, ys) = Self.regressionData()
        let x = vector(xs), y = vector(ys)
        let w0 = Parameter(Tensor(0.0, dtype: .float64)), w1 = Parameter(Tensor(0.0, dtype: .float64))
        let optimizer = SGD(parameters: [w0, w1], learningRate: 0.1)
        var losses: [Double] = []
        for _ in 0..<1000 {
            optimizer.zeroGrad()
            let loss = meanSquaredError(w1.value * x + w0.value, y)
            losses.append(loss.item())
            loss.backward()
            optimizer.step()
        }
        let exact = Self.leastSquares(xs, ys)
        #expect(isClose(w0.value.item(), exact.w0, tolerance: 1e-4) && isClose(w1.value.item(), exact.w1, tolerance: 1e-4))
        #expect(isClose(w0.value.item(), -3, tolerance: 0.3) && isClose(w1.value.item(), 5, tolerance: 0.3))
        #expect(losses.last! < losses.first!)
    }

    @Test("§3 noise to noise: one 50 → 10 layer, Σ(y − x·W)², 100 steps at 0.001; the loss falls")
    func noiseFittingLayer() {
        var generator = RandomGenerator(seed: 0)
        let x = Tensor.uniform(shape: [1, 50], dtype: .float64, using: &generator)
        let y = Tensor.uniform(shape: [1, 10], dtype: .float64, using: &generator)
        let layer = Linear(
            inputSize: 50, outputSize: 10, bias: false, initializer: .uniform(0...1), dtype: .float64,
            generator: &generator)
        let optimizer = SGD(parameters: layer.parameters, learningRate: 0.001)
        var losses: [Double] = []
        for _ in 0..<100 {
            optimizer.zeroGrad()
            let residual = y - layer(x)
            let loss = (residual * residual).sum()
            losses.append(loss.item())
            loss.backward()
            optimizer.step()
        }
        #expect(losses.last! < losses.first!)
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 })
        // One step maps the residual r to r·(1 − 2·0.001·|x|²), so the loss after k steps is known.
        let squaredNorm = x.scalars.map { $0 * $0 }.reduce(0, +)
        let factor = (1 - 0.002 * squaredNorm) * (1 - 0.002 * squaredNorm)
        var predicted = losses[0]
        for _ in 1..<100 { predicted *= factor }
        #expect(isClose(losses[99] / predicted, 1, tolerance: 1e-9))
    }
}
