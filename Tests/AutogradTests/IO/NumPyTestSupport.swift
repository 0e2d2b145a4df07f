import Foundation

@testable import Autograd

/// Builders for hand-made `.npy` bytes, used to feed the reader inputs NumPy would never write.
enum NPYBytes {
    /// A file with the given header dictionary text, padded with spaces and a newline to `align`.
    static func file(
        header: String, major: UInt8 = 1, minor: UInt8 = 0, align: Int = 64, data: [UInt8] = []
    ) -> Data {
        let lengthBytes = major == 1 ? 2 : 4
        var text = Array(header.utf8)
        while (8 + lengthBytes + text.count + 1) % align != 0 { text.append(0x20) }
        text.append(0x0A)
        return raw(major: major, minor: minor, lengthBytes: lengthBytes, length: text.count, header: text, data: data)
    }

    /// A file assembled verbatim: magic, version, a length field of `lengthBytes`, header, data.
    static func raw(
        major: UInt8, minor: UInt8 = 0, lengthBytes: Int, length: Int, header: [UInt8], data: [UInt8] = []
    ) -> Data {
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, minor]
        for index in 0..<lengthBytes { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * index))) }
        return Data(bytes + header + data)
    }

    /// The standard header text for a descr and a shape written as a Python tuple.
    static func header(descr: String, shape: String, fortran: String = "False") -> String {
        "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shape), }"
    }

    /// Little-endian bytes of some doubles.
    static func doubles(_ values: [Double]) -> [UInt8] {
        values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
    }
}

extension NumPyArray {
    /// Whether two arrays have the same dtype, shape and element bit patterns (so NaN equals NaN).
    func isBitwiseEqual(to other: NumPyArray) -> Bool {
        dtype == other.dtype && shape == other.shape && npyData() == other.npyData()
    }

    /// Checks the invariants every successfully read array must satisfy.
    var isConsistent: Bool {
        guard shape.allSatisfy({ $0 >= 0 }) else { return false }
        let product = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        return product == count && count == elements.count
    }
}

/// Runs `body`, returning the `NumPyError` it throws, or `nil` if it returns normally.
func npyError(_ body: () throws(NumPyError) -> Void) -> NumPyError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
