/// The named constants of the expression language.
///
/// Decision: `pi` and `e` are ordinary names with a fallback value, not keywords. An input of the same
/// name, or an assignment in the program, binds the name and wins from then on (an assignment only
/// from its statement on: `x = e; e = 1` leaves `x` at 2.718…). This keeps programs such as
/// micrograd's, which call an intermediate `e`, working unchanged.
enum ExpressionConstants {
    /// The value of the constant called `name`, or `nil` if there is none.
    static func value(of name: String) -> Double? {
        switch name {
        case "pi": Double.pi
        case "e": 2.718_281_828_459_045_235_360_287_471_352_662_5
        default: nil
        }
    }
}

/// Evaluates statements over a set of bindings, with any ``ScalarMath`` type.
///
/// Recursion follows the tree, whose depth the parser bounds (see ``ExpressionNode``).
struct ExpressionEvaluator<T: ScalarMath> {
    /// The values of the names bound so far: the inputs, then each assignment (the latest wins).
    private var bindings: [String: ProgramValue<T>]

    /// Creates an evaluator whose only bindings are the inputs.
    init(inputs: [String: T]) {
        bindings = inputs.mapValues { .variable($0) }
    }

    /// Runs the statements in order and returns the value of the last one.
    mutating func run(
        _ statements: [ExpressionStatement], onAssign: (String, T) -> Void
    ) throws(ExpressionError) -> ProgramValue<T> {
        var last: ProgramValue<T>?
        for statement in statements {
            let value = try evaluate(statement.expression)
            if let target = statement.target {
                bindings[target] = value
                if case .variable(let scalar) = value { onAssign(target, scalar) }
            }
            last = value
        }
        guard let last else {
            throw ExpressionError(message: "the program is empty: expected an expression")
        }
        return last
    }

    /// The value of one expression under the current bindings.
    func evaluate(_ node: ExpressionNode) throws(ExpressionError) -> ProgramValue<T> {
        switch node {
        case .number(let number):
            return .constant(number)
        case .variable(let name, let location):
            if let bound = bindings[name] { return bound }
            if let constant = ExpressionConstants.value(of: name) { return .constant(constant) }
            throw ExpressionError("undefined name '\(ExpressionToken.abbreviated(name))'", at: location)
        case .negate(let operand):
            return -(try evaluate(operand))
        case .power(let base, let exponent):
            return ProgramValue.power(try evaluate(base), try evaluate(exponent))
        case .chain(let first, let links):
            var value = try evaluate(first)
            for link in links {
                value = ProgramValue.apply(link.op, value, try evaluate(link.operand))
            }
            return value
        case .call(let function, let arguments):
            let values = try arguments.map { (argument) throws(ExpressionError) in try evaluate(argument) }
            switch function {
            case .pow: return ProgramValue.power(values[0], values[1])
            case .max: return ProgramValue.extremum(larger: true, values[0], values[1])
            case .min: return ProgramValue.extremum(larger: false, values[0], values[1])
            default: return ProgramValue.apply(function, values[0])
            }
        }
    }
}
