// The elementwise operations a replay runs in place, each with its forward kernel (eager's own) and
// its gradient rule side by side, as types so that the loops in ReplayElementwiseLoops.swift
// specialise on them.
//
// Each rule computes exactly what the primitive's eager backward computes, in the same order of
// floating-point operations (the same kernels where eager has one: `SquareKernel` for pow(y, 2),
// `ReciprocalKernel` for pow(b, −1), and the local derivatives eager's one-pass unrecorded backward
// reads, such as `SineDerivative`), so a replay's gradients equal eager's bit for bit. Like eager,
// every rule scales the gradient NaN-safely: a gradient that is exactly 0 stays 0 beside an
// infinite or NaN local derivative.

/// An elementwise operation of one operand with its gradient rule.
protocol ReplayUnaryRule {
    /// The kernel eager's forward runs, so that a replay's values are eager's (a vectorised kernel,
    /// where the kernel has one, included).
    associatedtype Forward: UnaryKernel
    /// The input's gradient given the output's gradient `g`, the input `x` and the output `y`.
    static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T
}

/// g·d with g = 0 giving 0 whatever d is (MultiplyNoNaN's kernel).
@inline(__always)
func scaledNoNaN<T: TensorFloat>(_ g: T, _ d: T) -> T { MultiplyNoNaNKernel.apply(g, d) }

enum ReplayNegate: ReplayUnaryRule {
    typealias Forward = NegateKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { -g }
}
enum ReplayExp: ReplayUnaryRule {
    typealias Forward = ExpKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { scaledNoNaN(g, y) }
}
enum ReplayLog: ReplayUnaryRule {
    typealias Forward = LogKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T {
        scaledNoNaN(g, ReciprocalDerivative.slope(at: x))
    }
}
enum ReplaySin: ReplayUnaryRule {
    typealias Forward = SinKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { scaledNoNaN(g, SineDerivative.slope(at: x)) }
}
enum ReplayCos: ReplayUnaryRule {
    typealias Forward = CosKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { scaledNoNaN(g, CosineDerivative.slope(at: x)) }
}
enum ReplayTan: ReplayUnaryRule {
    typealias Forward = TanKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { scaledNoNaN(g, TangentDerivative.slope(at: y)) }
}
enum ReplayTanh: ReplayUnaryRule {
    typealias Forward = TanhKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { scaledNoNaN(g, 1 - y * y) }
}
enum ReplaySigmoid: ReplayUnaryRule {
    typealias Forward = SigmoidKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { scaledNoNaN(g, y * (1 - y)) }
}
enum ReplayReLU: ReplayUnaryRule {
    typealias Forward = ReLUKernel
    // A choice, as eager's `where(x > 0, g, 0)`: NaN at x picks 0.
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T { x > 0 ? g : 0 }
}
enum ReplaySqrt: ReplayUnaryRule {
    typealias Forward = SqrtKernel
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T {
        scaledNoNaN(g, SquareRootDerivative.slope(at: y))
    }
}
enum ReplayAbs: ReplayUnaryRule {
    typealias Forward = AbsKernel
    // The sign scales the gradient (not the other way round), so the kink gives exactly 0.
    @inline(__always) static func gradient<T: TensorFloat>(_ g: T, x: T, y: T) -> T {
        MultiplyNoNaNKernel.apply(SignKernel.apply(x), g)
    }
}

/// xᶜ with eager's exact kernels for the common exponents.
@inline(__always)
func replayPower<T: TensorFloat>(_ x: T, _ exponent: Double) -> T {
    switch exponent {
    case 1: IdentityKernel.apply(x)
    case 2: SquareKernel.apply(x)
    case -1: ReciprocalKernel.apply(x)
    case 0.5: SqrtKernel.apply(x)
    default: PowerKernel.apply(x, T(exponent))
    }
}

// MARK: - Binary

/// An elementwise operation of two operands with its gradient rule for each.
protocol ReplayBinaryRule {
    /// The value at (a, b).
    static func value<T: TensorFloat>(_ a: T, _ b: T) -> T
    /// The first operand's gradient given the output's gradient `g`.
    static func firstGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T
    /// The second operand's gradient given the output's gradient `g`.
    static func secondGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T
}

enum ReplayAdd: ReplayBinaryRule {
    @inline(__always) static func value<T: TensorFloat>(_ a: T, _ b: T) -> T { AddKernel.apply(a, b) }
    @inline(__always) static func firstGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { g }
    @inline(__always) static func secondGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { g }
}
enum ReplaySubtract: ReplayBinaryRule {
    @inline(__always) static func value<T: TensorFloat>(_ a: T, _ b: T) -> T { SubtractKernel.apply(a, b) }
    @inline(__always) static func firstGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { g }
    @inline(__always) static func secondGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { -g }
}
enum ReplayMultiply: ReplayBinaryRule {
    @inline(__always) static func value<T: TensorFloat>(_ a: T, _ b: T) -> T { MultiplyKernel.apply(a, b) }
    @inline(__always) static func firstGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { scaledNoNaN(g, b) }
    @inline(__always) static func secondGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { scaledNoNaN(g, a) }
}
/// a ⊙̃ b, 0 where a is 0: ∂/∂a = g ⊙̃ b and ∂/∂b = a ⊙̃ g, as eager's rule (where a is 0 the
/// output does not depend on b).
enum ReplayMultiplyNoNaN: ReplayBinaryRule {
    @inline(__always) static func value<T: TensorFloat>(_ a: T, _ b: T) -> T { MultiplyNoNaNKernel.apply(a, b) }
    @inline(__always) static func firstGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { scaledNoNaN(g, b) }
    @inline(__always) static func secondGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T { MultiplyNoNaNKernel.apply(a, g) }
}
enum ReplayDivide: ReplayBinaryRule {
    @inline(__always) static func value<T: TensorFloat>(_ a: T, _ b: T) -> T { DivideKernel.apply(a, b) }
    @inline(__always) static func firstGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T {
        scaledNoNaN(g, ReciprocalDerivative.slope(at: b))
    }
    // −y/b with the quotient y recomputed by the forward's own kernel, as eager's −y / b.
    @inline(__always) static func secondGradient<T: TensorFloat>(_ g: T, a: T, b: T) -> T {
        scaledNoNaN(g, DivisorSlopeKernel.apply(DivideKernel.apply(a, b), b))
    }
}
