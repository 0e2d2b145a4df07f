import Foundation
import Testing
import Autograd
import AutogradNN

@Suite("Losses")
struct LossTests {
    @Test("mean squared error: value and gradient 2(p − t)/n")
    func meanSquaredErrorValues() {
        let predictions = vector([1, 2, 3], requiresGrad: true)
        let loss = meanSquaredError(predictions, vector([1.5, 2, 2]))
        #expect(isClose(loss.item(), (0.25 + 0 + 1) / 3))
        loss.backward()
        #expect(isClose(predictions.grad!.scalars, [-1.0 / 3, 0, 2.0 / 3]))
        #expect(meanSquaredError(predictions, vector([1.5, 2, 2]), reduction: .sum).item() == 1.25)
        #expect(meanSquaredError(predictions, vector([1.5, 2, 2]), reduction: .none).scalars == [0.25, 0, 1])
    }

    /// −log softmax(row)[label] computed by hand: logsumexp with the maximum subtracted.
    static func manualCrossEntropy(_ row: [Double], label: Int) -> Double {
        let top = row.max()!
        let logSumExp = top + Foundation.log(row.map { Foundation.exp($0 - top) }.reduce(0, +))
        return logSumExp - row[label]
    }

    @Test("cross-entropy against a hand-computed logsumexp, with gradient (softmax − one-hot)/n")
    func crossEntropyValues() {
        let rows: [[Double]] = [[1, 2, 3], [0.5, -1, 2], [-3, 0.25, 0.25]]
        let labels = [2, 1, 0]
        let logits = matrix(rows, requiresGrad: true)
        let loss = crossEntropy(logits: logits, labels: vector(labels.map(Double.init)))
        let expected = zip(rows, labels).map { Self.manualCrossEntropy($0, label: $1) }.reduce(0, +) / 3
        #expect(isClose(loss.item(), expected, tolerance: 1e-14))
        loss.backward()
        var expectedGradient: [Double] = []
        for (row, label) in zip(rows, labels) {
            let total = row.map { Foundation.exp($0) }.reduce(0, +)
            for (column, value) in row.enumerated() {
                expectedGradient.append((Foundation.exp(value) / total - (column == label ? 1 : 0)) / 3)
            }
        }
        #expect(isClose(logits.grad!.scalars, expectedGradient, tolerance: 1e-15))
        let perRow = crossEntropy(logits: logits, labels: vector([2, 1, 0]), reduction: .none)
        #expect(isClose(perRow.scalars, zip(rows, labels).map { Self.manualCrossEntropy($0, label: $1) }, tolerance: 1e-14))
    }

    @Test("cross-entropy stays finite for huge logits, in float32 too")
    func crossEntropyStable() {
        let logits = Tensor([[1000, 0], [0, -1000]], dtype: .float32)
        let loss = crossEntropy(logits: logits, labels: Tensor([1, 1]))
        #expect(isClose(loss.item(), (1000 + 1000) / 2, tolerance: 1e-3))
    }

    @Test("binary cross-entropy with logits: finite at ±100, equal to the textbook form elsewhere")
    func binaryCrossEntropyValues() {
        let logits = vector([100, -100, 100, -100], requiresGrad: true)
        let loss = binaryCrossEntropy(logits: logits, targets: vector([1, 0, 0, 1]))
        #expect(loss.item() == 50)
        loss.backward()
        // ∂/∂x = (σ(x) − t)/n.
        #expect(isClose(logits.grad!.scalars, [0, 0, 0.25, -0.25], tolerance: 1e-15))

        let x = 0.3, t = 0.7
        let sigmoid = 1 / (1 + Foundation.exp(-x))
        let textbook = -(t * Foundation.log(sigmoid) + (1 - t) * Foundation.log(1 - sigmoid))
        let moderate = binaryCrossEntropy(logits: vector([x, -x]), targets: vector([t, 1 - t]), reduction: .none)
        #expect(isClose(moderate.scalars, [textbook, textbook], tolerance: 1e-15))
        let float32 = binaryCrossEntropy(logits: Tensor([100, -100]), targets: Tensor([0, 0]))
        #expect(float32.item() == 50)
    }

    @Test("binary cross-entropy's gradient at a logit of exactly 0 is σ(0) − t, as elsewhere")
    func binaryCrossEntropyAtZero() {
        let logits = vector([0, 0, 0, 1e-300], requiresGrad: true)
        let targets = vector([0, 1, 0.3, 0.3])
        let loss = binaryCrossEntropy(logits: logits, targets: targets, reduction: .sum)
        #expect(isClose(loss.item(), 4 * Foundation.log(2) - 0.3e-300, tolerance: 1e-15))
        loss.backward()
        #expect(isClose(logits.grad!.scalars, [0.5, -0.5, 0.2, 0.2], tolerance: 1e-15))
        // Second order: σ′(0) = ¼.
        let x = vector([0], requiresGrad: true)
        let first = binaryCrossEntropy(logits: x, targets: vector([1])).gradients(withRespectTo: [x], createGraph: true)[0]!
        #expect(first.scalars == [-0.5])
        first.sum().backward()
        #expect(x.grad!.scalars == [0.25])
    }

