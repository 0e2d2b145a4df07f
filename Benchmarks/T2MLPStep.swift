import Autograd
import AutogradNN
import Foundation

/// Workload T2: one training step of a 784 → 256 → 256 → 10 ReLU MLP on a fixed batch of 128,
/// float32, softmax cross-entropy, plain SGD at 0.01.
public enum T2MLPStep {
    /// Median seconds per step over 50 steps after 5 warm-up steps on `threads` threads, and the loss
    /// after 55 updates.
    public static func measure(dataDirectory: URL, threads: Int) throws -> BenchmarkRecord {
        try withComputeThreads(threads) { try measureHere(dataDirectory: dataDirectory, threads: threads) }
    }

    private static func measureHere(dataDirectory: URL, threads: Int) throws -> BenchmarkRecord {
        func load(_ name: String) throws -> NumPyArray {
            try NumPyArray(contentsOf: dataDirectory.appendingPathComponent(name))
        }
        let x = try load("t2_x.npy"), labels = try load("t2_labels.npy")
        let weights = try ["t2_w1.npy", "t2_w2.npy", "t2_w3.npy"].map(load)
        let input = Tensor(x.doubles(), shape: x.shape)
        let targets = Tensor(labels.doubles(), shape: labels.shape)
        let model = MLP(layers: weights.map { w in
            Linear(weight: Tensor(w.doubles(), shape: w.shape), bias: Tensor.zeros(shape: [w.shape[1]]))
        })
        let optimizer = SGD(parameters: model.parameters, learningRate: 0.01)
        func step() {
            optimizer.zeroGrad()
            crossEntropy(logits: model(input), labels: targets).backward()
            optimizer.step()
        }
        for _ in 0..<5 { step() }
        let times = (0..<50).map { _ in BenchmarkEnvironment.seconds { step() } }
        let loss = withoutGradients { crossEntropy(logits: model(input), labels: targets).item() }
        return BenchmarkRecord(
            workload: "t2", threads: threads,
            fields: [("step_s_median", .number(BenchmarkEnvironment.median(times))), ("loss_after", .number(loss))])
    }
}
