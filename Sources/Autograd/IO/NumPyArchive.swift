import Foundation

/// A NumPy `.npz` archive: named arrays, in order, stored as `<name>.npy` members of a ZIP file.
///
/// Reading accepts what `np.savez` (stored members, method 0) and `np.savez_compressed` (deflated
/// members, method 8) write, including their ZIP64 extra fields. Writing produces stored members
/// with correct CRC-32s, which `np.load` reads. Names are unique; the order of the archive is kept.
///
/// ```swift
/// var archive = NumPyArchive()
/// archive["weight"] = try NumPyArray([1, 2, 3, 4] as [Double], shape: [2, 2])
/// try archive.write(to: URL(fileURLWithPath: "model.npz"))
/// let again = try NumPyArchive(contentsOf: URL(fileURLWithPath: "model.npz"))
/// ```
public struct NumPyArchive: Sendable, Equatable {
    /// One named array of an archive.
    public struct Entry: Sendable, Equatable {
        /// The array's name: its member name without the `.npy` suffix.
        public var name: String
        /// The array.
        public var array: NumPyArray

        /// Creates an entry.
        public init(name: String, array: NumPyArray) {
            self.name = name
            self.array = array
        }
    }

    /// The arrays, in archive order.
    public private(set) var entries: [Entry] = []
    /// The position of each name in ``entries``.
    private var positions: [String: Int] = [:]

    /// The default limit on the uncompressed size of one member and of all members together: 2 GiB.
    public static let defaultMaximumSize = 1 << 31

    /// Creates an empty archive.
    public init() {}

    /// Creates an archive of `entries`, in order, rejecting a repeated name.
    public init(_ entries: [Entry]) throws(NumPyArchiveError) {
        for entry in entries {
            guard positions[entry.name] == nil else { throw .duplicateName(entry.name) }
            positions[entry.name] = self.entries.count
            self.entries.append(entry)
        }
    }

    /// The names of the arrays, in archive order.
    public var names: [String] { entries.map(\.name) }

    /// The array named `name`; setting replaces it in place or appends it, and `nil` removes it.
    public subscript(name: String) -> NumPyArray? {
        get { positions[name].map { entries[$0].array } }
        set {
            if let index = positions[name] {
                if let newValue {
                    entries[index].array = newValue
                } else {
                    entries.remove(at: index)
                    positions = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.name, $0) })
                }
            } else if let newValue {
                positions[name] = entries.count
                entries.append(Entry(name: name, array: newValue))
            }
        }
    }

    /// Two archives are equal when they hold equal arrays under the same names in the same order.
    public static func == (lhs: NumPyArchive, rhs: NumPyArchive) -> Bool { lhs.entries == rhs.entries }
}

// MARK: - Reading

extension NumPyArchive {
    /// Reads the arrays of a `.npz` file's bytes.
    ///
    /// Every offset and size is checked against the data before it is used, and no member may
    /// declare more than `maximumSize` uncompressed bytes (nor all members together), so a hostile
    /// archive fails with a ``NumPyArchiveError`` before any large allocation.
    public init(npzData data: Data, maximumSize: Int = defaultMaximumSize) throws(NumPyArchiveError) {
        let reader = LittleEndianReader(bytes: [UInt8](data))
        let members = try ZipDirectory.members(of: reader, maximumSize: maximumSize)
        for member in members {
            guard member.name.hasSuffix(".npy") else {
                throw .notAnArray(name: member.name)
            }
            let name = String(member.name.dropLast(4))
            let payload = try ZipDirectory.contents(of: member, in: reader)
            let array: NumPyArray
            do {
                array = try NumPyArray(npyData: Data(payload))
            } catch {
                throw .invalidArray(name: member.name, error: error)
            }
            guard positions[name] == nil else { throw .duplicateName(name) }
            positions[name] = entries.count
            entries.append(Entry(name: name, array: array))
        }
    }

    /// Reads a `.npz` file; failures to read the file name its path.
    public init(contentsOf url: URL, maximumSize: Int = defaultMaximumSize) throws(NumPyArchiveError) {
        let data: Data
        do {
            data = try FileInput.read(url)
        } catch {
            throw .readFailed(path: url.path, reason: error.reason)
        }
        try self.init(npzData: data, maximumSize: maximumSize)
    }
}

