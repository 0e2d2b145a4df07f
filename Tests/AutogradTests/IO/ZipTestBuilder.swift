import Foundation

@testable import Autograd

/// Hand-assembled ZIP archives and DEFLATE streams, to feed the reader inputs no writer would make.
enum ZipTestBuilder {
    /// One member to write: its stored bytes and the header values to claim for it.
    struct Member {
        var name: String
        var method: UInt16 = 0
        var flags: UInt16 = 0
        var stored: [UInt8]
        var crc: UInt32
        var uncompressedSize: UInt32
        /// Write the central directory entry with this local header offset instead of the real one.
        var offsetOverride: UInt32?

        /// A stored member holding `payload`, with honest sizes and checksum.
        static func stored(_ name: String, _ payload: [UInt8]) -> Member {
            Member(name: name, stored: payload, crc: CRC32.checksum(payload), uncompressedSize: UInt32(payload.count))
        }

        /// A deflated member holding `payload`, compressed with fixed Huffman codes (literals only).
        static func deflated(_ name: String, _ payload: [UInt8]) -> Member {
            Member(name: name, method: 8, stored: ZipTestBuilder.fixedHuffman(payload), crc: CRC32.checksum(payload),
                   uncompressedSize: UInt32(payload.count))
        }
    }

    /// The bytes of an archive of `members`, in order.
    static func archive(_ members: [Member]) -> [UInt8] {
        var bytes: [UInt8] = []
        var directory: [UInt8] = []
        for member in members {
            let offset = UInt32(bytes.count)
            let name = Array(member.name.utf8)
            func common() -> [UInt8] {
                ArchiveSamples.littleEndian(UInt16(20)) + ArchiveSamples.littleEndian(member.flags)
                    + ArchiveSamples.littleEndian(member.method) + [0, 0, 0x21, 0]
                    + ArchiveSamples.littleEndian(member.crc) + ArchiveSamples.littleEndian(UInt32(member.stored.count))
                    + ArchiveSamples.littleEndian(member.uncompressedSize)
                    + ArchiveSamples.littleEndian(UInt16(name.count)) + [0, 0]
            }
            bytes += ArchiveSamples.littleEndian(UInt32(0x0403_4B50)) + common() + name + member.stored
            directory += ArchiveSamples.littleEndian(UInt32(0x0201_4B50)) + [20, 0] + common()
                + [UInt8](repeating: 0, count: 10) + ArchiveSamples.littleEndian(member.offsetOverride ?? offset) + name
        }
        let directoryOffset = UInt32(bytes.count)
        bytes += directory
        bytes += ArchiveSamples.littleEndian(UInt32(0x0605_4B50)) + [0, 0, 0, 0]
            + ArchiveSamples.littleEndian(UInt16(members.count)) + ArchiveSamples.littleEndian(UInt16(members.count))
            + ArchiveSamples.littleEndian(UInt32(directory.count)) + ArchiveSamples.littleEndian(directoryOffset) + [0, 0]
        return bytes
    }

    /// A one-block DEFLATE stream of fixed Huffman codes, one literal per byte (RFC 1951, 3.2.6).
    static func fixedHuffman(_ payload: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, count: 1)  // final block
        writer.write(1, count: 2)  // fixed Huffman
        for byte in payload {
            if byte < 144 {
                writer.writeCode(0x30 + Int(byte), length: 8)
            } else {
                writer.writeCode(0x190 + Int(byte) - 144, length: 9)
            }
        }
        writer.writeCode(0, length: 7)  // end of block
        return writer.finish()
    }

    /// Writes bits least significant first, as DEFLATE packs them.
    struct BitWriter {
        private var bytes: [UInt8] = []
        private var buffer = 0
        private var count = 0

        mutating func write(_ value: Int, count bits: Int) {
            buffer |= value << count
            count += bits
            while count >= 8 {
                bytes.append(UInt8(buffer & 0xFF))
                buffer >>= 8
                count -= 8
            }
        }

        /// Huffman codes are packed most significant bit first.
        mutating func writeCode(_ code: Int, length: Int) {
            var reversed = 0
            for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            write(reversed, count: length)
        }

        mutating func finish() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
            return bytes
        }
    }
}
