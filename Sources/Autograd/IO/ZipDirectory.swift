import Foundation

/// Reads the central directory of a ZIP archive (PKWARE APPNOTE 6.3), trusting nothing in it.
enum ZipDirectory {
    /// One member as the central directory describes it, with its data located and bounds-checked.
    struct Member {
        var name: String
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var headerOffset: Int
        /// Where the member's (possibly compressed) bytes begin.
        var dataOffset: Int
    }

    private static let endSignature: UInt64 = 0x0605_4B50
    private static let zip64EndSignature: UInt64 = 0x0606_4B50
    private static let zip64LocatorSignature: UInt64 = 0x0706_4B50
    private static let centralSignature: UInt64 = 0x0201_4B50
    private static let localSignature: UInt64 = 0x0403_4B50
    /// DEFLATE's largest possible expansion: 258 bytes from two one-bit codes.
    static let maximumDeflateRatio = 1032

    /// The members of the archive in `reader`, in central-directory order, each validated.
    static func members(of reader: LittleEndianReader, maximumSize: Int) throws(NumPyArchiveError) -> [Member] {
        let (count, directoryOffset, directorySize, directoryLimit) = try endRecord(of: reader)
        let (directoryEnd, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        guard !overflow, directoryEnd <= directoryLimit else {
            throw .truncated(detail: "the central directory (\(directorySize) bytes at offset \(directoryOffset)) runs past its end record")
        }
        guard count <= directorySize / 46 else {
            throw .malformed(detail: "\(count) members cannot fit in a central directory of \(directorySize) bytes")
        }
        var members: [Member] = []
        members.reserveCapacity(count)
        var position = directoryOffset
        var total = 0
        for index in 0..<count {
            let member = try centralEntry(at: &position, end: directoryEnd, index: index, reader: reader, dataLimit: directoryOffset, maximumSize: maximumSize)
            total += member.uncompressedSize
            guard total <= maximumSize else { throw .tooLarge(name: "(all members)", declared: total, limit: maximumSize) }
            members.append(member)
        }
        // Members may not share bytes: overlapping entries are how the worst zip bombs multiply.
        let ordered = members.sorted { $0.headerOffset < $1.headerOffset }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.headerOffset < previous.dataOffset + previous.compressedSize {
            throw .overlappingMembers(first: previous.name, second: next.name)
        }
        return members
    }

    /// The uncompressed, checksum-verified bytes of `member`.
    static func contents(of member: Member, in reader: LittleEndianReader) throws(NumPyArchiveError) -> [UInt8] {
        let stored = reader.bytes[member.dataOffset..<member.dataOffset + member.compressedSize]
        let contents: [UInt8]
        if member.method == 0 {
            contents = Array(stored)
        } else {
            do {
                contents = try Inflate.decompress(Array(stored), maximumOutput: member.uncompressedSize)
            } catch {
                throw .corruptDeflate(name: member.name, reason: error.reason)
            }
        }
        guard contents.count == member.uncompressedSize else {
            throw .sizeMismatch(name: member.name, declared: member.uncompressedSize, actual: contents.count)
        }
        let crc = CRC32.checksum(contents)
        guard crc == member.crc else { throw .checksumMismatch(name: member.name, declared: member.crc, actual: crc) }
        return contents
    }

    // MARK: - End records

    /// The member count, central directory offset and size, and the offset the directory must end by.
    private static func endRecord(of reader: LittleEndianReader) throws(NumPyArchiveError) -> (Int, Int, Int, Int) {
        let bytes = reader.bytes
        guard bytes.count >= 22 else { throw .notAZipArchive }
        // The record is the last 22 bytes unless a comment (at most 65535 bytes) follows it.
        var found: Int?
        var candidate = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while candidate >= lowest {
            if reader.integer(at: candidate, size: 4) == endSignature,
               let commentLength = reader.integer(at: candidate + 20, size: 2),
               candidate + 22 + Int(commentLength) <= bytes.count {
                found = candidate
                break
            }
            candidate -= 1
        }
        guard let end = found else { throw .notAZipArchive }
        let field = { (offset: Int, size: Int) -> Int in Int(reader.integer(at: end + offset, size: size)!) }
        var (disk, directoryDisk, countOnDisk, count) = (field(4, 2), field(6, 2), field(8, 2), field(10, 2))
        var directorySize = field(12, 4)
        var directoryOffset = field(16, 4)
        var directoryLimit = end
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points to the 64-bit end record.
            let locator = end - 20
            guard locator >= 0, reader.integer(at: locator, size: 4) == zip64LocatorSignature,
                  let recordOffset = reader.integer(at: locator + 8, size: 8).flatMap({ Int(exactly: $0) }),
                  recordOffset <= locator - 56,
                  reader.integer(at: recordOffset, size: 4) == zip64EndSignature
            else { throw .malformed(detail: "the end record needs a ZIP64 end record, which is missing or misplaced") }
            let wide = { (offset: Int, size: Int) -> Int? in
                reader.integer(at: recordOffset + offset, size: size).flatMap { Int(exactly: $0) }
            }
            guard let d = wide(16, 4), let dd = wide(20, 4), let c1 = wide(24, 8), let c2 = wide(32, 8),
                  let size = wide(40, 8), let offset = wide(48, 8)
            else { throw .malformed(detail: "ZIP64 end record values do not fit in Int") }
            (disk, directoryDisk, countOnDisk, count, directorySize, directoryOffset) = (d, dd, c1, c2, size, offset)
            directoryLimit = recordOffset
        }
        guard disk == 0, directoryDisk == 0, countOnDisk == count else { throw .multiDiskUnsupported }
        return (count, directoryOffset, directorySize, directoryLimit)
    }

