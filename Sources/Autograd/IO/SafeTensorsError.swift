import Foundation

/// Why reading or writing a safetensors file failed.
///
/// Every case prints a sentence that names the problem, so it can be shown to a user as it is.
public enum SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The data is shorter than the 8-byte header length.
    case truncatedHeaderLength(byteCount: Int)
    /// The declared header length exceeds the limit of ``SafeTensorsFile/maximumHeaderSize``.
    case headerTooLarge(declared: UInt64, limit: Int)
    /// The declared header length runs past the end of the data.
    case headerLengthPastEnd(declared: UInt64, available: Int)
    /// The header is not valid JSON, or not the JSON object the format requires; `detail` says why.
    case malformedHeader(String)
    /// A tensor's dtype is not one of F32, F64, I32, I64, BOOL.
    case unsupportedDType(name: String, dtype: String)
    /// Two tensors (or two metadata keys) share a name.
    case duplicateName(String)
    /// A tensor's shape is invalid (negative, or too large to address); `detail` says why.
    case invalidShape(name: String, detail: String)
    /// A tensor's byte range does not match the size its shape and dtype need.
    case sizeMismatch(name: String, expected: Int, actual: Int)
    /// A tensor's byte range runs past the end of the data buffer.
    case offsetsOutOfRange(name: String, begin: Int, end: Int, bufferSize: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingTensors(first: String, second: String)
    /// The data buffer has bytes that no tensor covers (the format forbids holes).
    case uncoveredBytes(offset: Int, count: Int)
    /// A tensor name is not allowed (`__metadata__` names the metadata).
    case reservedName(String)
    /// A file could not be read.
    case readFailed(path: String, reason: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)

    /// A one-sentence explanation naming the problem.
    public var description: String {
        switch self {
        case .truncatedHeaderLength(let byteCount):
            return "not a safetensors file: \(byteCount) bytes is too short for the 8-byte header length"
        case .headerTooLarge(let declared, let limit):
            return "header length \(declared) exceeds the limit of \(limit) bytes"
        case .headerLengthPastEnd(let declared, let available):
            return "header length \(declared) runs past the end of the data (only \(available) bytes follow)"
        case .malformedHeader(let detail):
            return "malformed safetensors header: \(detail)"
        case .unsupportedDType(let name, let dtype):
            return "tensor '\(Self.shown(name))' has unsupported dtype '\(Self.shown(dtype))' "
                + "(supported: F32, F64, I32, I64, BOOL)"
        case .duplicateName(let name):
            return "duplicate name '\(Self.shown(name))' in the header"
        case .invalidShape(let name, let detail):
            return "tensor '\(Self.shown(name))' has an invalid shape: \(detail)"
        case .sizeMismatch(let name, let expected, let actual):
            return "tensor '\(Self.shown(name))': data_offsets span \(actual) bytes but its shape and dtype need \(expected)"
        case .offsetsOutOfRange(let name, let begin, let end, let bufferSize):
            return "tensor '\(Self.shown(name))': data_offsets [\(begin), \(end)] are out of range "
                + "(the data buffer holds \(bufferSize) bytes)"
        case .overlappingTensors(let first, let second):
            return "tensors '\(Self.shown(first))' and '\(Self.shown(second))' have overlapping data_offsets"
        case .uncoveredBytes(let offset, let count):
            return "the data buffer has \(count) bytes at offset \(offset) that no tensor covers"
        case .reservedName(let name):
            return "'\(Self.shown(name))' is reserved and cannot name a tensor"
        case .readFailed(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        }
    }

    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }

    private static func shown(_ text: String) -> String { NumPyArchiveError.shown(text) }
}
