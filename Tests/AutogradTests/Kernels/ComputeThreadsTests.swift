import Testing
@testable import Autograd

/// The thread-count setting and the parallel loop the kernels share.
@Suite("compute threads")
struct ComputeThreadsTests {
    @Test("the setting defaults to the processor count and is scoped to withComputeThreads blocks")
    func scopedSetting() {
        #expect(ComputeThreads.processorCount >= 1)
        #expect(ComputeThreads.current == ComputeThreads.processorCount)
        withComputeThreads(3) {
            #expect(ComputeThreads.current == 3)
            withComputeThreads(1) { #expect(ComputeThreads.current == 1) }
            #expect(ComputeThreads.current == 3)
        }
        #expect(ComputeThreads.current == ComputeThreads.processorCount)
    }

    @Test("forEachChunk covers the range once, in granularity-aligned chunks", arguments: [0, 1, 5, 6, 7, 100, 1001])
    func chunksCoverTheRange(_ count: Int) {
        for parts in [1, 2, 3, 8] {
            for granularity in [1, 6] {
                var covered = [Int](repeating: 0, count: count)
                covered.withUnsafeMutableBufferPointer { covered in
                    ParallelLoop.forEachChunk(count: count, parts: parts, granularity: granularity) { range in
                        #expect(range.lowerBound % granularity == 0)
                        for i in range { covered[i] += 1 }
                    }
                }
                #expect(covered.allSatisfy { $0 == 1 }, "count \(count) parts \(parts) granularity \(granularity)")
            }
        }
    }

    @Test("small element counts stay on one thread; large ones use the setting")
    func partsForElements() {
        withComputeThreads(2) {
            #expect(ParallelLoop.parts(forElements: 1000) == 1)
            #expect(ParallelLoop.parts(forElements: ParallelLoop.elementThreshold - 1) == 1)
            #expect(ParallelLoop.parts(forElements: 1 << 20) == 2)
        }
        withComputeThreads(1) { #expect(ParallelLoop.parts(forElements: 1 << 20) == 1) }
    }
}
