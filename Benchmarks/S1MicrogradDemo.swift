import Autograd
import AutogradNN
import Foundation

/// Workload S1: micrograd's demo, an MLP 2 → 16 → 16 → 1 trained on 100 moons with a hinge loss,
/// on the scalar engine and on the tensor engine, from the same initial weights.
public enum S1MicrogradDemo {
    /// The demo's inputs: points, labels in {−1, +1}, and each layer's (out, in) weights and biases.
    public struct Problem {
        /// The points, two coordinates each.
        public var points: [[Double]]
        /// The labels, −1 or +1.
        public var labels: [Double]
        /// Per layer: the weights as rows (out, in) and the biases (out).
        public var layers: [(weights: [[Double]], biases: [Double])]
    }

    /// What one training run measured.
    public struct Run {
        /// The loss before the first update.
        public var firstLoss: Double
        /// The loss after the 100th update.
        public var finalLoss: Double
        /// The fraction of points with sign(score) = label after the 100th update.
        public var accuracy: Double
        /// Median seconds per step (forward with recording, backward, update).
        public var stepSeconds: Double
        /// Recorded values per step (the scalar engine's rows; the tensor engine's nodes).
        public var nodes: Int
    }

    /// Reads `moons100.csv` and `s1_init.json` from `directory`.
    public static func load(from directory: URL) throws -> Problem {
        let table = try CSVTable(contentsOf: directory.appendingPathComponent("moons100.csv"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("s1_init.json")))
        guard let layers = (json as? [String: Any])?["layers"] as? [[String: Any]] else {
            throw BenchmarkError("s1_init.json: expected an object with a 'layers' array")
        }
        let parsed = try layers.map { layer -> (weights: [[Double]], biases: [Double]) in
            guard let weights = layer["W"] as? [[Double]], let biases = layer["b"] as? [Double] else {
                throw BenchmarkError("s1_init.json: every layer needs 'W' (out × in) and 'b' (out)")
            }
            return (weights, biases)
        }
        guard table.columnNames.count == 3 else {
            throw BenchmarkError("moons100.csv: expected three columns (x0, x1, y), found \(table.columnNames.count)")
        }
        // Each layer's W is out × in with in the previous layer's out (2 features first), b has out
        // entries, and the last layer gives one score: anything else is not the workload's data.
        var width = 2
        for (index, layer) in parsed.enumerated() {
            guard !layer.weights.isEmpty, layer.weights.allSatisfy({ $0.count == width }), layer.biases.count == layer.weights.count else {
                throw BenchmarkError("s1_init.json: layer \(index) needs W of shape (out, \(width)) and b of length out")
            }
            width = layer.weights.count
        }
        guard !parsed.isEmpty, width == 1 else { throw BenchmarkError("s1_init.json: the last layer must give one score") }
        return Problem(points: table.rows.map { [$0[0], $0[1]] }, labels: table.rows.map { $0[2] }, layers: parsed)
    }

    /// The learning rate of step k: 1.0 − 0.9·k/100.
    static func learningRate(_ step: Int) -> Double { 1.0 - 0.9 * Double(step) / 100 }

    // MARK: - Scalar engine

    /// The model and loss on the scalar engine, written as a user who wants speed writes them: the
    /// parameters in one flat array, brought onto the step's tape into one reused buffer of handles;
    /// each neuron a loop of `sum = sum + w * x` over contiguous handles; no arrays, closures or
    /// `map`s built per step.
    ///
    /// This is fair to S1's protocol: every step still records the whole graph anew, with exactly
    /// micrograd's operations in micrograd's order (a neuron's sum starts from its bias and adds
    /// w·x input by input; relu on the hidden layers; relu(1 − y·score) per point, summed from a
    /// constant 0; the mean and the 1e-4 · Σ p² penalty), so it records micrograd's 65,818 values
    /// per step and reproduces its losses bit for bit. What it saves is only the benchmark's own
    /// bookkeeping: per-step arrays of handles, closures and their reference counting (about
    /// 0.55 M retains and releases per step in the former `map`/`zip` version).
    final class ScalarModel {
        /// Every parameter as a `Scalar` leaf, layer by layer: the weights row by row (out × in), then
        /// the biases.
        let parameters: [Scalar]
        /// Each layer's number of inputs and outputs.
        let layerSizes: [(inputs: Int, outputs: Int)]
        /// The points' coordinates, two per point.
        let coordinates: [Double]
        /// The labels, −1 or +1.
        let labels: [Double]
        /// The widest layer, the size of each activation buffer.
        let width: Int
        /// Per step: the parameters on the tape (as `parameters`), two activation buffers, the scores.
        private var handles: [TapeScalar] = []

        init(_ problem: Problem) {
            parameters = problem.layers.flatMap { layer in
                layer.weights.joined().map { Scalar($0) } + layer.biases.map { Scalar($0) }
            }
            layerSizes = problem.layers.map { (inputs: $0.weights[0].count, outputs: $0.biases.count) }
            coordinates = Array(problem.points.joined())
            labels = problem.labels
            width = layerSizes.reduce(2) { Swift.max($0, $1.inputs, $1.outputs) }
            handles.reserveCapacity(parameters.count + 2 * width + labels.count)
        }

