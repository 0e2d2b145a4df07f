import Testing
@testable import Autograd
import AutogradTestSupport

/// Hostile input: nesting depth, source size, long flat chains, and random token soup.
struct ExpressionLimitTests {
    private typealias T = ExpressionTesting
    private static let tooDeep = "expression nested too deeply (more than 256 levels)"

    private static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    // MARK: - Depth

    @Test func hundredThousandOpeningParentheses() {
        let error = T.parseError(Self.repeated("(", 100_000))
        #expect(error == ExpressionError(message: Self.tooDeep, line: 1, column: 257))
        let balanced = Self.repeated("(", 100_000) + "1" + Self.repeated(")", 100_000)
        #expect(T.parseError(balanced) == ExpressionError(message: Self.tooDeep, line: 1, column: 257))
    }

    @Test func hundredThousandMinusSigns() {
        let error = T.parseError(Self.repeated("-", 100_000) + "1")
        #expect(error == ExpressionError(message: Self.tooDeep, line: 1, column: 257))
        let onLineTwo = T.parseError("x = 1\ny = " + Self.repeated("+", 100_000) + "x")
        #expect(onLineTwo == ExpressionError(message: Self.tooDeep, line: 2, column: 261))
    }

    @Test func longPowerChainsAndCalls() {
        let powers = T.parseError(Self.repeated("2^", 300) + "2")
        #expect(powers == ExpressionError(message: Self.tooDeep, line: 1, column: 2 * 257))
        let calls = T.parseError(Self.repeated("sin(", 300) + "0" + Self.repeated(")", 300))
        #expect(calls == ExpressionError(message: Self.tooDeep, line: 1, column: 4 * 257))
        let mixed = T.parseError(Self.repeated("-(", 128) + "-1" + Self.repeated(")", 128))
        #expect(mixed == ExpressionError(message: Self.tooDeep, line: 1, column: 257))
    }

    @Test func exactlyTheLimitIsAccepted() throws {
        #expect(try T.evaluate(Self.repeated("(", 256) + "x" + Self.repeated(")", 256), ["x": 7]) == 7)
        #expect(try T.evaluate(Self.repeated("-", 256) + "x", ["x": 7]) == 7)
        #expect(try T.evaluate(Self.repeated("-", 255) + "x", ["x": 7]) == -7)
        #expect(try T.evaluate(Self.repeated("x^", 256) + "1", ["x": 1]) == 1)
        #expect(try T.evaluate(Self.repeated("abs(", 256) + "x" + Self.repeated(")", 256), ["x": -7]) == 7)
        #expect(try T.evaluate(Self.repeated("-(", 128) + "x" + Self.repeated(")", 128), ["x": 7]) == 7)
        // The limit is on nesting, not on length: siblings may each go to the limit.
        let deep = Self.repeated("(", 256) + "1" + Self.repeated(")", 256)
        #expect(try T.evaluate(Self.repeated(deep + " + ", 50) + deep) == 51)
    }

    // MARK: - Size

    @Test func programSizeLimit() throws {
        let largest = "1" + Self.repeated(" ", Program.maximumSourceSize - 1)
        #expect(try T.evaluate(largest) == 1)
        let tooLarge = largest + " "
        #expect(T.parseError(tooLarge) == ExpressionError(
            message: "program too large: 1048577 bytes (the limit is 1048576 bytes, 1 MiB)"))
        // The limit is in UTF-8 bytes, not characters.
        let wide = Self.repeated("é", Program.maximumSourceSize / 2 + 1)
        #expect(T.parseError(wide)?.message.hasPrefix("program too large: 1048578 bytes") == true)
    }

    // MARK: - Long but flat

    @Test func longChainsDoNotRecurse() throws {
        let terms = 200_000
        #expect(try T.evaluate(Self.repeated("1+", terms - 1) + "1") == Double(terms))
        #expect(try T.evaluate("x" + Self.repeated("*x", 100_000), ["x": 1]) == 1)
        #expect(try T.evaluate("x" + Self.repeated("-1", 100_000), ["x": 0]) == -100_000)
    }

    @Test func manyStatements() throws {
        let program = try Program(parsing: Self.repeated("x = x + 1\n", 50_000))
        var assignments = 0
        let value = try program.evaluate(inputs: ["x": 0.0]) { _, _ in assignments += 1 }
        #expect(value == .variable(50_000))
        #expect(assignments == 50_000)
    }

    @Test func manyArguments() {
        let source = "max(" + (1...100_000).map(String.init).joined(separator: ",") + ")"
        #expect(T.parseError(source) == ExpressionError(
            message: "max expects 2 arguments, got 100000", line: 1, column: 1))
    }

    // MARK: - Random input

    @Test func randomTokenSoupNeverCrashes() {
        let pieces = [
            "x", "y", "e", "pi", "a", "1", "0", "2.5", ".5", "1e3", "1e", "+", "-", "*", "/", "^", "**", "(", ")",
            ",", "=", ";", "\n", " ", "\t", "sin", "max", "pow", "foo", "é", "@", ".", "1.2.3", "a =", "0/0",
        ]
        var random = SplitMix64(seed: 42)
        var parsed = 0
        for _ in 0..<3_000 {
            var source = ""
            for _ in 0..<random.next(below: 25) { source += pieces[random.next(below: pieces.count)] }
            do {
                let program = try Program(parsing: source)
                parsed += 1
                _ = try program.evaluate(inputs: ["x": 0.5, "y": -2.0])
            } catch {
                #expect(!error.message.isEmpty)
                if let line = error.line, let column = error.column {
                    #expect(line >= 1 && column >= 1)
                    let rendered = error.rendered(source: source).split(separator: "\n", omittingEmptySubsequences: false)
                    #expect(rendered.count == 3 && rendered.last?.last == "^")
                }
            }
        }
        #expect(parsed > 0)
    }
}
