/// The primitives of the scalar engine, each with its forward value and its derivative rule side by side.
///
/// Every other scalar function is composed from these. A rule gives the *local derivatives* of the
/// output with respect to each input, written generically over ``ScalarMath``: with `Double` they drive
/// the fast backward sweep and forward-mode tangents; with ``Scalar`` they are recorded, so a gradient
/// can itself be differentiated.
@usableFromInline
enum ScalarOperation: UInt8, Sendable, CaseIterable {
    // Rows with no inputs.
    case leaf, constant, imported
    // Binary primitives.
    case add, subtract, multiply, divide, power, constantPower, maximum, minimum
    // Unary primitives.
    case negate, exp, log, sin, cos, tan, tanh, sigmoid, relu, sqrt, abs

    /// The name shown in graphs and listings.
    var symbol: String {
        switch self {
        case .leaf: "leaf"
        case .constant: "constant"
        case .imported: "imported"
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .power, .constantPower: "^"
        case .maximum: "max"
        case .minimum: "min"
        case .negate: "neg"
        case .exp: "exp"
        case .log: "log"
        case .sin: "sin"
        case .cos: "cos"
        case .tan: "tan"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .relu: "relu"
        case .sqrt: "sqrt"
        case .abs: "abs"
        }
    }

    /// Whether the row has inputs (`false` for leaves, constants and imported leaves).
    @inlinable var hasInputs: Bool { rawValue > ScalarOperation.imported.rawValue }

    /// Whether the row has a second input.
    @inlinable var isBinary: Bool { rawValue >= ScalarOperation.add.rawValue && rawValue <= ScalarOperation.minimum.rawValue }

    /// The forward value.
    @inlinable @inline(__always)
    func apply<T: ScalarMath>(_ x: T, _ y: T) -> T {
        switch self {
        case .add: x + y
        case .subtract: x - y
        case .multiply: x * y
        case .divide: x / y
        case .power: T.pow(x, y)
        case .constantPower: T.pow(x, y.value)
        case .maximum: T.maximum(x, y)
        case .minimum: T.minimum(x, y)
        case .negate: -x
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
        case .leaf, .constant, .imported: x
        }
    }

    /// The local derivatives ∂out/∂x and ∂out/∂y at inputs `x`, `y` with output `out`.
    ///
    /// Kinks follow PyTorch: relu'(0) = 0 and abs'(0) = 0; `max`/`min` split evenly on a tie; for
    /// `x^y` the derivative in `y` is 0 where x = 0 and y ≥ 0 (instead of 0·log 0), and the one in
    /// `x` is 0 where x = 0 and y = 0 (instead of 0·0⁻¹ = 0·∞; as the tensor engine's NaN-safe
    /// product, and PyTorch, which zeroes it wherever y = 0).
    @inlinable @inline(__always)
    func localDerivatives<T: ScalarMath>(_ x: T, _ y: T, _ out: T) -> (LocalDerivative<T>, LocalDerivative<T>) {
        switch self {
        case .add: return (.one, .one)
        case .subtract: return (.one, .minusOne)
        case .multiply: return (.value(y), .value(x))
        case .divide: return (.value(1.0 / y), .value(-out / y))
        case .power:
            let dy: LocalDerivative<T> = (x.value == 0 && y.value >= 0) ? .zero : .value(out * T.log(x))
            // Elsewhere y = 0 gives y·x⁻¹ = 0 exactly, still recorded, so higher derivatives keep it.
            let dx: LocalDerivative<T> = (x.value == 0 && y.value == 0) ? .zero : .value(y * T.pow(x, y - 1.0))
            return (dx, dy)
        case .constantPower:
            let c = y.value
            if c == 0 { return (.zero, .zero) }
            if c == 1 { return (.one, .zero) }
            if c == 2 { return (.value(x * 2.0), .zero) }
            return (.value(c * T.pow(x, c - 1)), .zero)
        case .maximum:
            if x.value == y.value { return (.constant(0.5), .constant(0.5)) }
            return x.value > y.value ? (.one, .zero) : (.zero, .one)
        case .minimum:
            if x.value == y.value { return (.constant(0.5), .constant(0.5)) }
            return x.value < y.value ? (.one, .zero) : (.zero, .one)
        case .negate: return (.minusOne, .zero)
        case .exp: return (.value(out), .zero)
        case .log: return (.value(1.0 / x), .zero)
        case .sin: return (.value(T.cos(x)), .zero)
        case .cos: return (.value(-T.sin(x)), .zero)
        case .tan: return (.value(1.0 + out * out), .zero)
        case .tanh: return (.value(1.0 - out * out), .zero)
        case .sigmoid: return (.value(out * (1.0 - out)), .zero)
        case .relu: return (x.value > 0 ? .one : .zero, .zero)
        case .sqrt: return (.value(0.5 / out), .zero)
        case .abs: return (x.value > 0 ? .one : (x.value < 0 ? .minusOne : .zero), .zero)
        case .leaf, .constant, .imported: return (.zero, .zero)
        }
    }
}

/// A local derivative, kept symbolic when it is a constant so that recording it adds no rows.
@usableFromInline
enum LocalDerivative<T: ScalarMath> {
    case zero, one, minusOne
    case constant(Double)
    case value(T)

    /// `seed · self`, or `nil` when the product is zero.
    @inlinable @inline(__always)
    func times(_ seed: T) -> T? {
        switch self {
        case .zero: nil
        case .one: seed
        case .minusOne: -seed
        case .constant(let c): seed * c
        case .value(let d): seed * d
        }
    }

    /// The derivative as a number.
    @inlinable var number: Double {
        switch self {
        case .zero: 0
        case .one: 1
        case .minusOne: -1
        case .constant(let c): c
        case .value(let d): d.value
        }
    }
}
