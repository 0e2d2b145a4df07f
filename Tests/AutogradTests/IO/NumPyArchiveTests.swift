import Foundation
import Testing
import AutogradTestSupport

@testable import Autograd

/// `.npz` archives: round trips, hand-made archives, hostile input and fuzzing.
@Suite("NumPy .npz archives")
struct NumPyArchiveTests {
    private func read(_ bytes: [UInt8], maximumSize: Int = NumPyArchive.defaultMaximumSize) throws(NumPyArchiveError) -> NumPyArchive {
        try NumPyArchive(npzData: Data(bytes), maximumSize: maximumSize)
    }

    /// Expects `bytes` to be rejected with a message containing every fragment.
    private func expectRejected(
        _ bytes: [UInt8], maximumSize: Int = NumPyArchive.defaultMaximumSize, _ fragments: String...,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = thrownError({ () throws(NumPyArchiveError) in _ = try read(bytes, maximumSize: maximumSize) }) else {
            Issue.record("accepted an invalid archive", sourceLocation: sourceLocation)
            return
        }
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    }

    private func npy(_ values: [Double]) throws -> [UInt8] { [UInt8](try NumPyArray(values).npyData()) }

    // MARK: - Round trips

    @Test("every dtype and shape survives a write and a read, in order")
    func roundTrip() throws {
        let entries = try ArchiveSamples.entries()
        let archive = try NumPyArchive(entries)
        let again = try NumPyArchive(npzData: try archive.npzData())
        #expect(again.names == entries.map(\.name))
        #expect(ArchiveSamples.bitwiseEqual(again.entries, entries))
        let directory = try ArchiveSamples.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("a.npz")
        try archive.write(to: url)
        #expect(ArchiveSamples.bitwiseEqual(try NumPyArchive(contentsOf: url).entries, entries))
        #expect(try NumPyArchive(npzData: try NumPyArchive().npzData()).entries.isEmpty)
    }

    @Test("the subscript appends, replaces and removes, keeping order")
    func subscripting() throws {
        var archive = NumPyArchive()
        archive["a"] = try NumPyArray([1] as [Double])
        archive["b"] = try NumPyArray([2] as [Double])
        archive["a"] = try NumPyArray([3] as [Double])
        #expect(archive.names == ["a", "b"])
        #expect(archive["a"]?.doubles() == [3])
        archive["a"] = nil
        #expect(archive.names == ["b"])
        #expect(archive["b"]?.doubles() == [2])
        #expect(archive["missing"] == nil)
        let duplicate = NumPyArchive.Entry(name: "x", array: try NumPyArray([1] as [Double]))
        #expect(thrownError { () throws(NumPyArchiveError) in _ = try NumPyArchive([duplicate, duplicate]) } == .duplicateName("x"))
    }

    @Test("deflated members (fixed Huffman) and stored members are both read")
    func deflatedMembers() throws {
        let first = try npy([1, 2, 3]), second = try npy((0..<300).map(Double.init))
        let archive = try read(ZipTestBuilder.archive([.deflated("a.npy", first), .stored("b.npy", second)]))
        #expect(archive.names == ["a", "b"])
        #expect(archive["a"]?.doubles() == [1, 2, 3])
        #expect(archive["b"]?.doubles() == (0..<300).map(Double.init))
    }

    // MARK: - Hostile input

    @Test("not a ZIP archive")
    func notZip() throws {
        expectRejected([], "no ZIP end-of-central-directory record")
        expectRejected(Array("hello, this is certainly not a zip archive".utf8), "not a .npz file")
        let valid = [UInt8](try NumPyArchive(try ArchiveSamples.entries()).npzData())
        expectRejected(Array(valid.dropLast(5)), "not a .npz file")
    }

    @Test("truncations anywhere fail with a named error, never a crash")
    func truncations() throws {
        let valid = [UInt8](try NumPyArchive(try ArchiveSamples.entries()).npzData())
        for length in stride(from: 0, to: valid.count, by: 7) {
            let error = thrownError { () throws(NumPyArchiveError) in _ = try read(Array(valid.prefix(length))) }
            #expect(error != nil, "accepted a truncation to \(length) bytes")
        }
        // Cutting out the middle moves the directory: offsets then point at the wrong bytes.
        var cut = valid
        cut.removeSubrange(40..<60)
        expectRejected(cut)
    }

    @Test("bad end-record and directory fields")
    func badDirectory() throws {
        let valid = ZipTestBuilder.archive([.stored("a.npy", try npy([1]))])
        let end = valid.count - 22
        var bytes = valid
        ArchiveSamples.patch(&bytes, at: end + 16, UInt32(0xFFFF_FF00))
        expectRejected(bytes, "the central directory")
        bytes = valid
        ArchiveSamples.patch(&bytes, at: end + 8, UInt16(0xFFFE))
        ArchiveSamples.patch(&bytes, at: end + 10, UInt16(0xFFFE))
        expectRejected(bytes, "cannot fit in a central directory")
        bytes = valid
        ArchiveSamples.patch(&bytes, at: end + 4, UInt16(1))
        expectRejected(bytes, "multi-disk")
        bytes = valid
        ArchiveSamples.patch(&bytes, at: end + 10, UInt16(0xFFFF))
        expectRejected(bytes, "ZIP64 end record")
        let directory = Int(ArchiveSamples.readUInt32(valid, at: end + 16))
        bytes = valid
        ArchiveSamples.patch(&bytes, at: directory, UInt32(0x1234_5678))
        expectRejected(bytes, "bad signature")
        bytes = valid
        ArchiveSamples.patch(&bytes, at: directory + 42, UInt32(0xFFFF_FFF0))
        expectRejected(bytes, "local header", "missing or misplaced")
        bytes = valid
        ArchiveSamples.patch(&bytes, at: directory + 28, UInt16(0xFFFF))
        expectRejected(bytes, "runs past the directory")
    }

