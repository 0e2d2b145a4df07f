import Foundation

/// Converts element arrays to and from the little-endian bytes of a `.npy` data section.
///
/// On little-endian hosts both directions are a single memory copy; big-endian hosts swap each
/// element with the supplied `swap` function, which must turn a little-endian value into a native
/// one and back (its own inverse).
enum NumPyElementCoding {
    /// Decodes `count` elements of `T` from exactly `count * MemoryLayout<T>.stride` bytes.
    static func decode<T>(_ source: UnsafeRawBufferPointer, count: Int, swap: (T) -> T) -> [T] {
        require(source.count == count * MemoryLayout<T>.stride, "decode: byte count mismatch")
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard count > 0 else {
                initialized = 0
                return
            }
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            #if _endian(big)
            for index in 0..<count { buffer[index] = swap(buffer[index]) }
            #endif
            initialized = count
        }
    }

    /// Decodes one-byte booleans: 0 is `false`, anything else `true` (as NumPy treats them).
    static func decodeBools(_ source: UnsafeRawBufferPointer) -> [Bool] {
        [Bool](unsafeUninitializedCapacity: source.count) { buffer, initialized in
            for index in 0..<source.count { buffer.initializeElement(at: index, to: source[index] != 0) }
            initialized = source.count
        }
    }

    /// Appends the little-endian bytes of `values` to `data`.
    static func append<T>(_ values: [T], to data: inout Data, swap: (T) -> T) {
        #if _endian(big)
        let values = values.map(swap)
        #endif
        values.withUnsafeBufferPointer { data.append($0) }
    }

    /// Appends booleans as bytes 0 and 1.
    static func appendBools(_ values: [Bool], to data: inout Data) {
        data.append(contentsOf: values.map { $0 ? UInt8(1) : UInt8(0) })
    }

    /// Decodes the data section for `dtype`; `source` must hold exactly `count` elements.
    static func decodeElements(
        _ source: UnsafeRawBufferPointer, dtype: NumPyDType, count: Int
    ) -> NumPyArray.Elements {
        switch dtype {
        case .float32:
            return .float32(decode(source, count: count) { Float(bitPattern: $0.bitPattern.byteSwapped) })
        case .float64:
            return .float64(decode(source, count: count) { Double(bitPattern: $0.bitPattern.byteSwapped) })
        case .int32:
            return .int32(decode(source, count: count) { $0.byteSwapped })
        case .int64:
            return .int64(decode(source, count: count) { $0.byteSwapped })
        case .bool:
            return .bool(decodeBools(source))
        }
    }

    /// Appends the data section for `elements`.
    static func appendElements(_ elements: NumPyArray.Elements, to data: inout Data) {
        switch elements {
        case .float32(let values): append(values, to: &data) { Float(bitPattern: $0.bitPattern.byteSwapped) }
        case .float64(let values): append(values, to: &data) { Double(bitPattern: $0.bitPattern.byteSwapped) }
        case .int32(let values): append(values, to: &data) { $0.byteSwapped }
        case .int64(let values): append(values, to: &data) { $0.byteSwapped }
        case .bool(let values): appendBools(values, to: &data)
        }
    }
}
