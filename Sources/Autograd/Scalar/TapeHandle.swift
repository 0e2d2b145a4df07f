/// What ``Scalar`` and ``TapeScalar`` share: a row of a tape, and the fast path that records an
/// operation when both operands are on one appendable tape. Each type supplies the general path.
@usableFromInline
protocol TapeHandle: ScalarMath {
    /// The tape's columns.
    var columns: UnsafeMutablePointer<TapeColumns> { get }
    /// This value's row.
    var row: Int32 { get }
    /// The tape generation this handle belongs to.
    var generation: UInt32 { get }
    /// A handle to another row of the same tape (same generation).
    func sibling(_ row: Int32) -> Self
    /// The storage and row where this value lives now (after validating the handle).
    var location: (storage: TapeStorage, row: Int32) { get }
    /// A handle to `row` of `storage`.
    init(storage: TapeStorage, row: Int32)
    /// Whether handles of this type point into tapes owned by a ``Tape`` (rather than implicit ones).
    static var pointsIntoOwnedTapes: Bool { get }
    /// Records `operation` when the fast path cannot.
    static func recordGeneral(_ operation: ScalarOperation, _ a: Self, _ b: Self?) -> Self
    /// Records `operation` with a constant operand when the fast path cannot.
    static func recordGeneral(_ operation: ScalarOperation, _ a: Self, constant: Double, constantFirst: Bool) -> Self
}

extension TapeHandle {
    /// Whether this handle can read its row directly.
    @inlinable var isDirect: Bool { columns.pointee.readableGeneration == generation }

    /// Records a binary primitive.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ a: Self, _ b: Self) -> Self {
        let columns = a.columns
        if columns == b.columns, columns.pointee.appendableGeneration == a.generation, b.generation == a.generation {
            let x = columns.pointee.values[Int(a.row)]
            let y = columns.pointee.values[Int(b.row)]
            return a.sibling(columns.pointee.append(operation.apply(x, y), operation, a.row, b.row))
        }
        return recordGeneral(operation, a, b)
    }

    /// Records a unary primitive.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ a: Self) -> Self {
        let columns = a.columns
        if columns.pointee.appendableGeneration == a.generation {
            let x = columns.pointee.values[Int(a.row)]
            return a.sibling(columns.pointee.append(operation.apply(x, x), operation, a.row, -1))
        }
        return recordGeneral(operation, a, nil)
    }

    /// Records a binary primitive whose second operand is a constant.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, _ a: Self, constant: Double) -> Self {
        let columns = a.columns
        if columns.pointee.appendableGeneration == a.generation {
            let x = columns.pointee.values[Int(a.row)]
            let c = columns.pointee.append(constant, .constant, -1, -1)
            return a.sibling(columns.pointee.append(operation.apply(x, constant), operation, a.row, c))
        }
        return recordGeneral(operation, a, constant: constant, constantFirst: false)
    }

    /// Records a binary primitive whose first operand is a constant.
    @inlinable @inline(__always)
    static func record(_ operation: ScalarOperation, constant: Double, _ b: Self) -> Self {
        let columns = b.columns
        if columns.pointee.appendableGeneration == b.generation {
            let y = columns.pointee.values[Int(b.row)]
            let c = columns.pointee.append(constant, .constant, -1, -1)
            return b.sibling(columns.pointee.append(operation.apply(constant, y), operation, c, b.row))
        }
        return recordGeneral(operation, b, constant: constant, constantFirst: true)
    }

    // MARK: - Reading and writing the row

    /// The value stored in the row.
    @inlinable var storedValue: Double {
        get {
            if isDirect { return columns.pointee.values[Int(row)] }
            let (storage, row) = location
            return storage.columns.pointee.values[Int(row)]
        }
        nonmutating set {
            let (storage, row) = isDirect ? (nil, row) : location
            let target = storage?.columns ?? columns
            target.pointee.values[Int(row)] = newValue
        }
    }

    /// The gradient stored in the row (0 when none was stored).
    @inlinable var storedGradient: Double {
        get {
            let (target, row) = isDirect ? (columns, row) : { let (s, r) = location; return (s.columns, r) }()
            return Int(row) < target.pointee.gradientCount ? target.pointee.gradients[Int(row)] : 0
        }
        nonmutating set {
            let (target, row) = isDirect ? (columns, row) : { let (s, r) = location; return (s.columns, r) }()
            target.pointee.ensureGradients(through: Int(row) + 1)
            target.pointee.gradients[Int(row)] = newValue
        }
    }
}
