import Synchronization

/// The owner of one tape's columns, with the rarely used parts beside them: labels, imported leaves
/// and the forwarding record left behind when the tape's rows move into another tape.
///
/// Two lifetimes exist. An *implicit* storage (made by `Scalar(1.0)` and by operations on such
/// scalars) is kept alive by the handles that point into it, like micrograd's values. An *owned*
/// storage belongs to a ``Tape``; its handles hold no reference (that is what makes recording cost a
/// few nanoseconds), so the storage object and its column header are never freed: a released tape's
/// storage goes back to a pool with a new generation, and a stale handle traps with a clear message
/// instead of reading freed memory.
@usableFromInline
final class TapeStorage {
    /// The columns, behind a pointer that stays valid for the storage's whole life.
    @usableFromInline let columns: UnsafeMutablePointer<TapeColumns>
    /// Whether a ``Tape`` owns this storage (handles then hold no reference to it).
    @usableFromInline let isOwned: Bool

    /// A leaf recorded on another tape and used here: the row that stands for it reads its value at
    /// import time and sends its gradient back.
    struct Import {
        /// The other tape (kept alive by this reference).
        let storage: TapeStorage
        /// The leaf's row there.
        let row: Int32
        /// The generation of the other tape when the leaf was imported.
        let generation: UInt32
        /// The row on this tape that stands for the leaf.
        var localRow: Int32
    }

    // The bookkeeping below is read and written on every `Tape.use` (once per parameter per training
    // step). Its accesses never overlap (no method hands one of them out inout while calling back
    // into the storage), so the runtime exclusivity checks, four per import and about a third of an
    // import's cost, are switched off for them.

    /// Leaves imported from other tapes; an imported row's `lhs` is its slot here.
    @exclusivity(unchecked) var imports: [Import] = []
    /// Identifies one leaf of one tape's generation.
    struct ImportKey: Hashable {
        let storage: ObjectIdentifier
        let row: Int32
        let generation: UInt32
    }

    /// User labels, by row (sparse: most rows have none).
    @exclusivity(unchecked) var labels: [Int32: String] = [:]
    /// The row that already stands for each imported leaf, so a leaf used many times is imported once.
    @exclusivity(unchecked) var importedRows: [ImportKey: Int32] = [:]
    /// Set when this tape's rows were moved into `target`, at rows shifted by `offset`.
    @exclusivity(unchecked) var forward: (target: TapeStorage, offset: Int32)?

    /// Reusable zeroed memory for the backward sweep when stored gradients must not be overwritten.
    var scratch: UnsafeMutableBufferPointer<Double> = .init(start: nil, count: 0)

    private init(capacity: Int, isOwned: Bool) {
        columns = .allocate(capacity: 1)
        columns.initialize(to: TapeColumns(capacity: capacity))
        self.isOwned = isOwned
        columns.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
    }

    /// A new implicit storage, ready to append to.
    static func implicit(capacity: Int = 16) -> TapeStorage {
        let storage = TapeStorage(capacity: capacity, isOwned: false)
        storage.columns.pointee.readableGeneration = nextGeneration()
        storage.columns.pointee.appendableGeneration = storage.columns.pointee.readableGeneration
        return storage
    }

    /// A new implicit storage holding one leaf, which is imported (never appended to) when used.
    static func singleLeaf(_ value: Double) -> TapeStorage {
        let storage = TapeStorage(capacity: 1, isOwned: false)
        storage.columns.pointee.readableGeneration = nextGeneration()
        _ = storage.columns.pointee.append(value, .leaf, -1, -1)
        return storage
    }

    /// A storage for a ``Tape``: from the pool when one is free.
    static func owned(capacity: Int) -> TapeStorage {
        let storage = pool.withLock { $0.popLast() } ?? TapeStorage(capacity: capacity, isOwned: true)
        if storage.columns.pointee.capacity < capacity { storage.columns.pointee.grow(toAtLeast: capacity) }
        storage.startGeneration()
        return storage
    }

    /// Gives a ``Tape``'s storage back: every handle into it becomes stale and the storage is pooled.
    static func release(_ storage: TapeStorage) {
        precondition(storage.isOwned)
        storage.clear()
        storage.columns.pointee.readableGeneration = 0
        storage.columns.pointee.appendableGeneration = 0
        if storage.columns.pointee.capacity > 1 << 20 {
            // Keep pooled memory modest: a large tape's buffers are freed, its header is kept.
            storage.columns.pointee.deallocate()
            storage.columns.pointee = TapeColumns(capacity: 4)
            storage.columns.pointee.owner = Unmanaged.passUnretained(storage).toOpaque()
        }
        pool.withLock { $0.append(storage) }
    }

    /// Empties the rows and starts a new generation, invalidating every existing handle.
    func startGeneration() {
        clear()
        let generation = Self.nextGeneration()
        columns.pointee.readableGeneration = generation
        columns.pointee.appendableGeneration = generation
    }

    private func clear() {
        columns.pointee.count = 0
        columns.pointee.gradientCount = 0
        // Rows appended from now on get a zeroed gradient slot, so no slot is stale.
        columns.pointee.staleGradientCount = 0
        imports.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        importedRows.removeAll(keepingCapacity: true)
    }

    deinit {
        // Only implicit storages are ever freed; owned ones live in the pool.
        columns.pointee.deallocate()
        scratch.deallocate()
        columns.deinitialize(count: 1)
        columns.deallocate()
    }

    // MARK: - Generations and the pool

    /// Generations are unique across all tapes, so (columns, generation) names one tape's contents.
    private static let generationCounter = Atomic<UInt32>(0)

    private static func nextGeneration() -> UInt32 {
        while true {
            let (next, _) = generationCounter.wrappingAdd(1, ordering: .relaxed)
            if next != 0 { return next }  // 0 means "no access"
        }
    }

    /// Storages of released ``Tape``s, ready for reuse.
    private static let pool = Mutex<[TapeStorage]>([])
}

// Owned storages move between threads only through the pool's lock.
extension TapeStorage: @unchecked Sendable {}
