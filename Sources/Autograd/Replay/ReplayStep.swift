// The compiled form of one recorded operation: plain numbers only (operations as enums, buffers as
// offsets into the program's arenas), so that the replay loop runs over a trivially-copyable array
// with no reference counting, existentials or closures.

/// An elementwise operation of one operand that a replay computes in place.
enum ReplayUnaryOperation: Equatable {
    case negate, exp, log, sin, cos, tan, tanh, sigmoid, relu, sqrt, abs
    /// xᶜ for a constant c (the exponents 0, 1, 2, −1 and ½ run the same exact kernels as eager).
    case power(Double)
    /// x · c for a number c; with `keepsZeros`, 0 stays 0 whatever c is.
    case multiplyScalar(Double, keepsZeros: Bool)
    /// x + c for a number c.
    case addScalar(Double)
}

/// An elementwise operation of two operands that a replay computes in place.
enum ReplayBinaryOperation: Equatable {
    case add, subtract, multiply, divide
    /// The NaN-safe product backward rules use (0 where the first factor is 0, whatever the second).
    case multiplyNoNaN
}

/// What one compiled step computes.
enum ReplayStepKind {
    /// `output = f(first)`, elementwise.
    case unary(ReplayUnaryOperation)
    /// `output = f(first, second)`, elementwise; an operand of one element, or a row of the
    /// output's trailing axes, is broadcast.
    case binary(ReplayBinaryOperation)
    /// `output = Σ first`, a reduction to one element.
    case sumToScalar
    /// `output = first · second` for m × k and k × n matrices; `scratch` is where backward keeps a
    /// transposed operand and, when it accumulates, the product before it is added.
    case matrixProduct(m: Int, n: Int, k: Int, scratch: Int)
    /// Any other function, rerun through its own forward and backward (see ``ReplayFallback``).
    case fallback(index: Int)
}

/// One operand of a step: where its values and gradient live.
struct ReplayOperand {
    /// The offset of its values in the arena of the step's element type.
    var offset: Int
    /// Its number of elements (1 for a broadcast scalar).
    var count: Int
    /// Whether it depends on the program's inputs, so that backward sends it a gradient.
    var takesGradient: Bool
    /// Whether backward adds into its gradient (false: this step is the first to reach it, and
    /// overwrites whatever the previous replay left).
    var accumulates: Bool

    /// No operand (the second of a unary step).
    static let none = ReplayOperand(offset: 0, count: 0, takesGradient: false, accumulates: false)
}

/// One recorded operation, compiled.
struct ReplayStep {
    var kind: ReplayStepKind
    /// The element type of the operands and output (fast steps have one; a fallback's operands are
    /// described by the fallback itself).
    var dtype: DType
    var first: ReplayOperand
    var second: ReplayOperand
    /// The offset of the output's values (its gradient is at the same offset in the gradient arena).
    var output: Int
    /// The output's number of elements.
    var count: Int
}
