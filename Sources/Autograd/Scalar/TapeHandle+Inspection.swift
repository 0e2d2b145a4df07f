import Foundation

/// Looking at what was recorded, shared by ``Scalar`` and ``TapeScalar``: labels, operations,
/// inputs, local derivatives and the graph behind a value.
extension TapeHandle {
    /// The user's label of the row.
    var recordedLabel: String? {
        get {
            let (storage, row) = location
            return storage.labels[row]
        }
        nonmutating set {
            let (storage, row) = location
            storage.labels[row] = newValue
        }
    }

    /// Whether two handles name the same row.
    func names(_ other: Self) -> Bool {
        let (a, i) = location
        let (b, j) = other.location
        return a === b && i == j
    }

    /// The operation's symbol, or nil for leaves, constants and imported leaves.
    var recordedOperation: String? {
        let (storage, row) = location
        let operation = storage.columns.pointee.nodes[Int(row)].operation
        return operation.hasInputs ? operation.symbol : nil
    }

    /// Whether the row is a leaf (made as one here, or brought from another tape).
    var recordedIsLeaf: Bool {
        let (storage, row) = location
        let operation = storage.columns.pointee.nodes[Int(row)].operation
        return operation == .leaf || operation == .imported
    }

    /// The inputs of the row, in argument order.
    var recordedParents: [Self] {
        let (storage, row) = location
        return storage.inputRows(of: row).map { handle(forRow: $0, of: storage) }
    }

    /// A handle to `row`, or to the original leaf when the row stands for a leaf imported from a tape
    /// of the same kind.
    func handle(forRow row: Int32, of storage: TapeStorage) -> Self {
        let columns = storage.columns.pointee
        if columns.nodes[Int(row)].operation == .imported {
            let imported = storage.imports[Int(columns.nodes[Int(row)].lhs)]
            let source = imported.storage
            if source.isOwned == Self.pointsIntoOwnedTapes,
                source.columns.pointee.readableGeneration == imported.generation
            {
                return Self(storage: source, row: imported.row)
            }
        }
        return Self(storage: storage, row: row)
    }

    /// ∂row/∂input for each input, at the recorded values.
    var recordedLocalDerivatives: [Double] {
        let (storage, row) = location
        let columns = storage.columns.pointee
        let operation = columns.nodes[Int(row)].operation
        let inputs = storage.inputRows(of: row)
        guard let first = inputs.first else { return [] }
        let x = columns.values[Int(first)]
        let y = inputs.count > 1 ? columns.values[Int(inputs[1])] : x
        let (dx, dy) = operation.localDerivatives(x, y, columns.values[Int(row)])
        return inputs.count > 1 ? [dx.number, dy.number] : [dx.number]
    }

    /// The graph of everything the row depends on, in recording order, the row last.
    var recordedGraph: GraphDescription {
        let (storage, row) = location
        var needed = [Bool](repeating: false, count: Int(row) + 1)
        needed[Int(row)] = true
        for current in stride(from: Int(row), through: 0, by: -1) where needed[current] {
            for input in storage.inputRows(of: Int32(current)) { needed[Int(input)] = true }
        }
        var nodes: [GraphDescription.Node] = []
        for current in 0...Int(row) where needed[current] {
            let handle = handle(forRow: Int32(current), of: storage)
            let operation = storage.columns.pointee.nodes[current].operation
            let data = handle.storedValue
            let gradient = handle.storedGradient
            nodes.append(
                GraphDescription.Node(
                    id: current,
                    label: storage.label(ofRow: Int32(current)),
                    operation: operation.hasInputs ? operation.symbol : nil,
                    value: "\(data)",
                    fields: ["data " + String(format: "%.4f", data), "grad " + String(format: "%.4f", gradient)],
                    inputs: storage.inputRows(of: Int32(current)).map(Int.init)))
        }
        return GraphDescription(nodes: nodes)
    }
}

extension TapeStorage {
    /// The label of a row; for an imported leaf, the leaf's own label now (it may have been set
    /// after the import), else the one copied when it was imported.
    func label(ofRow row: Int32) -> String? {
        let node = columns.pointee.nodes[Int(row)]
        if node.operation == .imported {
            let imported = imports[Int(node.lhs)]
            if imported.storage.columns.pointee.readableGeneration == imported.generation,
               let label = imported.storage.labels[imported.row] {
                return label
            }
        }
        return labels[row]
    }

    /// The input rows of `row`, in argument order.
    func inputRows(of row: Int32) -> [Int32] {
        let columns = self.columns.pointee
        let operation = columns.nodes[Int(row)].operation
        guard operation.hasInputs else { return [] }
        let second = columns.nodes[Int(row)].rhs
        return second >= 0 ? [columns.nodes[Int(row)].lhs, second] : [columns.nodes[Int(row)].lhs]
    }
}
