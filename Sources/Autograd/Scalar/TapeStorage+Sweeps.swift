/// The two loops that run over a whole tape: the reverse sweep of backward and the forward
/// recomputation of a replay.
///
/// Both dispatch once per row on the operation and then run that operation's rule from
/// `ScalarOperation` with the operation as a compile-time constant, so the generic rule folds into
/// straight-line code for each case (for `+`, two adds into the adjoints) instead of being evaluated
/// as data (a `LocalDerivative` per input, then a second dispatch on it). The rules themselves stay
/// defined once, in `ScalarOperation`.
extension TapeStorage {
    /// The reverse sweep: for each row from `output` down, pass its adjoint to its inputs through the
    /// primitive's local derivatives. Rows whose adjoint is exactly 0 are skipped, so an infinite
    /// local derivative on a path that does not matter never produces a NaN.
    @inline(__always)
    static func sweep(_ columns: UnsafeMutablePointer<TapeColumns>, adjoints: UnsafeMutablePointer<Double>, from output: Int) {
        let values = columns.pointee.values
        let nodes = columns.pointee.nodes
        let adjointBits = UnsafeRawPointer(adjoints)
        var row = output
        while row >= 0 {
            let seed = adjoints[row]
            if seed != 0 {
                let node = nodes[row]
                // Every case is listed so that a new primitive cannot be forgotten here.
                switch node.operation {
                case .leaf, .constant, .imported:
                    // Rows without inputs come in runs (S3's 50,000 leaves, a batch's inputs, a
                    // model's imported parameters): pass the rest of the run in a tight loop over the
                    // operation bytes, about 4 instructions a row instead of a dispatch's 15.
                    row &-= 1
                    while row >= 0, !nodes[row].operation.hasInputs { row &-= 1 }
                    continue
                case .add: pullBinary(.add, node, row, seed, values, adjoints)
                case .subtract: pullBinary(.subtract, node, row, seed, values, adjoints)
                case .multiply: pullBinary(.multiply, node, row, seed, values, adjoints)
                case .divide: pullBinary(.divide, node, row, seed, values, adjoints)
                case .power: pullBinary(.power, node, row, seed, values, adjoints)
                case .constantPower: pullBinary(.constantPower, node, row, seed, values, adjoints)
                case .maximum: pullBinary(.maximum, node, row, seed, values, adjoints)
                case .minimum: pullBinary(.minimum, node, row, seed, values, adjoints)
                case .negate: pullUnary(.negate, node, row, seed, values, adjoints)
                case .exp: pullUnary(.exp, node, row, seed, values, adjoints)
                case .log: pullUnary(.log, node, row, seed, values, adjoints)
                case .sin: pullUnary(.sin, node, row, seed, values, adjoints)
                case .cos: pullUnary(.cos, node, row, seed, values, adjoints)
                case .tan: pullUnary(.tan, node, row, seed, values, adjoints)
                case .tanh: pullUnary(.tanh, node, row, seed, values, adjoints)
                case .sigmoid: pullUnary(.sigmoid, node, row, seed, values, adjoints)
                case .relu: pullUnary(.relu, node, row, seed, values, adjoints)
                case .sqrt: pullUnary(.sqrt, node, row, seed, values, adjoints)
                case .abs: pullUnary(.abs, node, row, seed, values, adjoints)
                }
            } else if row >= 4, adjoints[row &- 1] == 0 {
                // Two zero adjoints in a row usually start a run (a relu that was off, a hinge already
                // met: in S1 about 93% of the rows have a zero adjoint), so skip four rows at a time
                // while all four are ±0, testing their bit patterns together. A lone zero, common in
                // dense graphs, costs one more comparison.
                row &-= 1
                while row >= 3 {
                    let first = adjointBits.load(fromByteOffset: (row &- 3) &* 8, as: UInt64.self)
                    let second = adjointBits.load(fromByteOffset: (row &- 2) &* 8, as: UInt64.self)
                    let third = adjointBits.load(fromByteOffset: (row &- 1) &* 8, as: UInt64.self)
                    let fourth = adjointBits.load(fromByteOffset: row &* 8, as: UInt64.self)
                    // Shifting out the sign bit makes −0 count as zero too, as `seed == 0` does.
                    if (first | second | third | fourth) &<< 1 != 0 { break }
                    row &-= 4
                }
                continue
            }
            row &-= 1
        }
    }

