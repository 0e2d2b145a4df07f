// Products of vectors, composed from matmul, reshape and broadcasting multiplication (no backward
// code of their own).

/// The dot product of two 1-d tensors of the same length: Σ a[i]·b[i], a 0-d tensor.
///
/// ```swift
/// dot(Tensor([1, 2, 3]), Tensor([4, 5, 6]))   // Tensor(32.0)
/// ```
public func dot(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let location = CallerLocation(file: file, line: line)
    if a.rank != 1 || b.rank != 1 { productShapeFailure("dot", a, b, "both operands must be 1-d", at: location) }
    if a.count != b.count { productShapeFailure("dot", a, b, "the lengths \(a.count) and \(b.count) differ", at: location) }
    return matmul(a, b, file: file, line: line)
}

/// The outer product of two 1-d tensors: the matrix with element [i, j] = a[i]·b[j].
///
/// ```swift
/// outer(Tensor([1, 2]), Tensor([3, 4, 5]))    // shape [2, 3]
/// ```
public func outer(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    if a.rank != 1 || b.rank != 1 {
        productShapeFailure("outer", a, b, "both operands must be 1-d", at: CallerLocation(file: file, line: line))
    }
    return a.reshaped(to: [a.count, 1]) * b.reshaped(to: [1, b.count])
}
