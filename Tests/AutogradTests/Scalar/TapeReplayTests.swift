import Foundation
import Testing
@testable import Autograd

@Suite("Replaying a recorded tape")
struct TapeReplayTests {
    /// A loss that uses every primitive, with constants on both sides, so that a replay exercises
    /// every forward rule and backward then every derivative rule.
    static func loss(_ x: TapeScalar, _ y: TapeScalar, _ z: TapeScalar) -> TapeScalar {
        let a = x * y + (x - z) / (y + 3.0) - 2.0 * z
        let b = TapeScalar.pow(y, 3.0) + TapeScalar.pow(abs(x) + 1.0, y) + TapeScalar.pow(2.0, z)
        let c = max(x, y) + min(y, z) - (-z) + exp(x) + log(y * y + 1.0)
        let d = sin(x) * cos(y) + tan(0.1 * z) + tanh(a) + sigmoid(b * 0.01) + relu(x - y) + sqrt(z * z + 1.0)
        return a * b + c * d
    }

    /// Records the loss on a fresh tape at `inputs` and returns its value and gradients.
    static func fresh(_ inputs: [Double]) -> (value: Double, gradients: [Double]) {
        let tape = Tape()
        let leaves = tape.variables(inputs)
        let f = loss(leaves[0], leaves[1], leaves[2])
        f.backward()
        return (f.data, leaves.map(\.grad))
    }

    static let points: [[Double]] = [[0.7, 1.3, -0.4], [-1.2, 0.5, 2.0], [2.5, 2.5, 0.3], [0.0, -0.8, 1.1]]

    @Test("a replay gives exactly the values and gradients of a fresh recording on the new inputs")
    func replayMatchesFreshRecording() {
        let tape = Tape()
        let leaves = tape.variables(Self.points[0])
        let f = Self.loss(leaves[0], leaves[1], leaves[2])
        let count = tape.count
        #expect(tape.leafCount == 3)
        for point in Self.points.dropFirst() {
            tape.replay(with: point)
            f.backward()
            let expected = Self.fresh(point)
            #expect(f.data == expected.value)
            #expect(leaves.map(\.grad) == expected.gradients)
            #expect(leaves.map(\.data) == point)
            #expect(tape.count == count, "a replay records nothing")
        }
    }

    @Test("many replays stay exact: the thousandth equals the first")
    func manyReplaysAreStable() {
        let tape = Tape()
        let leaves = tape.variables(Self.points[0])
        let f = Self.loss(leaves[0], leaves[1], leaves[2])
        let expected = Self.points.map(Self.fresh)
        for iteration in 0..<1000 {
            let index = iteration % Self.points.count
            tape.replay(with: Self.points[index])
            f.backward()
            #expect(f.data == expected[index].value)
            #expect(leaves.map(\.grad) == expected[index].gradients)
        }
    }

    @Test("setting leaves through data and calling recompute is the same as replay(with:)")
    func recomputeAfterSettingData() {
        let tape = Tape()
        let leaves = tape.variables(Self.points[0])
        let f = Self.loss(leaves[0], leaves[1], leaves[2])
        f.backward()
        for (leaf, value) in zip(leaves, Self.points[1]) { leaf.data = value }
        tape.recompute()
        #expect(leaves.map(\.grad) == [0, 0, 0], "gradients of the old values are dropped")
        f.backward()
        let expected = Self.fresh(Self.points[1])
        #expect(f.data == expected.value && leaves.map(\.grad) == expected.gradients)
    }

    @Test("leaves brought over with use(_:) are read again, and their gradients still flow back")
    func importedParametersAreReadAgain() {
        let w = Scalar(0.5), b = Scalar(-0.2)
        let tape = Tape()
        let x = tape.variable(1.5)
        let loss = TapeScalar.pow(tape.use(w) * x + tape.use(b) - 1.0, 2.0)
        for _ in 0..<5 {
            tape.recompute()
            w.zeroGrad()
            b.zeroGrad()
            loss.backward()
            let residual = w.data * 1.5 + b.data - 1.0
            #expect(loss.data == residual * residual)
            #expect(w.grad == 2 * residual * 1.5 && b.grad == 2 * residual)
            w.data -= 0.1 * w.grad
            b.data -= 0.1 * b.grad
        }
    }

    @Test("recorded derivatives are replayed too (second derivatives on new inputs)")
    func recordedGradientsReplay() {
        let tape = Tape()
        let x = tape.variable(2.0)
        let f = x * x * x
        let dfdx = f.differentiableGradients(withRespectTo: [x])[0]
        for value in [3.0, -1.5, 0.25] {
            tape.replay(with: [value])
            #expect(dfdx.data == 3 * value * value)
            #expect(dfdx.gradients(withRespectTo: [x]) == [6 * value])
        }
    }

    @Test("a replay with the wrong number of values stops naming both counts and the caller's line")
    func mismatchedInputCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape()
            let x = tape.variable(1.0), y = tape.variable(2.0)
            _ = x * y + 1.0
            tape.replay(with: [1.0, 2.0, 3.0])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Tape.replay(with:): the tape has 2 leaves but 3 values were given"), "stderr: \(message)")
        #expect(message.contains("TapeReplayTests.swift:"), "stderr: \(message)")
    }

    @Test("a replay after a leaf's tape was reset stops with a clear message")
    func staleImportStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let parameters = Tape()
            let w = parameters.variable(1.0)
            let tape = Tape()
            _ = tape.use(w) * 2.0
            parameters.reset()
            tape.recompute()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("belongs to a tape that was reset or released"), "stderr: \(message)")
    }
}
