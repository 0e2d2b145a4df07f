/// A scalar tape you own: the fast way to record scalar computations.
///
/// Values recorded on a `Tape` are ``TapeScalar``s, plain handles with no reference counting, so
/// recording costs a few nanoseconds per operation. They stay valid while the tape lives and until
/// ``reset()``; a handle used after that stops the program with a message saying so (it never reads
/// freed memory).
///
/// ```swift
/// let tape = Tape()
/// let x = tape.variable(3.0, label: "x")
/// let y = x * x + 2 * x
/// y.backward()            // x.grad == 8
/// tape.reset()            // reuse the memory for the next step
/// ```
///
/// Parameters that outlive one step can be ``Scalar``s (or leaves of a long-lived tape) brought onto
/// a per-step tape with ``use(_:)-(Scalar)``: their gradients flow back to them.
public final class Tape {
    @usableFromInline let storage: TapeStorage
    /// `storage.columns`, kept here so that recording a leaf reads one pointer instead of two.
    @usableFromInline let columns: UnsafeMutablePointer<TapeColumns>

    /// Creates an empty tape with room for `capacity` values before it grows.
    public init(capacity: Int = 1024) {
        storage = TapeStorage.owned(capacity: Swift.max(capacity, 4))
        columns = storage.columns
    }

    deinit {
        TapeStorage.release(storage)
    }

    /// The number of values recorded so far (leaves, constants and operation results).
    public var count: Int { storage.columns.pointee.count }

    /// Records a leaf: an input whose gradient ``TapeScalar/backward()`` fills.
    @inlinable
    public func variable(_ value: Double) -> TapeScalar {
        let row = columns.pointee.append(value, .leaf, -1, -1)
        return TapeScalar(columns: columns, row: row, generation: columns.pointee.readableGeneration)
    }

    /// Records a labelled leaf.
    public func variable(_ value: Double, label: String) -> TapeScalar {
        let leaf = variable(value)
        leaf.label = label
        return leaf
    }

    /// Records a leaf for every value, in order, as consecutive rows (one copy of the values rather
    /// than an append per leaf).
    public func variables(_ values: [Double]) -> TapeVariables {
        let first = values.withUnsafeBufferPointer { columns.pointee.appendLeaves($0) }
        return TapeVariables(
            columns: columns, firstRow: first, count: values.count, generation: columns.pointee.readableGeneration)
    }

    /// Records a constant: a value that takes no gradient.
    @inlinable
    public func constant(_ value: Double) -> TapeScalar {
        let row = columns.pointee.append(value, .constant, -1, -1)
        return TapeScalar(columns: columns, row: row, generation: columns.pointee.readableGeneration)
    }

    /// Brings a ``Scalar`` leaf (a parameter, say) onto this tape once; operations on the result run
    /// at full speed, and backward sends its gradient back to the original leaf.
    public func use(_ leaf: Scalar) -> TapeScalar {
        let (source, row) = leaf.location
        return TapeScalar(storage: storage, row: storage.row(for: row, of: source))
    }

    /// Brings a leaf recorded on another tape onto this one (see ``use(_:)-(Scalar)``).
    public func use(_ leaf: TapeScalar) -> TapeScalar {
        let (source, row) = leaf.location
        return TapeScalar(storage: storage, row: storage.row(for: row, of: source))
    }

    /// Forgets everything recorded, keeping the memory. Every scalar recorded here becomes invalid.
    public func reset() {
        storage.startGeneration()
    }

    /// Sets the gradient of every value on the tape to 0.
    public func zeroGradients() {
        storage.columns.pointee.gradientCount = 0
    }

}
