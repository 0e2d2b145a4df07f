/// Why a DEFLATE stream (RFC 1951) could not be decoded.
public struct InflateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the stream.
    public var reason: String

    /// A one-sentence explanation.
    public var description: String { "corrupt deflate stream: \(reason)" }
}

/// A DEFLATE decoder (RFC 1951: stored, fixed-Huffman and dynamic-Huffman blocks) with hard bounds.
///
/// The output may never exceed `maximumOutput` bytes, so a hostile stream that expands without
/// limit (a "zip bomb") is stopped as soon as it passes the size its container declared. Every
/// malformed code, distance or length throws ``InflateError``; nothing traps.
enum Inflate {
    /// Decodes a raw DEFLATE stream (no zlib or gzip wrapper) into at most `maximumOutput` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, maximumOutput: Int) throws(InflateError) -> [UInt8] {
        var decoder = Decoder(input: input, maximumOutput: maximumOutput)
        try decoder.run()
        return decoder.output
    }

    /// Decodes a raw DEFLATE stream held in an array.
    static func decompress(_ input: [UInt8], maximumOutput: Int) throws(InflateError) -> [UInt8] {
        let result = input.withUnsafeBytes { raw -> Result<[UInt8], InflateError> in
            do throws(InflateError) {
                return .success(try decompress(raw, maximumOutput: maximumOutput))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Tables (RFC 1951, 3.2.5)

    static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
        4097, 6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// The order in which a dynamic block lists the code lengths of the code-length alphabet.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// The fixed literal/length code of block type 1.
    static let fixedLiterals: Huffman = {
        var lengths = [Int](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        // The lengths are those of the standard, which are known to form a complete code.
        return try! Huffman(lengths: lengths)
    }()

    /// The fixed distance code of block type 1.
    static let fixedDistances: Huffman = try! Huffman(lengths: [Int](repeating: 5, count: 30))

    // MARK: - Canonical Huffman codes

    /// A canonical Huffman code, decoded bit by bit from the count of codes of each length.
    struct Huffman: Sendable {
        /// `counts[n]`: how many symbols have codes of `n` bits (1...15).
        var counts = [Int](repeating: 0, count: 16)
        /// The symbols, ordered by code length and then by symbol value.
        var symbols: [Int] = []

        /// Builds the code from each symbol's code length (0: unused), rejecting an over-subscribed set.
        ///
        /// An incomplete code is accepted (RFC 1951 allows a lone distance code); reading one of its
        /// unused bit patterns fails in ``Decoder/decodeSymbol(_:)``.
        init(lengths: [Int]) throws(InflateError) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var left = 1
            for length in 1..<16 {
                left <<= 1
                left -= counts[length]
                if left < 0 { throw InflateError(reason: "over-subscribed Huffman code lengths") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    // MARK: - Decoder

    /// The state of one decoding: input position, bit buffer and output.
    struct Decoder {
        let input: UnsafeRawBufferPointer
        let maximumOutput: Int
        var position = 0
        var bitBuffer: UInt64 = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: UnsafeRawBufferPointer, maximumOutput: Int) {
            self.input = input
            self.maximumOutput = maximumOutput
            // DEFLATE expands at most about 1032:1, so never reserve more than the input can produce.
            let (bound, overflow) = input.count.multipliedReportingOverflow(by: 1032)
            output.reserveCapacity(min(maximumOutput, overflow ? maximumOutput : bound + 64))
        }

        /// Decodes blocks until the one marked final.
        mutating func run() throws(InflateError) {
            var isFinal = false
            while !isFinal {
                isFinal = try bits(1) == 1
                switch try bits(2) {
                case 0: try storedBlock()
                case 1: try huffmanBlock(literals: Inflate.fixedLiterals, distances: Inflate.fixedDistances)
                case 2:
                    let (literals, distances) = try dynamicCodes()
                    try huffmanBlock(literals: literals, distances: distances)
                default: throw InflateError(reason: "invalid block type 3")
                }
            }
        }

        /// The next `count` bits (at most 32), least significant first.
        mutating func bits(_ count: Int) throws(InflateError) -> Int {
            while bitCount < count {
                guard position < input.count else { throw InflateError(reason: "the stream ends unexpectedly") }
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            }
            let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
            bitBuffer >>= UInt64(count)
            bitCount -= count
            return value
        }

        /// Appends one byte, enforcing the output limit.
        mutating func emit(_ byte: UInt8) throws(InflateError) {
            guard output.count < maximumOutput else { throw tooLong() }
            output.append(byte)
        }

        func tooLong() -> InflateError {
            InflateError(reason: "the data inflates to more than the declared \(maximumOutput) bytes")
        }

        /// Copies a stored (uncompressed) block.
        mutating func storedBlock() throws(InflateError) {
            // Discard the bits left in the current byte; whole bytes still buffered are returned.
            bitBuffer = 0
            position -= bitCount / 8
            bitCount = 0
            guard position + 4 <= input.count else { throw InflateError(reason: "the stream ends inside a stored block header") }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            position += 4
            guard length == ~complement & 0xFFFF else {
                throw InflateError(reason: "stored block length \(length) does not match its complement")
            }
            guard length <= input.count - position else { throw InflateError(reason: "the stream ends inside a stored block") }
            guard length <= maximumOutput - output.count else { throw tooLong() }
            output.append(contentsOf: input[position..<position + length])
            position += length
        }

        /// Reads one symbol of `code`.
        mutating func decodeSymbol(_ code: Huffman) throws(InflateError) -> Int {
            var value = 0, first = 0, index = 0
            for length in 1..<16 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - count < first { return code.symbols[index + value - first] }
                index += count
                first += count
                first <<= 1
                value <<= 1
            }
            throw InflateError(reason: "a bit pattern matches no Huffman code")
        }

        /// Reads the literal/length and distance codes of a dynamic block.
        mutating func dynamicCodes() throws(InflateError) -> (Huffman, Huffman) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let lengthCodeCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else {
                throw InflateError(reason: "dynamic block declares \(literalCount) literal and \(distanceCount) distance codes")
            }
            var codeLengthLengths = [Int](repeating: 0, count: 19)
            for index in 0..<lengthCodeCount { codeLengthLengths[Inflate.codeLengthOrder[index]] = try bits(3) }
            let lengthCode = try Huffman(lengths: codeLengthLengths)

            var lengths: [Int] = []
            lengths.reserveCapacity(literalCount + distanceCount)
            while lengths.count < literalCount + distanceCount {
                let symbol = try decodeSymbol(lengthCode)
                let value: Int, repeats: Int
                switch symbol {
                case 0..<16:
                    lengths.append(symbol)
                    continue
                case 16:
                    guard let previous = lengths.last else {
                        throw InflateError(reason: "a repeated code length has no previous length")
                    }
                    (value, repeats) = (previous, try bits(2) + 3)
                case 17: (value, repeats) = (0, try bits(3) + 3)
                default: (value, repeats) = (0, try bits(7) + 11)
                }
                guard lengths.count + repeats <= literalCount + distanceCount else {
                    throw InflateError(reason: "code length repeats run past the declared code count")
                }
                lengths.append(contentsOf: repeatElement(value, count: repeats))
            }
            guard lengths[256] != 0 else { throw InflateError(reason: "the end-of-block code is missing") }
            let literals = try Huffman(lengths: Array(lengths[0..<literalCount]))
            let distances = try Huffman(lengths: Array(lengths[literalCount...]))
            return (literals, distances)
        }

        /// Decodes literals and back references until the end-of-block symbol.
        mutating func huffmanBlock(literals: Huffman, distances: Huffman) throws(InflateError) {
            while true {
                let symbol = try decodeSymbol(literals)
                if symbol < 256 {
                    try emit(UInt8(symbol))
                    continue
                }
                if symbol == 256 { return }
                let lengthIndex = symbol - 257
                guard lengthIndex < 29 else { throw InflateError(reason: "invalid length symbol \(symbol)") }
                let length = Inflate.lengthBase[lengthIndex] + (try bits(Inflate.lengthExtra[lengthIndex]))
                let distanceSymbol = try decodeSymbol(distances)
                guard distanceSymbol < 30 else { throw InflateError(reason: "invalid distance symbol \(distanceSymbol)") }
                let distance = Inflate.distanceBase[distanceSymbol] + (try bits(Inflate.distanceExtra[distanceSymbol]))
                guard distance <= output.count else {
                    throw InflateError(reason: "a back reference reaches \(distance) bytes back, before the start of the data")
                }
                guard length <= maximumOutput - output.count else { throw tooLong() }
                var from = output.count - distance
                for _ in 0..<length {
                    output.append(output[from])
                    from += 1
                }
            }
        }
    }
}
