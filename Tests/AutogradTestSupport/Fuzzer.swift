import Foundation

/// A small seeded mutation fuzzer: every input is a corpus entry changed by a few random edits
/// (bit flips, byte insertions and deletions, truncations, splices with another entry, and tokens
/// from a dictionary), so runs are reproducible from the seed.
public struct Fuzzer {
    /// The inputs mutations start from.
    public let corpus: [[UInt8]]
    /// Byte strings inserted by one kind of edit.
    public let dictionary: [[UInt8]]
    private var state: UInt64

    /// Creates a fuzzer over a corpus, with tokens to insert, from a seed.
    public init(corpus: [[UInt8]], dictionary: [String] = [], seed: UInt64) {
        if corpus.isEmpty { fatalError("the fuzz corpus is empty") }
        self.corpus = corpus
        self.dictionary = dictionary.map { Array($0.utf8) }
        state = seed &+ 0x9E37_79B9_7F4A_7C15
    }

    private mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(Swift.max(bound, 1)))
    }

    /// The next input: a corpus entry with one to four edits.
    public mutating func nextInput() -> [UInt8] {
        var bytes = corpus[next(corpus.count)]
        for _ in 0...next(4) {
            switch next(7) {
            case 0 where !bytes.isEmpty:
                bytes[next(bytes.count)] ^= UInt8(1 << next(8))
            case 1:
                bytes.insert(UInt8(next(256)), at: next(bytes.count + 1))
            case 2 where !bytes.isEmpty:
                bytes.remove(at: next(bytes.count))
            case 3:
                bytes = Array(bytes.prefix(next(bytes.count + 1)))
            case 4:
                let other = corpus[next(corpus.count)]
                let cut = next(bytes.count + 1), from = next(other.count + 1)
                bytes = Array(bytes.prefix(cut)) + Array(other.suffix(from: from))
            case 5 where !dictionary.isEmpty:
                bytes.insert(contentsOf: dictionary[next(dictionary.count)], at: next(bytes.count + 1))
            default:
                if !bytes.isEmpty { bytes[next(bytes.count)] = UInt8(next(256)) }
            }
        }
        return bytes
    }

    /// The contents of every file in `directory`, in name order.
    public static func corpus(in directory: URL) throws -> [[UInt8]] {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { Array(try Data(contentsOf: $0)) }
    }
}
