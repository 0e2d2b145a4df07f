/// A scalar recorded on a ``Tape`` you own: a plain handle with no reference counting.
///
/// `TapeScalar` has the whole API of ``Scalar`` (arithmetic, functions, ``backward()``, gradients,
/// graphs); recording one operation costs a few nanoseconds because the handle is plain data (a pointer, a row and a generation: 16 bytes).
/// It is valid while its tape lives and until the tape is reset; using it afterwards stops the
/// program with a message saying so, never reading freed memory. Values from two different tapes do
/// not mix: bring leaves over with ``Tape/use(_:)-(Scalar)``.
public struct TapeScalar {
    /// The tape's columns (never freed: owned tapes' storages are pooled).
    @usableFromInline let columns: UnsafeMutablePointer<TapeColumns>
    /// This value's row.
    @usableFromInline let row: Int32
    /// The tape generation this handle belongs to.
    @usableFromInline let generation: UInt32

    @inlinable
    init(columns: UnsafeMutablePointer<TapeColumns>, row: Int32, generation: UInt32) {
        self.columns = columns
        self.row = row
        self.generation = generation
    }
}

extension TapeScalar: TapeHandle {
    @usableFromInline init(storage: TapeStorage, row: Int32) {
        self.init(columns: storage.columns, row: row, generation: storage.columns.pointee.readableGeneration)
    }

    @usableFromInline static var pointsIntoOwnedTapes: Bool { true }

    @inlinable @inline(__always)
    func sibling(_ row: Int32) -> TapeScalar {
        TapeScalar(columns: columns, row: row, generation: generation)
    }

    @usableFromInline
    var location: (storage: TapeStorage, row: Int32) {
        require(isDirect, "This TapeScalar belongs to a Tape that was reset or released; record it again")
        return (TapeStorage.owning(columns), row)
    }

    @usableFromInline @inline(never)
    static func recordGeneral(_ operation: ScalarOperation, _ a: TapeScalar, _ b: TapeScalar?) -> TapeScalar {
        _ = a.location
        _ = b?.location
        fatalError(
            "Cannot combine values recorded on two different tapes in '\(operation.symbol)'; "
                + "bring leaves over with Tape.use(_:)")
    }

    @usableFromInline @inline(never)
    static func recordGeneral(_ operation: ScalarOperation, _ a: TapeScalar, constant: Double, constantFirst: Bool) -> TapeScalar {
        _ = a.location
        fatalError("unreachable: a valid TapeScalar's tape accepts new rows")
    }
}
