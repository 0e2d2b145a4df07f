import Foundation
import Testing

@testable import Autograd

/// `.npz`, DEFLATE and safetensors files exchanged with the real NumPy and zlib, both ways.
///
/// Skipped (with the reason printed) when `python3` or NumPy is not installed.
@Suite(
    "NumPy .npz and safetensors interoperability", .serialized,
    .enabled(if: NumPyPythonRunner.numpyAvailable, "python3 with NumPy is not available")
)
struct ArchiveInteropTests {
    @Test("np.savez, np.savez_compressed, zlib and a Python safetensors writer; Autograd reads identical values")
    func pythonWritesAutogradReads() throws {
        let directory = try ArchiveSamples.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try NumPyPythonRunner.run(ArchiveInteropScripts.pythonWrites, arguments: [directory.path])
        try #require(output.status == 0, "python failed: \(output.stderr)")
        var lines = output.stdout.split(separator: "\n").map(String.init)
        let streams = try #require(Int(lines.removeFirst().dropFirst("deflate ".count)))
        let names = lines
        #expect(names.count == 10)

        let references = try names.map { name in
            NumPyArchive.Entry(name: name, array: try NumPyArray(contentsOf: directory.appendingPathComponent("ref_\(name).npy")))
        }
        for file in ["stored.npz", "deflated.npz"] {
            let archive = try NumPyArchive(contentsOf: directory.appendingPathComponent(file))
            #expect(archive.names == names, "\(file)")
            #expect(ArchiveSamples.bitwiseEqual(archive.entries, references), "\(file)")
        }
        let tensors = try SafeTensorsFile(contentsOf: directory.appendingPathComponent("py.safetensors"))
        #expect(tensors.names == names)
        #expect(ArchiveSamples.bitwiseEqual(tensors.entries, references))
        #expect(tensors.metadata.map(\.key) == ["format", "note"])
        #expect(tensors.metadata.map(\.value) == ["pt", "héllo \"q\""])

        #expect(streams == 160)
        for index in 0..<streams {
            let stream = try [UInt8](Data(contentsOf: directory.appendingPathComponent("deflate_\(index).bin")))
            let plain = try [UInt8](Data(contentsOf: directory.appendingPathComponent("plain_\(index).bin")))
            #expect(try Inflate.decompress(stream, maximumOutput: plain.count) == plain, "stream \(index)")
        }
    }

    @Test("Autograd writes .npz and safetensors; np.load and a Python safetensors reader get identical values")
    func autogradWritesPythonReads() throws {
        let directory = try ArchiveSamples.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var entries = try ArchiveSamples.entries()
        entries.append(.init(name: "large", array: try NumPyArray((0..<20_000).map { Double($0).squareRoot() }, shape: [100, 200])))
        for entry in entries {
            try entry.array.write(to: directory.appendingPathComponent("ref_\(entry.name).npy"))
        }
        let npz = directory.appendingPathComponent("out.npz"), st = directory.appendingPathComponent("out.safetensors")
        try NumPyArchive(entries).write(to: npz)
        let metadata = [(key: "format", value: "np"), (key: "ünï", value: "a \"b\"\n")]
        try SafeTensorsFile(entries, metadata: metadata).write(to: st)
        let metadataJSON = JSONValue.object(metadata.map { ($0.key, .string($0.value)) }).serialized
        let output = try NumPyPythonRunner.run(
            ArchiveInteropScripts.pythonReads,
            arguments: [npz.path, st.path, directory.path] + entries.map(\.name) + ["--", metadataJSON])
        #expect(output.status == 0, "python failed: \(output.stderr)")
        #expect(output.stdout == "ok \(entries.count)\n")
    }
}
