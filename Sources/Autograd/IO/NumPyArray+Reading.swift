import Foundation

extension NumPyArray {
    /// Reads an array from the bytes of a `.npy` file (format 1.0, 2.0 or 3.0).
    ///
    /// Validation happens before any element storage is allocated, so a header that claims more data
    /// than is present fails at once. The data section must hold exactly the bytes the shape needs:
    /// extra bytes after it are rejected with `NumPyError.trailingBytes` rather than ignored, since
    /// they mean a corrupt file or a header that disagrees with its data.
    public init(npyData data: Data) throws(NumPyError) {
        let result = data.withUnsafeBytes { raw -> Result<NumPyArray, NumPyError> in
            do throws(NumPyError) {
                return .success(try Self.decode(raw))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Reads an array from a `.npy` file; failures to read the file name its path.
    public init(contentsOf url: URL) throws(NumPyError) {
        let data: Data
        do {
            data = try FileInput.read(url)
        } catch {
            throw .readFailed(path: url.path, reason: error.reason)
        }
        try self.init(npyData: data)
    }

    /// The magic string that begins every `.npy` file.
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Parses and validates a whole `.npy` file held in `raw`.
    private static func decode(_ raw: UnsafeRawBufferPointer) throws(NumPyError) -> NumPyArray {
        let prefixCount = min(raw.count, magic.count)
        guard raw.prefix(prefixCount).elementsEqual(magic.prefix(prefixCount)) else { throw .badMagic }
        guard raw.count >= 8 else { throw .truncatedHeader(byteCount: raw.count, needed: 10) }
        let (major, minor) = (raw[6], raw[7])
        guard minor == 0, (1...3).contains(major) else { throw .unsupportedVersion(major: major, minor: minor) }

        let lengthBytes = major == 1 ? 2 : 4
        let headerStart = 8 + lengthBytes
        guard raw.count >= headerStart else { throw .truncatedHeader(byteCount: raw.count, needed: headerStart) }
        var declaredLength: UInt64 = 0
        for index in 0..<lengthBytes { declaredLength |= UInt64(raw[8 + index]) << (8 * index) }
        guard let headerLength = Int(exactly: declaredLength), headerLength <= raw.count - headerStart else {
            throw .headerLengthPastEnd(declared: Int(clamping: declaredLength), available: raw.count - headerStart)
        }
        let dataStart = headerStart + headerLength
        let header = try NumPyHeader(bytes: Array(raw[headerStart..<dataStart]), utf8: major == 3)

        let count = try elementCount(of: header.shape)
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: header.dtype.itemSize)
        guard !overflow else {
            let shape = NumPyError.shortTuple(header.shape)
            throw .shapeOverflow(detail: "the byte size of shape \(shape) of \(header.dtype.descr) does not fit in Int")
        }
        let available = raw.count - dataStart
        guard available >= byteCount else { throw .dataTooShort(expected: byteCount, actual: available) }
        guard available == byteCount else { throw .trailingBytes(expected: byteCount, actual: available) }

        let source = UnsafeRawBufferPointer(rebasing: raw[dataStart..<raw.count])
        let elements = NumPyElementCoding.decodeElements(source, dtype: header.dtype, count: count)
        return NumPyArray(validatedShape: header.shape, elements: elements)
    }
}
