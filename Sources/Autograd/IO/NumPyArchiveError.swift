import Foundation

/// Why reading or writing a NumPy `.npz` archive (a ZIP of `.npy` members) failed.
///
/// Every case prints a sentence that names the problem, so it can be shown to a user as it is.
public enum NumPyArchiveError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// No ZIP end-of-central-directory record was found: the data is not a ZIP archive.
    case notAZipArchive
    /// A ZIP structure is cut short or points outside the data; `detail` says which.
    case truncated(detail: String)
    /// A ZIP structure holds values that contradict each other or the format; `detail` says which.
    case malformed(detail: String)
    /// The archive spans several disks, which is not supported.
    case multiDiskUnsupported
    /// A member is encrypted, which is not supported.
    case encryptedMember(name: String)
    /// A member uses a compression method other than stored (0) or deflated (8).
    case unsupportedCompression(name: String, method: Int)
    /// A member's (or the archive's total) declared uncompressed size exceeds the reader's limit.
    case tooLarge(name: String, declared: Int, limit: Int)
    /// A member's declared sizes are impossible for its compression method (a zip-bomb signature).
    case implausibleSize(name: String, compressed: Int, uncompressed: Int)
    /// A member's deflate stream is corrupt.
    case corruptDeflate(name: String, reason: String)
    /// A member's data does not match its declared uncompressed size.
    case sizeMismatch(name: String, declared: Int, actual: Int)
    /// A member's data does not match its CRC-32.
    case checksumMismatch(name: String, declared: UInt32, actual: UInt32)
    /// Two members overlap in the archive.
    case overlappingMembers(first: String, second: String)
    /// A member's name does not end in `.npy`.
    case notAnArray(name: String)
    /// Two members hold an array of the same name.
    case duplicateName(String)
    /// A member is not a valid `.npy` array.
    case invalidArray(name: String, error: NumPyError)
    /// The archive is too large for a ZIP without ZIP64 extensions, which the writer does not produce.
    case tooLargeToWrite(detail: String)
    /// A file could not be read.
    case readFailed(path: String, reason: String)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)

    /// A one-sentence explanation naming the problem.
    public var description: String {
        switch self {
        case .notAZipArchive:
            return "not a .npz file: no ZIP end-of-central-directory record found"
        case .truncated(let detail):
            return "truncated ZIP archive: \(detail)"
        case .malformed(let detail):
            return "malformed ZIP archive: \(detail)"
        case .multiDiskUnsupported:
            return "multi-disk ZIP archives are not supported"
        case .encryptedMember(let name):
            return "member '\(Self.shown(name))' is encrypted, which is not supported"
        case .unsupportedCompression(let name, let method):
            return "member '\(Self.shown(name))' uses compression method \(method) (supported: 0 stored, 8 deflated)"
        case .tooLarge(let name, let declared, let limit):
            return "member '\(Self.shown(name))' declares \(declared) uncompressed bytes, over the limit of \(limit)"
        case .implausibleSize(let name, let compressed, let uncompressed):
            return "member '\(Self.shown(name))' declares \(uncompressed) uncompressed bytes from \(compressed) "
                + "compressed bytes, which its compression method cannot produce"
        case .corruptDeflate(let name, let reason):
            return "member '\(Self.shown(name))': corrupt deflate stream: \(reason)"
        case .sizeMismatch(let name, let declared, let actual):
            return "member '\(Self.shown(name))' declares \(declared) uncompressed bytes but holds \(actual)"
        case .checksumMismatch(let name, let declared, let actual):
            return "member '\(Self.shown(name))' fails its CRC-32 check (declared \(Self.hex(declared)), "
                + "computed \(Self.hex(actual)))"
        case .overlappingMembers(let first, let second):
            return "members '\(Self.shown(first))' and '\(Self.shown(second))' overlap"
        case .notAnArray(let name):
            return "member '\(Self.shown(name))' is not a .npy array (its name does not end in .npy)"
        case .duplicateName(let name):
            return "duplicate array name '\(Self.shown(name))'"
        case .invalidArray(let name, let error):
            return "member '\(Self.shown(name))': \(error.description)"
        case .tooLargeToWrite(let detail):
            return "cannot write a ZIP without ZIP64: \(detail)"
        case .readFailed(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        }
    }

    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// A name quoted from a hostile file: control characters escaped, long names shortened.
    static func shown(_ name: String) -> String {
        NumPyError.abbreviate(Self.escapingControlCharacters(name), limit: 80)
    }

    /// `name` with control characters written as `\u{..}` so one error stays on one line.
    static func escapingControlCharacters(_ name: String) -> String {
        DisplayText.escaped(name)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
