/// Leaves recorded together by ``Tape/variables(_:)``: consecutive rows of one tape, indexed from 0.
///
/// The collection holds no handles of its own: each ``TapeScalar`` is made when it is read, from the
/// first row and the position. So recording n leaves costs one copy of their values into the tape
/// instead of n separate appends and n stored handles, which is what bringing a data set or a batch
/// onto a tape mostly is.
///
/// ```swift
/// let tape = Tape()
/// let x = tape.variables([1, 2, 3])
/// let loss = x[0] * x[1] + x[2]
/// loss.backward()
/// print(x.map(\.grad))   // [2.0, 1.0, 1.0]
/// ```
public struct TapeVariables: RandomAccessCollection {
    /// The tape's columns.
    @usableFromInline let columns: UnsafeMutablePointer<TapeColumns>
    /// The row of the first leaf.
    @usableFromInline let firstRow: Int32
    /// The tape generation the leaves belong to.
    @usableFromInline let generation: UInt32
    /// The number of leaves.
    public let count: Int

    @usableFromInline
    init(columns: UnsafeMutablePointer<TapeColumns>, firstRow: Int32, count: Int, generation: UInt32) {
        self.columns = columns
        self.firstRow = firstRow
        self.count = count
        self.generation = generation
    }

    /// The position of the first leaf (always 0).
    @inlinable public var startIndex: Int { 0 }
    /// One past the position of the last leaf.
    @inlinable public var endIndex: Int { count }

    /// The leaf at `position`.
    @inlinable
    public subscript(position: Int) -> TapeScalar {
        require(
            UInt(bitPattern: position) < UInt(bitPattern: count),
            "TapeVariables: position \(position) is outside 0..<\(count)")
        return TapeScalar(columns: columns, row: firstRow &+ Int32(truncatingIfNeeded: position), generation: generation)
    }
}