// MARK: - Writing

extension NumPyArchive {
    /// The bytes of a `.npz` file holding these arrays as stored (uncompressed) members, as `np.savez` writes.
    public func npzData() throws(NumPyArchiveError) -> Data {
        guard entries.count < 0xFFFF else { throw .tooLargeToWrite(detail: "\(entries.count) members (at most 65534)") }
        var archive = Data()
        var directory = Data()
        for entry in entries {
            let name = Array((entry.name + ".npy").utf8)
            guard name.count <= 0xFFFF else { throw .tooLargeToWrite(detail: "a member name of \(name.count) bytes") }
            let payload = entry.array.npyData()
            let offset = archive.count
            guard payload.count < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
                throw .tooLargeToWrite(detail: "member '\(NumPyArchiveError.shown(entry.name))' ends past 4 GiB")
            }
            let crc = CRC32.checksum(payload)
            // Bit 11: the name is UTF-8 (only needed, and only set, when it is not plain ASCII).
            let flags: UInt16 = name.allSatisfy { $0 < 0x80 } ? 0 : 0x0800
            // Local file header.
            archive.appendLittleEndian(UInt32(0x0403_4B50))
            Self.appendCommonFields(to: &archive, flags: flags, crc: crc, size: payload.count, nameLength: name.count)
            archive.append(contentsOf: name)
            archive.append(payload)
            // Central directory header.
            directory.appendLittleEndian(UInt32(0x0201_4B50))
            directory.appendLittleEndian(UInt16(20))  // made by: MS-DOS attributes, ZIP 2.0
            Self.appendCommonFields(to: &directory, flags: flags, crc: crc, size: payload.count, nameLength: name.count)
            directory.appendLittleEndian(UInt16(0))  // comment length
            directory.appendLittleEndian(UInt16(0))  // starting disk
            directory.appendLittleEndian(UInt16(0))  // internal attributes
            directory.appendLittleEndian(UInt32(0))  // external attributes
            directory.appendLittleEndian(UInt32(offset))
            directory.append(contentsOf: name)
        }
        let directoryOffset = archive.count
        guard directoryOffset + directory.count < 0xFFFF_FFFF else {
            throw .tooLargeToWrite(detail: "the archive is larger than 4 GiB")
        }
        archive.append(directory)
        // End of central directory record.
        archive.appendLittleEndian(UInt32(0x0605_4B50))
        archive.appendLittleEndian(UInt16(0))
        archive.appendLittleEndian(UInt16(0))
        archive.appendLittleEndian(UInt16(entries.count))
        archive.appendLittleEndian(UInt16(entries.count))
        archive.appendLittleEndian(UInt32(directory.count))
        archive.appendLittleEndian(UInt32(directoryOffset))
        archive.appendLittleEndian(UInt16(0))
        return archive
    }

    /// Writes the archive atomically (a temporary file renamed into place).
    public func write(to url: URL) throws(NumPyArchiveError) {
        let data = try npzData()
        do {
            try FileOutput.write(data, to: url)
        } catch {
            throw .writeFailed(path: url.path, reason: error.reason)
        }
    }

    /// The fields local and central headers share, from "version needed" to "extra field length".
    private static func appendCommonFields(to data: inout Data, flags: UInt16, crc: UInt32, size: Int, nameLength: Int) {
        data.appendLittleEndian(UInt16(20))  // version needed to extract: 2.0
        data.appendLittleEndian(flags)
        data.appendLittleEndian(UInt16(0))  // method: stored
        data.appendLittleEndian(UInt16(0))  // time 00:00:00
        data.appendLittleEndian(UInt16(0x21))  // date 1980-01-01, the earliest DOS date
        data.appendLittleEndian(crc)
        data.appendLittleEndian(UInt32(size))
        data.appendLittleEndian(UInt32(size))
        data.appendLittleEndian(UInt16(nameLength))
        data.appendLittleEndian(UInt16(0))  // extra field length
    }
}