    // MARK: - Entries

    /// Reads the central directory entry at `position`, advancing past it, and locates its data.
    private static func centralEntry(
        at position: inout Int, end: Int, index: Int, reader: LittleEndianReader, dataLimit: Int, maximumSize: Int
    ) throws(NumPyArchiveError) -> Member {
        let start = position
        guard start <= end - 46, reader.integer(at: start, size: 4) == centralSignature else {
            throw .malformed(detail: "central directory entry \(index) is missing or has a bad signature")
        }
        let field = { (offset: Int, size: Int) -> Int in Int(reader.integer(at: start + offset, size: size)!) }
        let flags = field(8, 2), method = field(10, 2)
        let crc = UInt32(field(16, 4))
        var compressedSize = field(20, 4), uncompressedSize = field(24, 4)
        let nameLength = field(28, 2), extraLength = field(30, 2), commentLength = field(32, 2)
        var startDisk = field(34, 2)
        var headerOffset = field(42, 4)
        let entryEnd = start + 46 + nameLength + extraLength + commentLength
        guard entryEnd <= end else { throw .truncated(detail: "central directory entry \(index) runs past the directory") }
        position = entryEnd
        let nameBytes = reader.bytes[start + 46..<start + 46 + nameLength]
        let name = decodeName(nameBytes)

        // ZIP64 extra field (id 1): 8-byte values for whichever 4-byte fields hold 0xFFFFFFFF, in order.
        var extra = start + 46 + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let id = Int(reader.integer(at: extra, size: 2)!), size = Int(reader.integer(at: extra + 2, size: 2)!)
            guard extra + 4 + size <= extraEnd else {
                throw .malformed(detail: "an extra field of member '\(NumPyArchiveError.shown(name))' runs past its end")
            }
            if id == 1 {
                var cursor = extra + 4
                func next(_ width: Int) throws(NumPyArchiveError) -> Int {
                    guard cursor + width <= extra + 4 + size,
                          let value = reader.integer(at: cursor, size: width).flatMap({ Int(exactly: $0) })
                    else { throw .malformed(detail: "the ZIP64 field of member '\(NumPyArchiveError.shown(name))' is too short") }
                    cursor += width
                    return value
                }
                if uncompressedSize == 0xFFFF_FFFF { uncompressedSize = try next(8) }
                if compressedSize == 0xFFFF_FFFF { compressedSize = try next(8) }
                if headerOffset == 0xFFFF_FFFF { headerOffset = try next(8) }
                if startDisk == 0xFFFF { startDisk = try next(4) }
            }
            extra += 4 + size
        }

        guard flags & 1 == 0 else { throw .encryptedMember(name: name) }
        guard method == 0 || method == 8 else { throw .unsupportedCompression(name: name, method: method) }
        guard startDisk == 0 else { throw .multiDiskUnsupported }
        guard uncompressedSize <= maximumSize else {
            throw .tooLarge(name: name, declared: uncompressedSize, limit: maximumSize)
        }
        if method == 0 {
            guard compressedSize == uncompressedSize else {
                throw .malformed(detail: "stored member '\(NumPyArchiveError.shown(name))' declares \(compressedSize) "
                    + "compressed bytes but \(uncompressedSize) uncompressed")
            }
        } else {
            let (bound, overflow) = compressedSize.multipliedReportingOverflow(by: maximumDeflateRatio)
            guard overflow || uncompressedSize <= bound else {
                throw .implausibleSize(name: name, compressed: compressedSize, uncompressed: uncompressedSize)
            }
        }

        // The local header repeats the name; its own name and extra lengths place the data.
        guard headerOffset <= dataLimit - 30, reader.integer(at: headerOffset, size: 4) == localSignature else {
            throw .malformed(detail: "the local header of member '\(NumPyArchiveError.shown(name))' is missing or misplaced")
        }
        let localName = Int(reader.integer(at: headerOffset + 26, size: 2)!)
        let localExtra = Int(reader.integer(at: headerOffset + 28, size: 2)!)
        let dataOffset = headerOffset + 30 + localName + localExtra
        guard dataOffset <= dataLimit, compressedSize <= dataLimit - dataOffset else {
            throw .truncated(detail: "the data of member '\(NumPyArchiveError.shown(name))' (\(compressedSize) bytes) "
                + "runs past the start of the central directory")
        }
        guard reader.bytes[headerOffset + 30..<headerOffset + 30 + localName].elementsEqual(nameBytes) else {
            throw .malformed(detail: "the local header of member '\(NumPyArchiveError.shown(name))' names a different member")
        }
        return Member(
            name: name, method: method, crc: crc, compressedSize: compressedSize, uncompressedSize: uncompressedSize,
            headerOffset: headerOffset, dataOffset: dataOffset)
    }

    /// A member name: UTF-8 when valid (as NumPy writes), otherwise each byte as one Latin-1 character.
    private static func decodeName(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
