import Autograd
import Foundation
import Testing

/// The backend `autograd bench t1` reports, chosen at run time by `AUTOGRAD_BLAS`.
@Suite("autograd bench t1 backend")
struct BenchBackendTests {
    /// The t1 records of `autograd bench t1 --t1-largest 128 --json` plus `options`, run with `environment`.
    static func records(environment: [String: String], options: [String] = []) throws -> [[String: Any]] {
        let outcome = try ToolRunner.run(["bench", "t1", "--t1-largest", "128", "--json"] + options, environment: environment)
        #expect(outcome.status == 0, "stderr was: \(outcome.standardError)")
        return try outcome.standardOutput.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("AUTOGRAD_BLAS=none forces the built-in kernel")
    func noneForcesBuiltin() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["AUTOGRAD_BLAS"] = "none"
        let records = try Self.records(environment: environment, options: ["--threads", "1"])
        #expect(records.count == 2)  // n = 128, float32 and float64
        for record in records {
            #expect(record["workload"] as? String == "t1")
            #expect(record["n"] as? Int == 128)
            #expect(record["backend"] as? String == "builtin")
        }
    }

    @Test("by default the tool reports the backend this process finds")
    func defaultMatchesLookup() throws {
        let records = try Self.records(environment: ProcessInfo.processInfo.environment, options: ["--threads", "1"])
        #expect(records.count == 2)
        let expected = BLASLibrary.backendName(m: 128, n: 128, k: 128)
        for record in records { #expect(record["backend"] as? String == expected) }
    }

    @Test("without --threads t1 runs on 1 and 2 threads; with it, on that many, and each record says so")
    func threadCounts() throws {
        let byDefault = try Self.records(environment: ProcessInfo.processInfo.environment)
        #expect(byDefault.map { $0["threads"] as? Int } == [1, 2, 1, 2])  // float32 on 1 and 2, then float64
        #expect(byDefault.map { $0["dtype"] as? String } == ["float32", "float32", "float64", "float64"])
        let two = try Self.records(environment: ProcessInfo.processInfo.environment, options: ["--threads", "2"])
        #expect(two.count == 2 && two.allSatisfy { $0["threads"] as? Int == 2 })
    }
}
