import Testing
@testable import Autograd

/// Precedence, associativity, number literals and the name lists of ``Program``.
struct ExpressionSyntaxTests {
    private typealias T = ExpressionTesting

    @Test func unaryMinusBindsLooserThanPower() throws {
        #expect(try T.evaluate("-x^2", ["x": 3]) == -9)
        #expect(try T.evaluate("-x**2", ["x": 3]) == -9)
        #expect(try T.evaluate("-2^2") == -4)
        #expect(try T.evaluate("(-2)^2") == 4)
        #expect(try T.evaluate("(-x)^2", ["x": 3]) == 9)
        #expect(try T.evaluate("-2^-2") == -0.25)
    }

    @Test func powerIsRightAssociative() throws {
        #expect(try T.evaluate("2^3^2") == 512)
        #expect(try T.evaluate("2**3**2") == 512)
        #expect(try T.evaluate("2^3**2") == 512)
        #expect(try T.evaluate("(2^3)^2") == 64)
        #expect(try T.evaluate("x^y^z", ["x": 2, "y": 1, "z": 3]) == 2)
    }

    @Test func powerExponentMayBeSigned() throws {
        #expect(try T.evaluate("2^-1") == 0.5)
        #expect(try T.evaluate("2**-1") == 0.5)
        #expect(try T.evaluate("2^+3") == 8)
        #expect(try T.evaluate("2^-1^2") == 0.5)  // 2^(-(1^2))
        #expect(try T.evaluate("2^--2") == 4)
        #expect(try T.evaluate("4^-x", ["x": 0.5]) == 0.5)
    }

    @Test func leftAssociativeOperators() throws {
        #expect(try T.evaluate("1-2-3") == -4)
        #expect(try T.evaluate("8/4/2") == 1)
        #expect(try T.evaluate("8/4*2") == 4)
        #expect(try T.evaluate("1-2+3") == 2)
        #expect(try T.evaluate("a-b-c", ["a": 1, "b": 2, "c": 3]) == -4)
        #expect(try T.evaluate("a/b/c", ["a": 8, "b": 4, "c": 2]) == 1)
    }

    @Test func precedenceOfBinaryOperators() throws {
        #expect(try T.evaluate("2+3*4") == 14)
        #expect(try T.evaluate("(2+3)*4") == 20)
        #expect(try T.evaluate("2*3^2") == 18)
        #expect(try T.evaluate("2*-3") == -6)
        #expect(try T.evaluate("2 - -3") == 5)
        #expect(try T.evaluate("--3") == 3)
        #expect(try T.evaluate("+-+3") == -3)
        #expect(try T.evaluate("-(1+2)*3") == -9)
        #expect(try T.evaluate("10/-2^2") == -2.5)
    }

    @Test(arguments: [
        ("2", 2.0), ("0.5", 0.5), ("1e-3", 0.001), (".5", 0.5), ("2.", 2.0), ("1E3", 1000.0),
        ("1e+2", 100.0), ("2.5e1", 25.0), (".5e1", 5.0), ("3.e1", 30.0), ("007", 7.0), ("0", 0.0),
        ("123456789012", 123_456_789_012.0), ("1e-400", 0.0),
    ])
    func numberLiterals(source: String, expected: Double) throws {
        let value = try Program(parsing: source).evaluate(inputs: [String: Double]())
        #expect(value == .constant(expected))
    }

    @Test func namesAndWhitespace() throws {
        #expect(try T.evaluate("_x1 * x_y", ["_x1": 2, "x_y": 3]) == 6)
        #expect(try T.evaluate("\t 1 \r\n + 0", [:]) == 0)  // the line break ends `1`; `+ 0` is next
        #expect(try T.evaluate("max(1,\n    2) + (3\n + 4)") == 9)  // line breaks inside parentheses
        #expect(try T.evaluate("a = 1\r\nb = 2\r\na + b") == 3)
    }

    @Test func nameLists() throws {
        let program = try Program(parsing: "y = x * w + b; z = y ^ 2; y = y + pi + exp(z); w = 1; q = w")
        #expect(program.assignedNames == ["y", "z", "w", "q"])
        #expect(program.referencedNames == ["x", "w", "b", "y", "pi", "z"])
        #expect(program.freeNames == ["x", "w", "b"])
    }

    @Test func nameListsOfReassignment() throws {
        let program = try Program(parsing: "a = a + 1\na = a * 2\ne = e\nc = sin(a)\nc")
        #expect(program.assignedNames == ["a", "e", "c"])
        #expect(program.referencedNames == ["a", "e", "c"])
        #expect(program.freeNames == ["a"])
        #expect(try program.evaluate(inputs: ["a": 1.0]).value == Double.sin(4))
    }

    @Test func blankStatementsAreAllowed() throws {
        #expect(try T.evaluate(";;1;;\n\n;") == 1)
        #expect(try T.evaluate("\n\na = 2;\n\n a * 3 ;\n") == 6)
    }

    @Test func assignmentIsTheValueOfTheLastStatement() throws {
        #expect(try T.evaluate("a = 2; b = a * 5") == 10)
        #expect(try T.evaluate("(a) = 4; a") == 4)
    }
}
