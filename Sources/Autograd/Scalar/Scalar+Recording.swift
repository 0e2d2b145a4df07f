/// Recording an operation: a fast path for operands on one appendable tape, and a general path that
/// imports leaves from other tapes, moves implicit tapes together, or starts a new implicit tape.
extension Scalar {
    /// Records a binary primitive.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ a: Scalar, _ b: Scalar) -> Scalar {
        let columns = a.columns
        if columns == b.columns, columns.pointee.appendableGeneration == a.generation, b.generation == a.generation {
            let x = columns.pointee.values[Int(a.row)]
            let y = columns.pointee.values[Int(b.row)]
            let row = columns.pointee.append(operation.apply(x, y), operation, a.row, b.row)
            return Scalar(owner: a.owner, columns: columns, row: row, generation: a.generation)
        }
        return recordGeneral(operation, a, b)
    }

    /// Records a unary primitive.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ a: Scalar) -> Scalar {
        let columns = a.columns
        if columns.pointee.appendableGeneration == a.generation {
            let x = columns.pointee.values[Int(a.row)]
            let row = columns.pointee.append(operation.apply(x, x), operation, a.row, -1)
            return Scalar(owner: a.owner, columns: columns, row: row, generation: a.generation)
        }
        return recordGeneral(operation, a, nil)
    }

    /// Records a binary primitive whose second operand is a constant.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ a: Scalar, constant: Double) -> Scalar {
        let columns = a.columns
        if columns.pointee.appendableGeneration == a.generation {
            let x = columns.pointee.values[Int(a.row)]
            let c = columns.pointee.append(constant, .constant, -1, -1)
            let row = columns.pointee.append(operation.apply(x, constant), operation, a.row, c)
            return Scalar(owner: a.owner, columns: columns, row: row, generation: a.generation)
        }
        return recordGeneral(operation, a, constant: constant, constantFirst: false)
    }

    /// Records a binary primitive whose first operand is a constant.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, constant: Double, _ b: Scalar) -> Scalar {
        let columns = b.columns
        if columns.pointee.appendableGeneration == b.generation {
            let y = columns.pointee.values[Int(b.row)]
            let c = columns.pointee.append(constant, .constant, -1, -1)
            let row = columns.pointee.append(operation.apply(constant, y), operation, c, b.row)
            return Scalar(owner: b.owner, columns: columns, row: row, generation: b.generation)
        }
        return recordGeneral(operation, b, constant: constant, constantFirst: true)
    }

    // MARK: - The general path

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
    /// Same appendable tape: that one. A leaf from elsewhere is imported by reference (so parameters
    /// never grow a tape). Two implicit tapes of intermediate values: the smaller moves into the larger.
    /// Only leaves, or nothing appendable: a new implicit tape.
    static func targetStorage(
        _ first: TapeStorage, _ firstRow: Int32, _ second: (storage: TapeStorage, row: Int32)?
    ) -> TapeStorage {
        let firstIsLeaf = first.columns.pointee.operations[Int(firstRow)] == .leaf
        guard let (other, otherRow) = second, other !== first else {
            return first.isAppendable ? first : TapeStorage.implicit()
        }
        let otherIsLeaf = other.columns.pointee.operations[Int(otherRow)] == .leaf
        switch (first.isAppendable, other.isAppendable) {
        case (false, false):
            return TapeStorage.implicit()
        case (true, false):
            return first
        case (false, true):
            return other
        case (true, true):
            if otherIsLeaf { return first }
            if firstIsLeaf { return other }
            precondition(
                !first.isOwned && !other.isOwned,
                "Cannot combine intermediate values recorded on two different tapes; "
                    + "record both on one Tape, or bring leaves over with Tape.use(_:)")
            let (larger, smaller) = first.columns.pointee.count >= other.columns.pointee.count ? (first, other) : (other, first)
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
        precondition(
            source.columns.pointee.operations[Int(row)] == .leaf,
            "only leaves can be brought from another tape")
        return importLeaf(row: row, of: source)
    }
}
