// Reading and writing parts of a tensor: NumPy-style subscripts, and PyTorch's gather and
// scatter-add along an axis. All are differentiable.

extension Tensor {
    /// The elements that `indices` select, one index per leading axis (missing trailing axes are
    /// taken whole); an integer index drops its axis. Assigning writes into a new value (recorded
    /// like any operation), broadcasting the assigned tensor to the selected shape.
    ///
    /// ```swift
    /// let x = Tensor.arange(0, 12).reshaped(to: [3, 4])
    /// x[1]                 // [4, 5, 6, 7]
    /// x[.all, -1]          // [3, 7, 11]
    /// x[0..<2, .slice(step: 2)]
    /// ```
    ///
    /// An index outside its axis stops the program with a message naming the index, the axis, the
    /// shape and the line of the subscript.
    public subscript(_ indices: any TensorIndexExpression..., file file: StaticString = #fileID, line line: UInt = #line) -> Tensor {
        get {
            let (region, shape) = selection(indices.map(\.tensorIndex), at: CallerLocation(file: file, line: line))
            if region == SliceRegion(covering: self.shape) { return reshaped(to: shape) }
            return SliceFunction(region: region, shape: shape).applied(to: self, file: file, line: line)
        }
        set {
            let location = CallerLocation(file: file, line: line)
            let (region, shape) = selection(indices.map(\.tensorIndex), at: location)
            tensorPrecondition(
                Shape.broadcast(newValue.shape, shape) == shape, "subscript assignment",
                "a value of shape \(newValue.shape) does not broadcast to the selected shape \(shape)", at: location)
            // A 0-d value goes through shape [1], which broadcasts alike: Expand misreads 0-d inputs.
            let value = newValue.rank == 0 && !shape.isEmpty ? newValue.reshaped(to: [1]) : newValue
            let values = value.converted(to: dtype).expanded(to: shape)
            self = SliceScatterFunction(region: region).applied(to: self, values, file: file, line: line)
        }
    }

    /// The region of this tensor that `indices` select, and the shape of the selection.
    private func selection(_ indices: [TensorIndex], at location: CallerLocation) -> (SliceRegion, [Int]) {
        tensorPrecondition(
            indices.count <= rank, "subscript", "\(indices.count) indices for a tensor of shape \(shape)", at: location)
        var region = SliceRegion(covering: shape)
        var selected: [Int] = []
        for (axis, size) in shape.enumerated() {
            guard axis < indices.count else {
                selected.append(size)
                continue
            }
            guard let (start, step, count, keepsAxis) = indices[axis].resolve(size: size) else {
                if case .slice(_, _, 0) = indices[axis].kind {
                    tensorFailure("subscript", "a slice's step must not be 0 (axis \(axis) of shape \(shape))", at: location)
                }
                tensorFailure(
                    "subscript", "index \(indices[axis]) is out of range for axis \(axis) of size \(size) in a tensor of shape \(shape)",
                    at: location)
            }
            (region.starts[axis], region.steps[axis], region.counts[axis]) = (start, step, count)
            if keepsAxis { selected.append(count) }
        }
        return (region, selected)
    }

    // MARK: - Gather and scatter-add

    /// The elements at `indices` along `axis` (PyTorch's `torch.gather`): for `axis` 1 of a matrix,
    /// `out[i][j] = self[i][indices[i][j]]`.
    ///
    /// `indices` holds whole numbers (stored as floats) in `0..<shape[axis]`, has this tensor's rank,
    /// and is no larger than it along the other axes; the result has the shape of `indices`.
    /// Picking each row's entry for a class label (`logProbabilities.gather(axis: 1, indices: labels)`)
    /// is the typical use. The gradient flows to this tensor, never to `indices`.
    public func gather(axis: Int, indices: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        let offsets = indexOffsets("gather", axis: axis, indices: indices, at: CallerLocation(file: file, line: line))
        return GatherFunction(offsets: offsets, shape: indices.shape).applied(to: self, file: file, line: line)
    }

    /// This tensor plus `source` added at `indices` along `axis` (PyTorch's `scatter_add`): for
    /// `axis` 1 of a matrix, `out[i][indices[i][j]] += source[i][j]`; repeated indices add up.
    ///
    /// `source` has the shape of `indices`, which follows the rules of ``gather(axis:indices:file:line:)``.
    /// Gradients flow to this tensor and to `source`.
    public func scatterAdd(
        axis: Int, indices: Tensor, source: Tensor, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(
            source.shape == indices.shape, "scatterAdd",
            "source of shape \(source.shape) does not match indices of shape \(indices.shape)", at: location)
        let offsets = indexOffsets("scatterAdd", axis: axis, indices: indices, at: location)
        return self + ScatterAddFunction(offsets: offsets, shape: shape).applied(to: source, file: file, line: line)
    }

    /// Checks `torch.gather`-style indices against this tensor and resolves them to flat offsets.
    ///
    /// The offsets are part of the recorded operation, so a ``RecordedFunction`` replays them as
    /// traced: indices that depend on the traced inputs (an `argmax` of them) stop the program
    /// rather than replay stale positions.
    private func indexOffsets(_ operation: String, axis: Int, indices: Tensor, at location: CallerLocation) -> [Int] {
        tensorPrecondition(
            indices.node == nil || !GradientMode.currentSettings().isTracing, operation,
            "indices that depend on a RecordedFunction's inputs (an argmax of them) would replay at their traced values; "
                + "index with constant indices, and trace again for others", at: location)
        tensorPrecondition(rank > 0, operation, "a 0-d tensor has no axis to index along", at: location)
        let axis = Shape.normalize(axis: axis, rank: rank, operation, at: location)
        tensorPrecondition(
            indices.rank == rank, operation,
            "indices of shape \(indices.shape) do not have the rank of the input of shape \(shape)", at: location)
        for (other, size) in indices.shape.enumerated() where other != axis {
            tensorPrecondition(
                size <= shape[other], operation,
                "indices of shape \(indices.shape) are larger than the input of shape \(shape) along axis \(other)",
                at: location)
        }
        let values = indices.scalars
        let size = Double(shape[axis])
        if let bad = values.firstIndex(where: { !($0 >= 0 && $0 < size && $0.rounded(.towardZero) == $0) }) {
            let position = Self.coordinates(ofFlatIndex: bad, in: indices.shape)
            fatalError(
                "\(operation): index \(values[bad]) at position \(position) of indices is not a whole number in "
                    + "0..<\(shape[axis]) for axis \(axis) of the input of shape \(shape) (at \(location))",
                file: "Autograd", line: 0)
        }
        return LayoutKernels.gatherOffsets(shape: shape, axis: axis, indices: values, indicesShape: indices.shape)
    }

    /// The row-major coordinates of a flat position.
    private static func coordinates(ofFlatIndex index: Int, in shape: [Int]) -> [Int] {
        zip(Shape.strides(shape), shape).map { stride, size in index / stride % size }
    }
}
