/// A problem found while parsing or evaluating a ``Program``, with the place in the source it concerns.
///
/// Positions are 1-based. Columns count Unicode scalars (not bytes, UTF-16 units or grapheme clusters),
/// so `é` written as one precomposed scalar is one column, and `e` followed by a combining accent is
/// two. A tab counts as one column; ``rendered(source:)`` keeps tabs in the caret line so the caret
/// still lines up under the offending character in a terminal.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in one line, for example `undefined name 'c'`.
    public var message: String
    /// The 1-based line of the problem, or `nil` for errors that concern the whole program.
    public var line: Int?
    /// The 1-based column (in Unicode scalars) of the problem, or `nil` when there is no position.
    public var column: Int?

    /// Creates an error with a message and an optional position.
    public init(message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    /// Creates an error at a position in the source.
    init(_ message: String, at location: ExpressionLocation) {
        self.init(message: message, line: location.line, column: location.column)
    }

    /// The one-line form: `line:column: message`, or just the message when there is no position.
    public var description: String {
        guard let line, let column else { return message }
        return "\(line):\(column): \(message)"
    }

    /// The one-line form followed, when there is a position, by the offending source line and a caret
    /// line with `^` under the column (lines are separated by `\n`; there is no trailing newline).
    ///
    /// Control characters in the source line other than tabs are shown escaped, as ``DisplayText``
    /// shows them (a vertical tab as `\u{b}`), and the caret line is widened to match, so the caret
    /// stays under the offending character.
    public func rendered(source: String) -> String {
        guard let line, let column, line >= 1, column >= 1,
              let text = Self.sourceLine(line, of: source)
        else { return description }
        var shown = "", caret = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            let piece = DisplayText.escaped(String(scalar), keepingTabs: true)
            shown += piece
            if index < column - 1 {
                caret += scalar == "\t" ? "\t" : String(repeating: " ", count: piece.unicodeScalars.count)
            }
        }
        caret += String(repeating: " ", count: Swift.max(0, column - 1 - text.unicodeScalars.count)) + "^"
        return "\(description)\n\(shown)\n\(caret)"
    }

    /// The `number`th line (1-based) of `source`, without its line break, or `nil` if there is none.
    private static func sourceLine(_ number: Int, of source: String) -> String? {
        let lines = source.unicodeScalars.split(
            separator: "\n", maxSplits: number, omittingEmptySubsequences: false
        )
        guard number <= lines.count else { return nil }
        var text = String(String.UnicodeScalarView(lines[number - 1]))
        if text.unicodeScalars.last == "\r" { text.unicodeScalars.removeLast() }
        return text
    }
}

/// A 1-based line and column (counted in Unicode scalars) in a program's source.
struct ExpressionLocation: Sendable, Equatable {
    /// The 1-based line.
    var line: Int
    /// The 1-based column, in Unicode scalars.
    var column: Int
}
