import Testing
@testable import Autograd

/// 0, 1, ..., 11 as a 3×4 matrix: `[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]`.
private func grid(requiresGrad: Bool = false) -> Tensor {
    Tensor((0..<12).map(Double.init), shape: [3, 4], dtype: .float64, requiresGrad: requiresGrad)
}

@Suite("Indexing: subscripts, gather and scatter-add")
struct IndexingTests {
    @Test("integer indices select and drop an axis; negative ones count from the end")
    func integerIndices() {
        let x = grid()
        #expect(x[1].shape == [4])
        #expect(x[1].scalars == [4, 5, 6, 7])
        #expect(x[-1].scalars == [8, 9, 10, 11])
        #expect(x[.all, 2].shape == [3])
        #expect(x[.all, 2].scalars == [2, 6, 10])
        #expect(x[.all, -1].scalars == [3, 7, 11])
        #expect(x[1, -1].shape == [])
        #expect(x[1, -1].item() == 7)
        #expect(x[-3, -4].item() == 0)
    }

    @Test("ranges, closed and partial ranges keep their axis")
    func ranges() {
        let x = grid()
        #expect(x[1..<3].shape == [2, 4])
        #expect(x[1..<3].scalars == [4, 5, 6, 7, 8, 9, 10, 11])
        #expect(x[0...1, 1...].scalars == [1, 2, 3, 5, 6, 7])
        #expect(x[..<2, ...2].scalars == [0, 1, 2, 4, 5, 6])
        #expect(x[(-2)..., (-1)...].scalars == [7, 11])
        #expect(x[.all, (-3)...(-2)].scalars == [1, 2, 5, 6, 9, 10])
        #expect(x[2..<2].shape == [0, 4])
        #expect(x[.all].scalars == x.scalars)
        #expect(x[].shape == [3, 4])
    }

    @Test("strided slices, forwards and backwards")
    func steps() {
        let x = grid()
        #expect(x[.all, .slice(step: 2)].scalars == [0, 2, 4, 6, 8, 10])
        #expect(x[.all, .slice(1, nil, step: 2)].scalars == [1, 3, 5, 7, 9, 11])
        #expect(x[.slice(step: -1)].scalars == [8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3])
        #expect(x[1, .slice(3, 0, step: -2)].scalars == [7, 5])
        #expect(x[.all, .slice(1, -1)].scalars == [1, 2, 5, 6, 9, 10])
        #expect(x[0, .slice(-1, nil, step: -3)].scalars == [3, 0])
        #expect(x[.slice(step: 5)].scalars == [0, 1, 2, 3])
        #expect(x[0, .slice(2, 2)].shape == [0])
        #expect(Tensor([1, 2, 3], dtype: .float32)[.slice(step: -1)].floats == [3, 2, 1])
    }

    @Test("a slice's gradient is the seed scattered into zeros of the input's shape")
    func sliceGradient() {
        let x = grid(requiresGrad: true)
        let y = x[.all, .slice(step: 2)]
        #expect(y.gradFunctionName == "Slice")
        y.backward(Tensor([1, 2, 3, 4, 5, 6], shape: [3, 2], dtype: .float64))
        #expect(x.grad?.shape == [3, 4])
        #expect(x.grad?.scalars == [1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0])
        x.zeroGrad()
        (x[-1, 0] * 5).backward()
        #expect(x.grad?.scalars == [0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0])
    }

    @Test("slice double backward: d²/dx² of Σ x[1]³ is 6x in row 1, 0 elsewhere")
    func sliceSecondDerivative() {
        let x = grid(requiresGrad: true)
        let row = x[1]
        let first = (row * row * row).sum().gradients(withRespectTo: [x], createGraph: true)[0]!
        #expect(first.scalars == [0, 0, 0, 0, 48, 75, 108, 147, 0, 0, 0, 0])
        let second = first.sum().gradients(withRespectTo: [x])[0]!
        #expect(second.scalars == [0, 0, 0, 0, 24, 30, 36, 42, 0, 0, 0, 0])
    }

