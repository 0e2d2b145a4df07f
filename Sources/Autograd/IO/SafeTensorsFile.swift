import Foundation

/// A safetensors file: named tensors, in order, and a string-to-string metadata map.
///
/// The layout is an 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each
/// tensor's `dtype`, `shape` and `data_offsets` (relative to the data buffer that follows the
/// header) plus an optional `__metadata__` object, then the data, little-endian and C-ordered.
/// Supported dtypes: F32, F64, I32, I64 and BOOL, held as ``NumPyArray`` values.
///
/// Reading trusts nothing: the header is limited to ``maximumHeaderSize`` bytes and must be a
/// JSON object whose tensors tile the data buffer exactly, without overlaps or holes, each range
/// matching its shape and dtype; any violation throws a ``SafeTensorsError`` that names it.
public struct SafeTensorsFile: Sendable, Equatable {
    /// The tensors, in header order.
    public private(set) var entries: [NumPyArchive.Entry] = []
    /// The `__metadata__` map, in header order.
    public var metadata: [(key: String, value: String)] = []
    private var positions: [String: Int] = [:]

    /// The largest header accepted: 100 MB.
    public static let maximumHeaderSize = 100_000_000

    /// Creates an empty file.
    public init() {}

    /// Creates a file of `entries` and `metadata`, rejecting repeated or reserved names.
    public init(_ entries: [NumPyArchive.Entry], metadata: [(key: String, value: String)] = []) throws(SafeTensorsError) {
        for entry in entries { try append(entry) }
        var keys: Set<String> = []
        for (key, _) in metadata where !keys.insert(key).inserted { throw .duplicateName(key) }
        self.metadata = metadata
    }

    /// The names of the tensors, in order.
    public var names: [String] { entries.map(\.name) }

    /// The tensor named `name`, if there is one.
    public subscript(name: String) -> NumPyArray? { positions[name].map { entries[$0].array } }

    /// Appends a tensor, rejecting a name already present and the reserved name `__metadata__`.
    public mutating func append(_ entry: NumPyArchive.Entry) throws(SafeTensorsError) {
        guard entry.name != "__metadata__" else { throw .reservedName(entry.name) }
        guard positions[entry.name] == nil else { throw .duplicateName(entry.name) }
        positions[entry.name] = entries.count
        entries.append(entry)
    }

    /// Two files are equal when their tensors (names, order, values) and metadata are equal.
    public static func == (lhs: SafeTensorsFile, rhs: SafeTensorsFile) -> Bool {
        lhs.entries == rhs.entries && lhs.metadata.elementsEqual(rhs.metadata) { $0 == $1 }
    }

    /// The safetensors spelling of a dtype.
    static func code(of dtype: NumPyDType) -> String {
        switch dtype {
        case .float32: return "F32"
        case .float64: return "F64"
        case .int32: return "I32"
        case .int64: return "I64"
        case .bool: return "BOOL"
        }
    }

    /// The dtype a safetensors code names, if supported.
    static func dtype(code: String) -> NumPyDType? {
        NumPyDType.allCases.first { Self.code(of: $0) == code }
    }
}

// MARK: - Reading

