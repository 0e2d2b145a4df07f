import Synchronization

/// Memory for the vector forward sweep's tangents, kept between calls.
///
/// A Hessian of n inputs sweeps n tangents per row: 1.7 MB for Rosenbrock's function of 100 inputs,
/// made on a tape of its own by every call. A fresh block that size comes from the system as new
/// pages, each faulted in on first touch (on this project's Linux machines up to 500 faults a
/// call, which cost more than the sweep), and clearing it is a pass over all of it. One buffer
/// kept here spares both: the sweep writes every slot it reads, so the memory is handed out as it
/// is, uncleared.
///
/// One buffer is kept, for whichever call comes next; calls that overlap (other threads) get
/// buffers of their own, and the larger buffer is kept when they come back. Buffers above
/// `largestKept` are freed rather than kept.
enum SweepScratch {
    /// An unused buffer, behind the lock (a raw pointer and a count, owned by whoever holds it).
    private struct Buffer: @unchecked Sendable {
        let start: UnsafeMutablePointer<Double>
        let count: Int
    }

    private static let kept = Mutex<Buffer?>(nil)

    /// The largest buffer kept between calls, in doubles (64 MB).
    static var largestKept: Int { 8 << 20 }

    /// Runs `body` with at least `count` doubles of uninitialised memory.
    static func withBuffer<Result>(count: Int, _ body: (UnsafeMutablePointer<Double>) -> Result) -> Result {
        var buffer = kept.withLock { $0.take() }
        if let held = buffer, held.count < count {
            held.start.deallocate()
            buffer = nil
        }
        let taken = buffer ?? Buffer(start: .allocate(capacity: count), count: count)
        defer { giveBack(taken) }
        return body(taken.start)
    }

    /// Keeps `buffer` for the next call unless it is too large, or a larger one is already kept.
    private static func giveBack(_ buffer: Buffer) {
        guard buffer.count <= largestKept else { return buffer.start.deallocate() }
        let unused = kept.withLock { kept -> Buffer? in
            if let other = kept, other.count >= buffer.count { return buffer }
            defer { kept = buffer }
            return kept
        }
        unused?.start.deallocate()
    }
}
