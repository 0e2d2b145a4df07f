import Testing
@testable import Autograd

/// Evaluation: constants, programs, functions, folding and `onAssign`.
struct ExpressionEvaluationTests {
    private typealias T = ExpressionTesting

    // MARK: - Constants

    @Test func piAndE() throws {
        #expect(try T.evaluate("pi") == 3.141592653589793)
        #expect(try T.evaluate("e") == 2.718281828459045)
        #expect(try T.evaluate("2 * pi * x", ["x": 0.5]) == 3.141592653589793)
        #expect(try Program(parsing: "pi / 2").evaluate(inputs: ["x": 1.0]) == .constant(1.5707963267948966))
    }

    @Test func inputsShadowConstants() throws {
        #expect(try T.evaluate("pi + e", ["pi": 3, "e": 2]) == 5)
        let value = try Program(parsing: "pi * 2").evaluate(inputs: ["pi": 3.0])
        #expect(value == .variable(6))
    }

    @Test func assignmentsShadowConstantsFromThenOn() throws {
        #expect(try T.evaluate("e = 2; e * 3") == 6)
        #expect(try T.evaluate("x = e; e = 1; x + e") == 3.718281828459045)
        #expect(try T.evaluate("pi = pi * 2; pi") == 2 * Double.pi)
    }

    // MARK: - Programs

    /// micrograd's README example, with `c += …` written `c = c + …` and `.relu()` as `relu(…)`.
    private static let micrograd = """
        c = a + b
        d = a * b + b**3
        c = c + c + 1
        c = c + 1 + c + (-a)
        d = d + d * 2 + relu(b + a)
        d = d + 3 * d + relu(b - a)
        e = c - d
        f = e**2
        g = f / 2.0
        g = g + 10.0 / f
        """

    /// The same computation written directly in Swift.
    private static func microgradByHand(a: Double, b: Double) -> Double {
        var c = a + b
        var d = a * b + b * b * b
        c = c + c + 1
        c = c + 1 + c + (-a)
        d = d + d * 2 + Swift.max(b + a, 0)
        d = d + 3 * d + Swift.max(b - a, 0)
        let e = c - d
        let f = e * e
        var g = f / 2.0
        g = g + 10.0 / f
        return g
    }

    @Test func microgradProgramWithConstants() throws {
        let program = try Program(parsing: "a = -4.0; b = 2.0\n" + Self.micrograd)
        let value = try program.evaluate(inputs: [String: Double]())
        #expect(value == .constant(Self.microgradByHand(a: -4, b: 2)))
        #expect(T.close(value.value, 24.70408163265306))
        #expect(program.freeNames.isEmpty)
    }

    @Test func microgradProgramWithInputs() throws {
        let program = try Program(parsing: Self.micrograd)
        #expect(program.freeNames == ["a", "b"])
        #expect(program.assignedNames == ["c", "d", "e", "f", "g"])
        for (a, b) in [(-4.0, 2.0), (1.5, -0.25), (3.0, 3.0)] {
            let value = try program.evaluate(inputs: ["a": a, "b": b])
            #expect(value == .variable(Self.microgradByHand(a: a, b: b)))
        }
    }

    @Test func reassignmentUsesTheLatestValue() throws {
        #expect(try T.evaluate("x = 1; x = x + 1; x = x * 10; x") == 20)
        #expect(try T.evaluate("x = x * 2; x = x + 1", ["x": 5]) == 11)
    }

    // MARK: - Functions