extension SafeTensorsFile {
    /// Reads the tensors and metadata of a safetensors file's bytes.
    public init(safetensorsData data: Data) throws(SafeTensorsError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw .truncatedHeaderLength(byteCount: bytes.count) }
        let declared = LittleEndianReader(bytes: bytes).integer(at: 0, size: 8)!
        guard declared <= UInt64(Self.maximumHeaderSize) else {
            throw .headerTooLarge(declared: declared, limit: Self.maximumHeaderSize)
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw .headerLengthPastEnd(declared: declared, available: bytes.count - 8)
        }
        let headerBytes = Array(bytes[8..<8 + headerLength])
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw .malformedHeader("the header must begin with '{'")
        }
        let header: JSONValue
        do {
            header = try JSONParser.parse(headerBytes)
        } catch {
            throw .malformedHeader(error.description)
        }
        guard case .object(let members) = header else { throw .malformedHeader("the header is not a JSON object") }

        let bufferStart = 8 + headerLength
        let bufferSize = bytes.count - bufferStart
        var described: [(name: String, dtype: NumPyDType, shape: [Int], count: Int, begin: Int, end: Int)] = []
        var seen: Set<String> = []
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw .duplicateName(name) }
            if name == "__metadata__" {
                metadata = try Self.metadata(from: value)
                continue
            }
            let info = try Self.tensorInfo(name: name, value: value, bufferSize: bufferSize)
            described.append((name, info.dtype, info.shape, info.count, info.begin, info.end))
        }

        // The ranges must tile the buffer: no overlaps, no holes, nothing left over.
        let ordered = described.indices.sorted {
            (described[$0].begin, described[$0].end) < (described[$1].begin, described[$1].end)
        }
        var covered = 0
        var previous: String?
        for index in ordered {
            let tensor = described[index]
            if tensor.begin < covered, let previous { throw .overlappingTensors(first: previous, second: tensor.name) }
            if tensor.begin > covered { throw .uncoveredBytes(offset: covered, count: tensor.begin - covered) }
            covered = tensor.end
            previous = tensor.name
        }
        if covered < bufferSize { throw .uncoveredBytes(offset: covered, count: bufferSize - covered) }

        for tensor in described {
            let elements = bytes.withUnsafeBytes { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[bufferStart + tensor.begin..<bufferStart + tensor.end])
                return NumPyElementCoding.decodeElements(source, dtype: tensor.dtype, count: tensor.count)
            }
            try append(NumPyArchive.Entry(name: tensor.name, array: NumPyArray(validatedShape: tensor.shape, elements: elements)))
        }
    }

    /// Reads a safetensors file; failures to read the file name its path.
    public init(contentsOf url: URL) throws(SafeTensorsError) {
        let data: Data
        do {
            data = try FileInput.read(url)
        } catch {
            throw .readFailed(path: url.path, reason: error.reason)
        }
        try self.init(safetensorsData: data)
    }

    /// The `__metadata__` object: string values only, unique keys.
    private static func metadata(from value: JSONValue) throws(SafeTensorsError) -> [(key: String, value: String)] {
        guard case .object(let pairs) = value else { throw .malformedHeader("__metadata__ is not an object") }
        var result: [(key: String, value: String)] = []
        var keys: Set<String> = []
        for (key, item) in pairs {
            guard keys.insert(key).inserted else { throw .duplicateName(key) }
            guard case .string(let text) = item else {
                throw .malformedHeader("__metadata__ value for '\(NumPyArchiveError.shown(key))' is not a string")
            }
            result.append((key, text))
        }
        return result
    }

    /// One tensor's description, validated against the buffer size.
    private static func tensorInfo(
        name: String, value: JSONValue, bufferSize: Int
    ) throws(SafeTensorsError) -> (dtype: NumPyDType, shape: [Int], count: Int, begin: Int, end: Int) {
        let shown = NumPyArchiveError.shown(name)
        guard case .object(let fields) = value else { throw .malformedHeader("tensor '\(shown)' is not described by an object") }
        func field(_ key: String) throws(SafeTensorsError) -> JSONValue {
            let matches = fields.filter { $0.0 == key }
            guard matches.count == 1 else {
                throw .malformedHeader("tensor '\(shown)' needs exactly one '\(key)' field (found \(matches.count))")
            }
            return matches[0].1
        }
        func integers(_ value: JSONValue, _ what: String) throws(SafeTensorsError) -> [Int] {
            guard case .array(let items) = value else { throw .malformedHeader("tensor '\(shown)': \(what) is not an array") }
            var result: [Int] = []
            for item in items {
                guard case .integer(let integer) = item, integer >= 0 else {
                    throw .malformedHeader("tensor '\(shown)': \(what) holds something other than a non-negative integer")
                }
                result.append(integer)
            }
            return result
        }
        guard case .string(let code) = try field("dtype") else {
            throw .malformedHeader("tensor '\(shown)': dtype is not a string")
        }
        guard let dtype = dtype(code: code) else { throw .unsupportedDType(name: name, dtype: code) }
        let shape = try integers(try field("shape"), "shape")
        let offsets = try integers(try field("data_offsets"), "data_offsets")
        guard offsets.count == 2 else {
            throw .malformedHeader("tensor '\(shown)': data_offsets has \(offsets.count) values, not 2")
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end, end <= bufferSize else {
            throw .offsetsOutOfRange(name: name, begin: begin, end: end, bufferSize: bufferSize)
        }
        let count: Int
        do {
            count = try NumPyArray.elementCount(of: shape)
        } catch {
            throw .invalidShape(name: name, detail: error.description)
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow else { throw .invalidShape(name: name, detail: "its byte size does not fit in Int") }
        guard byteCount == end - begin else { throw .sizeMismatch(name: name, expected: byteCount, actual: end - begin) }
        return (dtype, shape, count, begin, end)
    }
}

// MARK: - Writing

extension SafeTensorsFile {
    /// The bytes of the safetensors file: metadata first, tensors in order, header padded with spaces to 8 bytes.
    public func safetensorsData() -> Data {
        var members: [(String, JSONValue)] = []
        if !metadata.isEmpty {
            members.append(("__metadata__", .object(metadata.map { ($0.key, JSONValue.string($0.value)) })))
        }
        var offset = 0
        for entry in entries {
            let size = entry.array.count * entry.array.dtype.itemSize
            members.append((entry.name, .object([
                ("dtype", .string(Self.code(of: entry.array.dtype))),
                ("shape", .array(entry.array.shape.map { .integer($0) })),
                ("data_offsets", .array([.integer(offset), .integer(offset + size)])),
            ])))
            offset += size
        }
        var header = Array(JSONValue.object(members).serialized.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data(capacity: 8 + header.count + offset)
        data.appendLittleEndian(UInt64(header.count))
        data.append(contentsOf: header)
        for entry in entries { NumPyElementCoding.appendElements(entry.array.elements, to: &data) }
        return data
    }

    /// Writes the file atomically (a temporary file renamed into place).
    public func write(to url: URL) throws(SafeTensorsError) {
        do {
            try FileOutput.write(safetensorsData(), to: url)
        } catch {
            throw .writeFailed(path: url.path, reason: error.reason)
        }
    }
}
