// Elementwise math on tensors, as free functions named as in the C library and NumPy: `exp(x)`,
// `pow(x, 2)`, `maximum(x, 0)`, and the choice `Tensor.where(condition, a, b)`.
//
// These are free functions only, with no `x.exp()` twins: a method named `exp` would hide the free
// function inside every `extension Tensor`, where composites are written. They take a `Tensor`, so
// `exp(2.0)` is still the C library's and `exp(scalar)` the scalar engine's.

// MARK: - Unary

/// eˣ, elementwise.
public func exp(_ x: Tensor) -> Tensor { ExpFunction().applied(to: x) }
/// The natural logarithm, elementwise.
public func log(_ x: Tensor) -> Tensor { LogFunction().applied(to: x) }
/// log(1 + x), elementwise, accurate where x is small (where `log(1 + x)` rounds 1 + x first).
public func log1p(_ x: Tensor) -> Tensor { Log1pFunction().applied(to: x) }
/// Sine (radians), elementwise.
public func sin(_ x: Tensor) -> Tensor { SinFunction().applied(to: x) }
/// Cosine (radians), elementwise.
public func cos(_ x: Tensor) -> Tensor { CosFunction().applied(to: x) }
/// Tangent (radians), elementwise.
public func tan(_ x: Tensor) -> Tensor { TanFunction().applied(to: x) }
/// Hyperbolic tangent, elementwise.
public func tanh(_ x: Tensor) -> Tensor { TanhFunction().applied(to: x) }
/// The logistic function 1 / (1 + e⁻ˣ), elementwise, finite for any |x|.
public func sigmoid(_ x: Tensor) -> Tensor { SigmoidFunction().applied(to: x) }
/// max(x, 0), elementwise, with derivative 0 at 0 (as PyTorch).
public func relu(_ x: Tensor) -> Tensor { ReLUFunction().applied(to: x) }
/// Square root, elementwise.
public func sqrt(_ x: Tensor) -> Tensor { SqrtFunction().applied(to: x) }
/// Absolute value, elementwise, with derivative 0 at 0 (as PyTorch).
public func abs(_ x: Tensor) -> Tensor { AbsFunction().applied(to: x) }

// MARK: - Powers

/// Every element raised to a constant power (the gradient for an exponent of 0 is 0).
public func pow(_ base: Tensor, _ exponent: Double) -> Tensor {
    ConstantPowerFunction(exponent: exponent).applied(to: base)
}

/// Elementwise power, broadcasting, differentiable in the base and the exponent.
public func pow(_ base: Tensor, _ exponent: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    PowerFunction(location: CallerLocation(file: file, line: line)).applied(to: base, exponent, file: file, line: line)
}

/// A number raised to every element of a tensor.
public func pow(_ base: Double, _ exponent: Tensor) -> Tensor {
    pow(exponent.constant(base), exponent)
}

// MARK: - Maximum and minimum

/// The elementwise larger value, broadcasting (NaN if either is; a tie splits the gradient in half).
public func maximum(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    MaximumFunction(location: CallerLocation(file: file, line: line)).applied(to: a, b, file: file, line: line)
}

/// The elementwise larger of each element and a number (`maximum(x, 0)` is ReLU).
public func maximum(_ a: Tensor, _ b: Double) -> Tensor { maximum(a, a.constant(b)) }

/// The elementwise larger of a number and each element.
public func maximum(_ a: Double, _ b: Tensor) -> Tensor { maximum(b.constant(a), b) }

/// The elementwise smaller value, broadcasting (NaN if either is; a tie splits the gradient in half).
public func minimum(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    MinimumFunction(location: CallerLocation(file: file, line: line)).applied(to: a, b, file: file, line: line)
}

/// The elementwise smaller of each element and a number.
public func minimum(_ a: Tensor, _ b: Double) -> Tensor { minimum(a, a.constant(b)) }

/// The elementwise smaller of a number and each element.
public func minimum(_ a: Double, _ b: Tensor) -> Tensor { minimum(b.constant(a), b) }

// MARK: - Choice

extension Tensor {
    /// The elements of `a` where `condition` is nonzero and of `b` elsewhere, broadcasting all three
    /// (PyTorch's `torch.where`); the result has the wider of `a`'s and `b`'s element types.
    ///
    /// The branch not chosen gets a gradient of exactly 0, even where its value or derivative is
    /// infinite or NaN, so guarding a singularity works:
    ///
    /// ```swift
    /// let y = Tensor.where(x .> 0, sqrt(x), 0)   // gradient 0, not NaN, at x ≤ 0
    /// ```
    ///
    /// The condition is read as a constant (comparisons such as `x .> 0` make one).
    public static func `where`(
        _ condition: Tensor, _ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        SelectFunction(location: CallerLocation(file: file, line: line)).applied(to: [condition, a, b], file: file, line: line)
    }

    /// The elements of `a` where `condition` is nonzero, `b` elsewhere.
    public static func `where`(
        _ condition: Tensor, _ a: Tensor, _ b: Double, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        Tensor.where(condition, a, a.constant(b), file: file, line: line)
    }

    /// `a` where `condition` is nonzero, the elements of `b` elsewhere.
    public static func `where`(
        _ condition: Tensor, _ a: Double, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        Tensor.where(condition, b.constant(a), b, file: file, line: line)
    }
}
