// The public surface of `Scalar`: arithmetic, functions, gradients and inspection. `Scalar` and
// `TapeScalar` spell out the same API over the shared `TapeHandle` implementation; keep the two files
// in step.

// MARK: - Arithmetic

extension Scalar {
    /// Sum.
    @inlinable public static func + (lhs: Scalar, rhs: Scalar) -> Scalar { record(.add, lhs, rhs) }
    /// Sum with a constant on the right.
    @inlinable public static func + (lhs: Scalar, rhs: Double) -> Scalar { record(.add, lhs, constant: rhs) }
    /// Sum with a constant on the left.
    @inlinable public static func + (lhs: Double, rhs: Scalar) -> Scalar { record(.add, constant: lhs, rhs) }
    /// Sum, assigned to `lhs` (records a new value and points `lhs` at it).
    @inlinable public static func += (lhs: inout Scalar, rhs: Scalar) { lhs = lhs + rhs }
    /// Difference.
    @inlinable public static func - (lhs: Scalar, rhs: Scalar) -> Scalar { record(.subtract, lhs, rhs) }
    /// Difference with a constant on the right.
    @inlinable public static func - (lhs: Scalar, rhs: Double) -> Scalar { record(.subtract, lhs, constant: rhs) }
    /// Difference with a constant on the left.
    @inlinable public static func - (lhs: Double, rhs: Scalar) -> Scalar { record(.subtract, constant: lhs, rhs) }
    /// Difference, assigned to `lhs` (records a new value and points `lhs` at it).
    @inlinable public static func -= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs - rhs }
    /// Product.
    @inlinable public static func * (lhs: Scalar, rhs: Scalar) -> Scalar { record(.multiply, lhs, rhs) }
    /// Product with a constant on the right.
    @inlinable public static func * (lhs: Scalar, rhs: Double) -> Scalar { record(.multiply, lhs, constant: rhs) }
    /// Product with a constant on the left.
    @inlinable public static func * (lhs: Double, rhs: Scalar) -> Scalar { record(.multiply, constant: lhs, rhs) }
    /// Product, assigned to `lhs` (records a new value and points `lhs` at it).
    @inlinable public static func *= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs * rhs }
    /// Quotient.
    @inlinable public static func / (lhs: Scalar, rhs: Scalar) -> Scalar { record(.divide, lhs, rhs) }
    /// Quotient with a constant on the right.
    @inlinable public static func / (lhs: Scalar, rhs: Double) -> Scalar { record(.divide, lhs, constant: rhs) }
    /// Quotient with a constant on the left.
    @inlinable public static func / (lhs: Double, rhs: Scalar) -> Scalar { record(.divide, constant: lhs, rhs) }
    /// Quotient, assigned to `lhs` (records a new value and points `lhs` at it).
    @inlinable public static func /= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs / rhs }
    /// Negation.
    @inlinable public static prefix func - (operand: Scalar) -> Scalar { record(.negate, operand) }
    /// The value itself.
    @inlinable public static prefix func + (operand: Scalar) -> Scalar { operand }
}

// MARK: - ScalarMath

extension Scalar: ScalarMath {
    /// The forward value (the same as ``data``).
    @inlinable public var value: Double { storedValue }
    /// `base` raised to a constant power.
    @inlinable public static func pow(_ base: Scalar, _ exponent: Double) -> Scalar { record(.constantPower, base, constant: exponent) }
    /// `base` raised to a variable power (the derivative in the exponent needs base > 0).
    @inlinable public static func pow(_ base: Scalar, _ exponent: Scalar) -> Scalar { record(.power, base, exponent) }
    /// A constant raised to a variable power.
    @inlinable public static func pow(_ base: Double, _ exponent: Scalar) -> Scalar { record(.power, constant: base, exponent) }
    /// The natural exponential.
    @inlinable public static func exp(_ x: Scalar) -> Scalar { record(.exp, x) }
    /// The natural logarithm.
    @inlinable public static func log(_ x: Scalar) -> Scalar { record(.log, x) }
    /// Sine (radians).
    @inlinable public static func sin(_ x: Scalar) -> Scalar { record(.sin, x) }
    /// Cosine (radians).
    @inlinable public static func cos(_ x: Scalar) -> Scalar { record(.cos, x) }
    /// Tangent (radians).
    @inlinable public static func tan(_ x: Scalar) -> Scalar { record(.tan, x) }
    /// Hyperbolic tangent.
    @inlinable public static func tanh(_ x: Scalar) -> Scalar { record(.tanh, x) }
    /// The logistic function 1 / (1 + e^-x).
    @inlinable public static func sigmoid(_ x: Scalar) -> Scalar { record(.sigmoid, x) }
    /// max(x, 0), with derivative 0 at 0.
    @inlinable public static func relu(_ x: Scalar) -> Scalar { record(.relu, x) }
    /// Square root.
    @inlinable public static func sqrt(_ x: Scalar) -> Scalar { record(.sqrt, x) }
    /// Absolute value, with derivative 0 at 0.
    @inlinable public static func abs(_ x: Scalar) -> Scalar { record(.abs, x) }
    /// The larger of two values; the gradient is split evenly on a tie.
    @inlinable public static func maximum(_ x: Scalar, _ y: Scalar) -> Scalar { record(.maximum, x, y) }
    /// The smaller of two values; the gradient is split evenly on a tie.
    @inlinable public static func minimum(_ x: Scalar, _ y: Scalar) -> Scalar { record(.minimum, x, y) }
}

