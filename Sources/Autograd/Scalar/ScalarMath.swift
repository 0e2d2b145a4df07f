#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The arithmetic shared by plain numbers and recorded scalars.
///
/// Autograd writes each scalar primitive's derivative rule once, generically over this protocol:
/// evaluated with `Double` it computes gradients, evaluated with ``Scalar`` it records them on a tape,
/// so derivatives of derivatives come for free. The expression language (``Program``) evaluates
/// with any conforming type, which is how `autograd diff --check` compares the engine with finite
/// differences using one interpreter.
///
/// Kinks follow PyTorch: `relu'(0) = 0`, `abs'(0) = 0`; `max` and `min` split the gradient evenly
/// between equal arguments.
public protocol ScalarMath {
    /// The plain value (for a recorded scalar, its forward value).
    var value: Double { get }

    /// Sum.
    static func + (lhs: Self, rhs: Self) -> Self
    /// Difference.
    static func - (lhs: Self, rhs: Self) -> Self
    /// Product.
    static func * (lhs: Self, rhs: Self) -> Self
    /// Quotient.
    static func / (lhs: Self, rhs: Self) -> Self
    /// Negation.
    static prefix func - (operand: Self) -> Self

    /// Sum with a constant.
    static func + (lhs: Self, rhs: Double) -> Self
    /// Sum with a constant on the left.
    static func + (lhs: Double, rhs: Self) -> Self
    /// Difference with a constant.
    static func - (lhs: Self, rhs: Double) -> Self
    /// Difference from a constant.
    static func - (lhs: Double, rhs: Self) -> Self
    /// Product with a constant.
    static func * (lhs: Self, rhs: Double) -> Self
    /// Product with a constant on the left.
    static func * (lhs: Double, rhs: Self) -> Self
    /// Quotient by a constant.
    static func / (lhs: Self, rhs: Double) -> Self
    /// A constant divided by a value.
    static func / (lhs: Double, rhs: Self) -> Self

    /// `base` raised to a constant power.
    static func pow(_ base: Self, _ exponent: Double) -> Self
    /// `base` raised to a variable power.
    static func pow(_ base: Self, _ exponent: Self) -> Self
    /// A constant raised to a variable power.
    static func pow(_ base: Double, _ exponent: Self) -> Self
    /// The natural exponential.
    static func exp(_ x: Self) -> Self
    /// The natural logarithm.
    static func log(_ x: Self) -> Self
    /// Sine (radians).
    static func sin(_ x: Self) -> Self
    /// Cosine (radians).
    static func cos(_ x: Self) -> Self
    /// Tangent (radians).
    static func tan(_ x: Self) -> Self
    /// Hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// The logistic function 1 / (1 + e^-x).
    static func sigmoid(_ x: Self) -> Self
    /// max(x, 0).
    static func relu(_ x: Self) -> Self
    /// Square root.
    static func sqrt(_ x: Self) -> Self
    /// Absolute value.
    static func abs(_ x: Self) -> Self
    /// The larger of two values (the gradient is split evenly on a tie).
    static func maximum(_ x: Self, _ y: Self) -> Self
    /// The smaller of two values (the gradient is split evenly on a tie).
    static func minimum(_ x: Self, _ y: Self) -> Self
}

// MARK: - Double

extension Double: ScalarMath {
    /// The number itself.
    @inlinable public var value: Double { self }

    /// `base` raised to a constant power.
    @inlinable public static func pow(_ base: Double, _ exponent: Double) -> Double { libmPow(base, exponent) }
    /// The natural exponential.
    @inlinable public static func exp(_ x: Double) -> Double { libmExp(x) }
    /// The natural logarithm.
    @inlinable public static func log(_ x: Double) -> Double { libmLog(x) }
    /// Sine (radians).
    @inlinable public static func sin(_ x: Double) -> Double { libmSin(x) }
    /// Cosine (radians).
    @inlinable public static func cos(_ x: Double) -> Double { libmCos(x) }
    /// Tangent (radians).
    @inlinable public static func tan(_ x: Double) -> Double { libmTan(x) }
    /// Hyperbolic tangent.
    @inlinable public static func tanh(_ x: Double) -> Double { scalarTanh(x) }
    /// The logistic function, computed without overflow for large |x|.
    @inlinable public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + libmExp(-x)) }
        let e = libmExp(x)
        return e / (1 + e)
    }
    /// max(x, 0); NaN stays NaN.
    @inlinable public static func relu(_ x: Double) -> Double { x > 0 ? x : (x.isNaN ? x : 0) }
    /// Square root.
    @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    /// Absolute value.
    @inlinable public static func abs(_ x: Double) -> Double { x.magnitude }
    /// The larger of two values; NaN if either is NaN.
    @inlinable public static func maximum(_ x: Double, _ y: Double) -> Double {
        (x.isNaN || y.isNaN) ? .nan : Swift.max(x, y)
    }
    /// The smaller of two values; NaN if either is NaN.
    @inlinable public static func minimum(_ x: Double, _ y: Double) -> Double {
        (x.isNaN || y.isNaN) ? .nan : Swift.min(x, y)
    }
}

// The C library's functions under names that cannot collide with the static requirements above.
@usableFromInline func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@usableFromInline func libmExp(_ x: Double) -> Double { exp(x) }
@usableFromInline func libmLog(_ x: Double) -> Double { log(x) }
@usableFromInline func libmLog1p(_ x: Double) -> Double { log1p(x) }
@usableFromInline func libmSin(_ x: Double) -> Double { sin(x) }
@usableFromInline func libmCos(_ x: Double) -> Double { cos(x) }
@usableFromInline func libmTan(_ x: Double) -> Double { tan(x) }
@usableFromInline func libmTanh(_ x: Double) -> Double { tanh(x) }
@usableFromInline func libmExpm1(_ x: Double) -> Double { expm1(x) }