        /// The score handles of the last recording, one per point.
        var scores: ArraySlice<TapeScalar> { handles[(parameters.count + 2 * width)...] }

        /// Records the loss of every point on `tape` (reset first; parameters brought over with `use`);
        /// the scores are kept in ``scores``.
        func recordLoss(on tape: Tape) -> TapeScalar {
            tape.reset()
            handles.removeAll(keepingCapacity: true)
            for parameter in parameters { handles.append(tape.use(parameter)) }
            // Placeholders for the activations and scores, overwritten before they are read.
            handles.append(contentsOf: repeatElement(handles[0], count: 2 * width + labels.count))
            let parameterCount = parameters.count, width = width, pointCount = labels.count
            let lastLayer = layerSizes.count - 1
            return handles.withUnsafeMutableBufferPointer { buffer in
                let parameters = buffer.baseAddress!
                var input = parameters + parameterCount
                var output = input + width
                let scores = output + width
                var total = tape.constant(0)
                for point in 0..<pointCount {
                    input[0] = tape.constant(coordinates[2 * point])
                    input[1] = tape.constant(coordinates[2 * point + 1])
                    var layerParameters = parameters
                    for layer in 0...lastLayer {
                        let (inputs, outputs) = layerSizes[layer]
                        let biases = layerParameters + inputs * outputs
                        for neuron in 0..<outputs {
                            let weights = layerParameters + neuron * inputs
                            var sum = biases[neuron]
                            for index in 0..<inputs { sum = sum + weights[index] * input[index] }
                            output[neuron] = layer == lastLayer ? sum : relu(sum)
                        }
                        layerParameters = biases + outputs
                        swap(&input, &output)
                    }
                    scores[point] = input[0]
                    total = total + relu(1 - labels[point] * input[0])
                }
                var penalty = tape.constant(0)
                for index in 0..<parameterCount { penalty = penalty + parameters[index] * parameters[index] }
                return total / Double(pointCount) + 1e-4 * penalty
            }
        }
    }

    /// The fraction of points whose score has the sign of their label.
    static func accuracy(_ scores: ArraySlice<TapeScalar>, _ problem: Problem) -> Double {
        Double(zip(scores, problem.labels).filter { ($0.data > 0) == ($1 > 0) }.count) / Double(problem.labels.count)
    }

    /// Trains on the scalar engine: parameters are `Scalar` leaves, each step is recorded on one
    /// reused `Tape` (parameters brought over with `use`).
    ///
    /// With `replaying`, the graph is recorded at the first step only; every later step replays it
    /// (`Tape.recompute()` reads the updated parameters and recomputes every value) instead of
    /// recording again. The loss has the same structure at every step, so the figures are the same;
    /// this is *not* WORKLOADS.md's S1 protocol, which builds the graph in every step.
    public static func trainScalar(_ problem: Problem, steps: Int = 100, replaying: Bool = false) -> Run {
        let model = ScalarModel(problem)
        let parameters = model.parameters
        let tape = Tape(capacity: 70_000)
        var recorded: TapeScalar?
        func forward() -> TapeScalar {
            if replaying, let recorded {
                tape.recompute()
                return recorded
            }
            let fresh = model.recordLoss(on: tape)
            recorded = fresh
            return fresh
        }
        var times: [Double] = []
        var firstLoss = 0.0
        var nodes = 0
        for step in 0..<steps {
            times.append(BenchmarkEnvironment.seconds {
                let value = forward()
                if step == 0 { firstLoss = value.data }
                nodes = tape.count
                for parameter in parameters { parameter.zeroGrad() }
                value.backward()
                let rate = learningRate(step)
                for parameter in parameters { parameter.data -= rate * parameter.grad }
            })
        }
        let final = forward()
        return Run(firstLoss: firstLoss, finalLoss: final.data, accuracy: accuracy(model.scores, problem),
                   stepSeconds: BenchmarkEnvironment.median(times), nodes: nodes)
    }

    // MARK: - Tensor engine

