/// How one row was made: 12 bytes, so that recording writes two streams (values and nodes) and the
/// backward sweep reads one node per row.
@usableFromInline
struct TapeNode {
    /// The first input (for an imported row, the slot in `TapeStorage.imports`).
    @usableFromInline var lhs: Int32
    /// The second input, or -1.
    @usableFromInline var rhs: Int32
    /// The primitive.
    @usableFromInline var operation: ScalarOperation

    @inlinable @inline(__always)
    init(lhs: Int32, rhs: Int32, operation: ScalarOperation) {
        self.lhs = lhs
        self.rhs = rhs
        self.operation = operation
    }
}

/// The raw columns of a scalar tape: one row per recorded value, in recording order.
///
/// Rows are appended and never moved, so the order is already topological and backward is a single
/// reverse sweep. The columns live in manually managed buffers behind one pointer so that the hot
/// paths (appending a row, reading a value, the backward sweep) run with no reference counting and no
/// exclusivity checks; `TapeStorage` owns them.
@usableFromInline
struct TapeColumns {
    /// The forward value of each row.
    @usableFromInline var values: UnsafeMutablePointer<Double>
    /// The accumulated gradient of each row (valid for `0..<gradientCount`).
    @usableFromInline var gradients: UnsafeMutablePointer<Double>
    /// How each row was made: its operation and inputs.
    @usableFromInline var nodes: UnsafeMutablePointer<TapeNode>
    /// The number of rows.
    @usableFromInline var count: Int
    /// The number of rows the buffers hold.
    @usableFromInline var capacity: Int
    /// How many leading rows have a stored gradient; rows past it read as zero.
    @usableFromInline var gradientCount: Int
    /// Gradient slots at or past `max(gradientCount, staleGradientCount)` (and below `count`) hold 0:
    /// `append` writes a 0 into each new row's slot, so only slots that once held a gradient in this
    /// generation (below this mark) need zeroing when gradients are stored again.
    @usableFromInline var staleGradientCount: Int

    /// The generation that handles must carry to read or write this tape's rows; 0 when they must not
    /// (the tape was released, or its rows moved to another tape).
    @usableFromInline var readableGeneration: UInt32
    /// The generation that handles must carry to append rows; 0 when appending is not allowed
    /// (a single-leaf tape, a released tape, or one whose rows moved).
    @usableFromInline var appendableGeneration: UInt32
    /// The `TapeStorage` that owns these columns, unretained (it outlives them).
    @usableFromInline var owner: UnsafeMutableRawPointer?

    /// Creates empty columns with room for `capacity` rows.
    init(capacity: Int) {
        let capacity = Swift.max(capacity, 4)
        values = .allocate(capacity: capacity)
        gradients = .allocate(capacity: capacity)
        nodes = .allocate(capacity: capacity)
        count = 0
        self.capacity = capacity
        gradientCount = 0
        staleGradientCount = 0
        readableGeneration = 0
        appendableGeneration = 0
        owner = nil
    }

    /// Frees the buffers.
    func deallocate() {
        values.deallocate()
        gradients.deallocate()
        nodes.deallocate()
    }

    /// Appends a row and returns its index.
    @inlinable @inline(__always)
    mutating func append(_ value: Double, _ operation: ScalarOperation, _ first: Int32, _ second: Int32) -> Int32 {
        if count == capacity { grow(toAtLeast: count + 1) }
        let row = count
        values[row] = value
        // Zeroing the slot here, while the row is being written anyway, spares backward a separate
        // pass over the whole gradient column (a 0.5 MB memset per step in S1).
        gradients[row] = 0
        nodes[row] = TapeNode(lhs: first, rhs: second, operation: operation)
        count = row &+ 1
        return Int32(truncatingIfNeeded: row)
    }

    /// Appends one leaf row per value, in order, and returns the first row: one copy of the values,
    /// one fill of the gradient slots and one of the nodes, instead of a row at a time.
    mutating func appendLeaves(_ leafValues: UnsafeBufferPointer<Double>) -> Int32 {
        let first = count, added = leafValues.count
        if capacity - first < added { grow(toAtLeast: first + added) }
        if let source = leafValues.baseAddress { (values + first).initialize(from: source, count: added) }
        (gradients + first).initialize(repeating: 0, count: added)
        (nodes + first).initialize(repeating: TapeNode(lhs: -1, rhs: -1, operation: .leaf), count: added)
        count = first + added
        return Int32(truncatingIfNeeded: first)
    }

    /// Grows every buffer to hold at least `minimum` rows (doubling, so appends stay amortised O(1));
    /// nothing when they already do. (Reallocating anyway made a sum of n terms, each recorded on
    /// a tape of its own and moved onto the sum's, copy the whole sum n times: O(n²).)
    @usableFromInline @inline(never)
    mutating func grow(toAtLeast minimum: Int) {
        guard minimum > capacity else { return }
        require(minimum <= Int(Int32.max), "a scalar tape holds at most \(Int32.max) values")
        var newCapacity = Swift.max(capacity, 4)
        while newCapacity < minimum { newCapacity = Swift.min(newCapacity * 2, Int(Int32.max)) }
        Self.reallocate(&values, count: count, to: newCapacity)
        Self.reallocate(&gradients, count: count, to: newCapacity)
        Self.reallocate(&nodes, count: count, to: newCapacity)
        capacity = newCapacity
    }

    private static func reallocate<T>(_ buffer: inout UnsafeMutablePointer<T>, count: Int, to capacity: Int) {
        let fresh = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        fresh.moveInitialize(from: buffer, count: count)
        buffer.deallocate()
        buffer = fresh
    }

    /// Makes rows `0..<rows` (at most `count`) have stored gradients, zero-filling the slots that
    /// had none and may hold a stale gradient.
    @inlinable
    mutating func ensureGradients(through rows: Int) {
        if gradientCount < rows {
            let staleEnd = Swift.min(rows, staleGradientCount)
            if gradientCount < staleEnd { (gradients + gradientCount).update(repeating: 0, count: staleEnd - gradientCount) }
            gradientCount = rows
            staleGradientCount = Swift.max(staleGradientCount, rows)
        }
    }
}
