/// The value of a program or of one of its expressions: a constant, or a value that depends on inputs.
///
/// The evaluator folds constants: whatever involves no input is computed with `Double` and stays
/// ``constant(_:)``, so a recorded scalar type only ever sees the operations that involve an input.
public enum ProgramValue<T> {
    /// A value that involves no input, computed with `Double`.
    case constant(Double)
    /// A value computed from at least one input, with the evaluation's scalar type.
    case variable(T)
}

extension ProgramValue: Sendable where T: Sendable {}

extension ProgramValue: Equatable where T: Equatable {}

extension ProgramValue {
    /// Whether the value involves no input.
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }

    /// The scalar when the value is a variable, otherwise `nil`.
    public var variable: T? {
        if case .variable(let scalar) = self { return scalar }
        return nil
    }
}

extension ProgramValue where T: ScalarMath {
    /// The plain number, whichever case this is.
    public var value: Double {
        switch self {
        case .constant(let number): number
        case .variable(let scalar): scalar.value
        }
    }
}

// MARK: - Arithmetic with folding

extension ProgramValue where T: ScalarMath {
    /// Negation.
    static prefix func - (operand: Self) -> Self {
        switch operand {
        case .constant(let a): .constant(-a)
        case .variable(let x): .variable(-x)
        }
    }

    /// One of the four left-associative operators; constants fold, mixed operands use the mixed operators.
    static func apply(_ op: ExpressionLink.Operator, _ lhs: Self, _ rhs: Self) -> Self {
        switch (lhs, rhs) {
        case (.constant(let a), .constant(let b)):
            switch op {
            case .add: .constant(a + b)
            case .subtract: .constant(a - b)
            case .multiply: .constant(a * b)
            case .divide: .constant(a / b)
            }
        case (.variable(let x), .constant(let b)):
            switch op {
            case .add: .variable(x + b)
            case .subtract: .variable(x - b)
            case .multiply: .variable(x * b)
            case .divide: .variable(x / b)
            }
        case (.constant(let a), .variable(let y)):
            switch op {
            case .add: .variable(a + y)
            case .subtract: .variable(a - y)
            case .multiply: .variable(a * y)
            case .divide: .variable(a / y)
            }
        case (.variable(let x), .variable(let y)):
            switch op {
            case .add: .variable(x + y)
            case .subtract: .variable(x - y)
            case .multiply: .variable(x * y)
            case .divide: .variable(x / y)
            }
        }
    }

    /// `base ^ exponent`, with the constant-exponent and constant-base forms of `pow` where they apply.
    static func power(_ base: Self, _ exponent: Self) -> Self {
        switch (base, exponent) {
        case (.constant(let a), .constant(let b)): .constant(Double.pow(a, b))
        case (.variable(let x), .constant(let b)): .variable(T.pow(x, b))
        case (.constant(let a), .variable(let y)): .variable(T.pow(a, y))
        case (.variable(let x), .variable(let y)): .variable(T.pow(x, y))
        }
    }

    /// A one-argument built-in function; a constant argument is computed with `Double`.
    static func apply(_ function: ExpressionFunction, _ argument: Self) -> Self {
        switch argument {
        case .constant(let a): .constant(function.apply(a))
        case .variable(let x): .variable(function.apply(x))
        }
    }

    /// `max` (`larger` true) or `min` (`larger` false) of two values.
    ///
    /// `ScalarMath` cannot turn a constant into a `T`, so with one constant operand the branch is chosen
    /// by value, which matches `T.maximum`/`T.minimum` in value and derivative: the variable itself when
    /// it wins (derivative 1), the constant when it wins (derivative 0), and on a tie the midpoint
    /// `(x - c) * 0.5 + c`, which equals `c` exactly and has the even split's derivative 0.5. A NaN
    /// operand gives NaN.
    static func extremum(larger: Bool, _ lhs: Self, _ rhs: Self) -> Self {
        switch (lhs, rhs) {
        case (.constant(let a), .constant(let b)):
            return .constant(larger ? Double.maximum(a, b) : Double.minimum(a, b))
        case (.variable(let x), .variable(let y)):
            return .variable(larger ? T.maximum(x, y) : T.minimum(x, y))
        case (.variable(let x), .constant(let c)), (.constant(let c), .variable(let x)):
            if c.isNaN { return .constant(c) }
            let v = x.value
            if v.isNaN { return .variable(x) }
            if v == c { return c.isFinite ? .variable((x - c) * 0.5 + c) : .variable(x) }
            return (v > c) == larger ? .variable(x) : .constant(c)
        }
    }
}

extension ExpressionFunction {
    /// Applies a one-argument function with `T`'s arithmetic (for `Double`, to fold constants).
    func apply<T: ScalarMath>(_ x: T) -> T {
        switch self {
        case .exp: T.exp(x)
        case .log: T.log(x)
        case .sin: T.sin(x)
        case .cos: T.cos(x)
        case .tan: T.tan(x)
        case .tanh: T.tanh(x)
        case .sigmoid: T.sigmoid(x)
        case .relu: T.relu(x)
        case .sqrt: T.sqrt(x)
        case .abs: T.abs(x)
        case .pow, .max, .min: fatalError("\(rawValue) takes two arguments")
        }
    }
}
