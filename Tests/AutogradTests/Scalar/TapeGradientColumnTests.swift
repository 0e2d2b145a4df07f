import Testing
@testable import Autograd

/// The gradient column is zeroed as rows are appended rather than by backward, so these check every
/// way a slot can hold an old gradient: a second backward, zeroGradients, a reset, growth, a replay.
@Suite("The tape's gradient column")
struct TapeGradientColumnTests {
    @Test("a reset tape starts with zero gradients even where the last step left large ones")
    func resetLeavesNoGradients() {
        let tape = Tape(capacity: 8)
        var x = tape.variable(3)
        var y = x * x * x
        y.backward()
        #expect(x.grad == 27)
        for step in 1...3 {
            tape.reset()
            x = tape.variable(Double(step))
            y = x * 2 + x
            // Rows that were never differentiated in this generation read 0 before backward.
            #expect(x.grad == 0 && y.grad == 0)
            y.backward()
            #expect(x.grad == 3)
        }
    }

    @Test("zeroGradients then backward gives the fresh gradients, not the sum")
    func zeroThenBackward() {
        let tape = Tape()
        let x = tape.variable(2)
        let y = x * x + x
        y.backward()
        #expect(x.grad == 5)
        tape.zeroGradients()
        #expect(x.grad == 0)
        let z = y * 3
        z.backward()
        #expect(x.grad == 15 && y.grad == 3)
    }

    @Test("gradients add up over two backward calls and survive the tape growing")
    func accumulateAndGrow() {
        let tape = Tape(capacity: 4)
        let x = tape.variable(1.5)
        let y = x * x
        y.backward()
        #expect(x.grad == 3)
        // Grow the tape well past its capacity: old gradients are kept, new rows read 0.
        var sum = y
        for _ in 0..<100 { sum = sum + x }
        #expect(x.grad == 3 && sum.grad == 0)
        sum.backward()
        #expect(x.grad == 3 + 3 + 100)
    }

    @Test("a gradient set by hand on a fresh row is the only one stored; its neighbours read 0")
    func gradientSetByHand() {
        let tape = Tape()
        let a = tape.variable(1), b = tape.variable(2), c = a * b
        b.grad = 7
        #expect(a.grad == 0 && b.grad == 7 && c.grad == 0)
        c.backward()
        #expect(a.grad == 2 && b.grad == 8)
    }

    @Test("a replay drops the stored gradients and backward recomputes them from zero")
    func replayDropsGradients() {
        let tape = Tape()
        let x = tape.variable(2)
        let y = x * x * x
        y.backward()
        #expect(x.grad == 12)
        tape.replay(with: [3])
        #expect(x.grad == 0)
        y.backward()
        #expect(x.grad == 27)
    }

    @Test("a Scalar leaf used twice on one tape is imported once and keeps its label")
    func importOnce() {
        let w = Scalar(0.5, label: "w")
        let tape = Tape()
        let first = tape.use(w), second = tape.use(w)
        #expect(first.isIdentical(to: second))
        #expect(tape.count == 1)
        #expect(first.label == "w")
        let loss = first * second
        loss.backward()
        #expect(w.grad == 1)
    }
}
