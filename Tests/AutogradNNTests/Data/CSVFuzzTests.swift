import Foundation
import Testing
import AutogradNN
import AutogradTestSupport

/// 100,000 mutated CSV texts: each parses into a rectangular table or fails with a named error.
@Suite("Fuzzing the CSV reader")
struct CSVFuzzTests {
    @Test("100,000 mutated tables parse rectangular or fail with a line number")
    func mutatedTables() throws {
        let directory = try #require(Bundle.module.url(forResource: "csv-corpus", withExtension: nil, subdirectory: "Resources"))
        var fuzzer = Fuzzer(corpus: try Fuzzer.corpus(in: directory), dictionary: [",", "\n", "\r\n", "nan", "-", "e9999", ",,", " "], seed: 3)
        var parsed = 0, rejected = 0
        for _ in 0..<100_000 {
            do {
                let table = try CSVTable(parsing: String(decoding: fuzzer.nextInput(), as: UTF8.self))
                #expect(table.rows.allSatisfy { $0.count == table.columnNames.count })
                parsed += 1
            } catch {
                #expect(error.description.hasPrefix("line ") || error.description.hasPrefix("the CSV text"))
                rejected += 1
            }
        }
        #expect(parsed > 0 && rejected > 0)
    }
}