    @Test(arguments: [
        ("exp(1.5)", 4.4816890703380645), ("log(10)", 2.302585092994046), ("sin(1)", 0.8414709848078965),
        ("cos(1)", 0.5403023058681398), ("tan(1)", 1.5574077246549023), ("tanh(0.5)", 0.46211715726000974),
        ("sigmoid(-2)", 0.11920292202211755), ("sigmoid(3)", 0.9525741268224334), ("relu(-3)", 0.0),
        ("relu(2.5)", 2.5), ("sqrt(2)", 1.4142135623730951), ("abs(-2.5)", 2.5), ("abs(4)", 4.0),
        ("pow(2, 10)", 1024.0), ("pow(1.5, 2.5)", 2.7556759606310752), ("max(2, 3)", 3.0),
        ("max(3, -2)", 3.0), ("min(2, 3)", 2.0), ("min(3, -2)", -2.0), ("exp(-0.25)", 0.7788007830714049),
    ])
    func functionsOfConstants(source: String, expected: Double) throws {
        let value = try Program(parsing: source).evaluate(inputs: ["unused": 1.0])
        #expect(value.isConstant)
        #expect(T.close(value.value, expected))
    }

    @Test(arguments: [
        ("exp(x)", 1.5, 4.4816890703380645), ("log(x)", 10, 2.302585092994046), ("sin(x)", 1, 0.8414709848078965),
        ("cos(x)", 1, 0.5403023058681398), ("tan(x)", 1, 1.5574077246549023), ("tanh(x)", 0.5, 0.46211715726000974),
        ("sigmoid(x)", -2, 0.11920292202211755), ("relu(x)", -3, 0.0), ("relu(x)", 2.5, 2.5),
        ("sqrt(x)", 2, 1.4142135623730951), ("abs(x)", -2.5, 2.5), ("pow(x, 10)", 2, 1024.0),
        ("pow(1.5, x)", 2.5, 2.7556759606310752), ("pow(x, x)", 2, 4.0), ("max(x, 3)", 2, 3.0),
        ("max(x, -x)", -3, 3.0), ("min(x, 3)", 2, 2.0), ("min(-x, x)", 3, -3.0),
    ])
    func functionsOfVariables(source: String, x: Double, expected: Double) throws {
        let value = try Program(parsing: source).evaluate(inputs: ["x": x])
        #expect(T.close(value.value, expected))
    }

    // MARK: - Folding

    @Test func constantsFoldAndVariablesDoNot() throws {
        let inputs = ["x": ExpressionTrace("x", 2)]
        #expect(try Program(parsing: "2 * 3 + exp(0) - pi ^ 0").evaluate(inputs: inputs) == .constant(6))
        #expect(try Program(parsing: "x").evaluate(inputs: inputs) == .variable(ExpressionTrace("x", 2)))
        let mixed = try Program(parsing: "x * 0 + 1").evaluate(inputs: inputs)
        #expect(mixed.variable?.text == "((x * 0.0) + 1.0)")
        #expect(mixed.value == 1)
        #expect(!mixed.isConstant)
    }

