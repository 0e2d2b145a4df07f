import CAutogradKernels

// The elementwise math kernels: one type per operation, so ElementwiseKernels' loops specialise on
// it. Transcendentals go through the TensorFloat static functions (the C library, no dispatch).

// MARK: - Unary

enum ExpKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { T.exponential(x) }
}
enum LogKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { T.logarithm(x) }
}
enum LogOfOnePlusKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { T.logarithmOfOnePlus(x) }
}
enum SinKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { T.sine(x) }
}
enum CosKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { T.cosine(x) }
}
enum TanKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { T.tangent(x) }
}
/// For floats on a CPU with AVX2 and FMA, eight elements at a time by `autograd_tanhf_array`
/// (tanhf_avx2.c): about 5 instructions an element against glibc tanhf's 120, within 1.05 ulp
/// against glibc's 2.19. `Float.hyperbolicTangent` runs the same arithmetic on one element, so
/// eager, replayed and elementwise results agree bit for bit.
enum TanhKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { T.hyperbolicTangent(x) }
    @inline(__always)
    static func applyVectorized<T: TensorFloat>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) -> Bool {
        guard T.self == Float.self, autograd_simd_available() != 0 else { return false }
        x.withMemoryRebound(to: Float.self, capacity: count) { x in
            y.withMemoryRebound(to: Float.self, capacity: count) { y in autograd_tanhf_array(x, y, count) }
        }
        return true
    }
}
/// 1 / (1 + e^−x), never forming e^|x|: it overflows for large |x| (Float32 beyond 88).
enum SigmoidKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T {
        if x >= 0 { return 1 / (1 + T.exponential(-x)) }
        let e = T.exponential(x)
        return e / (1 + e)
    }
}
/// max(x, 0); NaN stays NaN (as PyTorch).
enum ReLUKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { x > 0 || x.isNaN ? x : 0 }
}
enum SqrtKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { x.squareRoot() }
}
enum AbsKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { x.magnitude }
}
enum SquareKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { x * x }
}
enum ReciprocalKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { 1 / x }
}
enum IdentityKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { x }
}
/// The sign, 0 at ±0 (and for NaN): the derivative of |x| with PyTorch's 0 at the kink.
enum SignKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

// MARK: - Binary

enum PowerKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { T.power(a, b) }
}
/// The larger value; NaN when either is NaN (as PyTorch's `maximum`).
enum MaximumKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a > b ? a : (b > a || b.isNaN ? b : a) }
}
/// The smaller value; NaN when either is NaN.
enum MinimumKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a < b ? a : (b < a || b.isNaN ? b : a) }
}
/// The share of `maximum(a, b)`'s gradient that goes to `a`: 1, ½ on a tie, else 0.
enum MaximumShareKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a > b ? 1 : (a == b ? 0.5 : 0) }
}
/// The share of `minimum(a, b)`'s gradient that goes to `a`: 1, ½ on a tie, else 0.
enum MinimumShareKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a < b ? 1 : (a == b ? 0.5 : 0) }
}
/// a · b, but exactly 0 where a is 0 even when b is infinite or NaN.
enum MultiplyNoNaNKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a == 0 ? 0 : a * b }
}

// MARK: - Comparisons (1 where true, else 0; every comparison with NaN is false except ≠)

enum EqualKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a == b ? 1 : 0 }
}
enum NotEqualKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a != b ? 1 : 0 }
}
enum LessKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a < b ? 1 : 0 }
}
enum LessOrEqualKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a <= b ? 1 : 0 }
}
enum GreaterKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a > b ? 1 : 0 }
}
enum GreaterOrEqualKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a >= b ? 1 : 0 }
}
