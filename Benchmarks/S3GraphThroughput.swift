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
    public static func measure(a: [Double], b: [Double], samples: Int = 7) -> Result {
        let n = a.count
        let tape = Tape(capacity: 3 * n + 2 * n + 16)
        var leavesA = [TapeScalar](), leavesB = [TapeScalar](), level = [TapeScalar](), next = [TapeScalar]()
        leavesA.reserveCapacity(n)
        leavesB.reserveCapacity(n)
        level.reserveCapacity(n)
        next.reserveCapacity(n / 2 + 1)
        var builds: [Double] = [], backwards: [Double] = []
        var maxError = 0.0
        let operationNodes = Double(3 * n - 1)
        for sample in 0...samples {
            tape.reset()
            leavesA.removeAll(keepingCapacity: true)
            leavesB.removeAll(keepingCapacity: true)
            level.removeAll(keepingCapacity: true)
            var loss: TapeScalar?
            let build = BenchmarkEnvironment.seconds {
                for i in 0..<n {
                    leavesA.append(tape.variable(a[i]))
                    leavesB.append(tape.variable(b[i]))
                }
                for i in 0..<n { level.append(leavesA[i] * leavesB[i] + tanh(leavesA[i])) }
                while level.count > 1 {
                    next.removeAll(keepingCapacity: true)
                    var i = 0
                    while i + 1 < level.count {
                        next.append(level[i] + level[i + 1])
                        i += 2
                    }
                    if i < level.count { next.append(level[i]) }
                    swap(&level, &next)
                }
                loss = level[0]
            }
            let backward = BenchmarkEnvironment.seconds { loss!.backward() }
            if sample > 0 {
                builds.append(build)
                backwards.append(backward)
            }
            for i in 0..<n {
                let t = Double.tanh(a[i])
                maxError = Swift.max(maxError, Swift.abs(leavesA[i].grad - (b[i] + 1 - t * t)))
                maxError = Swift.max(maxError, Swift.abs(leavesB[i].grad - a[i]))
            }
        }
        return Result(
            buildNanosecondsPerNode: BenchmarkEnvironment.median(builds) * 1e9 / operationNodes,
            backwardNanosecondsPerNode: BenchmarkEnvironment.median(backwards) * 1e9 / operationNodes,
            maxGradientError: maxError)
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
