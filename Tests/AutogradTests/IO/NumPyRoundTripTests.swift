import Foundation
import Testing

@testable import Autograd

/// Writing then reading in Swift returns the same array, for every dtype and awkward shape.
@Suite("NumPy .npy round trips")
struct NumPyRoundTripTests {
    /// One sample array per dtype and shape family, including 0-d and empty arrays.
    static let samples: [NumPyArray] = {
        var result: [NumPyArray] = []
        let shapes: [[Int]] = [[], [0], [5], [2, 3], [2, 0, 3], [1, 1, 1], [2, 3, 4]]
        for shape in shapes {
            let count = shape.reduce(1, *)
            let indices = (0..<count).map { $0 }
            let all: [NumPyArray.Elements] = [
                .float32(indices.map { Float($0) * 0.25 - 1 }),
                .float64(indices.map { Double($0) / 3 - 2 }),
                .int32(indices.map { Int32($0) * -7 }),
                .int64(indices.map { Int64($0) << 40 }),
                .bool(indices.map { $0 % 3 == 0 }),
            ]
            for elements in all {
                // The shapes above are valid for their element counts by construction.
                if let array = try? NumPyArray(shape: shape, elements: elements) { result.append(array) }
            }
        }
        return result
    }()

    @Test("every dtype and shape survives npyData → init(npyData:)", arguments: samples)
    func roundTrip(_ array: NumPyArray) throws {
        let data = array.npyData()
        let back = try NumPyArray(npyData: data)
        #expect(back == array)
        #expect(back.dtype == array.dtype)
        #expect(back.shape == array.shape)
    }

    @Test("the header is NumPy's: aligned to 64, newline-terminated, exact text")
    func headerLayout() throws {
        let array = try NumPyArray([1, 2, 3, 4, 5, 6] as [Double], shape: [2, 3])
        let data = array.npyData()
        let bytes = [UInt8](data)
        #expect(bytes.prefix(8) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes[10 + headerLength - 1] == 0x0A)
        let text = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        let expected = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
            + String(repeating: " ", count: 20)
        #expect(text.hasPrefix(expected))
        #expect(text.dropFirst(expected.count).allSatisfy { $0 == " " || $0 == "\n" })
        #expect(bytes.count == 10 + headerLength + 6 * 8)
    }

    @Test("a dictionary that would end exactly on a 64-byte boundary still gets 64 spaces, as in NumPy")
    func fullPadding() throws {
        let array = try NumPyArray([Double](repeating: 0, count: 200), shape: [2, 100] + Array(repeating: 1, count: 12))
        let bytes = [UInt8](array.npyData())
        #expect(Int(bytes[8]) | Int(bytes[9]) << 8 == 182)
        #expect(bytes[(191 - 64)..<191].allSatisfy { $0 == 0x20 })
        #expect(bytes[191] == 0x0A)
    }

    @Test("0-d and 1-d shapes are written as Python tuples")
    func tupleSpelling() throws {
        let scalar = try NumPyArray(shape: [], elements: .int64([42]))
        let vector = try NumPyArray(shape: [5], elements: .bool([true, false, true, false, true]))
        #expect(String(decoding: scalar.npyData(), as: UTF8.self).contains("'shape': (), }"))
        #expect(String(decoding: vector.npyData(), as: UTF8.self).contains("'shape': (5,), }"))
        #expect(String(decoding: vector.npyData(), as: UTF8.self).contains("'descr': '|b1'"))
    }

    @Test("special floating-point values keep their bit patterns")
    func specialValues() throws {
        let doubles: [Double] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let floats: [Float] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for array in [try NumPyArray(doubles), try NumPyArray(floats)] {
            let back = try NumPyArray(npyData: array.npyData())
            #expect(back.isBitwiseEqual(to: array))
        }
        let ints = try NumPyArray(shape: [4], elements: .int64([.min, .max, 0, -1]))
        #expect(try NumPyArray(npyData: ints.npyData()) == ints)
    }

    @Test("a multi-megabyte array round-trips through a file")
    func megabyteFile() throws {
        let values = (0..<1_000_000).map { Double($0).squareRoot() }
        let array = try NumPyArray(values, shape: [1000, 1000])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-\(UUID()).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try array.write(to: url)
        let back = try NumPyArray(contentsOf: url)
        #expect(back.shape == [1000, 1000])
        #expect(back.doubles() == values)
    }

    @Test("a header longer than 65535 bytes switches to format 2.0")
    func version2Header() throws {
        let shape = [Int](repeating: 1, count: 30_000)
        let array = try NumPyArray([7.5] as [Double], shape: shape)
        let data = array.npyData()
        #expect(data[data.startIndex + 6] == 2)
        let bytes = [UInt8](data)
        let length = (8..<12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
        #expect((12 + length) % 64 == 0)
        #expect(try NumPyArray(npyData: data) == array)
    }

    @Test("convenience initialisers validate the element count against the shape")
    func convenienceInitialisers() throws {
        #expect(try NumPyArray([1, 2, 3] as [Double]).shape == [3])
        #expect(try NumPyArray([1, 2, 3, 4] as [Float], shape: [2, 2]).dtype == .float32)
        let mismatch = npyError { () throws(NumPyError) in _ = try NumPyArray([1, 2, 3] as [Double], shape: [2, 2]) }
        #expect(mismatch == .countMismatch(shape: [2, 2], count: 3))
        #expect(mismatch?.description.contains("element count mismatch") == true)
        let negative = npyError { () throws(NumPyError) in _ = try NumPyArray([] as [Float], shape: [-1, 0]) }
        #expect(negative?.description.contains("negative dimension") == true)
        let overflow = npyError { () throws(NumPyError) in _ = try NumPyArray([] as [Double], shape: [Int.max, 2]) }
        #expect(overflow?.description.contains("does not fit in Int") == true)
        #expect(try NumPyArray(shape: [], elements: .float64([1])).count == 1)
        #expect(npyError { () throws(NumPyError) in _ = try NumPyArray(shape: [], elements: .float64([])) } != nil)
    }

    @Test("doubles() converts every dtype")
    func doublesConversion() throws {
        #expect(try NumPyArray(shape: [2], elements: .int32([-3, 4])).doubles() == [-3, 4])
        #expect(try NumPyArray(shape: [2], elements: .int64([1 << 40, -1])).doubles() == [0x1p40, -1])
        #expect(try NumPyArray(shape: [2], elements: .bool([true, false])).doubles() == [1, 0])
        #expect(try NumPyArray([0.5, -2] as [Float]).doubles() == [0.5, -2])
        #expect(NumPyDType.allCases.map(\.descr) == ["<f4", "<f8", "<i4", "<i8", "|b1"])
        #expect(NumPyDType.allCases.map(\.itemSize) == [4, 8, 4, 8, 1])
    }
}
