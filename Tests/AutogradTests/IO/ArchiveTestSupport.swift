import Foundation

@testable import Autograd

/// Sample arrays and byte-level helpers shared by the `.npz` and safetensors tests.
enum ArchiveSamples {
    /// Arrays of every dtype and awkward shape: 0-d, empty, multi-dimensional, special values.
    static func entries() throws -> [NumPyArchive.Entry] {
        [
            .init(name: "layers.0.weight", array: try NumPyArray([1, 2, 3, 4, 5, 6] as [Double], shape: [2, 3])),
            .init(name: "bias", array: try NumPyArray([0.5, -1.25] as [Float])),
            .init(name: "scalar", array: try NumPyArray(shape: [], elements: .float64([3.5]))),
            .init(name: "ints", array: try NumPyArray(shape: [3], elements: .int32([.min, .max, 0]))),
            .init(name: "longs", array: try NumPyArray(shape: [1, 3], elements: .int64([.min, .max, 42]))),
            .init(name: "flags", array: try NumPyArray(shape: [2, 2], elements: .bool([true, false, false, true]))),
            .init(name: "empty", array: try NumPyArray(shape: [0, 3], elements: .float32([]))),
            .init(name: "special", array: try NumPyArray([.nan, .infinity, -.infinity, -0.0] as [Double])),
            .init(name: "ünïcode", array: try NumPyArray([7] as [Double])),
        ]
    }

    /// Whether two entry lists hold the same names, dtypes, shapes and bit patterns (NaN equals NaN).
    static func bitwiseEqual(_ lhs: [NumPyArchive.Entry], _ rhs: [NumPyArchive.Entry]) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.name == $1.name && $0.array.isBitwiseEqual(to: $1.array) }
    }

    /// Little-endian bytes of an integer.
    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// Overwrites `bytes[offset...]` with the little-endian bytes of `value`.
    static func patch<T: FixedWidthInteger>(_ bytes: inout [UInt8], at offset: Int, _ value: T) {
        for (index, byte) in littleEndian(value).enumerated() { bytes[offset + index] = byte }
    }

    /// A fresh temporary directory.
    static func makeDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-archive-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs `body`, returning the error it throws, or `nil` if it returns normally.
func thrownError<E: Error>(_ body: () throws(E) -> Void) -> E? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
