/// The meaning of a `.npy` header dictionary: element type and shape (C order, or Fortran order where the two layouts agree).
struct NumPyHeader: Equatable {
    /// The element type named by `descr`.
    var dtype: NumPyDType
    /// The dimensions named by `shape`.
    var shape: [Int]

    /// The keys every header has, and the only keys it may have.
    static let keys: Set<String> = ["descr", "fortran_order", "shape"]

    /// Creates a header from known-good values.
    init(dtype: NumPyDType, shape: [Int]) {
        self.dtype = dtype
        self.shape = shape
    }

    /// Parses and validates the header text (the bytes between the length field and the data).
    init(bytes: [UInt8], utf8: Bool) throws(NumPyError) {
        var parser = PythonLiteralParser(bytes: bytes, utf8: utf8)
        let entries = try parser.parseDictionary()
        let names = Set(entries.map(\.key))
        if let unknown = entries.first(where: { !Self.keys.contains($0.key) }) {
            throw .malformedHeader("unknown key '\(NumPyError.abbreviate(unknown.key))'")
        }
        if let missing = Self.keys.sorted().first(where: { !names.contains($0) }) {
            throw .malformedHeader("missing key '\(missing)'")
        }
        var descr = PythonLiteral.none
        var fortranOrder = PythonLiteral.none
        var shape = PythonLiteral.none
        for (key, value) in entries {
            switch key {
            case "descr": descr = value
            case "fortran_order": fortranOrder = value
            default: shape = value
            }
        }
        switch descr {
        case .string(let text):
            self.dtype = try NumPyDType(descr: text)
        case .list:
            throw .unsupportedDType(descr: "[...]", reason: "structured (record) dtypes are not supported")
        default:
            throw .malformedHeader("bad value for 'descr': expected a string, found \(Self.describe(descr))")
        }
        let isFortranOrder: Bool
        switch fortranOrder {
        case .bool(let value): isFortranOrder = value
        default:
            let found = Self.describe(fortranOrder)
            throw .malformedHeader("bad value for 'fortran_order': expected True or False, found \(found)")
        }
        guard case .tuple(let items) = shape else {
            throw .malformedHeader("bad value for 'shape': expected a tuple of integers, found \(Self.describe(shape))")
        }
        var dimensions: [Int] = []
        for item in items {
            switch item {
            case .int(let value):
                dimensions.append(value)
            case .bigInt(let text):
                throw .shapeOverflow(detail: "dimension \(NumPyError.abbreviate(text)) does not fit in Int")
            default:
                throw .malformedHeader("bad value for 'shape': expected integers, found \(Self.describe(item))")
            }
        }
        if dimensions.contains(where: { $0 < 0 }) { throw .negativeDimension(shape: dimensions) }
        // Column-major data is laid out as row-major when at most one axis is longer than 1 (a
        // vector, a column, a single number): only other shapes would need transposing.
        if isFortranOrder && dimensions.filter({ $0 > 1 }).count > 1 { throw .fortranOrderUnsupported }
        self.shape = dimensions
    }

    /// The header dictionary exactly as NumPy writes it, including the spare growth space but
    /// without the alignment padding and newline.
    var dictionaryText: String {
        let shapeText = NumPyError.tuple(shape)
        var text = "{'descr': '\(dtype.descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // NumPy leaves room for the first dimension to grow to 21 digits (GROWTH_AXIS_MAX_DIGITS).
        if let first = shape.first {
            text += String(repeating: " ", count: max(0, 21 - String(first).count))
        }
        return text
    }

    /// The complete preamble: magic, version, length and padded header, so the data starts at a
    /// multiple of 64. Uses version 1.0, or 2.0 when the header does not fit 65535 bytes, padding
    /// exactly as NumPy does (1 to 64 spaces, then a newline).
    static func encodedPreamble(dictionary: String) -> [UInt8] {
        let text = Array(dictionary.utf8)  // ASCII: a descr and integers
        let headerWithNewline = text.count + 1
        var version: UInt8 = 1
        var lengthBytes = 2
        if headerWithNewline + 64 - (10 + headerWithNewline) % 64 > Int(UInt16.max) {
            version = 2
            lengthBytes = 4
        }
        let padding = 64 - (8 + lengthBytes + headerWithNewline) % 64
        let length = headerWithNewline + padding
        require(length <= Int(UInt32.max), "npy header of \(length) bytes exceeds the format's 4 GiB limit")
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        out.reserveCapacity(8 + lengthBytes + length)
        for index in 0..<lengthBytes { out.append(UInt8(truncatingIfNeeded: length >> (8 * index))) }
        out += text
        out += [UInt8](repeating: 0x20, count: padding)
        out.append(0x0A)
        return out
    }

    /// A short rendering of a literal for error messages.
    private static func describe(_ value: PythonLiteral) -> String {
        switch value {
        case .string(let text): return "'\(NumPyError.abbreviate(text))'"
        case .bool(let flag): return flag ? "True" : "False"
        case .none: return "None"
        case .int(let number): return String(number)
        case .bigInt(let text): return NumPyError.abbreviate(text)
        case .tuple(let items): return "a tuple of \(items.count) items"
        case .list(let items): return "a list of \(items.count) items"
        }
    }
}
