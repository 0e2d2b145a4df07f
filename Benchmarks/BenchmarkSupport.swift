import Autograd
import Foundation

/// One measured configuration of a workload: the JSON fields WORKLOADS.md names, in order.
public struct BenchmarkRecord: Sendable {
    /// The workload's name (`"s1"` ... `"t4"`).
    public var workload: String
    /// The fields after `workload` and `threads`.
    public var fields: [(String, JSONValue)]
    /// The number of threads the configuration used.
    public var threads: Int

    /// Creates a record.
    public init(workload: String, threads: Int = 1, fields: [(String, JSONValue)]) {
        self.workload = workload
        self.threads = threads
        self.fields = fields
    }

    /// The record as one JSON object.
    public var json: JSONValue {
        .object([("workload", .string(workload)), ("threads", .integer(threads))] + fields)
    }
}

/// Where the shared workload data lives, and timing helpers shared by the workloads.
public enum BenchmarkEnvironment {
    /// Finds `shared/data` (the workload files): `$AUTOGRAD_DATA`, else `../shared/data` or
    /// `shared/data` from the current directory, else beside the package that built this tool.
    public static func dataDirectory() -> URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["AUTOGRAD_DATA"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        let current = URL(fileURLWithPath: fileManager.currentDirectoryPath)
        candidates.append(current.appendingPathComponent("../shared/data"))
        candidates.append(current.appendingPathComponent("shared/data"))
        // #filePath is <package>/Benchmarks/BenchmarkSupport.swift.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent("../shared/data"))
        return candidates.first { fileManager.fileExists(atPath: $0.appendingPathComponent("s3_a.npy").path) }?
            .standardizedFileURL
    }

    /// Seconds taken by `body`.
    @inline(__always)
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The median of some samples.
    public static func median(_ samples: [Double]) -> Double {
        precondition(!samples.isEmpty)
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// A workload could not run (missing or unreadable data).
public struct BenchmarkError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates an error with a message.
    public init(_ description: String) { self.description = description }
}
