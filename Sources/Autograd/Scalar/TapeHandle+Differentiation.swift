/// Reverse mode, shared by ``Scalar`` and ``TapeScalar``: one sweep over the tape from the output
/// down, applying each primitive's local derivatives. No recursion anywhere, so graphs of any depth
/// work at the default stack size.
extension TapeHandle {
    /// Accumulates ∂self/∂v into the stored gradient of every row v before this one.
    func runBackward() {
        let (storage, row) = location
        storage.backward(from: row)
    }

    /// ∂self/∂input for each input (0 for inputs this value does not depend on), with no side effects.
    func numericGradients(withRespectTo inputs: [Self]) -> [Double] {
        let (storage, row) = location
        let adjoints = storage.adjoints(from: row)
        return inputs.map { input in
            let (source, sourceRow) = input.location
            return storage.localRow(of: sourceRow, in: source, atOrBelow: row).map { adjoints[Int($0)] } ?? 0
        }
    }

    /// ∂self/∂input for each input, recorded on the tape so that it can be differentiated again.
    func recordedGradients(withRespectTo inputs: [Self]) -> [Self] {
        var (storage, row) = location
        if !storage.isAppendable {
            // A lone leaf: record it on a fresh tape so the rule below applies unchanged.
            let fresh = TapeStorage.implicit()
            row = fresh.row(for: row, of: storage)
            storage = fresh
        }
        let gradientRows = storage.recordAdjoints(from: row, as: Self.self)
        return inputs.map { input in
            let (source, sourceRow) = input.location
            let local = storage.localRow(of: sourceRow, in: source, atOrBelow: row)
            let gradientRow = local.map { gradientRows[Int($0)] } ?? -1
            let resolved = gradientRow >= 0 ? gradientRow : storage.columns.pointee.append(0, .constant, -1, -1)
            return Self(storage: storage, row: resolved)
        }
    }
}

extension TapeStorage {
    /// The row on this tape, at or below `limit`, that stands for `row` of `source`, if any.
    func localRow(of row: Int32, in source: TapeStorage, atOrBelow limit: Int32) -> Int32? {
        let local: Int32?
        if source === self {
            local = row
        } else {
            let key = ImportKey(storage: ObjectIdentifier(source), row: row, generation: source.columns.pointee.readableGeneration)
            local = importedRows[key]
        }
        guard let local, local <= limit else { return nil }
        return local
    }

    /// Runs backward from `output` and adds the result into the stored gradients.
    func backward(from output: Int32) {
        let rows = Int(output) + 1
        let columns = self.columns
        if columns.pointee.gradientCount == 0 {
            // Nothing stored yet: sweep straight into the gradient column.
            columns.pointee.ensureGradients(through: rows)
            columns.pointee.gradients[Int(output)] = 1
            Self.sweep(columns, adjoints: columns.pointee.gradients, from: Int(output))
            sendImportedGradients(columns.pointee.gradients, rows: rows)
        } else {
            let adjoints = zeroedScratch(count: rows)
            adjoints[Int(output)] = 1
            Self.sweep(columns, adjoints: adjoints.baseAddress!, from: Int(output))
            columns.pointee.ensureGradients(through: rows)
            let gradients = columns.pointee.gradients
            for row in 0..<rows { gradients[row] += adjoints[row] }
            sendImportedGradients(adjoints.baseAddress!, rows: rows)
        }
    }

    /// ∂output/∂row for every row up to `output`, leaving the stored gradients alone.
    func adjoints(from output: Int32) -> UnsafeMutableBufferPointer<Double> {
        let adjoints = zeroedScratch(count: Int(output) + 1)
        adjoints[Int(output)] = 1
        Self.sweep(columns, adjoints: adjoints.baseAddress!, from: Int(output))
        return adjoints
    }

    /// Adds the gradients that reached imported rows into the leaves they stand for.
    private func sendImportedGradients(_ adjoints: UnsafeMutablePointer<Double>, rows: Int) {
        for imported in imports where Int(imported.localRow) < rows {
            let gradient = adjoints[Int(imported.localRow)]
            let source = imported.storage.columns
            guard gradient != 0, source.pointee.readableGeneration == imported.generation else { continue }
            source.pointee.ensureGradients(through: Int(imported.row) + 1)
            source.pointee.gradients[Int(imported.row)] += gradient
        }
    }

    /// Zero-filled scratch memory for `count` adjoints, reused between calls.
    private func zeroedScratch(count: Int) -> UnsafeMutableBufferPointer<Double> {
        if scratch.count < count {
            scratch.deallocate()
            scratch = .allocate(capacity: Swift.max(count, scratch.count * 2))
        }
        let used = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
        used.initialize(repeating: 0)
        return used
    }

    /// Records the backward sweep from `output` as operations on this tape and returns, for every row
    /// up to `output`, the row holding ∂output/∂row (or -1 where it is zero).
    func recordAdjoints<Handle: TapeHandle>(from output: Int32, as handleType: Handle.Type) -> [Int32] {
        var gradientRows = [Int32](repeating: -1, count: Int(output) + 1)
        gradientRows[Int(output)] = columns.pointee.append(1, .constant, -1, -1)
        func handle(_ row: Int32) -> Handle { Handle(storage: self, row: row) }
        func accumulate(_ row: Int32, _ contribution: Handle) {
            let existing = gradientRows[Int(row)]
            gradientRows[Int(row)] = existing < 0 ? contribution.row : Handle.record(.add, handle(existing), contribution).row
        }
        var row = output
        while row >= 0 {
            let seedRow = gradientRows[Int(row)]
            let operation = columns.pointee.nodes[Int(row)].operation
            if seedRow >= 0, operation.hasInputs {
                let first = columns.pointee.nodes[Int(row)].lhs
                let second = columns.pointee.nodes[Int(row)].rhs
                let seed = handle(seedRow)
                let x = handle(first)
                let (dx, dy) = operation.localDerivatives(x, second >= 0 ? handle(second) : x, handle(row))
                if let contribution = dx.times(seed) { accumulate(first, contribution) }
                if second >= 0, let contribution = dy.times(seed) { accumulate(second, contribution) }
            }
            row -= 1
        }
        return gradientRows
    }
}
