import Testing
@testable import Autograd

@Suite("Tapes and tape scalars")
struct TapeTests {
    @Test("a TapeScalar computation matches the Scalar one, value and gradient")
    func sameAsScalar() {
        let tape = Tape()
        let a = tape.variable(1.0, label: "a"), b = tape.variable(2.0, label: "b")
        let f = b * ((a + b) * (a - b))
        f.backward()
        #expect(f.data == -6 && a.grad == 4 && b.grad == -11)
        #expect(a.label == "a")
        #expect(f.description == "TapeScalar(-6.0, grad = 1.0)")
        let g = f.differentiableGradients(withRespectTo: [a, b])
        #expect(g[0].gradients(withRespectTo: [a, b]) == [4, 2])
    }

    @Test("reset forgets the record and reuses the memory")
    func reset() {
        let tape = Tape(capacity: 8)
        for step in 0..<3 {
            tape.reset()
            let x = tape.variable(Double(step))
            let y = x * x
            y.backward()
            #expect(x.grad == 2 * Double(step))
            #expect(tape.count == 2)
        }
    }

    @Test("Scalar parameters used on a per-step tape get their gradients, and never grow")
    func parametersAcrossSteps() {
        let w = Scalar(0.5, label: "w")
        let tape = Tape()
        for step in 1...5 {
            tape.reset()
            let weight = tape.use(w)
            let x = tape.constant(Double(step))
            let loss = pow(weight * x - 1, 2)
            w.zeroGrad()
            loss.backward()
            #expect(w.grad == 2 * (0.5 * Double(step) - 1) * Double(step))
            #expect(w.owner.columns.pointee.count == 1)  // the leaf's own record holds only the leaf
        }
    }

    @Test("using a parameter twice imports it once, and both paths reach it")
    func importOnce() {
        let w = Scalar(3.0)
        let tape = Tape()
        let first = tape.use(w), second = tape.use(w)
        #expect(first.isIdentical(to: second))
        let y = first * second
        y.backward()
        #expect(w.grad == 6)
    }

    @Test("implicit scalars from separate computations merge when they meet")
    func merging() {
        let x = Scalar(2.0), y = Scalar(3.0)
        let u = x * x + 1  // one record
        let v = y * y * y  // another
        let w = u * v  // the smaller record moves into the larger
        w.backward()
        #expect(w.data == 5 * 27)
        #expect(x.grad == 2 * 2 * 27)
        #expect(y.grad == 5 * 27)
        // Handles into the record that moved still work.
        #expect(u.data == 5 && v.data == 27)
        #expect(u.grad == 27 && v.grad == 5)
        #expect(w.parents[0].isIdentical(to: u) && w.parents[1].isIdentical(to: v))
    }

    @Test("a training loop on implicit scalars keeps the parameters' records at one row")
    func implicitTrainingStaysFlat() {
        let w = Scalar(0.0), b = Scalar(0.0)
        for _ in 0..<200 {
            var loss = Scalar(0.0)
            for x in stride(from: 0.0, through: 1.0, by: 0.25) {
                loss = loss + pow(w * x + b - (2 * x + 1), 2)
            }
            w.zeroGrad()
            b.zeroGrad()
            loss.backward()
            w.data -= 0.1 * w.grad
            b.data -= 0.1 * b.grad
        }
        #expect(Swift.abs(w.data - 2) < 1e-3 && Swift.abs(b.data - 1) < 1e-3)
        #expect(w.owner.columns.pointee.count == 1 && b.owner.columns.pointee.count == 1)
    }

    @Test("gradients of values that do not depend on an input are 0")
    func independentInputs() {
        let tape = Tape()
        let a = tape.variable(1), b = tape.variable(2)
        let f = a * 3
        #expect(f.gradients(withRespectTo: [a, b]) == [3, 0])
        #expect(f.differentiableGradients(withRespectTo: [b])[0].data == 0)
    }

    @Test("a handle used after its tape was reset stops the program with a message")
    func staleHandle() async {
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let x = tape.variable(1)
            tape.reset()
            _ = x + x
        }
    }

    @Test("values from two different tapes do not mix")
    func twoTapes() async {
        await #expect(processExitsWith: .failure) {
            let first = Tape(), second = Tape()
            _ = first.variable(1) * 2 + second.variable(2) * 3
        }
    }

    @Test("growing a tape to a size it already holds keeps its buffers: moving terms onto a sum stays linear")
    func growToHeldSizeKeepsBuffers() {
        var columns = TapeColumns(capacity: 64)
        defer { columns.deallocate() }
        let (values, nodes) = (columns.values, columns.nodes)
        columns.grow(toAtLeast: 64)
        #expect(columns.values == values && columns.nodes == nodes && columns.capacity == 64)
        columns.grow(toAtLeast: 65)
        #expect(columns.capacity == 128)
        // The case that was quadratic: each sin(x) recorded on a tape of its own, then moved onto the sum's.
        let x = Scalar(0.5)
        var sum = sin(x)
        for _ in 1..<2_000 { sum = sum + sin(x) }
        sum.backward()
        #expect(Swift.abs(x.grad - 2_000 * Double.cos(0.5)) < 1e-9)
    }

    @Test("a label given to a leaf after it was used shows in the graph, as it does through parents")
    func labelSetAfterUse() {
        let a = Scalar(1, label: "a"), k = Scalar(3)
        let y = a * k
        k.label = "k"
        #expect(y.graph.nodes.map(\.label) == ["a", "k", nil])
        #expect(y.parents[1].label == "k")
        let tape = Tape()
        let parameter = Scalar(2)
        let z = tape.use(parameter) * 5
        parameter.label = "w"
        #expect(z.graph.nodes.map(\.label).contains("w"))
    }
}
