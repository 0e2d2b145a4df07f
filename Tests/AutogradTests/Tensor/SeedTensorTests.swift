import Testing
import Autograd

/// SEEDS.md §2: the tensor engine's worked model, trained with plain SGD and weight decay.
@Suite("Seeds: tensor engine")
struct SeedTensorTests {
    /// ŷ = 4·sin(relu(w1·x² + w3) + relu(w2·x² + w3)) and the loss with the 0.1 weight penalty.
    static func loss(_ x: Double, weights: [Tensor]) -> (loss: Tensor, squaredError: Double) {
        let input = Tensor([[x]], dtype: .float64)
        let a = input * input
        let b = relu(matmul(weights[0], a) + weights[2])
        let c = relu(matmul(weights[1], a) + weights[2])
        let prediction = 4 * sin(b + c)
        let target = 4 * Double.sin(x * x * x * x)
        let error = ((target - prediction) * (target - prediction)).sum()
        let penalty = weights.map { ($0 * $0).sum() }.reduce(Tensor(0.0, dtype: .float64), +)
        return (error + 0.1 * penalty, error.item())
    }

    /// The same model on the scalar engine, an independent implementation to compare against.
    static func scalarStep(_ x: Double, _ w: inout [Double]) {
        let (w1, w2, w3) = (Scalar(w[0]), Scalar(w[1]), Scalar(w[2]))
        let a = Scalar(x) * x
        let prediction = 4 * sin(relu(w1 * a + w3) + relu(w2 * a + w3))
        let target = 4 * Double.sin(x * x * x * x)
        let loss = pow(target - prediction, 2) + 0.1 * (w1 * w1 + w2 * w2 + w3 * w3)
        loss.backward()
        w = [w[0] - 1e-3 * w1.grad, w[1] - 1e-3 * w2.grad, w[2] - 1e-3 * w3.grad]
    }

    static func train(seed: UInt64) -> (errors: [Double], weights: [Double]) {
        var weights = [[1.7], [0.2], [0.6]].map { Tensor([$0], dtype: .float64, requiresGrad: true) }
        var generator = RandomGenerator(seed: seed)
        var errors: [Double] = []
        for _ in 0..<500 {
            let x = generator.nextUniform()
            let (loss, error) = loss(x, weights: weights)
            errors.append(error)
            loss.backward()
            weights = withoutGradients { weights.map { ($0 - 1e-3 * $0.grad!).requiringGrad() } }
        }
        return (errors, weights.map { $0.item() })
    }

    @Test("500 SGD steps: the squared error falls, reproducibly from the seed")
    func training() {
        let run = Self.train(seed: 2)
        let again = Self.train(seed: 2)
        #expect(run.errors == again.errors && run.weights == again.weights)
        let early = run.errors.prefix(100).reduce(0, +) / 100
        let late = run.errors.suffix(100).reduce(0, +) / 100
        #expect(late < 0.5 * early, "mean squared error \(early) → \(late)")
    }

    @Test("the tensor engine's weights match the scalar engine's after 500 steps")
    func matchesScalarEngine() {
        let run = Self.train(seed: 5)
        var generator = RandomGenerator(seed: 5)
        var weights = [1.7, 0.2, 0.6]
        for _ in 0..<500 { Self.scalarStep(generator.nextUniform(), &weights) }
        for (tensor, scalar) in zip(run.weights, weights) {
            #expect(Swift.abs(tensor - scalar) < 1e-12, "\(tensor) vs \(scalar)")
        }
    }
}
