import Foundation
import Testing

@testable import Autograd

/// Files written by the real NumPy are read here, and files written here are read by NumPy.
///
/// Skipped (with the reason printed) when `python3` or NumPy is not installed.
@Suite(
    "NumPy interoperability", .serialized,
    .enabled(if: NumPyPythonRunner.numpyAvailable, "python3 with NumPy is not available")
)
struct NumPyInteropTests {
    /// A fresh temporary directory, removed by the caller.
    private func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-npy-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("NumPy writes every dtype and shape; Autograd reads identical values")
    func numpyWritesAutogradReads() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try NumPyPythonRunner.run(NumPyInteropScripts.numpyWrites, arguments: [directory.path])
        try #require(output.status == 0, "python failed: \(output.stderr)")

        var checked = 0
        for line in output.stdout.split(separator: "\n") where !line.hasPrefix("reject;") {
            let (name, expected) = try #require(NPYLine.decode(line), "unparsable line \(line)")
            let array = try NumPyArray(contentsOf: directory.appendingPathComponent("\(name).npy"))
            #expect(array.shape == expected.shape, "\(name)")
            #expect(array.isBitwiseEqual(to: expected), "\(name): \(array) != \(expected)")
            checked += 1
        }
        #expect(checked == 17)

        var rejected = 0
        for line in output.stdout.split(separator: "\n") where line.hasPrefix("reject;") {
            let parts = line.split(separator: ";", omittingEmptySubsequences: false)
            let url = directory.appendingPathComponent("reject_\(parts[1]).npy")
            let error = npyError { () throws(NumPyError) in _ = try NumPyArray(contentsOf: url) }
            #expect(error?.description.contains(parts[2]) == true, "\(parts[1]): \(String(describing: error))")
            rejected += 1
        }
        #expect(rejected == 6)
    }

    @Test("Autograd writes every dtype and shape; np.load reads identical values and bytes")
    func autogradWritesNumpyReads() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var arrays = NumPyRoundTripTests.samples
        arrays.append(try NumPyArray([.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude] as [Double]))
        arrays.append(try NumPyArray([.nan, -.infinity, .greatestFiniteMagnitude, .leastNormalMagnitude] as [Float]))
        arrays.append(try NumPyArray(shape: [3], elements: .int64([.min, .max, 0])))
        arrays.append(try NumPyArray(shape: [2], elements: .int32([.min, .max])))
        arrays.append(try NumPyArray((0..<20_000).map { Double($0).squareRoot() }, shape: [100, 200]))
        arrays.append(try NumPyArray(shape: [3, 1000000000000000000, 0], elements: .bool([])))
        // A header that is already 64-aligned: NumPy still adds a full 64 spaces of padding.
        let alignedShape = [2, 100] + Array(repeating: 1, count: 12)
        arrays.append(try NumPyArray([Double](repeating: 0.5, count: 200), shape: alignedShape))

        var manifest = ""
        var expected: [String: NumPyArray] = [:]
        for (index, array) in arrays.enumerated() {
            let name = "case\(index)"
            try array.write(to: directory.appendingPathComponent("\(name).npy"))
            manifest += NPYLine.encode(name: name, array: array) + "\n"
            expected[name] = array
        }
        try Data(manifest.utf8).write(to: directory.appendingPathComponent("manifest.txt"))

        let output = try NumPyPythonRunner.run(NumPyInteropScripts.numpyReads, arguments: [directory.path])
        try #require(output.status == 0, "np.load check failed: \(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.last == "bytes compared" || lines.last?.hasPrefix("bytes not compared") == true)
        var echoed = 0
        for line in lines.dropLast() {
            let (name, array) = try #require(NPYLine.decode(line), "unparsable line \(line)")
            let original = try #require(expected[name])
            #expect(array.isBitwiseEqual(to: original), "\(name): NumPy printed \(array), wrote \(original)")
            echoed += 1
        }
        #expect(echoed == arrays.count)
    }
}

/// The line format shared with the Python scripts: `name;descr;d0,d1,...;v0,v1,...`.
enum NPYLine {
    /// Formats an array as a line (floats as bit patterns).
    static func encode(name: String, array: NumPyArray) -> String {
        let values: [String]
        switch array.elements {
        case .float32(let xs): values = xs.map { String($0.bitPattern) }
        case .float64(let xs): values = xs.map { String($0.bitPattern) }
        case .int32(let xs): values = xs.map { String($0) }
        case .int64(let xs): values = xs.map { String($0) }
        case .bool(let xs): values = xs.map { $0 ? "1" : "0" }
        }
        let shape = array.shape.map(String.init).joined(separator: ",")
        return "\(name);\(array.dtype.descr);\(shape);\(values.joined(separator: ","))"
    }

    /// Parses a line back into a name and an array, or `nil` if it is malformed.
    static func decode(_ line: Substring) -> (String, NumPyArray)? {
        let parts = line.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 4, let dtype = NumPyDType(rawValue: String(parts[1])) else { return nil }
        let shape = parts[2].split(separator: ",").compactMap { Int($0) }
        let texts = parts[3].split(separator: ",")
        let elements: NumPyArray.Elements
        switch dtype {
        case .float32: elements = .float32(texts.compactMap { UInt32($0) }.map(Float.init(bitPattern:)))
        case .float64: elements = .float64(texts.compactMap { UInt64($0) }.map(Double.init(bitPattern:)))
        case .int32: elements = .int32(texts.compactMap { Int32($0) })
        case .int64: elements = .int64(texts.compactMap { Int64($0) })
        case .bool: elements = .bool(texts.map { $0 == "1" })
        }
        guard elements.count == texts.count, let array = try? NumPyArray(shape: shape, elements: elements) else {
            return nil
        }
        return (String(parts[0]), array)
    }
}