    @Test("unsupported members: encrypted, other compression, not .npy, invalid .npy, duplicate")
    func unsupportedMembers() throws {
        let payload = try npy([1, 2])
        var member = ZipTestBuilder.Member.stored("a.npy", payload)
        member.flags = 1
        expectRejected(ZipTestBuilder.archive([member]), "'a.npy' is encrypted")
        member = .stored("a.npy", payload)
        member.method = 12
        expectRejected(ZipTestBuilder.archive([member]), "compression method 12")
        expectRejected(ZipTestBuilder.archive([.stored("notes.txt", Array("hi".utf8))]), "'notes.txt' is not a .npy array")
        expectRejected(ZipTestBuilder.archive([.stored("a.npy", Array("garbage".utf8))]), "member 'a.npy'", "bad magic")
        expectRejected(ZipTestBuilder.archive([.stored("a.npy", payload), .deflated("a.npy", payload)]), "duplicate array name 'a'")
    }

    @Test("sizes and checksums that lie")
    func lyingSizes() throws {
        let payload = try npy([1, 2, 3])
        var member = ZipTestBuilder.Member.stored("a.npy", payload)
        member.crc ^= 1
        expectRejected(ZipTestBuilder.archive([member]), "fails its CRC-32 check")
        member = .stored("a.npy", payload)
        member.uncompressedSize += 1
        expectRejected(ZipTestBuilder.archive([member]), "stored member 'a.npy' declares")
        member = .deflated("a.npy", payload)
        member.uncompressedSize += 10
        expectRejected(ZipTestBuilder.archive([member]), "declares \(payload.count + 10) uncompressed bytes but holds \(payload.count)")
        member = .deflated("a.npy", payload)
        member.uncompressedSize -= 10
        expectRejected(ZipTestBuilder.archive([member]), "corrupt deflate stream", "more than the declared")
        member = .deflated("a.npy", payload)
        member.stored[member.stored.count / 2] ^= 0xFF
        member.stored[0] = 0x07
        expectRejected(ZipTestBuilder.archive([member]), "corrupt deflate stream", "invalid block type 3")
        member = .deflated("a.npy", payload)
        member.stored.removeLast(4)
        expectRejected(ZipTestBuilder.archive([member]), "corrupt deflate stream")
    }

    @Test("zip-bomb declarations fail before any large allocation")
    func bombs() throws {
        // 4 GiB declared from a few bytes: over the default 2 GiB limit.
        var member = ZipTestBuilder.Member.deflated("a.npy", try npy([1]))
        member.uncompressedSize = 0xFFFF_FFF0
        expectRejected(ZipTestBuilder.archive([member]), "declares 4294967280 uncompressed bytes, over the limit")
        // With the limit raised, DEFLATE's 1032:1 bound still exposes the lie.
        expectRejected(ZipTestBuilder.archive([member]), maximumSize: 1 << 40, "which its compression method cannot produce")
        // Many members each under the limit, together over it.
        let payload = try npy(Array(repeating: 0, count: 100))
        let members = (0..<5).map { ZipTestBuilder.Member.stored("m\($0).npy", payload) }
        expectRejected(ZipTestBuilder.archive(members), maximumSize: payload.count * 4, "'(all members)'")
        // Two directory entries sharing one member's bytes (the overlapping-file construction).
        var twin = ZipTestBuilder.Member.stored("a.npy", payload)
        twin.offsetOverride = 0
        expectRejected(ZipTestBuilder.archive([.stored("a.npy", payload), twin]), "overlap")
    }

    // MARK: - Fuzzing

    @Test("3,000 seeded mutations of stored and deflated archives never trap")
    func fuzz() throws {
        let seeds: [[UInt8]] = [
            [UInt8](try NumPyArchive(try ArchiveSamples.entries()).npzData()),
            ZipTestBuilder.archive([.deflated("x.npy", try npy([1, 2, 3, 4])), .stored("y.npy", try npy([5]))]),
        ]
        var random = SplitMix64(seed: 0x0A2C_41FE)
        var accepted = 0
        for _ in 0..<3_000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &random)]
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
            case 2:
                let at = Int.random(in: 0..<bytes.count, using: &random)
                bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
            default:
                let at = Int.random(in: 0..<(bytes.count - 4), using: &random)
                let value: UInt32 = [0, 1, 0xFFFF, 0xFFFF_FFFF, 0x7FFF_FFFF, UInt32.random(in: 0...UInt32.max, using: &random)]
                    .randomElement(using: &random)!
                ArchiveSamples.patch(&bytes, at: at, value)
            }
            guard let archive = try? read(bytes, maximumSize: 1 << 20) else { continue }
            accepted += 1
            for entry in archive.entries { #expect(entry.array.isConsistent) }
            #expect(ArchiveSamples.bitwiseEqual(try NumPyArchive(npzData: try archive.npzData()).entries, archive.entries))
        }
        #expect(accepted > 0)
    }
}

extension ArchiveSamples {
    /// The little-endian `UInt32` at `offset`.
    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
