import Foundation

/// Bounds-checked little-endian reads from untrusted bytes, shared by the archive readers.
struct LittleEndianReader {
    /// The whole input.
    let bytes: [UInt8]

    /// The unsigned integer of `size` bytes at `offset`, or nil when it does not lie inside the input.
    func integer(at offset: Int, size: Int) -> UInt64? {
        guard offset >= 0, size <= 8, offset <= bytes.count - size else { return nil }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        return value
    }
}

extension Data {
    /// Appends `value` as little-endian bytes.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var littleEndian = value.littleEndian
        Swift.withUnsafeBytes(of: &littleEndian) { append(contentsOf: $0) }
    }
}
