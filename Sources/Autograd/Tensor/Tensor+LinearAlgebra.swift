// The matrix product, with NumPy's matmul semantics, and the transpose of the last two axes.

/// The matrix product of two tensors, as NumPy's `matmul` computes it.
///
/// - 1-d · 1-d is the dot product, a 0-d tensor.
/// - 2-d · 2-d is the matrix product.
/// - A 1-d left operand is a row vector and a 1-d right operand a column vector; the axis added to
///   make it a matrix is removed from the result (`[3] · [3, 4]` is `[4]`).
/// - With more than two axes, the last two hold matrices and the leading (batch) axes broadcast:
///   `[2, 1, 3, 4] · [5, 4, 6]` is `[2, 5, 3, 6]`.
///
/// Operands of different element types compute in the wider one; each gradient comes back in its
/// operand's type. Shapes that do not multiply stop the program, naming both and the caller's line.
///
/// ```swift
/// let w = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], requiresGrad: true)
/// let y = matmul(w, Tensor([1, 0, -1]))      // Tensor([-2.0, -2.0])
/// ```
public func matmul(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if let mismatch = MatmulShapes.mismatch(a.shape, b.shape) {
        productShapeFailure("matmul", a, b, mismatch, at: CallerLocation(file: file, line: line))
    }
    return MatmulFunction().applied(to: a, b, file: file, line: line)
}

/// Stops the program for operands that a product cannot take, naming the product and both shapes.
func productShapeFailure(_ operation: String, _ a: Tensor, _ b: Tensor, _ problem: String, at location: CallerLocation) -> Never {
    fatalError("\(operation) of \(a.shape) and \(b.shape): \(problem) (at \(location))", file: "Autograd", line: 0)
}

extension Tensor {
    /// The matrix product `self · other`, as ``matmul(_:_:file:line:)`` computes it.
    public func matmul(_ other: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        Autograd.matmul(self, other, file: file, line: line)
    }

    /// The transpose of the last two axes (of each matrix in a batch); internal until a general
    /// permutation of axes exists.
    func matrixTransposed() -> Tensor {
        require(rank >= 2, "matrixTransposed: a tensor of rank \(rank) has no matrix axes")
        let (rows, columns) = (shape[rank - 2], shape[rank - 1])
        // A row or a column keeps its element order: a reshape, with no copy.
        if rows == 1 || columns == 1 { return reshaped(to: shape.dropLast(2) + [columns, rows]) }
        return MatrixTransposeFunction().applied(to: self)
    }
}
