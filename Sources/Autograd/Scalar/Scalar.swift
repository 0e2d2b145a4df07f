/// A real number recorded for reverse-mode differentiation: the scalar engine's value type.
///
/// A `Scalar` is a small handle to one row of a tape, the append-only record of a computation.
/// Arithmetic on scalars records new rows; ``backward()`` then fills ``grad`` for every value the
/// output depends on, in one reverse sweep with no recursion.
///
/// ```swift
/// let a = Scalar(1.0, label: "a"), b = Scalar(2.0, label: "b")
/// let f = b * ((a + b) * (a - b))
/// f.backward()
/// print(a.grad, b.grad)        // 4.0 -11.0
/// ```
///
/// Scalars made with ``init(_:label:)`` keep their tape alive by themselves, as micrograd's values
/// do; that costs a reference count per operation. For speed, record on a ``Tape`` instead: its
/// scalars carry no reference at all and remain valid while the tape lives and until it is reset.
/// `data` and `grad` are stored on the tape, so copies of a handle see the same value, like
/// micrograd's `Value` objects.
public struct Scalar {
    /// Keeps an implicit tape alive; `nil` for scalars on a ``Tape``.
    @usableFromInline let owner: TapeStorage?
    /// The tape's columns.
    @usableFromInline let columns: UnsafeMutablePointer<TapeColumns>
    /// This value's row.
    @usableFromInline let row: Int32
    /// The tape generation this handle belongs to.
    @usableFromInline let generation: UInt32

    @inlinable
    init(owner: TapeStorage?, columns: UnsafeMutablePointer<TapeColumns>, row: Int32, generation: UInt32) {
        self.owner = owner
        self.columns = columns
        self.row = row
        self.generation = generation
    }

    /// Makes a handle to `row` of `storage`.
    init(storage: TapeStorage, row: Int32) {
        self.init(
            owner: storage.isOwned ? nil : storage, columns: storage.columns, row: row,
            generation: storage.columns.pointee.readableGeneration)
    }

    /// Creates a leaf: an input whose gradient ``backward()`` will fill.
    public init(_ data: Double, label: String? = nil) {
        let storage = TapeStorage.singleLeaf(data)
        if let label { storage.labels[0] = label }
        self.init(storage: storage, row: 0)
    }

    // MARK: - Resolution

    /// Whether this handle can read its row directly.
    @inlinable var isDirect: Bool { columns.pointee.readableGeneration == generation }

    /// This handle with forwarding followed: the storage and row where its value lives now.
    @usableFromInline
    var location: (storage: TapeStorage, row: Int32) {
        if isDirect { return (owner ?? TapeStorage.owning(columns), row) }
        guard var storage = owner else {
            preconditionFailure("This Scalar belongs to a Tape that was reset or released; record it again")
        }
        var row = self.row
        while let (target, offset) = storage.forward {
            row += offset
            // Shorten chains so later lookups take one step.
            if let next = target.forward { storage.forward = (next.target, offset + next.offset) }
            storage = target
        }
        return (storage, row)
    }

    /// The same value through a handle that reads its row directly.
    @usableFromInline
    var resolved: Scalar {
        if isDirect { return self }
        let (storage, row) = location
        return Scalar(storage: storage, row: row)
    }

    // MARK: - Data, gradient and label

    /// The value.
    ///
    /// Setting it changes a leaf in place (as an optimizer step does); graphs already recorded from
    /// it keep the value they saw.
    @inlinable
    public var data: Double {
        get {
            if isDirect { return columns.pointee.values[Int(row)] }
            return resolved.data
        }
        nonmutating set {
            if isDirect { columns.pointee.values[Int(row)] = newValue } else { resolved.data = newValue }
        }
    }

    /// The gradient accumulated by ``backward()``; 0 until then.
    @inlinable
    public var grad: Double {
        get {
            guard isDirect else { return resolved.grad }
            return Int(row) < columns.pointee.gradientCount ? columns.pointee.gradients[Int(row)] : 0
        }
        nonmutating set {
            guard isDirect else { resolved.grad = newValue; return }
            columns.pointee.ensureGradients(through: Int(row) + 1)
            columns.pointee.gradients[Int(row)] = newValue
        }
    }

    /// Resets ``grad`` to 0.
    public func zeroGrad() {
        grad = 0
    }

    /// An optional name, shown in printed and drawn graphs.
    public var label: String? {
        get {
            let (storage, row) = location
            return storage.labels[row]
        }
        nonmutating set {
            let (storage, row) = location
            storage.labels[row] = newValue
        }
    }

    /// Whether the handle is the same recorded value as `other` (not merely an equal number).
    public func isIdentical(to other: Scalar) -> Bool {
        let (a, i) = location
        let (b, j) = other.location
        return a === b && i == j
    }
}

// MARK: - Printing

extension Scalar: CustomStringConvertible {
    /// `Scalar(-6.0, grad = 1.0)`.
    public var description: String {
        "Scalar(\(data), grad = \(grad))"
    }
}
