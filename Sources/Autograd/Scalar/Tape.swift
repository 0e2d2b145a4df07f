/// A scalar tape you own: the fast way to record scalar computations.
///
/// Scalars recorded on a `Tape` are plain handles with no reference counting, so recording costs a
/// few nanoseconds per operation. They stay valid while the tape lives and until ``reset()``; a
/// handle used after that stops the program with a message saying so (it never reads freed memory).
///
/// ```swift
/// let tape = Tape()
/// let x = tape.variable(3.0, label: "x")
/// let y = x * x + 2 * x
/// y.backward()            // x.grad == 8
/// tape.reset()            // reuse the memory for the next step
/// ```
///
/// Parameters that outlive one step can be recorded with `Scalar(_:)` (or on a long-lived tape) and
/// brought onto a per-step tape with ``use(_:)``: their gradients flow back to them.
public final class Tape {
    @usableFromInline let storage: TapeStorage

    /// Creates an empty tape with room for `capacity` values before it grows.
    public init(capacity: Int = 1024) {
        storage = TapeStorage.owned(capacity: Swift.max(capacity, 4))
    }

    deinit {
        TapeStorage.release(storage)
    }

    /// The number of values recorded so far (leaves, constants and operation results).
    public var count: Int { storage.columns.pointee.count }

    /// Records a leaf: an input whose gradient ``Scalar/backward()`` fills.
    @inlinable
    public func variable(_ value: Double, label: String? = nil) -> Scalar {
        let columns = columnsPointer
        let row = columns.pointee.append(value, .leaf, -1, -1)
        let handle = Scalar(owner: nil, columns: columns, row: row, generation: columns.pointee.readableGeneration)
        if let label { handle.label = label }
        return handle
    }

    /// Records leaves for every value in order.
    public func variables(_ values: [Double]) -> [Scalar] {
        values.map { variable($0) }
    }

    /// Records a constant: a value that takes no gradient.
    @inlinable
    public func constant(_ value: Double) -> Scalar {
        let columns = columnsPointer
        let row = columns.pointee.append(value, .constant, -1, -1)
        return Scalar(owner: nil, columns: columns, row: row, generation: columns.pointee.readableGeneration)
    }

    /// Brings a leaf recorded elsewhere onto this tape once; operations on the result run at full
    /// speed, and its gradient is sent back to the original leaf by ``Scalar/backward()``.
    public func use(_ leaf: Scalar) -> Scalar {
        let (source, row) = leaf.location
        if source === storage { return leaf }
        return Scalar(storage: storage, row: storage.row(for: row, of: source))
    }

    /// Forgets everything recorded, keeping the memory. Every scalar recorded here becomes invalid.
    public func reset() {
        storage.startGeneration()
    }

    /// Sets the gradient of every value on the tape to 0.
    public func zeroGradients() {
        storage.columns.pointee.gradientCount = 0
    }

    @usableFromInline var columnsPointer: UnsafeMutablePointer<TapeColumns> { storage.columns }
}
