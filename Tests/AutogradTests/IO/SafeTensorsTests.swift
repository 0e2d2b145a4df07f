import Foundation
import Testing
import AutogradTestSupport

@testable import Autograd

/// safetensors files: round trips, hostile input and fuzzing.
@Suite("safetensors files")
struct SafeTensorsTests {
    /// A file with a header given as text (padded to 8 bytes unless `pad` is false) and raw data.
    private func file(_ header: String, data: [UInt8] = [], pad: Bool = true) -> [UInt8] {
        var text = Array(header.utf8)
        while pad && text.count % 8 != 0 { text.append(0x20) }
        return ArchiveSamples.littleEndian(UInt64(text.count)) + text + data
    }

    private func expectRejected(_ bytes: [UInt8], _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = thrownError({ () throws(SafeTensorsError) in _ = try SafeTensorsFile(safetensorsData: Data(bytes)) }) else {
            Issue.record("accepted an invalid file", sourceLocation: sourceLocation)
            return
        }
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("every dtype and shape, with metadata, survives a write and a read")
    func roundTrip() throws {
        let entries = try ArchiveSamples.entries()
        let original = try SafeTensorsFile(entries, metadata: [("format", "pt"), ("note", "quote \" and\nnewline é")])
        let bytes = original.safetensorsData()
        let headerLength = Int(ArchiveSamples.readUInt32([UInt8](bytes), at: 0))
        #expect(headerLength % 8 == 0)
        let again = try SafeTensorsFile(safetensorsData: bytes)
        #expect(again.names == entries.map(\.name))
        #expect(ArchiveSamples.bitwiseEqual(again.entries, entries))
        #expect(again.metadata.map(\.key) == ["format", "note"])
        #expect(again.metadata.map(\.value) == ["pt", "quote \" and\nnewline é"])
        #expect(again["ints"]?.elements == .int32([.min, .max, 0]))
        let directory = try ArchiveSamples.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("t.safetensors")
        try original.write(to: url)
        #expect(ArchiveSamples.bitwiseEqual(try SafeTensorsFile(contentsOf: url).entries, entries))
        #expect(try SafeTensorsFile(safetensorsData: SafeTensorsFile().safetensorsData()).entries.isEmpty)
    }

    @Test("a hand-written header: offsets out of header order, escapes, whitespace")
    func handWritten() throws {
        let data = ArchiveSamples.littleEndian(Float(2).bitPattern) + ArchiveSamples.littleEndian(Int64(-3))
        let header = #"{ "b" : {"dtype":"I64","shape":[],"data_offsets":[4,12]}, "a\u00e9\n": {"dtype":"F32","shape":[1],"data_offsets":[0,4]} } "#
        let file = try SafeTensorsFile(safetensorsData: Data(file(header, data: data)))
        #expect(file.names == ["b", "aé\n"])
        #expect(file["b"]?.elements == .int64([-3]))
        #expect(file["aé\n"]?.elements == .float32([2]))
    }

    @Test("the container: short files, header length limits")
    func container() {
        expectRejected([], "too short for the 8-byte header length")
        expectRejected([1, 0, 0], "too short")
        expectRejected(ArchiveSamples.littleEndian(UInt64.max) + Array("{}".utf8), "exceeds the limit of 100000000 bytes")
        expectRejected(ArchiveSamples.littleEndian(UInt64(100_000_001)), "exceeds the limit")
        expectRejected(ArchiveSamples.littleEndian(UInt64(64)) + Array("{}".utf8), "header length 64 runs past the end", "only 2 bytes")
        expectRejected(file("[]"), "must begin with '{'")
        expectRejected(file("{\"a\": ", pad: false), "malformed safetensors header", "at byte")
        expectRejected(file("{} x"), "unexpected text after the JSON value")
        expectRejected(file(String(repeating: "{\"a\":", count: 100) + "1" + String(repeating: "}", count: 100)), "nested deeper")
        expectRejected(ArchiveSamples.littleEndian(UInt64(8)) + [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D, 0x20], "not valid UTF-8")
        expectRejected(file("{\"a\": \"\u{01}\"}"), "control character")
    }

    @Test("tensor descriptions that lie")
    func lyingTensors() {
        let eight = [UInt8](repeating: 0, count: 8)
        expectRejected(file(#"{"a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}"#, data: eight), "unsupported dtype 'F16'")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: eight), "non-negative integer")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}"#, data: eight), "out of range", "holds 8 bytes")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: eight), "out of range")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eight), "span 8 bytes but", "need 12")
        expectRejected(file(#"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, data: eight), "invalid shape")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), "overlapping")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), "4 bytes at offset 0 that no tensor covers")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: eight), "4 bytes at offset 4")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), "duplicate name 'a'")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[2]}}"#, data: eight), "exactly one 'data_offsets'")
        expectRejected(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,9]}}"#, data: eight), "has 3 values")
        expectRejected(file(#"{"a":[1]}"#), "not described by an object")
        expectRejected(file(#"{"__metadata__":{"k":1}}"#), "__metadata__ value for 'k' is not a string")
        expectRejected(file(#"{"__metadata__":{"k":"1","k":"2"}}"#), "duplicate name 'k'")
        expectRejected(file(#"{"__metadata__":[]}"#), "__metadata__ is not an object")
        let reserved = NumPyArchive.Entry(name: "__metadata__", array: try! NumPyArray([1] as [Double]))
        #expect(thrownError { () throws(SafeTensorsError) in _ = try SafeTensorsFile([reserved]) } == .reservedName("__metadata__"))
    }

    @Test("3,000 seeded mutations never trap; accepted files are consistent")
    func fuzz() throws {
        let seeds: [[UInt8]] = [
            [UInt8](try SafeTensorsFile(try ArchiveSamples.entries(), metadata: [("k", "v")]).safetensorsData()),
            [UInt8](try SafeTensorsFile([.init(name: "w", array: try NumPyArray([1, 2] as [Float]))]).safetensorsData()),
        ]
        var random = SplitMix64(seed: 0x5AFE_7E45)
        var accepted = 0
        for _ in 0..<3_000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            case 2:
                // Digits and JSON punctuation inside the header, where they change the most.
                let at = Int.random(in: 8..<min(bytes.count, 300), using: &random)
                bytes[at] = Array("0123456789[]{},:\"-".utf8).randomElement(using: &random)!
            default:
                let value: UInt64 = [0, 1, 7, UInt64.max, 100_000_000, UInt64(bytes.count)].randomElement(using: &random)!
                ArchiveSamples.patch(&bytes, at: 0, value)
            }
            guard let file = try? SafeTensorsFile(safetensorsData: Data(bytes)) else { continue }
            accepted += 1
            for entry in file.entries { #expect(entry.array.isConsistent) }
            let again = try SafeTensorsFile(safetensorsData: file.safetensorsData())
            #expect(ArchiveSamples.bitwiseEqual(again.entries, file.entries))
        }
        #expect(accepted > 0)
    }
}
