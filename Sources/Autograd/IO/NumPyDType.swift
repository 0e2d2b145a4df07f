/// A NumPy element type that `.npy` reading and writing supports; the raw value is its descr string.
public enum NumPyDType: String, Sendable, Hashable, CaseIterable {
    /// 32-bit IEEE float, little-endian (`<f4`, NumPy `float32`).
    case float32 = "<f4"
    /// 64-bit IEEE float, little-endian (`<f8`, NumPy `float64`).
    case float64 = "<f8"
    /// 32-bit signed integer, little-endian (`<i4`, NumPy `int32`).
    case int32 = "<i4"
    /// 64-bit signed integer, little-endian (`<i8`, NumPy `int64`).
    case int64 = "<i8"
    /// Boolean stored as one byte, 0 or 1 (`|b1`, NumPy `bool`).
    case bool = "|b1"

    /// The descr string NumPy writes in the header, for example `<f8`.
    public var descr: String { rawValue }

    /// The number of bytes one element occupies in the file.
    public var itemSize: Int {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .bool: return 1
        }
    }

    /// Parses a header's descr string, accepting the spellings NumPy itself reads the same way.
    ///
    /// The byte-order character may be `<`; for the one-byte `b1` any of `<`, `>`, `|`, `=`; and on a
    /// little-endian host `=`, `|` or no character at all, which NumPy takes to mean native order.
    /// Everything else fails with a reason: big-endian data, complex numbers, objects, strings, ...
    init(descr fullDescr: String) throws(NumPyError) {
        let descr = NumPyError.abbreviate(fullDescr)
        var rest = Substring(fullDescr)
        var order: Character = "="
        if let first = rest.first, "<>|=".contains(first) {
            order = first
            rest = rest.dropFirst()
        }
        guard let kind = rest.first else {
            throw .unsupportedDType(descr: descr, reason: "empty type code")
        }
        let size = rest.dropFirst()
        let shownSize = NumPyError.abbreviate(String(size), limit: 12)
        let candidates: [(Character, Substring, NumPyDType)] = [
            ("f", "4", .float32), ("f", "8", .float64), ("i", "4", .int32), ("i", "8", .int64), ("b", "1", .bool),
        ]
        guard let match = candidates.first(where: { $0.0 == kind && $0.1 == size })?.2 else {
            throw .unsupportedDType(descr: descr, reason: Self.reason(kind: kind, size: shownSize))
        }
        if match.itemSize > 1 {
            switch order {
            case "<":
                break
            case ">":
                throw .unsupportedDType(descr: descr, reason: "big-endian byte order is not supported")
            default:
                guard Self.hostIsLittleEndian else {
                    throw .unsupportedDType(
                        descr: descr, reason: "native byte order '\(order)' is ambiguous on a big-endian host")
                }
            }
        }
        self = match
    }

    /// Whether this machine stores integers little-endian first.
    static var hostIsLittleEndian: Bool {
        #if _endian(little)
        return true
        #else
        return false
        #endif
    }

    /// Explains why a type code is not supported, naming the kind of data it holds.
    private static func reason(kind: Character, size: String) -> String {
        switch kind {
        case "f": return "\(size)-byte floats are not supported (only 4 and 8)"
        case "i": return "\(size)-byte integers are not supported (only 4 and 8)"
        case "b": return "\(size)-byte booleans are not supported (only 1)"
        case "u": return "unsigned integers are not supported"
        case "c": return "complex numbers are not supported"
        case "O": return "Python objects (pickled data) are not supported"
        case "U": return "Unicode strings are not supported"
        case "S", "a": return "byte strings are not supported"
        case "V": return "raw or structured (void) records are not supported"
        case "M": return "datetimes are not supported"
        case "m": return "timedeltas are not supported"
        default: return "unknown type code '\(kind)'"
        }
    }
}
