/// A real number recorded for reverse-mode differentiation, as the tutorials use it.
///
/// A `Scalar` keeps the record of its computation alive by itself, like micrograd's `Value`: make
/// leaves with ``init(_:label:)``, compute, call ``backward()``, read ``grad``.
///
/// ```swift
/// let a = Scalar(1.0, label: "a"), b = Scalar(2.0, label: "b")
/// let f = b * ((a + b) * (a - b))
/// f.backward()
/// print(a.grad, b.grad)        // 4.0 -11.0
/// ```
///
/// Under the hood every value is a row of a tape, an append-only record that is already in
/// topological order, so backward is one reverse sweep with no recursion. Scalars combine freely:
/// leaves are shared by reference (a parameter used in many steps never grows a tape), and the
/// records of two computations merge when their results meet. Each operation costs one reference
/// count; for the fastest recording, use a ``Tape`` and its ``TapeScalar`` handles.
///
/// `data` and `grad` live in the record, so copies of a `Scalar` see the same values, as copies of a
/// micrograd `Value` reference do.
public struct Scalar {
    /// Keeps the tape alive.
    @usableFromInline let owner: TapeStorage
    /// The tape's columns.
    @usableFromInline let columns: UnsafeMutablePointer<TapeColumns>
    /// This value's row.
    @usableFromInline let row: Int32
    /// The tape generation this handle belongs to.
    @usableFromInline let generation: UInt32

    @inlinable
    init(owner: TapeStorage, columns: UnsafeMutablePointer<TapeColumns>, row: Int32, generation: UInt32) {
        self.owner = owner
        self.columns = columns
        self.row = row
        self.generation = generation
    }

    /// Creates a leaf: an input whose gradient ``backward()`` will fill.
    public init(_ data: Double, label: String? = nil) {
        let storage = TapeStorage.singleLeaf(data)
        if let label { storage.labels[0] = label }
        self.init(storage: storage, row: 0)
    }
}

// MARK: - The tape handle

extension Scalar: TapeHandle {
    @usableFromInline init(storage: TapeStorage, row: Int32) {
        self.init(owner: storage, columns: storage.columns, row: row, generation: storage.columns.pointee.readableGeneration)
    }

    @usableFromInline static var pointsIntoOwnedTapes: Bool { false }

    @inlinable @inline(__always)
    func sibling(_ row: Int32) -> Scalar {
        Scalar(owner: owner, columns: columns, row: row, generation: generation)
    }

    /// This handle with forwarding followed: the storage and row where its value lives now.
    @usableFromInline
    var location: (storage: TapeStorage, row: Int32) {
        var storage = owner
        var row = self.row
        while let (target, offset) = storage.forward {
            row += offset
            // Shorten chains so that later lookups take one step.
            if let next = target.forward { storage.forward = (next.target, offset + next.offset) }
            storage = target
        }
        return (storage, row)
    }

    /// Records `operation` on whichever tape can take it, bringing the operands there first.
    @usableFromInline @inline(never)
    static func recordGeneral(_ operation: ScalarOperation, _ a: Scalar, _ b: Scalar?) -> Scalar {
        let (first, firstRow) = a.location
        let second = b?.location
        let target = targetStorage(first, firstRow, second)
        let x = target.row(for: firstRow, of: first)
        let y = second.map { target.row(for: $0.row, of: $0.storage) } ?? -1
        let values = target.columns.pointee.values
        let value = operation.apply(values[Int(x)], values[Int(y >= 0 ? y : x)])
        return Scalar(storage: target, row: target.columns.pointee.append(value, operation, x, y))
    }

    /// The general path for an operation with a constant operand.
    @usableFromInline @inline(never)
    static func recordGeneral(_ operation: ScalarOperation, _ a: Scalar, constant: Double, constantFirst: Bool) -> Scalar {
        let (source, sourceRow) = a.location
        let target = targetStorage(source, sourceRow, nil)
        let x = target.row(for: sourceRow, of: source)
        let c = target.columns.pointee.append(constant, .constant, -1, -1)
        let (lhs, rhs) = constantFirst ? (c, x) : (x, c)
        let values = target.columns.pointee.values
        let value = operation.apply(values[Int(lhs)], values[Int(rhs)])
        return Scalar(storage: target, row: target.columns.pointee.append(value, operation, lhs, rhs))
    }

    /// Chooses the tape that records an operation on these operands.
    ///
    /// Same appendable tape: that one. A leaf from elsewhere is imported by reference, so parameters
    /// never grow a tape. Two tapes of intermediate values: the smaller moves into the larger. Only
    /// leaves: a new tape.
    static func targetStorage(
        _ first: TapeStorage, _ firstRow: Int32, _ second: (storage: TapeStorage, row: Int32)?
    ) -> TapeStorage {
        guard let (other, otherRow) = second, other !== first else {
            return first.isAppendable ? first : TapeStorage.implicit()
        }
        switch (first.isAppendable, other.isAppendable) {
        case (false, false):
            return TapeStorage.implicit()
        case (true, false):
            return first
        case (false, true):
            return other
        case (true, true):
            if other.columns.pointee.nodes[Int(otherRow)].operation == .leaf { return first }
            if first.columns.pointee.nodes[Int(firstRow)].operation == .leaf { return other }
            let (larger, smaller) =
                first.columns.pointee.count >= other.columns.pointee.count ? (first, other) : (other, first)
            _ = larger.absorb(smaller)
            return larger
        }
    }
}

extension TapeStorage {
    /// The row on this tape for `row` of `source`: the same row, the row it moved to, or an import.
    func row(for row: Int32, of source: TapeStorage) -> Int32 {
        if source === self { return row }
        if let (target, offset) = source.forward, target === self { return row + offset }
        require(
            source.columns.pointee.nodes[Int(row)].operation == .leaf,
            "only leaves can be brought from another tape (by Tape.use(_:) or by combining values of two tapes); "
                + "this value was computed there: record its computation on this tape instead")
        return importLeaf(row: row, of: source)
    }
}
