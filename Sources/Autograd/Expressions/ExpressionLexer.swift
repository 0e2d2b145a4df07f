/// Splits program source into tokens, one at a time, on demand.
///
/// Whitespace is space, tab, carriage return, vertical tab and form feed. A line feed ends a statement,
/// except inside parentheses, where it is whitespace (so a long call may span lines). Everything
/// outside ASCII is an unexpected character. Positions count Unicode scalars (see ``ExpressionError``).
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    /// How many `(` are open; line feeds are whitespace while it is positive.
    private var openParentheses = 0
    /// Just past the end of the last token: where ``ExpressionToken/Kind/end`` is reported.
    private var endOfLastToken = ExpressionLocation(line: 1, column: 1)

    /// Creates a lexer over `source`.
    init(source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// Reads the next token; after the last one, returns ``ExpressionToken/Kind/end`` forever.
    mutating func next() throws(ExpressionError) -> ExpressionToken {
        skipWhitespace()
        guard let scalar = peek() else {
            return ExpressionToken(kind: .end, location: endOfLastToken)
        }
        let start = location
        var token = ExpressionToken(kind: .end, location: start)
        switch scalar {
        case "\n": token.kind = .newline
        case "+": token.kind = .plus
        case "-": token.kind = .minus
        case "/": token.kind = .slash
        case "^": token.kind = .power
        case ",": token.kind = .comma
        case "=": token.kind = .equals
        case ";": token.kind = .semicolon
        case "(": token.kind = .leftParen
        case ")": token.kind = .rightParen
        case "*": token.kind = peek(offset: 1) == "*" ? .power : .star
        case "0"..."9":
            try number(into: &token)
        case "." where peek(offset: 1).map(Self.isDigit) == true:
            try number(into: &token)
        case _ where Self.startsName(scalar):
            token.kind = .name
            token.text = take(while: Self.continuesName)
        default:
            throw ExpressionError("unexpected character \(Self.describe(scalar))", at: start)
        }
        switch token.kind {
        case .number, .name:
            break  // already consumed
        case .power:
            token.text = scalar == "*" ? "**" : "^"
            advance(by: token.text.utf8.count)
        case .leftParen:
            openParentheses += 1
            advance()
        case .rightParen:
            openParentheses = Swift.max(0, openParentheses - 1)
            advance()
        default:
            advance()
        }
        endOfLastToken = token.kind == .newline ? start : location
        return token
    }

    // MARK: - Numbers

    /// Reads a number literal (`2`, `0.5`, `.5`, `2.`, `1e-3`, `1E+3`) into `token`.
    private mutating func number(into token: inout ExpressionToken) throws(ExpressionError) {
        let start = token.location
        var text = take(while: Self.isDigit)
        if peek() == "." {
            advance()
            text += "." + take(while: Self.isDigit)
        }
        if let marker = peek(), marker == "e" || marker == "E" {
            advance()
            text.unicodeScalars.append(marker)
            if let sign = peek(), sign == "+" || sign == "-" {
                advance()
                text.unicodeScalars.append(sign)
            }
            let digits = take(while: Self.isDigit)
            guard !digits.isEmpty else {
                text += take(while: Self.continuesNumber)
                throw ExpressionError(
                    "malformed number '\(ExpressionToken.abbreviated(text))': the exponent has no digits", at: start)
            }
            text += digits
        }
        if let next = peek(), Self.continuesNumber(next) {
            text += take(while: Self.continuesNumber)
            throw ExpressionError("malformed number '\(ExpressionToken.abbreviated(text))'", at: start)
        }
        // Swift's parser wants digits on both sides of the point: `.5` and `2.` are spelled out.
        var spelled = text.hasPrefix(".") ? "0" + text : text
        if let point = spelled.firstIndex(of: ".") {
            let after = spelled.index(after: point)
            if after == spelled.endIndex || !Self.isDigit(spelled.unicodeScalars[after]) {
                spelled.insert("0", at: after)
            }
        }
        guard let value = Double(spelled) else {
            throw ExpressionError("malformed number '\(ExpressionToken.abbreviated(text))'", at: start)
        }
        guard value.isFinite else {
            throw ExpressionError("number '\(ExpressionToken.abbreviated(text))' is out of range", at: start)
        }
        token.kind = .number
        token.text = text
        token.number = value
    }

    // MARK: - Scanning

    private var location: ExpressionLocation { ExpressionLocation(line: line, column: column) }

    private func peek(offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance(by count: Int = 1) {
        for _ in 0..<count {
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }

    private mutating func take(while belongs: (Unicode.Scalar) -> Bool) -> String {
        var text = ""
        while let scalar = peek(), belongs(scalar) {
            text.unicodeScalars.append(scalar)
            advance()
        }
        return text
    }

    private mutating func skipWhitespace() {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\r", "\u{0B}", "\u{0C}": advance()
            case "\n" where openParentheses > 0: advance()
            default: return
            }
        }
    }

    // MARK: - Character classes

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func startsName(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    private static func continuesName(_ scalar: Unicode.Scalar) -> Bool { startsName(scalar) || isDigit(scalar) }

    /// What may not directly follow a number: letters, digits, `_` and `.` (as in `1.2.3` or `2x`).
    private static func continuesNumber(_ scalar: Unicode.Scalar) -> Bool { continuesName(scalar) || scalar == "." }

    /// `'@'` for visible ASCII, `'é' (U+00E9)` for other visible scalars, `U+0007` for the invisible.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        if (0x21...0x7E).contains(scalar.value) { return "'\(scalar)'" }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate,
             .privateUse, .unassigned, .nonspacingMark, .enclosingMark:
            return code
        default:
            return "'\(scalar)' (\(code))"
        }
    }
}
