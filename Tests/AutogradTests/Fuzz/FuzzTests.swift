import Foundation
import Testing
@testable import Autograd
import AutogradTestSupport

extension Fuzzer {
    /// A corpus directory bundled with these tests.
    static func corpus(named name: String) throws -> [[UInt8]] {
        guard let directory = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Corpus") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try corpus(in: directory)
    }
}

/// Random and mutated inputs for every parser: each must return a value or throw a named error,
/// never crash, hang or allocate without bound. 100,000 inputs per format per run.
@Suite("Fuzzing the parsers")
struct FuzzTests {
    static let iterations = 100_000

    @Test("the expression language: 100,000 mutated programs parse or fail with a positioned error")
    func expressions() throws {
        var fuzzer = Fuzzer(
            corpus: try Fuzzer.corpus(named: "expressions"),
            dictionary: ["(", ")", "^", "**", "-", "pow(", "max(", ",", "=", ";", "\n", "1e308", "e", "pi", "x", "(((("],
            seed: 1)
        var parsed = 0, rejected = 0
        for _ in 0..<Self.iterations {
            let source = String(decoding: fuzzer.nextInput(), as: UTF8.self)
            do {
                let program = try Program(parsing: source)
                parsed += 1
                // Evaluating with arbitrary bindings must not crash either.
                let inputs = Dictionary(uniqueKeysWithValues: program.freeNames.map { ($0, 0.5) })
                _ = try? program.evaluate(inputs: inputs) as ProgramValue<Double>
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(parsed + rejected == Self.iterations)
        #expect(parsed > 0 && rejected > 0)  // the mutations reach both outcomes
    }

    @Test("NumPy .npy: 100,000 mutated files load consistently or fail with a named error")
    func numpy() throws {
        var fuzzer = Fuzzer(
            corpus: try Fuzzer.corpus(named: "npy"),
            dictionary: ["'descr'", "'<f8'", "'shape'", "(1000000000000, 1000000000000)", "True", "'fortran_order'", "}", ",)"],
            seed: 2)
        var loaded = 0, rejected = 0
        for _ in 0..<Self.iterations {
            do {
                let array = try NumPyArray(npyData: Data(fuzzer.nextInput()))
                #expect(array.count == array.shape.reduce(1, *))
                loaded += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(loaded > 0 && rejected > 0)
    }

    @Test("NumPy .npz: 100,000 mutated archives (stored and deflated) load or fail with a named error")
    func numpyArchives() throws {
        var fuzzer = Fuzzer(
            corpus: try Fuzzer.corpus(named: "npz"),
            dictionary: ["PK\u{03}\u{04}", "PK\u{01}\u{02}", "PK\u{05}\u{06}", "\u{FF}\u{FF}\u{FF}\u{FF}", ".npy"],
            seed: 4)
        var loaded = 0, rejected = 0
        for _ in 0..<Self.iterations {
            do {
                let archive = try NumPyArchive(npzData: Data(fuzzer.nextInput()), maximumSize: 1 << 20)
                #expect(Set(archive.names).count == archive.names.count)
                loaded += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(loaded > 0 && rejected > 0)
    }

    @Test("safetensors: 100,000 mutated files load or fail with a named error")
    func safetensors() throws {
        var fuzzer = Fuzzer(
            corpus: try Fuzzer.corpus(named: "safetensors"),
            dictionary: ["\"data_offsets\"", "[0, 99999999999]", "\"F64\"", "\"shape\": [1000000, 1000000]", "{", "}", "\"__metadata__\""],
            seed: 5)
        var loaded = 0, rejected = 0
        for _ in 0..<Self.iterations {
            do {
                let file = try SafeTensorsFile(safetensorsData: Data(fuzzer.nextInput()))
                #expect(Set(file.names).count == file.names.count)
                loaded += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(loaded > 0 && rejected > 0)
    }
}
