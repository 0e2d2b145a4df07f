import Foundation
import Testing

@testable import Autograd

/// Header spellings that NumPy reads and so must the Swift reader.
@Suite("NumPy .npy reader accepts valid variants")
struct NumPyReaderAcceptanceTests {
    private let threeDoubles = NPYBytes.doubles([1.5, -2, 4])

    @Test("versions 1.0, 2.0 and 3.0")
    func versions() throws {
        for major: UInt8 in [1, 2, 3] {
            let header = NPYBytes.header(descr: "<f8", shape: "(3,)")
            let data = NPYBytes.file(header: header, major: major, data: threeDoubles)
            #expect(try NumPyArray(npyData: data).doubles() == [1.5, -2, 4])
        }
    }

    @Test("keys in any order, double quotes, no trailing comma, extra spacing, 16-byte alignment")
    func spellings() throws {
        let headers = [
            "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}",
            "{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(3,)}",
            "  {  'fortran_order' :False ,\n\t'descr':  '<f8',  'shape' : ( 3 , ) ,  }  ",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3L,), }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (+3,), }",
        ]
        for header in headers {
            for align in [16, 64] {
                let data = NPYBytes.file(header: header, align: align, data: threeDoubles)
                let array = try NumPyArray(npyData: data)
                #expect(array.shape == [3], "header \(header)")
                #expect(array.doubles() == [1.5, -2, 4])
            }
        }
    }

    @Test("byte-order characters: '<', '=' and '|' (native) for multi-byte types; any for b1")
    func byteOrders() throws {
        for descr in ["<i4", "=i4", "|i4", "i4"] {
            let header = NPYBytes.header(descr: descr, shape: "(2,)")
            let data = NPYBytes.file(header: header, data: [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
            #expect(try NumPyArray(npyData: data).elements == .int32([1, -1]), "descr \(descr)")
        }
        for descr in ["|b1", "<b1", ">b1", "=b1"] {
            let data = NPYBytes.file(header: NPYBytes.header(descr: descr, shape: "(3,)"), data: [0, 1, 7])
            #expect(try NumPyArray(npyData: data).elements == .bool([false, true, true]), "descr \(descr)")
        }
    }

    @Test("0-d arrays, 1-tuples and zero-length dimensions")
    func shapes() throws {
        let scalar = NPYBytes.file(header: NPYBytes.header(descr: "<f8", shape: "()"), data: NPYBytes.doubles([3.25]))
        #expect(try NumPyArray(npyData: scalar) == NumPyArray(shape: [], elements: .float64([3.25])))
        let empty = NPYBytes.file(header: NPYBytes.header(descr: "<i8", shape: "(0,)"))
        #expect(try NumPyArray(npyData: empty) == NumPyArray(shape: [0], elements: .int64([])))
        let zeroInside = NPYBytes.file(header: NPYBytes.header(descr: "<f4", shape: "(4, 0, 9223372036854775807)"))
        #expect(try NumPyArray(npyData: zeroInside).shape == [4, 0, Int.max])
    }

    @Test("init(npyData:) works on a Data slice that does not start at index 0")
    func dataSlice() throws {
        let file = try NumPyArray([1, 2] as [Float]).npyData()
        let padded = Data([0xAA, 0xBB]) + file
        let slice = padded[padded.startIndex + 2..<padded.endIndex]
        #expect(try NumPyArray(npyData: slice) == NumPyArray([1, 2] as [Float]))
    }
}
