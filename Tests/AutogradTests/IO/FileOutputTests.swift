import Foundation
import Testing
@testable import Autograd

#if canImport(Glibc)
import Glibc
#endif

/// `FileOutput`, under every writer: a regular file is replaced whole, a link keeps pointing at the
/// file it names, a pipe or device is written in place, and what cannot be written is named.
@Suite("Writing files")
struct FileOutputTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func fileType(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    /// Expects `attempt` to throw a ``FileAccessError`` with `reason`.
    static func expectRefused(_ reason: String, _ attempt: () throws(FileAccessError) -> Void) {
        do {
            try attempt()
            Issue.record("no error; expected '\(reason)'")
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test("a new file, then a regular file replaced with new contents")
    func regularFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("a.bin")
        try FileOutput.write(Data([1, 2, 3]), to: url)
        try FileOutput.write(Data([4, 5]), to: url)
        #expect(try Data(contentsOf: url) == Data([4, 5]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.bin"], "no temporary file left")
    }

    @Test("through a symbolic link the file it names is written and the link stays a link, even when that file is new")
    func symbolicLink() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("target.bin"), link = directory.appendingPathComponent("link.bin")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.bin")
        try FileOutput.write(Data([7]), to: link)
        #expect(Self.fileType(link.path) == S_IFLNK)
        #expect(try Data(contentsOf: target) == Data([7]))
        try FileOutput.write(Data([8, 9]), to: link)
        #expect(Self.fileType(link.path) == S_IFLNK)
        #expect(try Data(contentsOf: target) == Data([8, 9]))
    }

    @Test("a named pipe is written in place, not replaced by a plain file")
    func namedPipe() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipe = directory.appendingPathComponent("pipe")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        // A reader opened first (without blocking), so that opening the pipe to write returns at once.
        let reader = open(pipe.path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try FileOutput.write(Data("through the pipe".utf8), to: pipe)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "through the pipe")
        #expect(Self.fileType(pipe.path) == S_IFIFO)
    }

    @Test("a directory, a missing folder and a path through a plain file are refused, each with its reason")
    func refusals() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("plain.txt")
        try Data("kept".utf8).write(to: plain)
        let cases: [(URL, String)] = [
            (directory, "it is a directory"),
            (directory.appendingPathComponent("missing/a.bin"), "the folder \(directory.path)/missing does not exist"),
            (plain.appendingPathComponent("a.bin"), "\(plain.path) is not a folder"),
        ]
        for (url, reason) in cases {
            Self.expectRefused(reason) { () throws(FileAccessError) in try FileOutput.write(Data([1]), to: url) }
        }
        #expect(try String(contentsOf: plain, encoding: .utf8) == "kept")
        // A path ending in '/', and a link that leads to itself, are refused too; nothing is written.
        let slashed = URL(fileURLWithPath: directory.path + "/slash.dot/")
        Self.expectRefused("the path ends in '/', so it names a folder, not a file") { () throws(FileAccessError) in
            try FileOutput.write(Data([1]), to: slashed)
        }
        let loop = directory.appendingPathComponent("loop.dot")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop.dot")
        Self.expectRefused(String(cString: strerror(ELOOP))) { () throws(FileAccessError) in try FileOutput.write(Data([1]), to: loop) }
        #expect(Self.fileType(loop.path) == S_IFLNK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["loop.dot", "plain.txt"])
    }

    @Test("a replaced file keeps its permissions; a file the user may not write is refused and kept")
    func permissions() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("private.bin")
        try FileOutput.write(Data([1]), to: url)
        #expect(chmod(url.path, 0o600) == 0)
        try FileOutput.write(Data([2, 3]), to: url)
        var status = stat()
        #expect(stat(url.path, &status) == 0 && status.st_mode & 0o7777 == 0o600)
        #expect(try Data(contentsOf: url) == Data([2, 3]))
        #expect(chmod(url.path, 0o444) == 0)
        defer { chmod(url.path, 0o644) }
        // Root may write anything, as with a shell's `>`.
        if getuid() != 0 {
            Self.expectRefused(String(cString: strerror(EACCES))) { () throws(FileAccessError) in try FileOutput.write(Data([4]), to: url) }
            #expect(try Data(contentsOf: url) == Data([2, 3]))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["private.bin"], "no temporary file left")
    }

    @Test("/dev/fd/N writes to the open descriptor itself, after what was already written there")
    func openDescriptorPaths() throws {
        #expect(FileOutput.openDescriptor(named: "/dev/stdout") == 1 && FileOutput.openDescriptor(named: "/dev/stderr") == 2)
        #expect(FileOutput.openDescriptor(named: "/proc/self/fd/7") == 7 && FileOutput.openDescriptor(named: "/dev/fdx") == nil)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("shared.txt")
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        #expect(write(descriptor, "before ", 7) == 7)
        try FileOutput.write(Data("graph".utf8), to: URL(fileURLWithPath: "/dev/fd/\(descriptor)"))
        #expect(write(descriptor, " after", 6) == 6)
        #expect(try String(contentsOf: file, encoding: .utf8) == "before graph after")
        #expect(Self.fileType(file.path) == S_IFREG)
    }
}

/// `FileInput`, under every reader: a regular file whole, a pipe as a stream, and what cannot be
/// read named with its reason.
@Suite("Reading files")
struct FileInputTests {
    @Test("a regular file, then a pipe, are read whole")
    func regularFileAndPipe() throws {
        let directory = try FileOutputTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a.bin")
        try Data([1, 2, 3]).write(to: file)
        #expect(try FileInput.read(file) == Data([1, 2, 3]))
        // A pipe whose writer has written and closed: read to its end.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let bytes: [UInt8] = Array("piped".utf8)
        #expect(write(ends[1], bytes, bytes.count) == bytes.count)
        close(ends[1])
        defer { close(ends[0]) }
        #expect(try FileInput.read(URL(fileURLWithPath: "/proc/self/fd/\(ends[0])")) == Data(bytes))
    }

    @Test("a missing file, a directory and text that is not UTF-8 are refused, each with its reason")
    func refusals() throws {
        let directory = try FileOutputTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("latin1.csv")
        try Data([0x61, 0xE9, 0x0A]).write(to: binary)
        FileOutputTests.expectRefused("no such file") { () throws(FileAccessError) in
            _ = try FileInput.read(directory.appendingPathComponent("absent"))
        }
        FileOutputTests.expectRefused("it is a directory") { () throws(FileAccessError) in _ = try FileInput.read(directory) }
        FileOutputTests.expectRefused("it is not UTF-8 text") { () throws(FileAccessError) in _ = try FileInput.readText(binary) }
    }
}
