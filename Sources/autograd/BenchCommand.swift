import ArgumentParser
import Autograd
import AutogradBenchmarks
import Foundation

/// `autograd bench`: runs the workloads of shared/WORKLOADS.md.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmark workloads (use a release build: swift run -c release autograd bench).")

    /// The workloads this build can run, in order.
    static let available = ["s1", "s2", "s3", "t1", "t2", "t3", "t4"]
    /// The workloads that read files from the data folder.
    static let readingData: Set = ["s1", "s3", "t2", "t4"]

    @Argument(help: "Workloads to run (\(BenchCommand.available.joined(separator: ", "))); all when none given.")
    var workloads: [String] = []

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Option(help: "Threads for the tensor kernels (default: t1 on 1 and 2, t2 on all processors, the others on one).")
    var threads: Int?

    @Option(help: "Largest chain length for s2.")
    var s2Largest: Int = 10_000_000

    @Option(help: "Largest matrix size for t1.")
    var t1Largest: Int = 2048

    func run() throws {
        let selected = workloads.isEmpty ? Self.available : workloads.map { $0.lowercased() }
        for name in selected where !Self.available.contains(name) {
            throw UserError("unknown workload '\(name)' (available: \(Self.available.joined(separator: ", ")))")
        }
        if let threads, threads < 1 { throw UserError("--threads must be at least 1") }
        guard s2Largest >= 10 else { throw UserError("--s2-largest must be at least 10") }
        // Below the smallest of t1's sizes nothing would be measured: an empty report is an error.
        let smallestT1 = T1MatrixProduct.sizes.min() ?? 1
        guard t1Largest >= smallestT1 else { throw UserError("--t1-largest must be at least \(smallestT1), t1's smallest size, not \(t1Largest)") }
        // Found before the first workload runs, so that a missing data folder is one error line
        // rather than an error after other workloads' results.
        if selected.contains(where: Self.readingData.contains) { _ = try dataDirectory() }
        for name in selected {
            for record in try measure(name) {
                if json {
                    print(record.json.serialized)
                } else {
                    let fields = record.fields.map { "\($0.0)=\($0.1.serialized)" }.joined(separator: "  ")
                    print("\(record.workload)  threads=\(record.threads)  \(fields)")
                }
                fflush(nil)
            }
        }
    }

    private func measure(_ name: String) throws -> [BenchmarkRecord] {
        switch name {
        case "s1":
            return try onThreads(threads ?? 1) { try S1MicrogradDemo.measure(dataDirectory: try dataDirectory()) }
        case "s2":
            return [S2DeepChain.measure(largest: s2Largest)]
        case "s3":
            return [try S3GraphThroughput.measure(dataDirectory: try dataDirectory())]
        case "t1":
            // WORKLOADS.md reports T1 on 1 and 2 threads.
            let threadCounts = threads.map { [$0] } ?? [1, 2]
            return [DType.float32, .float64].flatMap { dtype in
                threadCounts.flatMap { threads in
                    T1MatrixProduct.sizes.filter { $0 <= t1Largest }.map { T1MatrixProduct.measure(n: $0, dtype: dtype, threads: threads) }
                }
            }
        case "t2":
            return [try T2MLPStep.measure(dataDirectory: try dataDirectory(), threads: threads ?? ComputeThreads.processorCount)]
        case "t3":
            return onThreads(threads ?? 1) { [T3SmallOperations.measure(), T3Replay.measure()] }
        case "t4":
            return try onThreads(threads ?? 1) {
                let directory = try dataDirectory()
                return [try T4SecondOrder.measure(dataDirectory: directory), try T4SecondOrder.measureReplay(dataDirectory: directory)]
            }
        default:
            throw UserError("unknown workload '\(name)'")
        }
    }

    /// Runs workloads whose tensors are small (s1, t3, t4) with `count` kernel threads, recording
    /// that count in their records. Their tensors are below the size at which kernels split, so one
    /// thread is their default and what they use either way.
    private func onThreads(_ count: Int, _ body: () throws -> [BenchmarkRecord]) rethrows -> [BenchmarkRecord] {
        try withComputeThreads(count) { try body() }.map { record in
            var record = record
            record.threads = count
            return record
        }
    }

    private func dataDirectory() throws -> URL {
        guard let directory = BenchmarkEnvironment.dataDirectory() else {
            throw UserError("workload data not found: set AUTOGRAD_DATA to the shared/data directory")
        }
        return directory
    }
}
