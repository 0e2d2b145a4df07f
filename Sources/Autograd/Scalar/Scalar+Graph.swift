import Foundation

/// Looking at what was recorded: each value's operation, inputs and local derivatives, and the whole
/// graph behind a value as a ``GraphDescription`` for listings and pictures.
extension Scalar {
    /// The operation that produced this value (`"+"`, `"tanh"`, ...); `nil` for a leaf or constant.
    public var operation: String? {
        let (storage, row) = location
        let operation = storage.columns.pointee.operations[Int(row)]
        return operation.hasInputs ? operation.symbol : nil
    }

    /// Whether this value is a leaf: an input made by `Scalar(_:)` or ``Tape/variable(_:label:)``.
    public var isLeaf: Bool {
        let (storage, row) = location
        let operation = storage.columns.pointee.operations[Int(row)]
        return operation == .leaf || operation == .imported
    }

    /// The inputs of the operation that produced this value, in argument order (empty for a leaf).
    ///
    /// A leaf brought from another tape is returned as the original leaf.
    public var parents: [Scalar] {
        let (storage, row) = location
        return storage.inputRows(of: row).map { storage.handle(forRow: $0) }
    }

    /// ∂self/∂input for each of ``parents``, at the recorded values (SEEDS §3's local derivatives).
    public var localDerivatives: [Double] {
        let (storage, row) = location
        let columns = storage.columns.pointee
        let operation = columns.operations[Int(row)]
        let inputs = storage.inputRows(of: row)
        guard let first = inputs.first else { return [] }
        let x = columns.values[Int(first)]
        let y = inputs.count > 1 ? columns.values[Int(inputs[1])] : x
        let (dx, dy) = operation.localDerivatives(x, y, columns.values[Int(row)])
        return inputs.count > 1 ? [dx.number, dy.number] : [dx.number]
    }

    /// The graph of everything this value depends on, in recording order, this value last.
    ///
    /// Each node shows `data` and `grad` to four decimals, as the tutorial's pictures do.
    public var graph: GraphDescription {
        let (storage, row) = location
        var needed = [Bool](repeating: false, count: Int(row) + 1)
        needed[Int(row)] = true
        var nodes: [GraphDescription.Node] = []
        for current in stride(from: Int(row), through: 0, by: -1) where needed[current] {
            for input in storage.inputRows(of: Int32(current)) { needed[Int(input)] = true }
        }
        for current in 0...Int(row) where needed[current] {
            let handle = storage.handle(forRow: Int32(current))
            let operation = storage.columns.pointee.operations[current]
            nodes.append(
                GraphDescription.Node(
                    id: current,
                    label: storage.labels[Int32(current)],
                    operation: operation.hasInputs ? operation.symbol : nil,
                    value: "\(handle.data)",
                    fields: [
                        "data " + String(format: "%.4f", handle.data),
                        "grad " + String(format: "%.4f", handle.grad),
                    ],
                    inputs: storage.inputRows(of: Int32(current)).map(Int.init)))
        }
        return GraphDescription(nodes: nodes)
    }
}

extension TapeStorage {
    /// The input rows of `row`, in argument order.
    func inputRows(of row: Int32) -> [Int32] {
        let columns = self.columns.pointee
        let operation = columns.operations[Int(row)]
        guard operation.hasInputs else { return [] }
        let second = columns.rhs[Int(row)]
        return second >= 0 ? [columns.lhs[Int(row)], second] : [columns.lhs[Int(row)]]
    }

    /// A handle to `row`, or to the original leaf when the row stands for an imported one.
    func handle(forRow row: Int32) -> Scalar {
        let columns = self.columns.pointee
        if columns.operations[Int(row)] == .imported {
            let imported = imports[Int(columns.lhs[Int(row)])]
            if imported.storage.columns.pointee.readableGeneration == imported.generation {
                return Scalar(storage: imported.storage, row: imported.row)
            }
        }
        return Scalar(storage: self, row: row)
    }
}
