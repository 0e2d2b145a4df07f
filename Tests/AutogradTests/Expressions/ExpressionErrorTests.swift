import Testing
@testable import Autograd

/// Every error: its exact message, position and rendering.
struct ExpressionErrorTests {
    private typealias T = ExpressionTesting

    /// A source, the message it must fail with, and the 1-based position (`nil` for none).
    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var message: String
        var line: Int?
        var column: Int?
        var testDescription: String { source.debugDescription }

        init(_ source: String, _ message: String, _ line: Int?, _ column: Int?) {
            self.source = source
            self.message = message
            self.line = line
            self.column = column
        }
    }

    @Test(arguments: [
        // Characters.
        Case("1 + @", "unexpected character '@'", 1, 5),
        Case("a = 1\nb = a # note", "unexpected character '#'", 2, 7),
        Case("x + é", "unexpected character 'é' (U+00E9)", 1, 5),
        Case("👍 + 1", "unexpected character '👍' (U+1F44D)", 1, 1),
        Case("x =\u{00A0}1", "unexpected character U+00A0", 1, 4),
        Case("e\u{0301} + 1", "unexpected character U+0301", 1, 2),  // columns count Unicode scalars
        Case("1 +\u{7}", "unexpected character U+0007", 1, 4),
        Case(".", "unexpected character '.'", 1, 1),
        Case("x = .e5", "unexpected character '.'", 1, 5),
        // Tokens.
        Case("(1 + 2", "unexpected end of input, expected ')'", 1, 7),
        Case("max(1,\n 2", "unexpected end of input, expected ',' or ')'", 2, 3),
        Case("1 +", "unexpected end of input, expected an expression", 1, 4),
        Case("1 +\n2", "unexpected end of line, expected an expression", 1, 4),
        Case("1 + )", "unexpected ')', expected an expression", 1, 5),
        Case("1 2", "unexpected number '2', expected an operator or the end of the statement", 1, 3),
        Case("x y", "unexpected name 'y', expected an operator or the end of the statement", 1, 3),
        Case("a = 1)", "unmatched ')'", 1, 6),
        Case("max(1 2)", "unexpected number '2', expected ',' or ')'", 1, 7),
        Case("f = (2\nc", "unexpected name 'c', expected ')'", 2, 1),
        Case("a = b = 1", "unexpected '=', expected an operator or the end of the statement", 1, 7),
        Case("x == 2", "unexpected '=', expected an expression", 1, 4),
        Case("x ** * 2", "unexpected '*', expected an expression", 1, 6),
        Case("x ^ ^ 2", "unexpected '^', expected an expression", 1, 5),
        Case("= 1", "unexpected '=', expected an expression", 1, 1),
        Case("max(,1)", "unexpected ',', expected an expression", 1, 5),
        // Functions.
        Case("foo(1)", "unknown function 'foo'", 1, 1),
        Case("y = 2 * sigmod(x)", "unknown function 'sigmod' (did you mean 'sigmoid'?)", 1, 9),
        Case("cosh(1)", "unknown function 'cosh' (did you mean 'cos'?)", 1, 1),
        Case("x(2)", "unknown function 'x'", 1, 1),
        Case("max(1)", "max expects 2 arguments, got 1", 1, 1),
        Case("y = exp(1, 2)", "exp expects 1 argument, got 2", 1, 5),
        Case("sin()", "sin expects 1 argument, got 0", 1, 1),
        Case("pow(1, 2, 3)", "pow expects 2 arguments, got 3", 1, 1),
        // Calling a non-function.
        Case("x = 1; x(2)", "'x' is not a function (write '*' to multiply)", 1, 8),
        Case("y = x + 1\nz = x(2)", "'x' is not a function (write '*' to multiply)", 2, 5),
        Case("pi(2)", "'pi' is not a function (write '*' to multiply)", 1, 1),
        Case("sin + 1", "'sin' is a function: call it as sin(x)", 1, 1),
        Case("2 * max", "'max' is a function: call it as max(x, y)", 1, 5),
        // Assignments.
        Case("2 = x", "cannot assign to a number", 1, 1),
        Case("a = 1; 3.5 = a", "cannot assign to a number", 1, 8),
        Case("a = 1\n  a + 1 = 2", "cannot assign to an expression: the left side of '=' must be a name", 2, 3),
        Case("-a = 2", "cannot assign to an expression: the left side of '=' must be a name", 1, 1),
        Case("sin = 2", "cannot assign to 'sin': it is a function", 1, 1),
        // Numbers.
        Case("1e", "malformed number '1e': the exponent has no digits", 1, 1),
        Case("y = 1e+ 2", "malformed number '1e+': the exponent has no digits", 1, 5),
        Case("x = 1.2.3", "malformed number '1.2.3'", 1, 5),
        Case("2x", "malformed number '2x'", 1, 1),
        Case("1e5e3", "malformed number '1e5e3'", 1, 1),
        Case("2..", "malformed number '2..'", 1, 1),
        Case("1e999", "number '1e999' is out of range", 1, 1),
        // Empty programs.
        Case("", "the program is empty: expected an expression", nil, nil),
        Case(";;\n ;\n", "the program is empty: expected an expression", nil, nil),
    ])
    func parseErrors(_ test: Case) {
        let error = T.parseError(test.source)
        #expect(error == ExpressionError(message: test.message, line: test.line, column: test.column))
    }

    @Test(arguments: [
        Case("a = 1; c + a", "undefined name 'c'", 1, 8),
        Case("b = a; a = 1", "undefined name 'a'", 1, 5),
        Case("a = 1\nb = a * c", "undefined name 'c'", 2, 9),
        Case("y = x\nq", "undefined name 'q'", 2, 1),
        Case("sin(max(1, zz))", "undefined name 'zz'", 1, 12),
    ])
    func undefinedNames(_ test: Case) {
        #expect(T.parseError(test.source) == nil)
        let error = T.runError(test.source, ["x": 1])
        #expect(error == ExpressionError(message: test.message, line: test.line, column: test.column))
    }

    @Test func longNamesAreAbbreviatedInMessages() {
        let name = String(repeating: "n", count: 1000)
        let error = T.runError("\(name) + 1")
        #expect(error?.message == "undefined name '\(String(repeating: "n", count: 39))…'")
    }

    // MARK: - Rendering

    @Test func renderedWithCaret() {
        let source = "a = 1\nb = a * c + 2"
        let error = T.runError(source)
        #expect(error?.description == "2:9: undefined name 'c'")
        #expect(error?.rendered(source: source) == "2:9: undefined name 'c'\nb = a * c + 2\n        ^")
    }

    @Test func renderedKeepsTabs() {
        let source = "\tx = (1 +\t@)"
        let error = T.parseError(source)
        #expect(error?.column == 11)
        #expect(error?.rendered(source: source) == "1:11: unexpected character '@'\n\tx = (1 +\t@)\n\t        \t^")
    }

    @Test func renderedEscapesControlCharactersAndKeepsTheCaretUnderTheColumn() {
        let source = "x\u{b}+ \u{c}y"
        let error = ExpressionError(message: "undefined name 'y'", line: 1, column: 6)
        #expect(error.rendered(source: source) == "1:6: undefined name 'y'\nx\\u{b}+ \\u{c}y\n" + String(repeating: " ", count: 13) + "^")
    }

    @Test func renderedAtEndOfInput() {
        let source = "y = max(x,\n  (1 + 2"
        let error = T.parseError(source)
        #expect(error?.rendered(source: source) == """
            2:9: unexpected end of input, expected ')'
              (1 + 2
                    ^
            """)
    }

    @Test func renderedDropsCarriageReturns() {
        let source = "a = 1\r\nb = @\r\nc = 2"
        #expect(T.parseError(source)?.rendered(source: source) == "2:5: unexpected character '@'\nb = @\n    ^")
    }

    @Test func renderedNonASCII() {
        let source = "x = 2 * π"
        #expect(T.parseError(source)?.rendered(source: source) == "1:9: unexpected character 'π' (U+03C0)\nx = 2 * π\n        ^")
    }

    @Test func renderedWithoutPosition() {
        let error = ExpressionError(message: "the program is empty: expected an expression")
        #expect(error.description == "the program is empty: expected an expression")
        #expect(error.rendered(source: "") == "the program is empty: expected an expression")
        #expect(T.parseError(";")?.rendered(source: ";") == "the program is empty: expected an expression")
    }

    @Test func renderedWithAPositionOutsideTheSource() {
        let error = ExpressionError(message: "m", line: 3, column: 2)
        #expect(error.rendered(source: "one line") == "3:2: m")
        #expect(ExpressionError(message: "m", line: 1, column: 4).rendered(source: "ab") == "1:4: m\nab\n   ^")
    }
}
