import Foundation

extension NumPyArray {
    /// The bytes of a `.npy` file holding this array, exactly as NumPy's `np.save` writes them.
    ///
    /// The header is format 1.0 (2.0 only if it would exceed 65535 bytes), padded with spaces and a
    /// newline so the data starts at a multiple of 64; the data is little-endian and C-ordered.
    public func npyData() -> Data {
        let header = NumPyHeader(dtype: dtype, shape: shape)
        let preamble = NumPyHeader.encodedPreamble(dictionary: header.dictionaryText)
        var data = Data(capacity: preamble.count + count * dtype.itemSize)
        data.append(contentsOf: preamble)
        NumPyElementCoding.appendElements(elements, to: &data)
        return data
    }

    /// Writes the array to a `.npy` file atomically (a temporary file renamed into place).
    public func write(to url: URL) throws(NumPyError) {
        do {
            try FileOutput.write(npyData(), to: url)
        } catch {
            throw .writeFailed(path: url.path, reason: error.reason)
        }
    }
}