    /// Trains on the tensor engine with AutogradNN's MLP, hinge loss, L2 penalty and SGD.
    public static func trainTensor(_ problem: Problem, steps: Int = 100) -> Run {
        let points = Tensor(Array(problem.points.joined()), shape: [problem.points.count, 2], dtype: .float64)
        let labels = Tensor(problem.labels, dtype: .float64)
        let model = MLP(layers: problem.layers.map { layer in
            Linear(weight: Tensor(layer.weights.map { $0 }, dtype: .float64).transposed(), bias: Tensor(layer.biases, dtype: .float64))
        })
        // Collected once: `Module.parameters` walks the model by reflection (about 260,000
        // instructions per call for this MLP, 14% of a step), and the parameters are objects whose
        // values the optimizer replaces, so the list stays valid across steps.
        let parameters = model.parameters
        let optimizer = SGD(parameters: parameters, schedule: .linear(from: 1.0, to: 0.1, steps: 100))
        func loss() -> (Tensor, accuracy: Double) {
            let scores = model(points)
            let value = hingeLoss(scores: scores, labels: labels) + 1e-4 * l2Penalty(parameters: parameters)
            let correct = zip(scores.scalars, problem.labels).filter { ($0 > 0) == ($1 > 0) }.count
            return (value, Double(correct) / Double(problem.labels.count))
        }
        var times: [Double] = []
        var firstLoss = 0.0
        var nodes = 0
        for step in 0..<steps {
            times.append(BenchmarkEnvironment.seconds {
                let (value, _) = loss()
                if step == 0 {
                    firstLoss = value.item()
                    nodes = value.graph.nodes.count
                }
                optimizer.zeroGrad()
                value.backward()
                optimizer.step()
            })
        }
        let (final, accuracy) = withoutGradients { loss() }
        return Run(firstLoss: firstLoss, finalLoss: final.item(), accuracy: accuracy,
                   stepSeconds: BenchmarkEnvironment.median(times), nodes: nodes)
    }

    /// Trains on the tensor engine by replaying one recording of the loss (``RecordedFunction``)
    /// with the parameters as its inputs: the loss is traced at the first step, every step replays it
    /// into preallocated buffers and updates the parameters with plain SGD.
    ///
    /// The same model, loss and updates as ``trainTensor(_:steps:)`` (the layers and the penalty
    /// written out over plain tensors, as `Linear` and `l2Penalty` compute them over parameters), so
    /// the figures are the same; this is *not*
    /// WORKLOADS.md's S1 protocol, which builds the graph in every step.
    public static func trainTensorReplaying(_ problem: Problem, steps: Int = 100) -> Run {
        let points = Tensor(Array(problem.points.joined()), shape: [problem.points.count, 2], dtype: .float64)
        let labels = Tensor(problem.labels, dtype: .float64)
        // Per layer: the weight stored (in, out) as `Linear` keeps it, then the bias.
        var parameters = problem.layers.flatMap { layer in
            [Tensor(layer.weights.map { $0 }, dtype: .float64).transposed(), Tensor(layer.biases, dtype: .float64)]
        }
        func scores(_ parameters: [Tensor]) -> Tensor {
            var activations = points
            for layer in 0..<(parameters.count / 2) {
                activations = matmul(activations, parameters[2 * layer]) + parameters[2 * layer + 1]
                if layer < parameters.count / 2 - 1 { activations = relu(activations) }
            }
            return activations
        }
        func loss(_ parameters: [Tensor]) -> Tensor {
            let margins = hingeLoss(scores: scores(parameters), labels: labels)
            var penalty = (parameters[0] * parameters[0]).sum()
            for parameter in parameters.dropFirst() { penalty = penalty + (parameter * parameter).sum() }
            return margins + 1e-4 * penalty
        }
        var recorded = RecordedFunction(at: parameters, of: loss)
        var times: [Double] = []
        var firstLoss = 0.0
        for step in 0..<steps {
            times.append(BenchmarkEnvironment.seconds {
                let (value, gradients) = recorded.valueWithGradient(at: parameters)
                if step == 0 { firstLoss = value.item() }
                let rate = learningRate(step)
                parameters = zip(parameters, gradients).map { parameter, gradient in parameter - rate * gradient }
            })
        }
        let finalScores = scores(parameters).scalars
        let correct = zip(finalScores, problem.labels).filter { ($0 > 0) == ($1 > 0) }.count
        return Run(firstLoss: firstLoss, finalLoss: recorded.value(at: parameters).item(),
                   accuracy: Double(correct) / Double(problem.labels.count),
                   stepSeconds: BenchmarkEnvironment.median(times), nodes: recorded.stepCount)
    }

    /// Both engines' records (and their replaying variants), with WORKLOADS.md's fields.
    public static func measure(dataDirectory: URL) throws -> [BenchmarkRecord] {
        let problem = try load(from: dataDirectory)
        // The "-replay" engines record the graph once and replay it in later steps: not S1's
        // protocol (which builds the graph every step), reported beside it to show what replay saves.
        let runs = [
            ("scalar", trainScalar(problem)), ("scalar-replay", trainScalar(problem, replaying: true)),
            ("tensor", trainTensor(problem)), ("tensor-replay", trainTensorReplaying(problem)),
        ]
        return runs.map { engine, run in
            BenchmarkRecord(
                workload: "s1",
                fields: [
                    ("engine", .string(engine)),
                    ("step_s_median", .number(run.stepSeconds)),
                    ("nodes", .integer(run.nodes)),
                    ("first_loss", .number(run.firstLoss)),
                    ("final_loss", .number(run.finalLoss)),
                    ("final_acc", .number(run.accuracy)),
                ])
        }
    }
}
