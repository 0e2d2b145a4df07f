// The linear-algebra primitives: the (batched, broadcasting) matrix product and the transpose of the
// last two axes its backward rule needs, each with its forward kernel, backward rule and tangent rule
// side by side.

/// How matmul reads its operands' shapes, as NumPy does: a 1-d left operand is a row (a 1 is
/// prepended), a 1-d right operand a column (a 1 is appended), the last two axes are the matrices and
/// the axes before them are batch axes that broadcast; the promoted axes are dropped from the result.
struct MatmulShapes: Sendable {
    /// The operands' shapes as given.
    let a: [Int], b: [Int]
    /// The operands' shapes with 1-d operands promoted to matrices.
    let aMatrices: [Int], bMatrices: [Int]
    /// The broadcast batch shape.
    let batch: [Int]
    /// C is m × n, the sum runs over k.
    let m: Int, k: Int, n: Int
    /// Which operands are stored transposed (A as k × m, B as n × k): only backward rules ask for it,
    /// on operands of two or more axes.
    let transposed: MatrixTransposition

    /// Why `a` and `b` do not multiply, or nil when they do.
    static func mismatch(_ a: [Int], _ b: [Int]) -> String? {
        guard !a.isEmpty, !b.isEmpty else { return "a 0-d operand has no axis to multiply along" }
        let (left, right) = (promoted(left: a), promoted(right: b))
        let (inner, rows) = (left[left.count - 1], right[right.count - 2])
        if inner != rows { return "the inner dimensions \(inner) and \(rows) differ" }
        let (leftBatch, rightBatch) = (Array(left.dropLast(2)), Array(right.dropLast(2)))
        if Shape.broadcast(leftBatch, rightBatch) == nil {
            return "the batch dimensions \(leftBatch) and \(rightBatch) do not broadcast"
        }
        return nil
    }

    /// The shapes of a product whose operands multiply (checked by `mismatch` first).
    init(_ a: [Int], _ b: [Int]) {
        require(Self.mismatch(a, b) == nil, "matmul: unchecked shapes \(a) and \(b)")
        (self.a, self.b) = (a, b)
        (aMatrices, bMatrices) = (Self.promoted(left: a), Self.promoted(right: b))
        batch = Shape.broadcast(Array(aMatrices.dropLast(2)), Array(bMatrices.dropLast(2)))!
        (m, k, n) = (aMatrices[aMatrices.count - 2], aMatrices[aMatrices.count - 1], bMatrices[bMatrices.count - 1])
        transposed = .none
    }

    /// The shapes of op(a)·op(b) for operands of two or more axes, op transposing the last two axes
    /// of the operands `transposed` names (a backward rule's product; its shapes come from a product
    /// that multiplied).
    init(_ a: [Int], _ b: [Int], transposed: MatrixTransposition) {
        require(a.count >= 2 && b.count >= 2, "matmul: a transposed operand needs two axes, not \(a) and \(b)")
        (self.a, self.b, aMatrices, bMatrices) = (a, b, a, b)
        batch = Shape.broadcast(Array(a.dropLast(2)), Array(b.dropLast(2)))!
        let (aRows, aColumns) = (a[a.count - 2], a[a.count - 1])
        let (bRows, bColumns) = (b[b.count - 2], b[b.count - 1])
        (m, k) = transposed.a ? (aColumns, aRows) : (aRows, aColumns)
        n = transposed.b ? bRows : bColumns
        require(k == (transposed.b ? bColumns : bRows), "matmul: unchecked transposed shapes \(a) and \(b)")
        self.transposed = transposed
    }

    private static func promoted(left shape: [Int]) -> [Int] { shape.count == 1 ? [1] + shape : shape }
    private static func promoted(right shape: [Int]) -> [Int] { shape.count == 1 ? shape + [1] : shape }

    /// The product's shape with the promoted axes: the batch, then m × n.
    var promotedOutput: [Int] { batch + [m, n] }

    /// The product's shape: the batch, then m unless `a` is 1-d, then n unless `b` is 1-d.
    var output: [Int] { batch + (a.count == 1 ? [] : [m]) + (b.count == 1 ? [] : [n]) }

