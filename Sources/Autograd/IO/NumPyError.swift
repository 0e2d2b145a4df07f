import Foundation

/// Why reading, building or writing a NumPy `.npy` array failed.
///
/// Every case prints a sentence that names the problem (see `description`), so a caller can show
/// the error to a user as it is.
public enum NumPyError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The data does not begin with the `\x93NUMPY` magic string.
    case badMagic
    /// The format version is not 1.0, 2.0 or 3.0.
    case unsupportedVersion(major: UInt8, minor: UInt8)
    /// The data ends before the fixed preamble (magic, version, header length) is complete.
    case truncatedHeader(byteCount: Int, needed: Int)
    /// The header length field points past the end of the data.
    case headerLengthPastEnd(declared: Int, available: Int)
    /// The header is not a valid dictionary with the keys `descr`, `fortran_order` and `shape`.
    case malformedHeader(String)
    /// The element type is not one of `<f4`, `<f8`, `<i4`, `<i8`, `|b1`; `reason` says why.
    case unsupportedDType(descr: String, reason: String)
    /// The array is stored in Fortran (column-major) order with more than one axis longer than 1,
    /// which is not supported (with at most one, the layout is the same as C order).
    case fortranOrderUnsupported
    /// The shape contains a negative dimension.
    case negativeDimension(shape: [Int])
    /// The shape's element count or byte size does not fit in `Int`; `detail` names the culprit.
    case shapeOverflow(detail: String)
    /// The data section holds fewer bytes than the header's shape and dtype require.
    case dataTooShort(expected: Int, actual: Int)
    /// The data section holds more bytes than the header's shape and dtype account for.
    case trailingBytes(expected: Int, actual: Int)
    /// The number of elements supplied does not match the product of the shape.
    case countMismatch(shape: [Int], count: Int)
    /// A file could not be read.
    case readFailed(path: String, reason: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)

    /// A one-sentence explanation naming the problem.
    public var description: String {
        switch self {
        case .badMagic:
            return "not a NumPy .npy file: bad magic (expected the bytes \\x93NUMPY at the start)"
        case .unsupportedVersion(let major, let minor):
            return "unsupported .npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)"
        case .truncatedHeader(let byteCount, let needed):
            return "truncated header: the data is \(byteCount) bytes but the .npy preamble needs \(needed)"
        case .headerLengthPastEnd(let declared, let available):
            return "header length \(declared) runs past the end of the data (only \(available) bytes follow)"
        case .malformedHeader(let detail):
            return "malformed header dictionary: \(detail)"
        case .unsupportedDType(let descr, let reason):
            return "unsupported dtype '\(descr)': \(reason) (supported: <f4, <f8, <i4, <i8, |b1)"
        case .fortranOrderUnsupported:
            return "fortran_order True (column-major data) is unsupported for more than one axis longer than 1; save a C-ordered array"
        case .negativeDimension(let shape):
            return "negative dimension in shape \(Self.shortTuple(shape))"
        case .shapeOverflow(let detail):
            return "shape overflow: \(detail)"
        case .dataTooShort(let expected, let actual):
            return "data too short: the shape needs \(expected) bytes of data but only \(actual) are present"
        case .trailingBytes(let expected, let actual):
            return "trailing bytes: the shape needs \(expected) bytes of data but \(actual) are present"
        case .countMismatch(let shape, let count):
            return "element count mismatch: shape \(Self.shortTuple(shape)) does not hold \(count) elements"
        case .readFailed(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        }
    }

    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// Shortens text quoted from a hostile file so error messages stay readable.
    static func abbreviate(_ text: String, limit: Int = 40) -> String {
        text.count > limit ? text.prefix(limit) + "..." : text
    }

    /// A shape as a Python tuple, shortened when it has very many dimensions.
    static func shortTuple(_ shape: [Int]) -> String { abbreviate(tuple(shape), limit: 80) }

    /// Formats a shape the way Python prints a tuple: `()`, `(5,)`, `(3, 4)`.
    static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
