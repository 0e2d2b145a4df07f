import Foundation

/// A Python literal value as it can appear in a `.npy` header dictionary.
enum PythonLiteral: Equatable {
    /// A quoted string.
    case string(String)
    /// `True` or `False`.
    case bool(Bool)
    /// `None`.
    case none
    /// An integer that fits in `Int`.
    case int(Int)
    /// An integer too large for `Int`, kept as written.
    case bigInt(String)
    /// A parenthesised tuple: `()`, `(5,)`, `(3, 4)`.
    case tuple([PythonLiteral])
    /// A bracketed list.
    case list([PythonLiteral])
}

/// Parses the small subset of Python literal syntax that `.npy` headers use, without recursion limits
/// being reachable from hostile input (nesting is capped) and without ever trapping.
///
/// Grammar: a dict `{ 'key': value, ... }` with string keys and an optional trailing comma, followed
/// only by whitespace. Values are strings (single or double quoted, no escapes), `True`, `False`,
/// `None`, integers (optional sign, optional Python 2 `L` suffix), tuples and lists. As in Python,
/// `(5)` is the integer 5, not a tuple.
struct PythonLiteralParser {
    /// Deepest nesting of tuples and lists accepted; real headers use one level.
    static let maxDepth = 32

    private let bytes: [UInt8]
    private let utf8: Bool
    private var position = 0

    /// Prepares to parse `bytes`, decoding strings as UTF-8 (format 3.0) or Latin-1 (1.0 and 2.0).
    init(bytes: [UInt8], utf8: Bool) {
        self.bytes = bytes
        self.utf8 = utf8
    }

    /// Parses the whole input as one dictionary, returning its entries in order (duplicates rejected).
    mutating func parseDictionary() throws(NumPyError) -> [(key: String, value: PythonLiteral)] {
        skipWhitespace()
        try expect(UInt8(ascii: "{"), "the header must start with '{'")
        var entries: [(key: String, value: PythonLiteral)] = []
        var seen: Set<String> = []
        while true {
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { break }
            guard let key = peek(), key == UInt8(ascii: "'") || key == UInt8(ascii: "\"") else {
                throw fail("expected a quoted key or '}'")
            }
            let name = try parseString()
            let shown = NumPyError.abbreviate(name)
            guard seen.insert(name).inserted else { throw .malformedHeader("duplicate key '\(shown)'") }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after key '\(shown)'")
            skipWhitespace()
            entries.append((name, try parseValue(depth: 0)))
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { break }
            try expect(UInt8(ascii: ","), "expected ',' or '}' after the value of '\(shown)'")
        }
        skipWhitespace()
        if position < bytes.count { throw fail("unexpected text after the closing '}'") }
        return entries
    }

    private mutating func parseValue(depth: Int) throws(NumPyError) -> PythonLiteral {
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "("), UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) levels") }
            return try parseSequence(depth: depth + 1)
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseInteger()
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"):
            let start = position
            while let next = peek(), Self.isNameByte(next) { position += 1 }
            let name = String(decoding: bytes[start..<position], as: UTF8.self)
            switch name {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: throw .malformedHeader("unexpected name '\(NumPyError.abbreviate(name))' at offset \(start)")
            }
        default:
            throw fail("expected a value")
        }
    }

    /// Parses `( ... )` or `[ ... ]`; a parenthesised single value without a comma is that value.
    private mutating func parseSequence(depth: Int) throws(NumPyError) -> PythonLiteral {
        let isTuple = bytes[position] == UInt8(ascii: "(")
        let close = isTuple ? UInt8(ascii: ")") : UInt8(ascii: "]")
        position += 1
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipWhitespace()
            if consume(close) { break }
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            if consume(close) { break }
            try expect(UInt8(ascii: ","), "expected ',' or '\(Character(Unicode.Scalar(close)))'")
            sawComma = true
        }
        guard isTuple else { return .list(items) }
        if items.count == 1 && !sawComma { return items[0] }
        return .tuple(items)
    }

    private mutating func parseInteger() throws(NumPyError) -> PythonLiteral {
        let start = position
        var negative = false
        if let sign = peek(), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            position += 1
            skipWhitespace()
        }
        let digitsStart = position
        var magnitude = 0
        var overflow = false
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            magnitude = sum
            position += 1
        }
        guard position > digitsStart else { throw fail("expected digits after the sign") }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if let suffix = peek(), suffix == UInt8(ascii: "L") || suffix == UInt8(ascii: "l") { position += 1 }
        if let next = peek(), Self.isNameByte(next) || next == UInt8(ascii: ".") {
            throw fail("not an integer literal")
        }
        if overflow { return .bigInt(text) }
        return .int(negative ? -magnitude : magnitude)
    }

    private mutating func parseString() throws(NumPyError) -> String {
        let quote = bytes[position]
        position += 1
        let start = position
        while let byte = peek(), byte != quote {
            if byte == UInt8(ascii: "\\") { throw fail("escape sequences in strings are not supported") }
            if byte == UInt8(ascii: "\n") { throw fail("unterminated string") }
            position += 1
        }
        guard peek() != nil else { throw .malformedHeader("unterminated string starting at offset \(start - 1)") }
        let content = bytes[start..<position]
        position += 1
        guard let text = String(bytes: content, encoding: utf8 ? .utf8 : .isoLatin1) else {
            throw .malformedHeader("string at offset \(start - 1) is not valid UTF-8")
        }
        return text
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(NumPyError) {
        guard consume(byte) else { throw fail(message) }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
            position += 1
        }
    }

    /// An error naming what was expected and what was found where.
    private func fail(_ message: String) -> NumPyError {
        guard let byte = peek() else { return .malformedHeader("\(message), but the header ends") }
        let found = (0x20..<0x7F).contains(byte)
            ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
        return .malformedHeader("\(message); found \(found) at offset \(position)")
    }
}
