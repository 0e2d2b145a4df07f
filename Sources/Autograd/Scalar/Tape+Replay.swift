/// Record once, replay many: a recorded tape re-run on new leaf values without recording again.
///
/// For a computation whose structure does not depend on its inputs (a fixed-size loss, say),
/// recording once and then replaying skips the per-operation cost of recording: a replay is one
/// forward pass over the tape with the same rules that recorded it, and ``TapeScalar/backward()``
/// then differentiates the recomputed values as usual. Handles recorded on the tape stay valid and
/// read the new values.
///
/// ```swift
/// let tape = Tape()
/// let x = tape.variable(1.0), y = tape.variable(2.0)
/// let f = x * y + sin(x)
/// for (a, b) in [(3.0, 4.0), (5.0, 6.0)] {
///     tape.replay(with: [a, b])     // f.data == a * b + sin(a)
///     f.backward()                  // x.grad == b + cos(a), y.grad == a
/// }
/// ```
///
/// The recording keeps the path the first run took: Swift control flow that looked at values
/// (`if x.data > 0 { ... }`) is not re-decided, and neither are the branches that
/// ``TapeScalar/differentiableGradients(withRespectTo:)`` took at kinks (relu, abs, max, min) when it
/// recorded derivatives. The primitives themselves (including relu, abs, max and min) are
/// re-evaluated, so their values and first derivatives are always those of the new inputs.
extension Tape {
    /// The number of leaves recorded with ``variable(_:)``: how many values ``replay(with:file:line:)``
    /// takes (O(count): it scans the tape).
    public var leafCount: Int {
        let nodes = storage.columns.pointee.nodes
        var leaves = 0
        for row in 0..<count where nodes[row].operation == .leaf { leaves += 1 }
        return leaves
    }

    /// Sets the tape's leaves to `values`, in the order they were recorded, and recomputes every
    /// value recorded from them (see ``recompute()``).
    ///
    /// `values` must hold exactly ``leafCount`` numbers; anything else stops the program naming both
    /// counts and the caller's line.
    public func replay(with values: [Double], file: StaticString = #fileID, line: UInt = #line) {
        let leaves = values.withUnsafeBufferPointer { values in
            storage.replay(leafValues: values)
        }
        if leaves != values.count {
            fatalError(
                "Tape.replay(with:): the tape has \(leaves) leaves but \(values.count) values were given "
                    + "(at \(CallerLocation(file: file, line: line)))",
                file: "Autograd", line: 0)
        }
    }

    /// Recomputes every value recorded on the tape, in recording order, from the current values of
    /// its leaves: those set through ``TapeScalar/data`` and those brought over with
    /// ``use(_:)-(Scalar)``, which are read again from their source (a parameter updated by an
    /// optimizer step, say).
    ///
    /// The tape's stored gradients are set to 0, as they belonged to the old values; gradients of
    /// leaves brought over from elsewhere live there and are left alone.
    public func recompute() {
        _ = storage.replay(leafValues: nil)
    }
}

extension TapeStorage {
    /// Refreshes imported leaves, recomputes every row (setting leaves from `leafValues` when given)
    /// and drops the stored gradients. Returns the number of leaf rows.
    func replay(leafValues: UnsafeBufferPointer<Double>?) -> Int {
        refreshImports()
        let leaves = Self.recompute(columns, rows: 0..<columns.pointee.count, leafValues: leafValues)
        columns.pointee.gradientCount = 0
        return leaves
    }

    /// Reads every imported leaf's current value from the tape it lives on.
    private func refreshImports() {
        let values = columns.pointee.values
        for imported in imports {
            var (source, row) = (imported.storage, imported.row)
            if source.columns.pointee.readableGeneration != imported.generation {
                // The leaf's rows may have moved into another implicit tape; follow them there.
                guard source.forward != nil else {
                    fatalError(
                        "Tape.recompute(): a leaf brought over with Tape.use(_:) belongs to a tape that was reset or released")
                }
                while let (target, offset) = source.forward {
                    row += offset
                    source = target
                }
            }
            values[Int(imported.localRow)] = source.columns.pointee.values[Int(row)]
        }
    }
}
