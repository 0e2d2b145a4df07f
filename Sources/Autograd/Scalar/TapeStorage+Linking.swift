/// How scalars recorded on different tapes come together: leaves are imported by reference, and the
/// rows of one implicit tape can move into another.
extension TapeStorage {
    /// The storage behind a columns pointer (storages outlive their columns' handles).
    @inlinable
    static func owning(_ columns: UnsafeMutablePointer<TapeColumns>) -> TapeStorage {
        Unmanaged<TapeStorage>.fromOpaque(columns.pointee.owner!).takeUnretainedValue()
    }

    /// Whether rows can be appended here.
    var isAppendable: Bool { columns.pointee.appendableGeneration != 0 }

    /// The row on this tape standing for `leaf` (a leaf row of another storage), importing it once.
    func importLeaf(row: Int32, of source: TapeStorage) -> Int32 {
        let generation = source.columns.pointee.readableGeneration
        let key = ImportKey(storage: ObjectIdentifier(source), row: row, generation: generation)
        // One hash lookup both finds an earlier import and claims the slot for a new one (the row
        // `append` is about to return): a training step imports every parameter once, so this runs
        // for each of them in every step.
        let candidate = Int32(truncatingIfNeeded: columns.pointee.count)
        var isNew = false
        func claim(_ local: inout Int32) -> Int32 {
            if local < 0 {
                local = candidate
                isNew = true
            }
            return local
        }
        let local = claim(&importedRows[key, default: -1])
        guard isNew else { return local }
        let slot = Int32(imports.count)
        let value = source.columns.pointee.values[Int(row)]
        let imported = columns.pointee.append(value, .imported, slot, -1)
        imports.append(Import(storage: source, row: row, generation: generation, localRow: imported))
        if !source.labels.isEmpty, let label = source.labels[row] { labels[imported] = label }
        return imported
    }

    /// Moves every row of `other` (an implicit tape) to the end of this one and leaves a forwarding
    /// record behind, so handles into `other` keep working. Returns the row offset.
    func absorb(_ other: TapeStorage) -> Int32 {
        precondition(!isOwned && !other.isOwned && other !== self)
        let offset = Int32(columns.pointee.count)
        let importOffset = Int32(imports.count)
        let movedCount = other.columns.pointee.count
        columns.pointee.grow(toAtLeast: Int(offset) + movedCount)
        let source = other.columns.pointee
        // A leaf both tapes imported keeps one row: uses of the other tape's copy are redirected, so
        // every path to the leaf meets in one adjoint.
        var redirected: [Int32: Int32] = [:]
        for (key, row) in other.importedRows {
            if let existing = importedRows[key] { redirected[row] = existing }
        }
        func moved(_ input: Int32) -> Int32 { redirected[input] ?? input + offset }
        for row in 0..<movedCount {
            let operation = source.nodes[row].operation
            var first = source.nodes[row].lhs
            var second = source.nodes[row].rhs
            if operation == .imported {
                first += importOffset
            } else if operation.hasInputs {
                first = moved(first)
                if second >= 0 { second = moved(second) }
            }
            _ = columns.pointee.append(source.values[row], operation, first, second)
        }
        if source.gradientCount > 0 {
            columns.pointee.ensureGradients(through: Int(offset))
            (columns.pointee.gradients + Int(offset)).initialize(from: source.gradients, count: source.gradientCount)
            columns.pointee.gradientCount = Int(offset) + source.gradientCount
            columns.pointee.staleGradientCount = Swift.max(columns.pointee.staleGradientCount, columns.pointee.gradientCount)
        }
        imports.append(contentsOf: other.imports.map { moved in
            var moved = moved
            moved.localRow += offset
            return moved
        })
        for (key, row) in other.importedRows where importedRows[key] == nil { importedRows[key] = row + offset }
        for (row, label) in other.labels { labels[row + offset] = label }

        other.columns.pointee.deallocate()
        other.columns.pointee = TapeColumns(capacity: 1)
        other.columns.pointee.owner = Unmanaged.passUnretained(other).toOpaque()
        other.imports = []
        other.importedRows = [:]
        other.labels = [:]
        other.forward = (self, offset)
        return offset
    }
}