    @Test("assigning through a subscript overwrites exactly, broadcasts, and routes gradients")
    func assignment() {
        let x = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64, requiresGrad: true)
        let v = Tensor([10, 20], dtype: .float64, requiresGrad: true)
        var z = x
        z[.all, 1] = v
        #expect(z.scalars == [1, 10, 3, 4, 20, 6])
        #expect(z.gradFunctionName == "SliceScatter")
        z.backward(Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64))
        #expect(x.grad?.scalars == [1, 0, 3, 4, 0, 6])
        #expect(v.grad?.scalars == [2, 5])

        var w = Tensor([.infinity, 1, .nan, 2], shape: [2, 2])
        w[.all, 0] = Tensor(7.0)  // broadcast; the old values, infinite or not, are simply gone
        #expect(w.scalars == [7, 1, 7, 2])
        var u = Tensor.zeros(shape: [2, 3])
        u[1, .slice(step: -1)] += Tensor([1, 2, 3])
        #expect(u.scalars == [0, 0, 0, 3, 2, 1])
    }

    @Test("gather along axis 1 of a 3×4 with class labels, and its gradient")
    func gatherLabels() {
        let x = grid(requiresGrad: true)
        let labels = Tensor([1, 3, 0], shape: [3, 1])
        let picked = x.gather(axis: 1, indices: labels)
        #expect(picked.shape == [3, 1])
        #expect(picked.scalars == [1, 7, 8])
        #expect(picked.gradFunctionName == "Gather")
        picked.backward(Tensor([10, 20, 30], shape: [3, 1], dtype: .float64))
        #expect(x.grad?.shape == [3, 4])
        #expect(x.grad?.scalars == [0, 10, 0, 0, 0, 0, 0, 20, 30, 0, 0, 0])
    }

    @Test("gather along axis 0, with repeated indices whose gradients add up")
    func gatherRepeated() {
        let x = grid(requiresGrad: true)
        let rows = x.gather(axis: 0, indices: Tensor([2, 0, 2, 1, 2, 2, 0, 0], shape: [2, 4]))
        #expect(rows.scalars == [8, 1, 10, 7, 8, 9, 2, 3])
        let pairs = x.gather(axis: -1, indices: Tensor([0, 0, 2, 1, 3, 3], shape: [3, 2]))
        #expect(pairs.scalars == [0, 0, 6, 5, 11, 11])
        pairs.sum().backward()
        #expect(x.grad?.scalars == [2, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 2])
    }

    @Test("gather double backward: d²/dx² of Σ gather(x)² counts each pick twice per repeat")
    func gatherSecondDerivative() {
        let x = grid(requiresGrad: true)
        let picked = x.gather(axis: 1, indices: Tensor([0, 0, 2, 1, 3, 3], shape: [3, 2]))
        let first = (picked * picked).sum().gradients(withRespectTo: [x], createGraph: true)[0]!
        #expect(first.scalars == [0, 0, 0, 0, 0, 10, 12, 0, 0, 0, 0, 44])
        let second = first.sum().gradients(withRespectTo: [x])[0]!
        #expect(second.scalars == [4, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 4])
    }

    @Test("scatterAdd adds sources at indices; gradients go to the base and the source")
    func scatterAdd() {
        let base = Tensor([1, 1, 1, 1, 1, 1], shape: [2, 3], dtype: .float64, requiresGrad: true)
        let source = Tensor([1, 2, 3, 4], shape: [2, 2], dtype: .float64, requiresGrad: true)
        let y = base.scatterAdd(axis: 1, indices: Tensor([0, 0, 2, 1], shape: [2, 2]), source: source)
        #expect(y.scalars == [4, 1, 1, 1, 5, 4])
        y.backward(Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64))
        #expect(base.grad?.scalars == [1, 2, 3, 4, 5, 6])
        #expect(source.grad?.shape == [2, 2])
        #expect(source.grad?.scalars == [1, 1, 6, 5])
    }

    // MARK: - Errors

    @Test("an index outside its axis stops, naming the index, axis, shape and caller")
    func indexOutOfRange() async {
        let positionLine = #line + 1
        let position = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4])[0, -5]
        }
        expectStandardError(position, contains: ["subscript: index -5 is out of range for axis 1 of size 4 in a tensor of shape [3, 4]", "IndexingTests.swift:\(positionLine))"])
        let rangeLine = #line + 1
        let range = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4])[1..<5]
        }
        expectStandardError(range, contains: ["subscript: index 1..<5 is out of range for axis 0 of size 3", "IndexingTests.swift:\(rangeLine))"])
        let stepLine = #line + 1
        let step = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4])[.slice(step: 0)]
        }
        expectStandardError(step, contains: ["subscript: a slice's step must not be 0 (axis 0 of shape [3, 4])", "IndexingTests.swift:\(stepLine))"])
    }

    @Test("too many indices, and an assigned value of the wrong shape, stop with a message")
    func subscriptShapeErrors() async {
        let manyLine = #line + 1
        let many = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3])[0, 0]
        }
        expectStandardError(many, contains: ["subscript: 2 indices for a tensor of shape [3]", "IndexingTests.swift:\(manyLine))"])
        let assignedLine = #line + 1
        let assigned = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var x = Tensor.zeros(shape: [3, 4])
            x[.all, 1..<3] = Tensor.zeros(shape: [3])
        }
        expectStandardError(assigned, contains: ["subscript assignment: a value of shape [3] does not broadcast to the selected shape [3, 2]", "IndexingTests.swift:\(assignedLine))"])
    }

    @Test("gather with a bad index, rank or shape stops, naming what is wrong")
    func gatherErrors() async {
        let outsideLine = #line + 1
        let outside = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4]).gather(axis: 1, indices: Tensor([1, 4, 0], shape: [3, 1]))
        }
        expectStandardError(outside, contains: ["gather: index 4.0 at position [1, 0] of indices is not a whole number in 0..<4 for axis 1", "IndexingTests.swift:\(outsideLine))"])
        let fractionLine = #line + 1
        let fraction = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4]).gather(axis: 1, indices: Tensor([1, 0.5, 0], shape: [3, 1]))
        }
        expectStandardError(fraction, contains: ["gather: index 0.5 at position [1, 0]", "IndexingTests.swift:\(fractionLine))"])
        let rankLine = #line + 1
        let rank = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4]).gather(axis: 1, indices: Tensor([1, 2, 0]))
        }
        expectStandardError(rank, contains: ["gather: indices of shape [3] do not have the rank of the input of shape [3, 4]", "IndexingTests.swift:\(rankLine))"])
        let largerLine = #line + 1
        let larger = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4]).gather(axis: 1, indices: Tensor.zeros(shape: [4, 1]))
        }
        expectStandardError(larger, contains: ["gather: indices of shape [4, 1] are larger than the input of shape [3, 4] along axis 0", "IndexingTests.swift:\(largerLine))"])
        let axisLine = #line + 1
        let axis = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4]).gather(axis: 2, indices: Tensor.zeros(shape: [3, 1]))
        }
        expectStandardError(axis, contains: ["gather: axis 2 is out of range for a tensor of rank 2", "IndexingTests.swift:\(axisLine))"])
    }

    @Test("scatterAdd with a source unlike its indices stops with a message")
    func scatterAddMismatch() async {
        let resultLine = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]).scatterAdd(axis: 1, indices: Tensor.zeros(shape: [2, 2]), source: Tensor.zeros(shape: [2, 3]))
        }
        expectStandardError(result, contains: ["scatterAdd: source of shape [2, 3] does not match indices of shape [2, 2]", "IndexingTests.swift:\(resultLine))"])
    }
}
