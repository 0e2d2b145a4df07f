// The threads that run the parts of a parallel loop (ComputeThreads.swift). Dispatch's
// `concurrentPerform` was the first engine here, but on Linux its workers join late: two parts of
// 200 µs each took 410 µs (median), the caller running both, so T2's products gained nothing from a
// second thread. These workers instead spin for a short while after each loop, so a loop that follows
// soon after (T2 runs about twenty per step) starts on all threads at once, and only then sleep.
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of worker threads, started on first use, that run the parts of one loop at a time
/// alongside the calling thread.
///
/// Parts are claimed one at a time from a shared counter, so any number of parts runs on however many
/// threads turn up, and which thread runs a part never changes its result. A loop started while
/// another is running (from another task, or from inside a part) runs on its caller alone.
final class WorkerPool: @unchecked Sendable {
    /// The pool the tensor kernels share: one worker per processor besides the caller's.
    static let shared = WorkerPool(workers: ComputeThreads.processorCount - 1)

    /// How long an idle worker keeps looking for the next loop before it sleeps: longer than the
    /// serial stretches between the products of a training step, short enough not to hold a core
    /// that other processes want.
    static let spinNanoseconds: UInt64 = 200_000

    /// How much longer than the caller's own share a loop may take before it counts as stalled.
    static let stallAllowanceNanoseconds: UInt64 = 50_000
    /// How long loops run on their caller alone after a stall, before the workers are tried again.
    static let serialNanosecondsAfterStall: UInt64 = 20_000_000

    /// Until when (monotonic nanoseconds) loops run on their caller alone: set after a stall.
    private let serialUntil = Atomic<UInt64>(0)
    /// The current loop, packed so that one compare-and-exchange claims a part of exactly that loop:
    /// bits 32… its generation, bits 16..<32 its part count, bits 0..<16 the next unclaimed part.
    private let state = Atomic<UInt64>(0)
    /// Parts of the current loop that have finished.
    private let finished = Atomic<Int>(0)
    /// Whether a caller owns the pool (one loop at a time).
    private let busy = Atomic<Bool>(false)
    /// Workers asleep (or about to sleep) on `wakeUp`.
    private let sleepers = Atomic<Int>(0)
    /// The current loop's body; written by the owning caller before it publishes the loop, read by
    /// workers only after they claim one of its parts (which the caller waits for).
    private nonisolated(unsafe) var body: ((Int) -> Void)?
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let wakeUp: UnsafeMutablePointer<pthread_cond_t>
    private let workerCount: Int

    private static let partBits: UInt64 = 16
    private static let partMask: UInt64 = (1 << partBits) - 1
    /// The most parts one loop may have (the part fields are 16 bits wide).
    static let maximumParts = Int(partMask)

    private init(workers: Int) {
        workerCount = Swift.max(0, workers)
        lock = .allocate(capacity: 1)
        wakeUp = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wakeUp, nil)
        // The pool lives as long as the process (it is only ever `shared`), so the workers may keep
        // an unretained reference to it.
        let context = Unmanaged.passUnretained(self).toOpaque()
        for _ in 0..<workerCount {
            let status = Self.startDetachedThread(context) { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().work()
            }
            require(status == 0, "WorkerPool: could not start a worker thread (pthread_create returned \(status))")
        }
    }

    /// Starts a detached thread running `start(context)`; returns pthread_create's status.
    private static func startDetachedThread(
        _ context: UnsafeMutableRawPointer,
        _ start: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?
    ) -> Int32 {
        #if canImport(Darwin)
        var thread: pthread_t?
        let status = pthread_create(&thread, nil, start, context)
        if status == 0, let thread { pthread_detach(thread) }
        #else
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, start, context)
        if status == 0 { pthread_detach(thread) }
        #endif
        return status
    }

    /// Calls `body(part)` for each part in `0..<parts` on this thread and the workers; returns when
    /// all have finished. Parts must write disjoint memory.
    func run(parts: Int, _ body: (Int) -> Void) {
        guard workerCount > 0, parts > 1, parts <= Self.maximumParts,
              Self.monotonicNanoseconds() >= serialUntil.load(ordering: .relaxed),
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for part in 0..<parts { body(part) }
            return
        }
        withoutActuallyEscaping(body) { body in
            self.body = body
            finished.store(0, ordering: .relaxed)
            let generation = ((state.load(ordering: .relaxed) >> 32) &+ 1) & 0xFFFF_FFFF
            state.store(generation << 32 | UInt64(parts) << Self.partBits, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(lock)
                pthread_cond_broadcast(wakeUp)
                pthread_mutex_unlock(lock)
            }
            let start = Self.monotonicNanoseconds()
            runParts(of: generation)
            guard finished.load(ordering: .acquiring) < parts else { self.body = nil; return }
            // A worker still holds a part. If it was descheduled (other processes want the cores),
            // the wait can outlast the caller's own share of the work: then the loop was slower
            // than running alone, and the next loops for a while run on the caller only.
            let ownWork = Self.monotonicNanoseconds() - start
            var spins = 0
            while finished.load(ordering: .acquiring) < parts {
                spins += 1
                if spins & 1023 == 0 { sched_yield() }
            }
            let now = Self.monotonicNanoseconds()
            if now - start > 2 * ownWork + Self.stallAllowanceNanoseconds {
                serialUntil.store(now + Self.serialNanosecondsAfterStall, ordering: .relaxed)
            }
            self.body = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs parts of loop `generation` until none is left (or a newer loop started).
    private func runParts(of generation: UInt64) {
        var current = state.load(ordering: .acquiring)
        while current >> 32 == generation {
            let next = current & Self.partMask
            guard next < (current >> Self.partBits) & Self.partMask else { return }
            let (exchanged, original) = state.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                runPart(Int(next))
                finished.add(1, ordering: .releasing)
                current = state.load(ordering: .acquiring)
            } else {
                current = original
            }
        }
    }

    /// One part; a separate function so that the worker's reference to the body ends before the part
    /// counts as finished (the caller then clears the body, which must not have escaped).
    @inline(never)
    private func runPart(_ part: Int) {
        body!(part)
    }

    /// A worker's life: wait for a loop newer than the last one seen, help run it, repeat.
    private func work() -> Never {
        var seen = state.load(ordering: .acquiring) >> 32
        while true {
            seen = waitForLoop(after: seen)
            runParts(of: seen)
        }
    }

    /// The generation of the next loop after `seen`: spins for `spinNanoseconds`, then sleeps.
    private func waitForLoop(after seen: UInt64) -> UInt64 {
        let deadline = Self.monotonicNanoseconds() + Self.spinNanoseconds
        var spins = 0
        while true {
            let generation = state.load(ordering: .acquiring) >> 32
            if generation != seen { return generation }
            spins += 1
            if spins & 63 == 0 {
                if Self.monotonicNanoseconds() > deadline { break }
                // On a busy machine this worker may share a core with the thread that will start the
                // next loop: spinning there would take half of that thread's time, so let it run.
                sched_yield()
            }
        }
        pthread_mutex_lock(lock)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        var generation = state.load(ordering: .sequentiallyConsistent) >> 32
        while generation == seen {
            pthread_cond_wait(wakeUp, lock)
            generation = state.load(ordering: .sequentiallyConsistent) >> 32
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(lock)
        return generation
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
