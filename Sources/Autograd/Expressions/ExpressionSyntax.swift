/// A parsed expression.
///
/// Left-associative chains (`a - b + c`, `a * b / c`) are stored flat in ``chain(_:_:)`` and evaluated
/// with a loop, so the tree is only as deep as the source's nesting (parentheses, unary operators,
/// powers and calls), which the parser limits; recursion over the tree is therefore bounded.
indirect enum ExpressionNode: Sendable, Equatable {
    /// A number literal.
    case number(Double)
    /// A name read as a value (an input, an assigned name, or the constants `pi` and `e`).
    case variable(String, ExpressionLocation)
    /// Unary minus.
    case negate(ExpressionNode)
    /// `base ^ exponent` (also written `**`).
    case power(ExpressionNode, ExpressionNode)
    /// The first operand followed by operations applied left to right.
    case chain(ExpressionNode, [ExpressionLink])
    /// A built-in function applied to its arguments (the parser checks the count).
    case call(ExpressionFunction, [ExpressionNode])

    /// Calls `body` with every name the expression reads, in source order (repeats included).
    func forEachVariable(_ body: (String) -> Void) {
        switch self {
        case .number:
            break
        case .variable(let name, _):
            body(name)
        case .negate(let operand):
            operand.forEachVariable(body)
        case .power(let base, let exponent):
            base.forEachVariable(body)
            exponent.forEachVariable(body)
        case .chain(let first, let links):
            first.forEachVariable(body)
            for link in links { link.operand.forEachVariable(body) }
        case .call(_, let arguments):
            for argument in arguments { argument.forEachVariable(body) }
        }
    }
}

/// One step of a left-associative chain: an operator and its right operand.
struct ExpressionLink: Sendable, Equatable {
    /// The four left-associative binary operators.
    enum Operator: Sendable, Equatable {
        case add, subtract, multiply, divide
    }

    /// The operator applied to the value so far and ``operand``.
    var op: Operator
    /// The right operand.
    var operand: ExpressionNode
}

/// One statement of a program: `name = expression` or a bare expression.
struct ExpressionStatement: Sendable, Equatable {
    /// The assigned name, or `nil` for a bare expression.
    var target: String?
    /// The expression whose value is the statement's value.
    var expression: ExpressionNode
}

/// The built-in functions, by the name they are called with.
enum ExpressionFunction: String, Sendable, Equatable, CaseIterable {
    case exp, log, sin, cos, tan, tanh, sigmoid, relu, sqrt, abs, pow, max, min

    /// How many arguments the function takes.
    var arity: Int {
        switch self {
        case .pow, .max, .min: 2
        default: 1
        }
    }

    /// How a call looks, for messages: `sin(x)`, `max(x, y)`.
    var usage: String { arity == 1 ? "\(rawValue)(x)" : "\(rawValue)(x, y)" }

    /// The closest function name to a misspelled `name`, if one is close enough to be a likely typo.
    static func suggestion(for name: String) -> ExpressionFunction? {
        let typed = Array(name.unicodeScalars)
        let allowed = typed.count <= 4 ? 1 : 2
        var best: (function: ExpressionFunction, distance: Int)?
        for function in allCases {
            let candidate = Array(function.rawValue.unicodeScalars)
            guard Swift.abs(candidate.count - typed.count) <= allowed else { continue }
            let distance = editDistance(typed, candidate)
            if distance <= allowed, distance < typed.count, distance < (best?.distance ?? .max) {
                best = (function, distance)
            }
        }
        return best?.function
    }

    /// The Levenshtein distance between two short scalar sequences.
    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
