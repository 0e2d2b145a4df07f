import Foundation
import Testing
import Autograd
import AutogradNN
import AutogradBenchmarks

/// WORKLOADS S1: micrograd's demo (moons, MLP 2 → 16 → 16 → 1, hinge loss) on the tensor engine.
@Suite("Micrograd demo (S1)")
struct MicrogradDemoTests {
    /// `s1_init.json`: each layer's `W` is (out, in) and `b` is (out).
    struct InitialWeights: Decodable {
        struct Layer: Decodable {
            let W: [[Double]]
            let b: [Double]
        }
        let sizes: [Int]
        let layers: [Layer]
    }

    static func resource(_ name: String, _ type: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Resources"))
    }

    /// The points (batch, 2) and labels in {−1, +1} of `moons100.csv`.
    static func moons() throws -> (points: Tensor, labels: Tensor) {
        let text = try String(contentsOf: resource("moons100", "csv"), encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            line.split(separator: ",").map { Double(String($0))! }
        }
        return (matrix(rows.map { [$0[0], $0[1]] }), vector(rows.map { $0[2] }))
    }

    /// The demo's model with the JSON's weights, transposed to Linear's (in, out).
    static func model() throws -> MLP {
        let data = try Data(contentsOf: resource("s1_init", "json"))
        let weights = try JSONDecoder().decode(InitialWeights.self, from: data)
        #expect(weights.sizes == [2, 16, 16, 1])
        let layers = weights.layers.map { layer in
            Linear(weight: matrix(layer.W).transposed(), bias: vector(layer.b))
        }
        return MLP(layers: layers)
    }

    /// Data loss (mean hinge) plus 1e-4·Σp², and the accuracy of sign(score).
    static func evaluate(_ model: MLP, _ points: Tensor, _ labels: Tensor) -> (loss: Tensor, accuracy: Double) {
        let scores = model(points)
        let loss = hingeLoss(scores: scores, labels: labels) + 1e-4 * l2Penalty(parameters: model.parameters)
        let correct = zip(scores.scalars, labels.scalars).filter { ($0 > 0) == ($1 > 0) }.count
        return (loss, Double(correct) / Double(labels.count))
    }

    @Test("337 parameters, first loss 0.8041283564586824, loss 0.013159218122231794 after 100 steps, accuracy 1")
    func trainsLikeMicrograd() throws {
        let (points, labels) = try Self.moons()
        let model = try Self.model()
        #expect(points.shape == [100, 2] && model.parameterCount == 337)
        let optimizer = SGD(parameters: model.parameters, schedule: .linear(from: 1.0, to: 0.1, steps: 100))
        var losses: [Double] = []
        for _ in 0..<100 {
            let (loss, _) = Self.evaluate(model, points, labels)
            losses.append(loss.item())
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
        }
        let (finalLoss, accuracy) = Self.evaluate(model, points, labels)
        #expect(isClose(losses[0], 0.8041283564586824, tolerance: 1e-9))
        #expect(isClose(finalLoss.item(), 0.013159218122231794, tolerance: 1e-9))
        #expect(accuracy == 1)
        #expect(optimizer.stepCount == 100)
    }
}

/// WORKLOADS S1 on the scalar engine, through the benchmark's own code.
@Suite("Micrograd demo (S1), scalar engine")
struct MicrogradDemoScalarTests {
    @Test("65,818 values per step, the anchors' first and final loss to 1e-9, accuracy 1")
    func scalarEngine() throws {
        let directory = try #require(Bundle.module.url(forResource: "moons100", withExtension: "csv", subdirectory: "Resources"))
            .deletingLastPathComponent()
        let problem = try S1MicrogradDemo.load(from: directory)
        let run = S1MicrogradDemo.trainScalar(problem)
        #expect(run.nodes == 65_818)
        #expect(Swift.abs(run.firstLoss - 0.8041283564586824) < 1e-9)
        #expect(Swift.abs(run.finalLoss - 0.013159218122231794) < 1e-9)
        #expect(run.accuracy == 1)
        let tensor = S1MicrogradDemo.trainTensor(problem)
        #expect(Swift.abs(tensor.finalLoss - run.finalLoss) < 1e-12)
    }
}
