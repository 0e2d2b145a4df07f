/// One lexical unit of the expression language.
///
/// The kind is a plain enumeration without payloads and the text is stored beside it, so that the
/// parser's many comparisons of kinds stay cheap (they run on every level of recursion).
struct ExpressionToken: Sendable, Equatable {
    /// What the token is.
    enum Kind: UInt8, Sendable, Equatable {
        /// A number literal; ``ExpressionToken/number`` holds its value.
        case number
        /// A name: a variable, a constant or a function.
        case name
        case plus, minus, star, slash
        /// `^` or `**` (the text tells which).
        case power
        case leftParen, rightParen, comma, equals, semicolon
        /// A line break outside parentheses (it ends a statement).
        case newline
        /// The end of the source.
        case end
    }

    /// What the token is.
    var kind: Kind
    /// The source text for numbers, names and powers; empty for other tokens.
    var text: String = ""
    /// The value of a number literal; zero for other tokens.
    var number: Double = 0
    /// Where the token starts (for ``Kind/end``, just after the last token).
    var location: ExpressionLocation

    /// A description for error messages: `number '2'`, `name 'x'`, `')'`, `end of input`.
    var summary: String {
        switch kind {
        case .number: "number '\(Self.abbreviated(text))'"
        case .name: "name '\(Self.abbreviated(text))'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .power: "'\(text)'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comma: "','"
        case .equals: "'='"
        case .semicolon: "';'"
        case .newline: "end of line"
        case .end: "end of input"
        }
    }

    /// `text`, cut to at most 40 scalars (with `…`) so that hostile input keeps messages short.
    static func abbreviated(_ text: String) -> String {
        let limit = 40
        guard text.unicodeScalars.count > limit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1))) + "…"
    }
}
