import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How every reader in the package gets a file's bytes: arrays, archives, tables.
///
/// A regular file is read whole (not memory-mapped: a mapped file truncated by another process
/// would fault). A pipe or device (`<(…)` in a shell, `/dev/stdin`) is read as a stream, up to
/// ``streamLimit`` bytes, so that `/dev/zero` is an error rather than an allocation without end.
/// A missing file, a directory and an unreadable file are refused with a reason that says which,
/// where Foundation's own text is often only a domain and a code.
package enum FileInput {
    /// The most bytes read from a pipe or device: 1 GiB.
    package static let streamLimit = 1 << 30

    /// The contents of the file at `url`; the error's reason follows the path in a message.
    package static func read(_ url: URL) throws(FileAccessError) -> Data {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw errno == ENOENT ? FileAccessError(reason: "no such file") : FileAccessError(errorNumber: errno)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            do {
                return try Data(contentsOf: url)
            } catch {
                throw FileAccessError(describing: error)
            }
        case S_IFDIR:
            throw FileAccessError(reason: "it is a directory")
        default:
            return try readStream(url.path)
        }
    }

    /// A UTF-8 text file's contents.
    package static func readText(_ url: URL) throws(FileAccessError) -> String {
        let data = try read(url)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw FileAccessError(reason: "it is not UTF-8 text")
        }
        return text
    }

    /// Reads a pipe or device to its end, refusing more than ``streamLimit`` bytes.
    private static func readStream(_ path: String) throws(FileAccessError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileAccessError(errorNumber: errno) }
        defer { close(descriptor) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileAccessError(errorNumber: errno)
            }
            if count == 0 { return data }
            guard data.count + count <= streamLimit else {
                throw FileAccessError(reason: "it holds more than \(streamLimit) bytes")
            }
            data.append(contentsOf: chunk[0..<count])
        }
    }
}

/// The system's `read(2)`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
