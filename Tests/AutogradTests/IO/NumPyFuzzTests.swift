import Foundation
import Testing
import AutogradTestSupport

@testable import Autograd

/// Seeded mutation fuzzing: every input either throws `NumPyError` or yields a consistent array.
@Suite("NumPy .npy reader survives fuzzing")
struct NumPyFuzzTests {
    /// Valid files to mutate, covering every dtype, 0-d, empty and multi-dimensional shapes.
    private static func seeds() throws -> [Data] {
        [
            try NumPyArray([1, 2, 3, 4, 5, 6] as [Double], shape: [2, 3]).npyData(),
            try NumPyArray([0.5, -1] as [Float]).npyData(),
            try NumPyArray(shape: [], elements: .int32([7])).npyData(),
            try NumPyArray(shape: [0, 4], elements: .int64([])).npyData(),
            try NumPyArray(shape: [3], elements: .bool([true, false, true])).npyData(),
            NPYBytes.file(header: NPYBytes.header(descr: "<f8", shape: "(1,)"), major: 2, data: NPYBytes.doubles([9])),
        ]
    }

    /// Checks that decoding `data` cannot trap and that any accepted array is self-consistent.
    private func check(_ data: Data, _ description: @autoclosure () -> String) {
        guard let array = try? NumPyArray(npyData: data) else { return }
        #expect(array.isConsistent, "inconsistent array from \(description())")
        let again = try? NumPyArray(npyData: array.npyData())
        #expect(again.map { $0.isBitwiseEqual(to: array) } == true, "no round trip for \(description())")
    }

    @Test("2,000 random byte flips, truncations, insertions and length rewrites")
    func byteMutations() throws {
        var random = SplitMix64(seed: 0x5EED_0F_A7_06_2A_D0)
        let seeds = try Self.seeds()
        var accepted = 0
        for iteration in 0..<2_000 {
            var bytes = [UInt8](seeds[Int.random(in: 0..<seeds.count, using: &random)])
            // Most interesting structure is in the first 128 bytes (preamble and header).
            let focus = min(bytes.count, 128)
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<focus, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                bytes.removeLast(Int.random(in: 0...bytes.count, using: &random))
            case 2:
                let position = Int.random(in: 0...focus, using: &random)
                let printable = Array("(),:'\" -0123456789TrueFalse{}<>|=fib".utf8)
                bytes.insert(printable[Int.random(in: 0..<printable.count, using: &random)], at: position)
            case 3:
                // Rewrite the header length field with a random value.
                for index in 8..<min(bytes.count, 12) { bytes[index] = UInt8.random(in: 0...255, using: &random) }
            default:
                bytes[Int.random(in: 6..<8, using: &random)] = UInt8.random(in: 0...3, using: &random)
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            }
            let data = Data(bytes)
            if (try? NumPyArray(npyData: data)) != nil { accepted += 1 }
            check(data, "iteration \(iteration)")
        }
        // Some mutations (padding, data bytes) leave the file valid; most must be rejected.
        #expect(accepted > 0 && accepted < 2_000)
    }

    @Test("2,000 random headers assembled from header tokens")
    func headerGrammar() {
        var random = SplitMix64(seed: 42)
        let tokens = [
            "{", "}", "(", ")", "[", "]", ",", ":", " ", "\n", "'descr'", "'fortran_order'", "'shape'", "'<f8'",
            "'|b1'", "'<i4'", "'>f4'", "True", "False", "None", "0", "1", "3", "-2", "99999999999999999999", "L",
            "'", "\"", "\\", "1.5", "'extra'",
        ]
        for iteration in 0..<2_000 {
            var text = Int.random(in: 0..<4, using: &random) == 0 ? "" : "{'descr': '<f8', "
            for _ in 0..<Int.random(in: 0...24, using: &random) {
                text += tokens[Int.random(in: 0..<tokens.count, using: &random)]
            }
            let data = NPYBytes.file(header: text, data: NPYBytes.doubles([1, 2, 3]))
            check(data, "header \(iteration): \(text)")
        }
    }
}