    /// For each matrix of the product, in order, the element offsets of the matrices of A and B it
    /// multiplies (the same matrix again along a broadcast batch axis).
    var operandOffsets: [(a: Int, b: Int)] {
        let rank = batch.count
        let aStrides = ElementwiseKernels.broadcastStrides(Array(aMatrices.dropLast(2)), rank: rank, shape: batch)
        let bStrides = ElementwiseKernels.broadcastStrides(Array(bMatrices.dropLast(2)), rank: rank, shape: batch)
        let count = Shape.count(batch)
        var offsets: [(a: Int, b: Int)] = []
        offsets.reserveCapacity(count)
        var index = [Int](repeating: 0, count: rank)
        for _ in 0..<count {
            var (aMatrix, bMatrix) = (0, 0)
            for axis in 0..<rank {
                aMatrix += index[axis] * aStrides[axis]
                bMatrix += index[axis] * bStrides[axis]
            }
            offsets.append((aMatrix * m * k, bMatrix * k * n))
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < batch[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return offsets
    }
}

/// The matrix product with NumPy's matmul semantics (vectors promoted, batch axes broadcast), or, in
/// backward rules, op(a)·op(b) with either operand read transposed in place.
///
/// Backward, on the promoted shapes: ∂a = g · op(b)ᵀ and ∂b = op(a)ᵀ · g (transposed back for an
/// operand stored transposed), each summed over the batch axes its operand was broadcast along. The
/// transposes are the kernel's transpose flags, never materialised copies, and the rules are products
/// again, so that they differentiate again.
struct MatmulFunction: TensorPrimitive {
    /// Which operands are read transposed (only for operands of two or more axes).
    var transposed = MatrixTransposition.none

    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: MatmulShapes) {
        let (a, b) = (inputs[0], inputs[1])
        let shapes = transposed == .none
            ? MatmulShapes(a.shape, b.shape) : MatmulShapes(a.shape, b.shape, transposed: transposed)
        let product = TensorData.matrixProduct(
            a.storage, b.storage, offsets: shapes.operandOffsets, m: shapes.m, n: shapes.n, k: shapes.k,
            transposed: transposed)
        return (Tensor(storage: product, shape: shapes.output), shapes)
    }

    func backward(_ gradient: Tensor, context: FunctionContext<MatmulShapes>) -> [Tensor?] {
        let shapes = context.saved
        let a = context.inputs[0].reshaped(to: shapes.aMatrices)
        let b = context.inputs[1].reshaped(to: shapes.bMatrices)
        let g = gradient.reshaped(to: shapes.promotedOutput)
        let (transposesA, transposesB) = (transposed.a, transposed.b)
        func product(_ x: Tensor, _ y: Tensor, _ first: Bool, _ second: Bool) -> Tensor {
            MatmulFunction(transposed: MatrixTransposition(a: first, b: second)).applied(to: x, y)
        }
        // For a = op(A) stored transposed, ∂A = (g · op(b)ᵀ)ᵀ = op(b) · gᵀ; likewise for b.
        let gradientA = context.needsGradient[0]
            ? (transposesA ? product(b, g, transposesB, true) : product(g, b, false, !transposesB))
                .summed(toShape: shapes.aMatrices).reshaped(to: shapes.a).converted(to: a.dtype)
            : nil
        let gradientB = context.needsGradient[1]
            ? (transposesB ? product(g, a, true, transposesA) : product(a, g, !transposesA, false))
                .summed(toShape: shapes.bMatrices).reshaped(to: shapes.b).converted(to: b.dtype)
            : nil
        return [gradientA, gradientB]
    }

    func tangent(_ tangents: [Tensor?], context: FunctionContext<MatmulShapes>) -> Tensor? {
        // t_a · b + a · t_b: each term already has the product's shape (the tangents have the operands').
        let (a, b) = (context.inputs[0], context.inputs[1])
        let alongA = tangents[0].map { MatmulFunction(transposed: transposed).applied(to: $0, b) }
        let alongB = tangents[1].map { MatmulFunction(transposed: transposed).applied(to: a, $0) }
        return Tensor.adding(alongA, alongB)?.converted(to: context.output.dtype)
    }
}

/// The transpose of the last two axes (of every matrix in a batch).
struct MatrixTransposeFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        let (rows, columns) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let count = Shape.count(Array(x.shape.dropLast(2)))
        let storage = x.storage.matricesTransposed(count: count, rows: rows, columns: columns)
        return (Tensor(storage: storage, shape: x.shape.dropLast(2) + [columns, rows]), ())
    }

    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.matrixTransposed()
    }

    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { MatrixTransposeFunction().applied(to: $0) }
    }
}
