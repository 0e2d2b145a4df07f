#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CAutogradKernels

/// The element type of a ``Tensor``.
public enum DType: String, Sendable, Hashable, CustomStringConvertible {
    /// 32-bit IEEE floating point, the default (as in PyTorch).
    case float32
    /// 64-bit IEEE floating point.
    case float64

    /// The name, `float32` or `float64`.
    public var description: String { rawValue }

    /// The type both operands of a binary operation are computed in: float64 if either is.
    public static func promoted(_ a: DType, _ b: DType) -> DType {
        a == .float64 || b == .float64 ? .float64 : .float32
    }
}

/// A floating-point type tensors store: `Float` or `Double`.
///
/// Kernels are generic over this protocol and specialised for both types, so inner loops call the
/// C library's functions directly, with no dispatch per element.
public protocol TensorFloat: BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {
    /// The matching ``DType``.
    static var dtype: DType { get }
    /// e^x.
    static func exponential(_ x: Self) -> Self
    /// The natural logarithm.
    static func logarithm(_ x: Self) -> Self
    /// log(1 + x), accurate for small x.
    static func logarithmOfOnePlus(_ x: Self) -> Self
    /// Sine.
    static func sine(_ x: Self) -> Self
    /// Cosine.
    static func cosine(_ x: Self) -> Self
    /// Tangent.
    static func tangent(_ x: Self) -> Self
    /// Hyperbolic tangent.
    static func hyperbolicTangent(_ x: Self) -> Self
    /// x^y.
    static func power(_ x: Self, _ y: Self) -> Self
}

extension Float: TensorFloat {
    /// `.float32`.
    @inlinable public static var dtype: DType { .float32 }
    /// e^x.
    @inlinable public static func exponential(_ x: Float) -> Float { expf(x) }
    /// The natural logarithm.
    @inlinable public static func logarithm(_ x: Float) -> Float { logf(x) }
    /// log(1 + x), accurate for small x.
    @inlinable public static func logarithmOfOnePlus(_ x: Float) -> Float { log1pf(x) }
    /// Sine.
    @inlinable public static func sine(_ x: Float) -> Float { sinf(x) }
    /// Cosine.
    @inlinable public static func cosine(_ x: Float) -> Float { cosf(x) }
    /// Tangent.
    @inlinable public static func tangent(_ x: Float) -> Float { tanf(x) }
    /// Hyperbolic tangent.
    /// (The AVX2 kernel `autograd_tanhf` where the CPU has it, within 1.05 ulp; see `TanhKernel`.)
    @inlinable public static func hyperbolicTangent(_ x: Float) -> Float {
        autograd_simd_available() != 0 ? autograd_tanhf(x) : tanhf(x)
    }
    /// x^y.
    @inlinable public static func power(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: TensorFloat {
    /// `.float64`.
    @inlinable public static var dtype: DType { .float64 }
    /// e^x.
    @inlinable public static func exponential(_ x: Double) -> Double { libmExp(x) }
    /// The natural logarithm.
    @inlinable public static func logarithm(_ x: Double) -> Double { libmLog(x) }
    /// log(1 + x), accurate for small x.
    @inlinable public static func logarithmOfOnePlus(_ x: Double) -> Double { libmLog1p(x) }
    /// Sine.
    @inlinable public static func sine(_ x: Double) -> Double { libmSin(x) }
    /// Cosine.
    @inlinable public static func cosine(_ x: Double) -> Double { libmCos(x) }
    /// Tangent.
    @inlinable public static func tangent(_ x: Double) -> Double { libmTan(x) }
    /// Hyperbolic tangent.
    @inlinable public static func hyperbolicTangent(_ x: Double) -> Double { libmTanh(x) }
    /// x^y.
    @inlinable public static func power(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }
}
