import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How every writer in the package puts bytes into a file: arrays, archives, pictures, graphs.
///
/// A new or regular file is written to a temporary file beside it and renamed into place, so a
/// failure leaves the old file as it was and a reader never sees half a file; the new file keeps
/// the old one's permissions (and, for root, its owner), and a file the user may not write is
/// refused, as a shell's `>` refuses it. (Another hard link to the old file keeps the old contents.)
/// Renaming is right only for regular files, though: over a symbolic link it would replace the
/// link, and over a device such as `/dev/null` (for a user who runs the tool as root) it would
/// replace the device with a plain file. So a link is followed and its target written the same way,
/// a device, pipe or socket is written in place, and `/dev/stdout`, `/dev/stderr` and `/dev/fd/N`
/// write to the process's own descriptor, after its buffered output, as `>` does. A directory, a
/// path ending in `/`, a missing folder, a loop of links or a path through a plain file is refused
/// with a reason that says which.
package enum FileOutput {
    /// Writes `data` to `url` (see the type's comment); the error's reason follows the path in a message.
    package static func write(_ data: Data, to url: URL) throws(FileAccessError) {
        guard !url.hasDirectoryPath else { throw FileAccessError(reason: "the path ends in '/', so it names a folder, not a file") }
        let path = try destination(of: url.path)
        if let descriptor = openDescriptor(named: path) {
            // The process's buffered output first, so that the two arrive in order.
            fflush(nil)
            if let failure = writeAll(data, to: descriptor) { throw FileAccessError(errorNumber: failure) }
            return
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard errno == ENOENT || errno == ENOTDIR else { throw FileAccessError(errorNumber: errno) }
            try checkFolder(of: path)
            return try replace(path, with: data, keeping: nil)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            guard access(path, W_OK) == 0 else { throw FileAccessError(errorNumber: errno) }
            try replace(path, with: data, keeping: status)
        case S_IFDIR: throw FileAccessError(reason: "it is a directory")
        default: try writeInPlace(data, to: path)
        }
    }

    /// The path a write goes to: `path` itself, or the file a symbolic link at `path` leads to
    /// (followed even when that file does not exist yet, so that writing creates it behind the link),
    /// stopping at a name of an open descriptor (`/dev/stdout` leads to `/proc/self/fd/1`, and on
    /// to whatever that descriptor is, which is not a path to write to).
    static func destination(of path: String) throws(FileAccessError) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard openDescriptor(named: current) == nil, lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else {
                return current
            }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = target.hasPrefix("/")
                ? target
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        throw FileAccessError(errorNumber: ELOOP)
    }

    /// The descriptor a path names: 1 for `/dev/stdout`, 2 for `/dev/stderr`, N for `/dev/fd/N` and
    /// `/proc/self/fd/N`; nil for any other path.
    static func openDescriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// Writes `data` to a temporary file beside `path` and renames it over `path`, with the
    /// permissions (and, where allowed, the owner) of the file it replaces, `existing`.
    private static func replace(_ path: String, with data: Data, keeping existing: stat?) throws(FileAccessError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, existing.map { $0.st_mode & 0o7777 } ?? 0o666)
        guard descriptor >= 0 else { throw FileAccessError(errorNumber: errno) }
        if let existing {
            // The mode asked for above passed through the umask; the old file's is restored as it was.
            _ = fchown(descriptor, existing.st_uid, existing.st_gid)
            _ = fchmod(descriptor, existing.st_mode & 0o7777)
        }
        var failure = writeAll(data, to: descriptor)
        if close(descriptor) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw FileAccessError(errorNumber: failure)
        }
    }

    /// Throws when the folder that would hold a new file at `path` is missing or is not a folder.
    private static func checkFolder(of path: String) throws(FileAccessError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var status = stat()
        guard stat(folder, &status) == 0 else {
            throw FileAccessError(reason: "the folder \(folder) does not exist")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw FileAccessError(reason: "\(folder) is not a folder")
        }
    }

    /// Writes to a device, pipe or socket as it is (it cannot be replaced by a rename).
    private static func writeInPlace(_ data: Data, to path: String) throws(FileAccessError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileAccessError(errorNumber: errno) }
        defer { close(descriptor) }
        if let failure = writeAll(data, to: descriptor) { throw FileAccessError(errorNumber: failure) }
    }

    /// Writes all of `data` to an open descriptor, retrying after interruptions; the error number
    /// of a failed write, nil when everything was written.
    package static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return written < 0 ? errno : EIO
                }
            }
            return nil
        }
    }
}

/// Why ``FileOutput`` could not write a file, or ``FileInput`` read one.
package struct FileAccessError: Error, CustomStringConvertible {
    /// What went wrong, to follow the file's path in a message.
    package let reason: String
    package var description: String { reason }

    /// An error with `reason`.
    package init(reason: String) { self.reason = reason }

    /// The system's message for an error number (`errno`).
    package init(errorNumber: Int32) { reason = String(cString: strerror(errorNumber)) }

    /// A Foundation error in words: the system's message for its error number when it kept one
    /// (Foundation's own text for such errors is often only a domain and a code).
    package init(describing error: any Error) {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain {
            self.init(errorNumber: Int32(nsError.code))
        } else if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            self.init(describing: underlying)
        } else {
            self.init(reason: nsError.localizedDescription)
        }
    }
}

/// The system's `write(2)` (named apart from ``FileOutput/write(_:to:)``).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