    /// One binary row of the reverse sweep (binary rows always have two input rows: a constant
    /// operand is recorded as a constant row).
    @inline(__always)
    private static func pullBinary(
        _ operation: ScalarOperation, _ node: TapeNode, _ row: Int, _ seed: Double,
        _ values: UnsafeMutablePointer<Double>, _ adjoints: UnsafeMutablePointer<Double>
    ) {
        let first = Int(node.lhs), second = Int(node.rhs)
        let (dx, dy) = operation.localDerivatives(values[first], values[second], values[row])
        if let contribution = dx.times(seed) { adjoints[first] += contribution }
        if let contribution = dy.times(seed) { adjoints[second] += contribution }
    }

    /// One unary row of the reverse sweep.
    @inline(__always)
    private static func pullUnary(
        _ operation: ScalarOperation, _ node: TapeNode, _ row: Int, _ seed: Double,
        _ values: UnsafeMutablePointer<Double>, _ adjoints: UnsafeMutablePointer<Double>
    ) {
        let first = Int(node.lhs)
        let x = values[first]
        if let contribution = operation.localDerivatives(x, x, values[row]).0.times(seed) { adjoints[first] += contribution }
    }

    /// Recomputes the value of every operation row in `rows`, in recording order, from the values
    /// of their inputs; constants and imported rows keep theirs. When `leafValues` is given, the
    /// leaf rows met take its values in order (a leaf past its end keeps its value).
    ///
    /// Like the reverse sweep, it dispatches once per row and runs the rule with the operation known
    /// at compile time. Each row is evaluated with the same `ScalarOperation.apply` that recorded it
    /// (with the same operands), so a replay on
    /// the values a recording saw reproduces that recording's values bit for bit.
    ///
    /// Returns the number of leaf rows in `rows`.
    static func recompute(
        _ columns: UnsafeMutablePointer<TapeColumns>, rows: Range<Int>, leafValues: UnsafeBufferPointer<Double>?
    ) -> Int {
        let values = columns.pointee.values
        let nodes = columns.pointee.nodes
        var leaves = 0
        for row in rows {
            let node = nodes[row]
            switch node.operation {
            case .leaf:
                if let leafValues, leaves < leafValues.count { values[row] = leafValues[leaves] }
                leaves &+= 1
            case .constant, .imported: break
            case .add: pushBinary(.add, node, row, values)
            case .subtract: pushBinary(.subtract, node, row, values)
            case .multiply: pushBinary(.multiply, node, row, values)
            case .divide: pushBinary(.divide, node, row, values)
            case .power: pushBinary(.power, node, row, values)
            case .constantPower: pushBinary(.constantPower, node, row, values)
            case .maximum: pushBinary(.maximum, node, row, values)
            case .minimum: pushBinary(.minimum, node, row, values)
            case .negate: pushUnary(.negate, node, row, values)
            case .exp: pushUnary(.exp, node, row, values)
            case .log: pushUnary(.log, node, row, values)
            case .sin: pushUnary(.sin, node, row, values)
            case .cos: pushUnary(.cos, node, row, values)
            case .tan: pushUnary(.tan, node, row, values)
            case .tanh: pushUnary(.tanh, node, row, values)
            case .sigmoid: pushUnary(.sigmoid, node, row, values)
            case .relu: pushUnary(.relu, node, row, values)
            case .sqrt: pushUnary(.sqrt, node, row, values)
            case .abs: pushUnary(.abs, node, row, values)
            }
        }
        return leaves
    }

    /// One binary row of the forward recomputation.
    @inline(__always)
    private static func pushBinary(_ operation: ScalarOperation, _ node: TapeNode, _ row: Int, _ values: UnsafeMutablePointer<Double>) {
        values[row] = operation.apply(values[Int(node.lhs)], values[Int(node.rhs)])
    }

    /// One unary row of the forward recomputation (recorded as `apply(x, x)`, so it is evaluated so).
    @inline(__always)
    private static func pushUnary(_ operation: ScalarOperation, _ node: TapeNode, _ row: Int, _ values: UnsafeMutablePointer<Double>) {
        let x = values[Int(node.lhs)]
        values[row] = operation.apply(x, x)
    }
}
