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
        var row = output
        while row >= 0 {
            let seed = adjoints[row]
            if seed != 0 {
                let node = nodes[row]
                // Every case is listed so that a new primitive cannot be forgotten here.
                switch node.operation {
                case .leaf, .constant, .imported: break
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
    /// Each row is evaluated with the same `ScalarOperation.apply` that recorded it, so a replay on
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
            if node.operation.hasInputs {
                let x = values[Int(node.lhs)]
                let y = node.rhs >= 0 ? values[Int(node.rhs)] : x
                values[row] = node.operation.apply(x, y)
            } else if node.operation == .leaf {
                if let leafValues, leaves < leafValues.count { values[row] = leafValues[leaves] }
                leaves &+= 1
            }
        }
        return leaves
    }
}
