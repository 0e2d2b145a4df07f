// Free functions, as the tutorials write them (`tanh(x)`), for every ScalarMath type. For `Double`
// the C library's own non-generic functions are preferred by overload resolution, so these never
// change what `exp(2.0)` means.

/// `base` raised to a constant power.
@inlinable public func pow<T: ScalarMath>(_ base: T, _ exponent: Double) -> T { T.pow(base, exponent) }
/// `base` raised to a variable power.
@inlinable public func pow<T: ScalarMath>(_ base: T, _ exponent: T) -> T { T.pow(base, exponent) }
/// A constant raised to a variable power.
@inlinable public func pow<T: ScalarMath>(_ base: Double, _ exponent: T) -> T { T.pow(base, exponent) }
/// The natural exponential.
@inlinable public func exp<T: ScalarMath>(_ x: T) -> T { T.exp(x) }
/// The natural logarithm.
@inlinable public func log<T: ScalarMath>(_ x: T) -> T { T.log(x) }
/// Sine (radians).
@inlinable public func sin<T: ScalarMath>(_ x: T) -> T { T.sin(x) }
/// Cosine (radians).
@inlinable public func cos<T: ScalarMath>(_ x: T) -> T { T.cos(x) }
/// Tangent (radians).
@inlinable public func tan<T: ScalarMath>(_ x: T) -> T { T.tan(x) }
/// Hyperbolic tangent.
@inlinable public func tanh<T: ScalarMath>(_ x: T) -> T { T.tanh(x) }
/// The logistic function 1 / (1 + e^-x).
@inlinable public func sigmoid<T: ScalarMath>(_ x: T) -> T { T.sigmoid(x) }
/// max(x, 0), with derivative 0 at 0.
@inlinable public func relu<T: ScalarMath>(_ x: T) -> T { T.relu(x) }
/// Square root.
@inlinable public func sqrt<T: ScalarMath>(_ x: T) -> T { T.sqrt(x) }