    @Test(arguments: [
        ("x + 2", "(x + 2.0)"), ("2 + x", "(2.0 + x)"), ("x - 2", "(x - 2.0)"), ("2 - x", "(2.0 - x)"),
        ("x * 2", "(x * 2.0)"), ("2 * x", "(2.0 * x)"), ("x / 2", "(x / 2.0)"), ("2 / x", "(2.0 / x)"),
        ("x + y", "(x + y)"), ("x - y", "(x - y)"), ("x * y", "(x * y)"), ("x / y", "(x / y)"),
        ("x ^ 3", "pow(x, 3.0)"), ("2 ^ x", "pow(2.0, x)"), ("x ^ y", "pow(x, y)"), ("x ** 3", "pow(x, 3.0)"),
        ("pow(x, 2)", "pow(x, 2.0)"), ("pow(2, y)", "pow(2.0, y)"), ("pow(x, y)", "pow(x, y)"),
        ("-x", "-x"), ("+x", "x"), ("--x", "--x"), ("-x^2", "-pow(x, 2.0)"),
        ("exp(x)", "exp(x)"), ("log(x)", "log(x)"), ("sin(x)", "sin(x)"), ("cos(x)", "cos(x)"),
        ("tan(x)", "tan(x)"), ("tanh(x)", "tanh(x)"), ("sigmoid(x)", "sigmoid(x)"), ("relu(x)", "relu(x)"),
        ("sqrt(x)", "sqrt(x)"), ("abs(x)", "abs(x)"), ("max(x, y)", "max(x, y)"), ("min(x, y)", "min(x, y)"),
        ("2 * 3 * x", "(6.0 * x)"), ("x * 2 * 3", "((x * 2.0) * 3.0)"), ("x + exp(0) + 1", "((x + 1.0) + 1.0)"),
        ("sin(x) * (1 + 1) ^ 2", "(sin(x) * 4.0)"), ("-(1 - 3) * x", "(2.0 * x)"), ("x - -y", "(x - -y)"),
    ])
    func mixedOperatorsAreChosen(source: String, trace: String) throws {
        let inputs = ["x": ExpressionTrace("x", 0.75), "y": ExpressionTrace("y", 2)]
        let value = try Program(parsing: source).evaluate(inputs: inputs)
        #expect(value.variable?.text == trace)
        let plain = try Program(parsing: source).evaluate(inputs: ["x": 0.75, "y": 2.0])
        #expect(value.value == plain.value)
    }

    @Test func maxAndMinOfAVariableAndAConstant() throws {
        func run(_ source: String, _ x: Double) throws -> ProgramValue<ExpressionTrace> {
            try Program(parsing: source).evaluate(inputs: ["x": ExpressionTrace("x", x)])
        }
        #expect(try run("max(x, 0)", 2) == .variable(ExpressionTrace("x", 2)))
        #expect(try run("max(0, x)", -1) == .constant(0))
        #expect(try run("max(x, 0)", 0) == .variable(ExpressionTrace("(((x - 0.0) * 0.5) + 0.0)", 0)))
        #expect(try run("min(1, x)", 3) == .constant(1))
        #expect(try run("min(x, 1)", -3) == .variable(ExpressionTrace("x", -3)))
        #expect(try run("min(x, 1)", 1) == .variable(ExpressionTrace("(((x - 1.0) * 0.5) + 1.0)", 1)))
        #expect(try run("max(x, 0)", .nan).value.isNaN)
        #expect(try run("max(x, 0)", .nan).variable != nil)
        let nanConstant = try run("max(x, 0/0)", 1)
        #expect(nanConstant.isConstant && nanConstant.value.isNaN)
        #expect(try run("max(x, 1/0)", .infinity).value == .infinity)
    }

    // MARK: - onAssign

    @Test func onAssignReportsVariableAssignmentsInOrder() throws {
        let program = try Program(parsing: "a = x * 2; b = 3; c = a + b; a = a + 1; d = b * 2; c")
        var calls: [String] = []
        let value = try program.evaluate(inputs: ["x": ExpressionTrace("x", 5)]) { name, scalar in
            calls.append("\(name)=\(scalar.text)")
        }
        #expect(calls == ["a=(x * 2.0)", "c=((x * 2.0) + 3.0)", "a=((x * 2.0) + 1.0)"])
        #expect(value == .variable(ExpressionTrace("((x * 2.0) + 3.0)", 13)))
    }

    @Test func onAssignIsNotCalledForConstantPrograms() throws {
        var count = 0
        let value = try Program(parsing: "a = 1; b = a + 2").evaluate(inputs: ["x": 1.0]) { _, _ in count += 1 }
        #expect(count == 0)
        #expect(value == .constant(3))
    }

    // MARK: - ProgramValue

    @Test func programValueHelpers() {
        let constant = ProgramValue<Double>.constant(2)
        let variable = ProgramValue<Double>.variable(3)
        #expect(constant.isConstant && !variable.isConstant)
        #expect(constant.variable == nil && variable.variable == 3)
        #expect(constant.value == 2 && variable.value == 3)
    }
}
