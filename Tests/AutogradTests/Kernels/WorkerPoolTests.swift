import Foundation
import Synchronization
import Testing
@testable import Autograd

/// The worker threads behind `ParallelLoop.run`.
@Suite("worker pool")
struct WorkerPoolTests {
    @Test("every part runs exactly once, for part counts below, at and above the thread count", arguments: [2, 3, 17, 1000])
    func everyPartOnce(_ parts: Int) {
        for _ in 0..<50 {
            var calls = [Int](repeating: 0, count: parts)
            calls.withUnsafeMutableBufferPointer { calls in
                WorkerPool.shared.run(parts: parts) { part in calls[part] += 1 }
            }
            #expect(calls.allSatisfy { $0 == 1 })
        }
    }

    @Test("a loop started inside a part runs on its caller, and completes")
    func nestedLoop() {
        let total = Atomic<Int>(0)
        WorkerPool.shared.run(parts: 4) { _ in
            WorkerPool.shared.run(parts: 3) { _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 12)
    }

    @Test("loops from concurrent tasks each complete with every part once")
    func concurrentCallers() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    var ok = true
                    for round in 0..<200 {
                        let parts = 2 + (caller + round) % 5
                        var calls = [Int](repeating: 0, count: parts)
                        calls.withUnsafeMutableBufferPointer { calls in
                            WorkerPool.shared.run(parts: parts) { part in calls[part] += 1 }
                        }
                        ok = ok && calls.allSatisfy { $0 == 1 }
                    }
                    return ok
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results == [true, true, true, true])
    }

    @Test("a loop after the workers have gone to sleep wakes them and completes")
    func afterSleep() {
        WorkerPool.shared.run(parts: 2) { _ in }
        Thread.sleep(forTimeInterval: Double(WorkerPool.spinNanoseconds) * 4e-9)
        let total = Atomic<Int>(0)
        WorkerPool.shared.run(parts: 8) { part in total.add(part, ordering: .relaxed) }
        #expect(total.load(ordering: .relaxed) == 28)
    }
}
