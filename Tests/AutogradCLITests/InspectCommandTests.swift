import Autograd
import Foundation
import Testing

/// `autograd inspect`, run as a user runs it.
@Suite("autograd inspect")
struct InspectCommandTests {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-inspect-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func entries() throws -> [NumPyArchive.Entry] {
        [
            .init(name: "layers.0.weight", array: try NumPyArray([3, -1.5, 2, 0.25, .nan, 7] as [Double], shape: [2, 3])),
            .init(name: "bias", array: try NumPyArray([0.5, -2] as [Float])),
            .init(name: "counts", array: try NumPyArray(shape: [3], elements: .int64([4, -9, 12]))),
            .init(name: "mask", array: try NumPyArray(shape: [1, 2], elements: .bool([false, false]))),
            .init(name: "empty", array: try NumPyArray(shape: [0], elements: .float32([]))),
        ]
    }

    private let expectedLines = [
        "layers.0.weight  float64  [2, 3]  min=-1.5  max=7.0",
        "bias  float32  [2]  min=-2.0  max=0.5",
        "counts  int64  [3]  min=-9  max=12",
        "mask  bool  [1, 2]  min=false  max=false",
        "empty  float32  [0]  min=-  max=-",
    ]

    @Test("a file without a known extension is told by its first bytes: .npz, .safetensors and .npy content alike")
    func formatFromFirstBytes() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("archive.bin"), tensors = folder.appendingPathComponent("tensors.bin")
        try NumPyArchive(try entries()).write(to: archive)
        try SafeTensorsFile(try entries().filter { $0.array.shape != [0] }).write(to: tensors)
        let fromArchive = try ToolRunner.run(["inspect", archive.path])
        #expect(fromArchive.status == 0 && fromArchive.standardOutput == expectedLines.joined(separator: "\n") + "\n")
        let fromTensors = try ToolRunner.run(["inspect", tensors.path])
        #expect(fromTensors.status == 0 && fromTensors.standardOutput.contains("bias  float32  [2]  min=-2.0  max=0.5"))
        let single = folder.appendingPathComponent("single")
        try NumPyArray([1, 2] as [Double], shape: [2]).write(to: single)
        #expect(try ToolRunner.run(["inspect", single.path]).standardOutput == "array  float64  [2]  min=1.0  max=2.0\n")
        let text = folder.appendingPathComponent("notes.txt")
        try Data("hello".utf8).write(to: text)
        let refused = try ToolRunner.run(["inspect", text.path])
        #expect(refused.status == 2 && refused.standardError.hasSuffix("expected a .npy, .npz or .safetensors file (by its extension or its first bytes)\n"))
    }

    @Test("one line per array of an .npz file")
    func npz() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.npz")
        try NumPyArchive(try entries()).write(to: url)
        let outcome = try ToolRunner.run(["inspect", url.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput == expectedLines.joined(separator: "\n") + "\n")
    }

    @Test("metadata then one line per tensor of a safetensors file")
    func safetensors() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try SafeTensorsFile(try entries(), metadata: [("format", "pt")]).write(to: url)
        let outcome = try ToolRunner.run(["inspect", url.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput == (["metadata format = pt"] + expectedLines).joined(separator: "\n") + "\n")
    }

    @Test("a .npy file is one array named after the file")
    func npy() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("weights.npy")
        try NumPyArray([1, 2, 3] as [Double]).write(to: url)
        let outcome = try ToolRunner.run(["inspect", url.path])
        #expect(outcome.standardOutput == "weights  float64  [3]  min=1.0  max=3.0\n")
    }

    @Test("bad files, unknown extensions and missing files exit 2 with one error line")
    func errors() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.safetensors")
        try Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B]).write(to: bad)
        let corrupt = folder.appendingPathComponent("bad.npz")
        try Data("not a zip".utf8).write(to: corrupt)
        let cases: [([String], String)] = [
            (["inspect", bad.path], "exceeds the limit of 100000000 bytes"),
            (["inspect", corrupt.path], "not a .npz file"),
            (["inspect", folder.appendingPathComponent("model.txt").path], "cannot read \(folder.path)/model.txt: no such file"),
            (["inspect", folder.appendingPathComponent("absent.npz").path], "cannot read"),
        ]
        for (arguments, fragment) in cases {
            let outcome = try ToolRunner.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.standardOutput.isEmpty)
            #expect(outcome.standardError.hasPrefix("error: ") && outcome.standardError.contains(fragment), "\(outcome.standardError)")
            #expect(outcome.standardError.split(separator: "\n").count == 1)
        }
    }
}
