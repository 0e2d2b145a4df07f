import Testing
@testable import Autograd

@Suite("Leaves recorded together")
struct TapeVariablesTests {
    /// A loss over every leaf, so each leaf's gradient differs: Σ (i + 1) · x_i² + x_0 · x_last.
    static func loss(_ leaves: [TapeScalar]) -> TapeScalar {
        var sum = leaves[0] * leaves[leaves.count - 1]
        for (i, x) in leaves.enumerated() { sum = sum + Double(i + 1) * (x * x) }
        return sum
    }

    @Test("variables(_:) gives the values, gradients and graph of one variable(_:) per value")
    func sameAsOneAtATime() {
        let values = (0..<37).map { 0.25 * Double($0) - 3 }
        let together = Tape(capacity: 4), single = Tape(capacity: 4)
        let bulk = together.variables(values)
        let oneByOne = values.map { single.variable($0) }
        #expect(bulk.count == values.count)
        #expect(bulk.map(\.data) == values)
        #expect(together.count == values.count && together.leafCount == values.count)
        let f = Self.loss(Array(bulk)), g = Self.loss(oneByOne)
        f.backward()
        g.backward()
        #expect(f.data == g.data)
        #expect(bulk.map(\.grad) == oneByOne.map(\.grad))
        #expect(bulk.map(\.grad) != values.map { _ in 0 })
    }

    @Test("leaves recorded together sit after earlier rows, and later rows after them")
    func rowsInOrder() {
        let tape = Tape(capacity: 4)
        let before = tape.variable(1.5)
        let leaves = tape.variables([2, 3, 4, 5, 6])
        let after = tape.variable(7)
        #expect(leaves.map(\.row) == [1, 2, 3, 4, 5])
        #expect(after.row == 6)
        let f = before * leaves[4] + after * leaves[0]
        f.backward()
        #expect(before.grad == 6 && leaves[4].grad == 1.5 && after.grad == 2 && leaves[0].grad == 7)
        #expect(leaves[1].grad == 0)
    }

    @Test("no values record nothing")
    func empty() {
        let tape = Tape()
        let leaves = tape.variables([])
        #expect(leaves.isEmpty && tape.count == 0)
    }

    @Test("a replay sets leaves recorded together, in order")
    func replay() {
        let tape = Tape()
        let leaves = tape.variables([1, 2])
        let f = leaves[0] * leaves[1]
        tape.replay(with: [3, 5])
        f.backward()
        #expect(f.data == 15 && leaves[0].grad == 5 && leaves[1].grad == 3)
    }

    @Test("a position outside the leaves stops the program with a message naming it")
    func outOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let tape = Tape()
            let leaves = tape.variables([1, 2, 3])
            _ = leaves[3]
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("position 3 is outside 0..<3"))
    }
}