    @Test("softplus: log(1 + eˣ) without overflow, with σ(x) and σ′(x) as its derivatives, at 0 too")
    func softplusValuesAndDerivatives() {
        let xs = [-800, -20, -1, 0, 1, 20, 800.0]
        let x = vector(xs, requiresGrad: true)
        let y = softplus(x)
        let expected = xs.map { $0 > 0 ? $0 + Foundation.log1p(Foundation.exp(-$0)) : Foundation.log1p(Foundation.exp($0)) }
        #expect(isClose(y.scalars, expected, tolerance: 1e-15))
        let first = y.sum().gradients(withRespectTo: [x], createGraph: true)[0]!
        let sigmoids = xs.map { 1 / (1 + Foundation.exp(-$0)) }
        #expect(isClose(first.scalars, sigmoids, tolerance: 1e-15))
        first.sum().backward()
        #expect(isClose(x.grad!.scalars, sigmoids.map { $0 * (1 - $0) }, tolerance: 1e-15))
        #expect(x.grad!.scalars[3] == 0.25)
        // Float keeps the tail: log(1 + e⁻¹⁷) would round 1 + 4.1e-8 to 1.
        let tail = softplus(Tensor([-17, -100])).scalars
        #expect(Swift.abs(tail[0] / Foundation.exp(-17) - 1) < 1e-6 && tail[1] > 0)
        let confident = binaryCrossEntropy(logits: Tensor([17]), targets: Tensor([1]))
        #expect(Swift.abs(confident.item() / Foundation.log1p(Foundation.exp(-17)) - 1) < 1e-6)
    }

    @Test("hinge loss is the mean of relu(1 − y·score), as micrograd's demo")
    func hingeValues() {
        let scores = matrix([[2], [0.5], [-1], [0.25]], requiresGrad: true)
        let loss = hingeLoss(scores: scores, labels: vector([1, 1, 1, -1]))
        // Margins: 1 − 2 = −1 → 0; 0.5; 2; 1.25.
        #expect(isClose(loss.item(), (0 + 0.5 + 2 + 1.25) / 4))
        loss.backward()
        #expect(scores.grad?.shape == [4, 1])
        #expect(isClose(scores.grad!.scalars, [0, -0.25, -0.25, 0.25]))
    }

    @Test("the L2 penalty is the sum of every squared parameter")
    func l2PenaltyValue() {
        let a = Parameter(vector([1, 2])), b = Parameter(matrix([[3]]))
        let penalty = l2Penalty(parameters: [a, b])
        #expect(penalty.item() == 14)
        penalty.backward()
        #expect(a.grad?.scalars == [2, 4] && b.grad?.scalars == [6])
        #expect(l2Penalty(parameters: []).item() == 0)
    }

    @Test("activations: GELU's tanh approximation against its formula and against x·Φ(x)")
    func activations() {
        let xs: [Double] = [-3, -1, 0, 0.5, 1, 4]
        let gelu = GELU()(vector(xs)).scalars
        let formula = xs.map { x in 0.5 * x * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))) }
        #expect(isClose(gelu, formula, tolerance: 1e-15))
        let exact = xs.map { x in x * 0.5 * (1 + Foundation.erf(x / 2.0.squareRoot())) }
        #expect(isClose(gelu, exact, tolerance: 1e-3))
        #expect(ReLU()(vector([-1, 2])).scalars == [0, 2])
        #expect(isClose(Tanh()(vector([1])).scalars, [0.7615941559557649], tolerance: 1e-16))
        #expect(isClose(Sigmoid()(vector([0])).scalars, [0.5]))
    }

    /// What an exit test's child wrote to standard error.
    static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test("losses take one shape, not a broadcast: (4, 1) predictions against (4) targets stop, naming both shapes and the caller")
    func shapesMustMatch() async {
        let mseLine = #line + 1  // inside an exit test a call reports the line of its #expect
        let mse = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = meanSquaredError(Tensor.zeros(shape: [4, 1]), Tensor.zeros(shape: [4]))
        }
        let mseText = Self.standardError(mse)
        #expect(mseText.contains("meanSquaredError: predictions of shape [4, 1] and targets of shape [4] differ"))
        #expect(mseText.contains("LossTests.swift:\(mseLine)"))
        let bce = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = binaryCrossEntropy(logits: Tensor.zeros(shape: [4, 1]), targets: Tensor.zeros(shape: [4]), reduction: .none)
        }
        let bceText = Self.standardError(bce)
        #expect(bceText.contains("binaryCrossEntropy: logits of shape [4, 1] and targets of shape [4] differ"))
        let rows = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Dataset(features: Tensor.zeros(shape: [2, 3]), labels: Tensor.zeros(shape: [2])).rows([5])
        }
        let linear = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var generator = RandomGenerator(seed: 0)
            _ = Linear(inputSize: 3, outputSize: 2, generator: &generator)(Tensor.zeros(shape: [5, 4]))
        }
        let linearText = Self.standardError(linear)
        #expect(linearText.contains("Linear: an input of shape [5, 4] for a layer of 3 inputs (weight [3, 2])"))
        let rowsText = Self.standardError(rows)
        #expect(rowsText.contains("Dataset.rows: row 5 is outside 0..<2"))
    }

    @Test("a label that is not a class stops, naming the loss or the training and the caller's line")
    func badLabels() async {
        let crossEntropyLine = #line + 1
        let outOfRange = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor([[1, 2]]), labels: Tensor([2]))
        }
        let outOfRangeText = Self.standardError(outOfRange)
        #expect(outOfRangeText.contains("crossEntropy: label 2.0 at position 0 is not a class index in 0..<2 (logits of shape [1, 2])"))
        #expect(outOfRangeText.contains("LossTests.swift:\(crossEntropyLine)"))
        let trainingLine = #line + 1
        let notANumber = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ClassifierTraining(data: Dataset(features: Tensor([[1.0], [2], [3]]), labels: Tensor([0.0, .nan, 1])))
        }
        let notANumberText = Self.standardError(notANumber)
        #expect(notANumberText.contains("ClassifierTraining: label 1 is nan; class labels must be finite numbers"))
        #expect(notANumberText.contains("LossTests.swift:\(trainingLine)"))
    }
}
