import Autograd
import Foundation

/// Workload S3: 25,000 terms a_i·b_i + tanh(a_i) summed by a balanced pairwise tree (99,999 operation
/// nodes, 50,000 leaves); build and backward timed separately.
public enum S3GraphThroughput {
    /// Timings and the gradient check of one measurement.
    public struct Result: Sendable {
        /// Median nanoseconds per operation node to create the leaves and record the graph.
        public var buildNanosecondsPerNode: Double
        /// Median nanoseconds per operation node for backward.
        public var backwardNanosecondsPerNode: Double
        /// The largest absolute error of ∂L/∂a_i and ∂L/∂b_i against the closed forms.
        public var maxGradientError: Double
    }

    /// Loads `s3_a.npy` and `s3_b.npy` from the workload data directory.
    public static func loadData(from directory: URL) throws -> (a: [Double], b: [Double]) {
        let a = try NumPyArray(contentsOf: directory.appendingPathComponent("s3_a.npy")).doubles()
        let b = try NumPyArray(contentsOf: directory.appendingPathComponent("s3_b.npy")).doubles()
        guard a.count == b.count, !a.isEmpty else { throw BenchmarkError("s3_a.npy and s3_b.npy differ in length") }
        return (a, b)
    }

    /// Measures `samples` runs after one warm-up.
    ///
    /// The leaves are recorded with `Tape.variables(_:)`, one call per input array, and the terms and
    /// partial sums live in preallocated buffers written by index, as performance-minded Swift code
    /// keeps them, so that the figure is the engine's cost rather than `Array.append`'s.
    public static func measure(a: [Double], b: [Double], samples: Int = 7) -> Result {
        let n = a.count
        let tape = Tape(capacity: 5 * n + 16)
        let buffers = (0..<2).map { _ in UnsafeMutableBufferPointer<TapeScalar>.allocate(capacity: n) }
        defer { buffers.forEach { $0.deallocate() } }
        var builds: [Double] = [], backwards: [Double] = []
        var maxError = 0.0
        for sample in 0...samples {
            tape.reset()
            var recorded: (loss: TapeScalar, a: TapeVariables, b: TapeVariables)?
            let build = BenchmarkEnvironment.seconds {
                recorded = record(a: a, b: b, on: tape, level: buffers[0], spare: buffers[1])
            }
            let backward = BenchmarkEnvironment.seconds { differentiate(recorded!.loss) }
            if sample > 0 {
                builds.append(build)
                backwards.append(backward)
            }
            maxError = Swift.max(maxError, gradientError(a: a, b: b, leavesA: recorded!.a, leavesB: recorded!.b))
        }
        let operationNodes = Double(3 * n - 1)
        return Result(
            buildNanosecondsPerNode: BenchmarkEnvironment.median(builds) * 1e9 / operationNodes,
            backwardNanosecondsPerNode: BenchmarkEnvironment.median(backwards) * 1e9 / operationNodes,
            maxGradientError: maxError)
    }

    // The timed parts and the check are functions of their own (never inlined: one call per sample
    // costs nothing measurable) so that an instruction profile (callgrind's --toggle-collect) can
    // count each part alone.

    /// The timed build: records the leaves, the terms and their sum; returns the sum and the leaves.
    @inline(never)
    static func record(
        a: [Double], b: [Double], on tape: Tape,
        level: UnsafeMutableBufferPointer<TapeScalar>, spare: UnsafeMutableBufferPointer<TapeScalar>
    ) -> (loss: TapeScalar, a: TapeVariables, b: TapeVariables) {
        let leavesA = tape.variables(a), leavesB = tape.variables(b)
        return (pairwiseSum(of: leavesA, leavesB, level: level, spare: spare), leavesA, leavesB)
    }

    /// The timed backward.
    @inline(never)
    static func differentiate(_ loss: TapeScalar) {
        loss.backward()
    }

    /// The largest absolute error of the leaves' gradients against the closed forms.
    @inline(never)
    static func gradientError(
        a: [Double], b: [Double],
        leavesA: TapeVariables, leavesB: TapeVariables
    ) -> Double {
        var maxError = 0.0
        for i in 0..<a.count {
            let t = Double.tanh(a[i])
            maxError = Swift.max(maxError, Swift.abs(leavesA[i].grad - (b[i] + 1 - t * t)))
            maxError = Swift.max(maxError, Swift.abs(leavesB[i].grad - a[i]))
        }
        return maxError
    }

    /// Records the terms a_i·b_i + tanh(a_i) and sums them level by level, adding adjacent pairs and
    /// carrying an odd last element up.
    @inline(__always)
    static func pairwiseSum(
        of a: TapeVariables, _ b: TapeVariables,
        level: UnsafeMutableBufferPointer<TapeScalar>, spare: UnsafeMutableBufferPointer<TapeScalar>
    ) -> TapeScalar {
        var (current, next) = (level, spare)
        var count = a.count
        for i in 0..<count { current[i] = a[i] * b[i] + tanh(a[i]) }
        while count > 1 {
            var written = 0, i = 0
            while i + 1 < count {
                next[written] = current[i] + current[i + 1]
                written += 1
                i += 2
            }
            if i < count {
                next[written] = current[i]
                written += 1
            }
            swap(&current, &next)
            count = written
        }
        return current[0]
    }

    /// Runs the workload on the shared data and reports WORKLOADS.md's fields.
    public static func measure(dataDirectory: URL) throws -> BenchmarkRecord {
        let (a, b) = try loadData(from: dataDirectory)
        let result = measure(a: a, b: b)
        return BenchmarkRecord(
            workload: "s3",
            fields: [
                ("build_ns_per_op_node", .number(result.buildNanosecondsPerNode)),
                ("bwd_ns_per_op_node", .number(result.backwardNanosecondsPerNode)),
                ("max_grad_abs_err", .number(result.maxGradientError)),
            ])
    }
}
