import Testing
@testable import Autograd

/// Helpers shared by the expression-language tests.
enum ExpressionTesting {
    /// Parses and evaluates `source` with `Double` inputs; returns the output number.
    static func evaluate(_ source: String, _ inputs: [String: Double] = [:]) throws -> Double {
        try Program(parsing: source).evaluate(inputs: inputs).value
    }

    /// The error that parsing `source` throws, or `nil` if it parses.
    static func parseError(_ source: String) -> ExpressionError? {
        do {
            _ = try Program(parsing: source)
            return nil
        } catch {
            return error
        }
    }

    /// The error that parsing or evaluating `source` throws, or `nil` if it runs.
    static func runError(_ source: String, _ inputs: [String: Double] = [:]) -> ExpressionError? {
        do {
            _ = try Program(parsing: source).evaluate(inputs: inputs)
            return nil
        } catch {
            return error
        }
    }

    /// Whether `actual` is within a few ulps of `expected`.
    static func close(_ actual: Double, _ expected: Double) -> Bool {
        Swift.abs(actual - expected) <= 4 * Double.ulpOfOne * Swift.max(1, Swift.abs(expected))
    }
}

/// A test scalar that records, as text, which `ScalarMath` operation produced it.
///
/// Evaluating with it shows exactly which operators the evaluator chose: `x + 2.0` is the mixed
/// operator with a constant, `pow(x, 3.0)` the constant-exponent power, and a folded constant never
/// appears as an operation at all.
struct ExpressionTrace: ScalarMath, Equatable, Sendable {
    var value: Double
    var text: String

    init(_ text: String, _ value: Double) {
        self.text = text
        self.value = value
    }

    private static func binary(_ l: String, _ op: String, _ r: String, _ value: Double) -> ExpressionTrace {
        ExpressionTrace("(\(l) \(op) \(r))", value)
    }

    static func + (lhs: ExpressionTrace, rhs: ExpressionTrace) -> ExpressionTrace { binary(lhs.text, "+", rhs.text, lhs.value + rhs.value) }
    static func - (lhs: ExpressionTrace, rhs: ExpressionTrace) -> ExpressionTrace { binary(lhs.text, "-", rhs.text, lhs.value - rhs.value) }
    static func * (lhs: ExpressionTrace, rhs: ExpressionTrace) -> ExpressionTrace { binary(lhs.text, "*", rhs.text, lhs.value * rhs.value) }
    static func / (lhs: ExpressionTrace, rhs: ExpressionTrace) -> ExpressionTrace { binary(lhs.text, "/", rhs.text, lhs.value / rhs.value) }
    static prefix func - (operand: ExpressionTrace) -> ExpressionTrace { ExpressionTrace("-\(operand.text)", -operand.value) }

    static func + (lhs: ExpressionTrace, rhs: Double) -> ExpressionTrace { binary(lhs.text, "+", "\(rhs)", lhs.value + rhs) }
    static func + (lhs: Double, rhs: ExpressionTrace) -> ExpressionTrace { binary("\(lhs)", "+", rhs.text, lhs + rhs.value) }
    static func - (lhs: ExpressionTrace, rhs: Double) -> ExpressionTrace { binary(lhs.text, "-", "\(rhs)", lhs.value - rhs) }
    static func - (lhs: Double, rhs: ExpressionTrace) -> ExpressionTrace { binary("\(lhs)", "-", rhs.text, lhs - rhs.value) }
    static func * (lhs: ExpressionTrace, rhs: Double) -> ExpressionTrace { binary(lhs.text, "*", "\(rhs)", lhs.value * rhs) }
    static func * (lhs: Double, rhs: ExpressionTrace) -> ExpressionTrace { binary("\(lhs)", "*", rhs.text, lhs * rhs.value) }
    static func / (lhs: ExpressionTrace, rhs: Double) -> ExpressionTrace { binary(lhs.text, "/", "\(rhs)", lhs.value / rhs) }
    static func / (lhs: Double, rhs: ExpressionTrace) -> ExpressionTrace { binary("\(lhs)", "/", rhs.text, lhs / rhs.value) }

    static func pow(_ base: ExpressionTrace, _ exponent: Double) -> ExpressionTrace {
        ExpressionTrace("pow(\(base.text), \(exponent))", Double.pow(base.value, exponent))
    }
    static func pow(_ base: ExpressionTrace, _ exponent: ExpressionTrace) -> ExpressionTrace {
        ExpressionTrace("pow(\(base.text), \(exponent.text))", Double.pow(base.value, exponent.value))
    }
    static func pow(_ base: Double, _ exponent: ExpressionTrace) -> ExpressionTrace {
        ExpressionTrace("pow(\(base), \(exponent.text))", Double.pow(base, exponent.value))
    }

    private static func call(_ name: String, _ x: ExpressionTrace, _ f: (Double) -> Double) -> ExpressionTrace {
        ExpressionTrace("\(name)(\(x.text))", f(x.value))
    }

    static func exp(_ x: ExpressionTrace) -> ExpressionTrace { call("exp", x, Double.exp) }
    static func log(_ x: ExpressionTrace) -> ExpressionTrace { call("log", x, Double.log) }
    static func sin(_ x: ExpressionTrace) -> ExpressionTrace { call("sin", x, Double.sin) }
    static func cos(_ x: ExpressionTrace) -> ExpressionTrace { call("cos", x, Double.cos) }
    static func tan(_ x: ExpressionTrace) -> ExpressionTrace { call("tan", x, Double.tan) }
    static func tanh(_ x: ExpressionTrace) -> ExpressionTrace { call("tanh", x, Double.tanh) }
    static func sigmoid(_ x: ExpressionTrace) -> ExpressionTrace { call("sigmoid", x, Double.sigmoid) }
    static func relu(_ x: ExpressionTrace) -> ExpressionTrace { call("relu", x, Double.relu) }
    static func sqrt(_ x: ExpressionTrace) -> ExpressionTrace { call("sqrt", x, Double.sqrt) }
    static func abs(_ x: ExpressionTrace) -> ExpressionTrace { call("abs", x, Double.abs) }
    static func maximum(_ x: ExpressionTrace, _ y: ExpressionTrace) -> ExpressionTrace {
        ExpressionTrace("max(\(x.text), \(y.text))", Double.maximum(x.value, y.value))
    }
    static func minimum(_ x: ExpressionTrace, _ y: ExpressionTrace) -> ExpressionTrace {
        ExpressionTrace("min(\(x.text), \(y.text))", Double.minimum(x.value, y.value))
    }
}
