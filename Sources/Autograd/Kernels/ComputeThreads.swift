// How many threads the tensor kernels may use, and the parallel loop they share. Large matrix
// products, elementwise operations and reductions split their work across that many threads; small
// ones stay on the calling thread, where waking workers would cost more than it saves.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of threads tensor kernels may use, scoped to the current task.
///
/// The default is the number of active processors; ``withComputeThreads(_:_:file:line:)`` sets it for a block
/// (1 for strictly single-threaded, reproducible-timing runs). The setting is task-local, like
/// ``GradientMode``, so concurrent tasks do not disturb each other and no global state exists.
///
/// Split work runs on the calling thread and a pool of `processorCount - 1` worker threads, started
/// at the first split. After each parallel loop the workers spin for 0.2 ms before they sleep, so
/// the loops of a training step start on every thread at once instead of waiting for a wake-up
/// (Dispatch's `concurrentPerform` was measured running both halves of a loop on its caller here).
/// A loop started while another is running, or while the workers were recently descheduled by a
/// busy machine, runs on its caller; the parts are fixed, so results are the same either way.
public enum ComputeThreads {
    @TaskLocal static var setting: Int?

    /// The processors this process may run on (at least 1).
    public static let processorCount: Int = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// The thread count for kernels started by the current task.
    public static var current: Int { setting ?? processorCount }
}

/// Runs `body` with tensor kernels using at most `count` threads (at least 1).
public func withComputeThreads<Result>(
    _ count: Int, _ body: () throws -> Result, file: StaticString = #fileID, line: UInt = #line
) rethrows -> Result {
    require(count >= 1, "withComputeThreads: the thread count must be at least 1, got \(count) (at \(file):\(line))")
    return try ComputeThreads.$setting.withValue(count, operation: body)
}

/// A parallel-for over contiguous chunks of an index range.
enum ParallelLoop {
    /// Elementwise operations and reductions with fewer elements than this run on one thread.
    /// Waking a worker costs a few microseconds; the cheapest kernels (an addition, a sum) stream about
    /// one element per nanosecond, so below ~64 Ki elements the split does not pay.
    static let elementThreshold = 1 << 16

    /// The number of parts to split `count` elements into for the current task's thread setting.
    static func parts(forElements count: Int) -> Int {
        count < elementThreshold ? 1 : Swift.min(ComputeThreads.current, count / (elementThreshold / 2))
    }

    /// Calls `body(part)` for each part in `0..<parts`, concurrently when `parts > 1`; returns when all
    /// have finished. Parts must write disjoint memory.
    @inline(__always)
    static func run(parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 {
            body(0)
        } else {
            WorkerPool.shared.run(parts: parts, body)
        }
    }

    /// Splits `0..<count` into `parts` contiguous ranges (multiples of `granularity` except the last)
    /// and calls `body(range)` for each, concurrently when there is more than one.
    @inline(__always)
    static func forEachChunk(count: Int, parts: Int, granularity: Int = 1, _ body: (Range<Int>) -> Void) {
        let units = (count + granularity - 1) / granularity
        let parts = Swift.max(1, Swift.min(parts, units))
        if parts == 1 { return body(0..<count) }
        run(parts: parts) { part in
            let start = Swift.min(count, units * part / parts * granularity)
            let end = Swift.min(count, units * (part + 1) / parts * granularity)
            if start < end { body(start..<end) }
        }
    }
}
