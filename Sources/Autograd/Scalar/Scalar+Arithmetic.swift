#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Operators

extension Scalar {
    /// Sum.
    @inlinable public static func + (lhs: Scalar, rhs: Scalar) -> Scalar { record(.add, lhs, rhs) }
    /// Difference (a primitive of its own, so graphs show `a - b` as one operation).
    @inlinable public static func - (lhs: Scalar, rhs: Scalar) -> Scalar { record(.subtract, lhs, rhs) }
    /// Product.
    @inlinable public static func * (lhs: Scalar, rhs: Scalar) -> Scalar { record(.multiply, lhs, rhs) }
    /// Quotient.
    @inlinable public static func / (lhs: Scalar, rhs: Scalar) -> Scalar { record(.divide, lhs, rhs) }
    /// Negation.
    @inlinable public static prefix func - (operand: Scalar) -> Scalar { record(.negate, operand) }
    /// The value itself.
    @inlinable public static prefix func + (operand: Scalar) -> Scalar { operand }

    /// Sum with a constant.
    @inlinable public static func + (lhs: Scalar, rhs: Double) -> Scalar { record(.add, lhs, constant: rhs) }
    /// Sum with a constant on the left.
    @inlinable public static func + (lhs: Double, rhs: Scalar) -> Scalar { record(.add, constant: lhs, rhs) }
    /// Difference with a constant.
    @inlinable public static func - (lhs: Scalar, rhs: Double) -> Scalar { record(.subtract, lhs, constant: rhs) }
    /// Difference from a constant.
    @inlinable public static func - (lhs: Double, rhs: Scalar) -> Scalar { record(.subtract, constant: lhs, rhs) }
    /// Product with a constant.
    @inlinable public static func * (lhs: Scalar, rhs: Double) -> Scalar { record(.multiply, lhs, constant: rhs) }
    /// Product with a constant on the left.
    @inlinable public static func * (lhs: Double, rhs: Scalar) -> Scalar { record(.multiply, constant: lhs, rhs) }
    /// Quotient by a constant.
    @inlinable public static func / (lhs: Scalar, rhs: Double) -> Scalar { record(.divide, lhs, constant: rhs) }
    /// A constant divided by a value.
    @inlinable public static func / (lhs: Double, rhs: Scalar) -> Scalar { record(.divide, constant: lhs, rhs) }

    /// Adds in place (records a new value and points `lhs` at it).
    @inlinable public static func += (lhs: inout Scalar, rhs: Scalar) { lhs = lhs + rhs }
    /// Subtracts in place (records a new value and points `lhs` at it).
    @inlinable public static func -= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs - rhs }
    /// Multiplies in place (records a new value and points `lhs` at it).
    @inlinable public static func *= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs * rhs }
    /// Divides in place (records a new value and points `lhs` at it).
    @inlinable public static func /= (lhs: inout Scalar, rhs: Scalar) { lhs = lhs / rhs }
}

// MARK: - ScalarMath

extension Scalar: ScalarMath {
    /// The forward value (the same as ``data``).
    @inlinable public var value: Double { data }

    /// `base` raised to a constant power.
    @inlinable public static func pow(_ base: Scalar, _ exponent: Double) -> Scalar {
        record(.constantPower, base, constant: exponent)
    }
    /// `base` raised to a variable power (the derivative in the exponent needs base > 0).
    @inlinable public static func pow(_ base: Scalar, _ exponent: Scalar) -> Scalar { record(.power, base, exponent) }
    /// A constant raised to a variable power.
    @inlinable public static func pow(_ base: Double, _ exponent: Scalar) -> Scalar {
        record(.power, constant: base, exponent)
    }
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

// MARK: - Free functions, as the tutorials write them

/// `base` raised to a constant power.
@inlinable public func pow(_ base: Scalar, _ exponent: Double) -> Scalar { Scalar.pow(base, exponent) }
/// `base` raised to a variable power.
@inlinable public func pow(_ base: Scalar, _ exponent: Scalar) -> Scalar { Scalar.pow(base, exponent) }
/// A constant raised to a variable power.
@inlinable public func pow(_ base: Double, _ exponent: Scalar) -> Scalar { Scalar.pow(base, exponent) }
/// The natural exponential.
@inlinable public func exp(_ x: Scalar) -> Scalar { Scalar.exp(x) }
/// The natural logarithm.
@inlinable public func log(_ x: Scalar) -> Scalar { Scalar.log(x) }
/// Sine (radians).
@inlinable public func sin(_ x: Scalar) -> Scalar { Scalar.sin(x) }
/// Cosine (radians).
@inlinable public func cos(_ x: Scalar) -> Scalar { Scalar.cos(x) }
/// Tangent (radians).
@inlinable public func tan(_ x: Scalar) -> Scalar { Scalar.tan(x) }
/// Hyperbolic tangent.
@inlinable public func tanh(_ x: Scalar) -> Scalar { Scalar.tanh(x) }
/// The logistic function 1 / (1 + e^-x).
@inlinable public func sigmoid(_ x: Scalar) -> Scalar { Scalar.sigmoid(x) }
/// max(x, 0), with derivative 0 at 0.
@inlinable public func relu(_ x: Scalar) -> Scalar { Scalar.relu(x) }
/// Square root.
@inlinable public func sqrt(_ x: Scalar) -> Scalar { Scalar.sqrt(x) }
/// Absolute value, with derivative 0 at 0.
@inlinable public func abs(_ x: Scalar) -> Scalar { Scalar.abs(x) }
/// The larger of two values; the gradient is split evenly on a tie.
@inlinable public func max(_ x: Scalar, _ y: Scalar) -> Scalar { Scalar.maximum(x, y) }
/// The smaller of two values; the gradient is split evenly on a tie.
@inlinable public func min(_ x: Scalar, _ y: Scalar) -> Scalar { Scalar.minimum(x, y) }