/// Absolute value, with derivative 0 at 0.
@inlinable public func abs(_ x: Scalar) -> Scalar { Scalar.abs(x) }
/// The larger of two values; the gradient is split evenly on a tie.
@inlinable public func max(_ x: Scalar, _ y: Scalar) -> Scalar { Scalar.maximum(x, y) }
/// The smaller of two values; the gradient is split evenly on a tie.
@inlinable public func min(_ x: Scalar, _ y: Scalar) -> Scalar { Scalar.minimum(x, y) }

// MARK: - Values, gradients and inspection

extension Scalar {
    /// The value. Setting it changes the value in place (as an optimizer step does on a leaf); graphs
    /// already recorded from it keep the value they saw.
    @inlinable public var data: Double {
        get { storedValue }
        nonmutating set { storedValue = newValue }
    }

    /// The gradient accumulated by ``backward()``; 0 until then.
    @inlinable public var grad: Double {
        get { storedGradient }
        nonmutating set { storedGradient = newValue }
    }

    /// Resets ``grad`` to 0.
    public func zeroGrad() { storedGradient = 0 }

    /// An optional name, shown in printed and drawn graphs.
    public var label: String? {
        get { recordedLabel }
        nonmutating set { recordedLabel = newValue }
    }

    /// Whether this is the same recorded value as `other` (not merely an equal number).
    public func isIdentical(to other: Scalar) -> Bool { names(other) }

    /// The operation that produced this value (`"+"`, `"tanh"`, ...); `nil` for a leaf or constant.
    public var operation: String? { recordedOperation }

    /// Whether this value is a leaf (an input whose gradient backward fills).
    public var isLeaf: Bool { recordedIsLeaf }

    /// The inputs of the operation that produced this value, in argument order (empty for a leaf).
    public var parents: [Scalar] { recordedParents }

    /// ∂self/∂input for each of ``parents``, at the recorded values (SEEDS §3's local derivatives).
    public var localDerivatives: [Double] { recordedLocalDerivatives }

    /// The graph of everything this value depends on, in recording order, this value last; each node
    /// shows `data` and `grad` to four decimals, as the tutorial's pictures do.
    public var graph: GraphDescription { recordedGraph }

    /// Accumulates ∂self/∂v into the ``grad`` of every value v this one was computed from.
    ///
    /// Gradients add up over calls, as in PyTorch; reset them with ``zeroGrad()``. Leaves brought
    /// from other tapes receive their gradient too.
    public func backward() { runBackward() }

    /// The derivatives of this value with respect to each of `inputs`, with no side effects (an input
    /// this value does not depend on gets 0).
    public func gradients(withRespectTo inputs: [Scalar]) -> [Double] { numericGradients(withRespectTo: inputs) }

    /// The derivatives of this value with respect to each of `inputs`, recorded so that they can be
    /// differentiated again (second and higher derivatives).
    public func differentiableGradients(withRespectTo inputs: [Scalar]) -> [Scalar] {
        recordedGradients(withRespectTo: inputs)
    }
}

extension Scalar: CustomStringConvertible {
    /// `Scalar(-6.0, grad = 1.0)`.
    public var description: String { "Scalar(\(data), grad = \(grad))" }
}
