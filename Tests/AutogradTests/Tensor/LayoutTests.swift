import Testing
@testable import Autograd

/// 0, 1, ..., 11 as a 3×4 matrix: `[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]`.
private func grid(requiresGrad: Bool = false) -> Tensor {
    Tensor((0..<12).map(Double.init), shape: [3, 4], dtype: .float64, requiresGrad: requiresGrad)
}

@Suite("Layout: permute, squeeze, concatenate, stack and split")
struct LayoutTests {
    @Test("transpose of a 2×3, and its gradient is the transposed seed")
    func transpose() {
        let x = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], requiresGrad: true)
        let t = x.transposed()
        #expect(t.shape == [3, 2])
        #expect(t.scalars == [1, 4, 2, 5, 3, 6])
        #expect(x.transposed(1, 0).scalars == t.scalars)
        #expect(t.gradFunctionName == "Permute")
        t.backward(Tensor([10, 20, 30, 40, 50, 60], shape: [3, 2]))
        #expect(x.grad?.shape == [2, 3])
        #expect(x.grad?.scalars == [10, 30, 50, 20, 40, 60])
    }

    @Test("permute of a 2×3×4: output [k][i][j] is input [i][j][k]")
    func permute() {
        let x = Tensor((0..<24).map(Double.init), shape: [2, 3, 4], requiresGrad: true)
        let p = x.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(p.scalars == [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23])
        #expect(x.permuted([-1, 0, 1]).scalars == p.scalars)
        #expect(x.permuted([0, 1, 2]).gradFunctionName == nil)  // the identity records nothing
        // Weighting by the permuted positions sends each weight back to its source element.
        (p * Tensor((0..<24).map(Double.init), shape: [4, 2, 3])).sum().backward()
        #expect(x.grad?.shape == [2, 3, 4])
        #expect(x.grad?.scalars == [0, 6, 12, 18, 1, 7, 13, 19, 2, 8, 14, 20, 3, 9, 15, 21, 4, 10, 16, 22, 5, 11, 17, 23])
    }

    @Test("squeeze and unsqueeze change only the shape")
    func squeezeAndUnsqueeze() {
        let x = Tensor([1, 2, 3], shape: [1, 3, 1], requiresGrad: true)
        #expect(x.squeezed().shape == [3])
        #expect(x.squeezed(axis: -1).shape == [1, 3])
        #expect(x.squeezed(axis: 0).shape == [3, 1])
        let v = Tensor([1, 2, 3])
        #expect(v.unsqueezed(axis: 0).shape == [1, 3])
        #expect(v.unsqueezed(axis: -1).shape == [3, 1])
        #expect(v.unsqueezed(axis: 1).scalars == [1, 2, 3])
        (x.squeezed() * Tensor([4, 5, 6])).sum().backward()
        #expect(x.grad?.shape == [1, 3, 1])
        #expect(x.grad?.scalars == [4, 5, 6])
    }

    @Test("concatenate along each axis; gradients are the slices of the output's")
    func concatenate() {
        let a = Tensor([1, 2, 3, 4], shape: [2, 2], requiresGrad: true)
        let b = Tensor([5, 6], shape: [2, 1], requiresGrad: true)
        let c = Tensor.concatenate([a, b], axis: 1)
        #expect(c.shape == [2, 3])
        #expect(c.scalars == [1, 2, 5, 3, 4, 6])
        #expect(Tensor.concatenate([a, b.transposed()]).scalars == [1, 2, 3, 4, 5, 6])
        #expect(Tensor.concatenate([a, b.transposed()], axis: -2).shape == [3, 2])
        c.backward(Tensor([10, 20, 30, 40, 50, 60], shape: [2, 3]))
        #expect(a.grad?.shape == [2, 2])
        #expect(a.grad?.scalars == [10, 20, 40, 50])
        #expect(b.grad?.shape == [2, 1])
        #expect(b.grad?.scalars == [30, 60])
    }

    @Test("concatenate promotes to float64 and hands each input its gradient in its own type")
    func concatenatePromotes() {
        let a = Tensor([1, 2], requiresGrad: true)
        let b = Tensor([3], dtype: .float64, requiresGrad: true)
        let c = Tensor.concatenate([a, b])
        #expect(c.dtype == .float64)
        (c * Tensor([1, 2, 3], dtype: .float64)).sum().backward()
        #expect(a.grad?.dtype == .float32)
        #expect(a.grad?.scalars == [1, 2])
        #expect(b.grad?.dtype == .float64)
        #expect(b.grad?.scalars == [3])
    }

    @Test("stack then split round-trips, and stack's values are hand-checked")
    func stackAndSplit() {
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])]).scalars == [1, 2, 3, 4])
        let columns = Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1)
        #expect(columns.shape == [2, 2])
        #expect(columns.scalars == [1, 3, 2, 4])
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: -1).scalars == [1, 3, 2, 4])

        let parts = (0..<3).map { Tensor(testValues(6, seed: UInt64(40 + $0)), shape: [2, 3], dtype: .float64) }
        let stacked = Tensor.stack(parts, axis: 1)
        #expect(stacked.shape == [2, 3, 3])
        let pieces = stacked.split(into: 3, axis: 1)
        #expect(pieces.count == 3)
        for (piece, part) in zip(pieces, parts) {
            #expect(piece.shape == [2, 1, 3])
            #expect(piece.squeezed(axis: 1).scalars == part.scalars)
        }
    }

    @Test("split by sizes: values, and each piece's gradient lands in its place")
    func splitBySizes() {
        let x = grid(requiresGrad: true)
        let pieces = x.split(sizes: [1, 0, 3], axis: 1)
        #expect(pieces.map(\.shape) == [[3, 1], [3, 0], [3, 3]])
        #expect(pieces[0].scalars == [0, 4, 8])
        #expect(pieces[2].scalars == [1, 2, 3, 5, 6, 7, 9, 10, 11])
        (pieces[0].sum() * 2 + pieces[2].sum() * 3).backward()
        #expect(x.grad?.scalars == [2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3])
        #expect(x.split(into: 3).map(\.shape) == [[1, 4], [1, 4], [1, 4]])
    }

    // MARK: - Errors

    @Test("permute with a repeated axis stops, naming the axes, the shape and the caller")
    func permuteRepeatedAxis() async {
        let resultLine = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]).permuted([0, 0])
        }
        expectStandardError(result, contains: ["permute: [0, 0] repeats an axis of a tensor of shape [2, 3]", "LayoutTests.swift:\(resultLine))"])
    }

    @Test("transpose of a vector, a bad transpose axis and a bad unsqueeze axis stop with a message")
    func transposeErrors() async {
        let vectorLine = #line + 1
        let vector = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1, 2, 3]).transposed()
        }
        expectStandardError(vector, contains: ["transpose: a tensor of shape [3] has fewer than two axes", "LayoutTests.swift:\(vectorLine))"])
        let axisLine = #line + 1
        let axis = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]).transposed(0, 2)
        }
        expectStandardError(axis, contains: ["transpose: axis 2 is out of range for a tensor of rank 2", "LayoutTests.swift:\(axisLine))"])
        let unsqueezeLine = #line + 1
        let unsqueeze = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]).unsqueezed(axis: 3)
        }
        expectStandardError(unsqueeze, contains: ["unsqueeze: axis 3 is outside -3...2 for a tensor of rank 2", "LayoutTests.swift:\(unsqueezeLine))"])
    }

    @Test("concatenate with mismatched shapes stops, naming both shapes")
    func concatenateMismatch() async {
        let resultLine = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.concatenate([Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [3, 2])], axis: 1)
        }
        expectStandardError(result, contains: ["concatenate: tensor 1 of shape [3, 2] does not match tensor 0 of shape [2, 3] outside axis 1", "LayoutTests.swift:\(resultLine))"])
    }

    @Test("stack, split and squeeze with bad shapes or sizes stop with a message")
    func stackSplitSqueezeErrors() async {
        let stackLine = #line + 1
        let stack = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.stack([Tensor([1, 2]), Tensor([1, 2, 3])])
        }
        expectStandardError(stack, contains: ["stack: tensor 1 of shape [3] differs from tensor 0 of shape [2]", "LayoutTests.swift:\(stackLine))"])
        let splitLine = #line + 1
        let split = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4]).split(sizes: [1, 2], axis: 1)
        }
        expectStandardError(split, contains: ["split: sizes [1, 2] do not add up to 4", "LayoutTests.swift:\(splitLine))"])
        let squeezeLine = #line + 1
        let squeeze = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [3, 4]).squeezed(axis: 1)
        }
        expectStandardError(squeeze, contains: ["squeeze: axis 1 of a tensor of shape [3, 4] does not have size 1", "LayoutTests.swift:\(squeezeLine))"])
    }
}

/// Checks that an exit test's standard error contains every fragment.
///
/// The caller's `file:line` in a message is the line of the `#expect(processExitsWith:)` itself: the
/// macro moves the body into a function of its own, whose `#line` defaults report the macro's line.
func expectStandardError(_ result: ExitTest.Result?, contains fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    for fragment in fragments {
        #expect(text.contains(fragment), "standard error lacks \"\(fragment)\": \(text)", sourceLocation: sourceLocation)
    }
}
