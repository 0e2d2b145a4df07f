import Autograd
import AutogradBenchmarks
import Foundation
import Testing

/// Each workload of WORKLOADS.md run small (few samples), checking the value that shows the work was
/// really done. Speed is the benchmark's business (`autograd bench`), never a test's.
@Suite("Benchmark workloads give their check values")
struct WorkloadCheckTests {
    /// The workload data files, copied from shared/data into this target's resources.
    static func dataDirectory() throws -> URL {
        let url = try #require(Bundle.module.url(forResource: "s3_a", withExtension: "npy", subdirectory: "Data"))
        return url.deletingLastPathComponent()
    }

    /// The number a record holds under `name`.
    static func number(_ record: BenchmarkRecord, _ name: String) throws -> Double {
        let value = try #require(record.fields.first { $0.0 == name }?.1, "no field \(name) in \(record.workload)")
        switch value {
        case .number(let number): return number
        case .integer(let integer): return Double(integer)
        default: throw BenchmarkError("field \(name) of \(record.workload) is not a number")
        }
    }

    @Test("S1 replayed on both engines gives micrograd's losses and accuracy")
    func s1Replaying() throws {
        let problem = try S1MicrogradDemo.load(from: Self.dataDirectory())
        for run in [S1MicrogradDemo.trainScalar(problem, replaying: true), S1MicrogradDemo.trainTensorReplaying(problem)] {
            #expect(Swift.abs(run.firstLoss - 0.8041283564586824) <= 1e-15)
            #expect(Swift.abs(run.finalLoss - 0.013159218122231794) <= 1e-15)
            #expect(run.accuracy == 1)
        }
    }

    @Test("S2: the chain's gradient at N = 100 is the product of its local derivatives")
    func s2() {
        let tape = Tape(capacity: 1024)
        let run = S2DeepChain.run(links: 100, on: tape)
        let exact = S2DeepChain.reference(links: 100)
        #expect(Swift.abs(run.gradient - exact) <= 1e-14 * Swift.abs(exact))
    }

    @Test("S3: every ∂L/∂a_i and ∂L/∂b_i equals its closed form")
    func s3() throws {
        let (a, b) = try S3GraphThroughput.loadData(from: Self.dataDirectory())
        #expect(a.count == 25_000)
        let result = S3GraphThroughput.measure(a: a, b: b, samples: 1)
        #expect(result.maxGradientError <= 1e-12)
    }

    @Test("T3: the gradient through 100 small operations matches the Float64 reference")
    func t3() throws {
        let record = T3SmallOperations.measure(samples: 1)
        #expect(try Self.number(record, "grad_max_abs_err") <= 1e-5)
    }

    @Test("T3 replayed: the gradient of the recorded chain matches the Float64 reference")
    func t3Replay() throws {
        let record = T3Replay.measure(samples: 1)
        #expect(try Self.number(record, "grad_max_abs_err") <= 1e-5)
    }

    @Test("T4: the Hessian and the Hessian-vector product match the analytic Hessian to 1e-12")
    func t4() throws {
        let record = try T4SecondOrder.measure(dataDirectory: Self.dataDirectory(), samples: 1)
        #expect(try Self.number(record, "hessian_rel_err") <= 1e-12)
        #expect(try Self.number(record, "hvp_rel_err") <= 1e-12)
    }

    @Test("T4 replayed: the recorded Hessian-vector product matches the analytic Hessian to 1e-12")
    func t4Replay() throws {
        let record = try T4SecondOrder.measureReplay(dataDirectory: Self.dataDirectory(), samples: 1)
        #expect(try Self.number(record, "hvp_rel_err") <= 1e-12)
    }

    @Test("T2: the loss after 55 SGD updates is 2.16731 (± 1e-4)")
    func t2() throws {
        let record = try T2MLPStep.measure(dataDirectory: Self.dataDirectory(), threads: 2)
        #expect(Swift.abs(try Self.number(record, "loss_after") - 2.16731) <= 1e-4)
    }
}
