import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How every writer in the package puts bytes into a file: arrays, archives, pictures, graphs.
///
/// A new or regular file is written to a temporary file beside it and renamed into place, so a
/// failure leaves the old file as it was and a reader never sees half a file. Renaming is right only
/// for regular files, though: over a symbolic link it would replace the link, and over a device
/// such as `/dev/null` (for a user who runs the tool as root) it would replace the device with a
/// plain file. So a link is followed and its target written the same way, and a device, pipe or
/// socket is written in place, as a shell's `>` does. A directory, a missing folder or a path
/// through a plain file is refused with a reason that says which.
package enum FileOutput {
    /// Writes `data` to `url` (see the type's comment); the error's reason follows the path in a message.
    package static func write(_ data: Data, to url: URL) throws(FileAccessError) {
        let path = destination(of: url.path)
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw FileAccessError(reason: "it is a directory")
            default: return try writeInPlace(data, to: path)
            }
        } else {
            try checkFolder(of: path)
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FileAccessError(describing: error)
        }
    }

    /// The path a write goes to: `path` itself, or the file a symbolic link at `path` leads to
    /// (followed even when that file does not exist yet, so that writing creates it behind the link).
    static func destination(of path: String) -> String {
        var current = path
        for _ in 0..<32 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = target.hasPrefix("/")
                ? target
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        return current
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
