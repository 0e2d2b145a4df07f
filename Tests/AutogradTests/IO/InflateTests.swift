import Foundation
import Testing
import AutogradTestSupport

@testable import Autograd

/// The DEFLATE decoder and CRC-32 on hand-made streams; NumPy/zlib streams are in the interop tests.
@Suite("Inflate and CRC-32")
struct InflateTests {
    private func inflate(_ bytes: [UInt8], limit: Int = 1 << 20) throws(InflateError) -> [UInt8] {
        try Inflate.decompress(bytes, maximumOutput: limit)
    }

    @Test("CRC-32 check values")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        var incremental = CRC32()
        Array("1234".utf8).withUnsafeBytes { incremental.update($0) }
        Array("56789".utf8).withUnsafeBytes { incremental.update($0) }
        #expect(incremental.value == 0xCBF4_3926)
    }

    @Test("a stored block, an empty fixed block and a fixed block with a back reference")
    func handMadeStreams() throws {
        #expect(try inflate([0x01, 0x05, 0x00, 0xFA, 0xFF] + Array("hello".utf8)) == Array("hello".utf8))
        #expect(try inflate([0x03, 0x00]) == [])
        // zlib.compress(b"aaaaaaaaaa", wbits=-15): a literal then a length-9 match at distance 1.
        #expect(try inflate([0x4B, 0x4C, 0x84, 0x01, 0x00]) == Array(repeating: UInt8(ascii: "a"), count: 10))
        // zlib raw deflate of b"hello hello hello hello".
        #expect(try inflate([0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x57, 0xC8, 0x40, 0x27, 0x01]) == Array("hello hello hello hello".utf8))
    }

    @Test("corrupt streams throw errors that name the problem")
    func corrupt() {
        let cases: [([UInt8], String)] = [
            ([], "ends unexpectedly"),
            ([0x07], "invalid block type 3"),
            ([0x01, 0x05, 0x00, 0x00, 0x00] + Array("hello".utf8), "does not match its complement"),
            ([0x01, 0x05, 0x00, 0xFA, 0xFF, 0x68], "ends inside a stored block"),
            ([0x01, 0x05], "ends inside a stored block header"),
            ([0x4B, 0x4C, 0x84], "ends unexpectedly"),
            // Fixed block whose first symbol is a match: the distance reaches before the start.
            ([0x03, 0x02], "before the start"),
            (Self.oversubscribed, "over-subscribed"),
        ]
        for (bytes, fragment) in cases {
            let error = thrownError { () throws(InflateError) in _ = try inflate(bytes) }
            #expect(error?.description.contains(fragment) == true, "\(bytes): \(String(describing: error))")
        }
    }

    /// A dynamic block whose code-length code gives all 19 symbols one-bit codes.
    private static let oversubscribed: [UInt8] = {
        var writer = ZipTestBuilder.BitWriter()
        writer.write(1, count: 1)
        writer.write(2, count: 2)
        writer.write(0, count: 5)
        writer.write(0, count: 5)
        writer.write(15, count: 4)
        for _ in 0..<19 { writer.write(1, count: 3) }
        return writer.finish()
    }()

    @Test("output is capped at the declared size")
    func cap() {
        let stream: [UInt8] = [0x4B, 0x4C, 0x84, 0x01, 0x00]
        let error = thrownError { () throws(InflateError) in _ = try inflate(stream, limit: 9) }
        #expect(error?.description.contains("more than the declared 9 bytes") == true)
        let stored: [UInt8] = [0x01, 0x05, 0x00, 0xFA, 0xFF] + Array("hello".utf8)
        #expect(thrownError { () throws(InflateError) in _ = try inflate(stored, limit: 4) } != nil)
    }

    @Test("5,000 seeded random streams never trap and respect the cap")
    func randomStreams() {
        var random = SplitMix64(seed: 0xDEF1_A7E)
        for _ in 0..<5_000 {
            let count = Int.random(in: 0..<64, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            if let output = try? inflate(bytes, limit: 4096) { #expect(output.count <= 4096) }
        }
    }
}
