import Autograd

/// A rule that draws a parameter's starting values from a seeded ``RandomGenerator``.
///
/// The fan-in and fan-out of a weight are its number of inputs and outputs (`inputSize` and
/// `outputSize` for a ``Linear`` layer). The scaled rules keep the variance of activations roughly
/// constant from layer to layer:
///
/// | rule | distribution |
/// |---|---|
/// | ``xavierUniform(gain:)`` (Glorot) | U(−a, a), a = gain·√(6 / (fanIn + fanOut)) |
/// | ``xavierNormal(gain:)`` | N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)) |
/// | ``kaimingUniform(gain:)`` (He, fan-in) | U(−a, a), a = gain·√(3 / fanIn) |
/// | ``kaimingNormal(gain:)`` (fan-in) | N(0, σ²), σ = gain / √fanIn |
///
/// The Kaiming rules default to the ReLU gain √2, as PyTorch's `kaiming_*_(nonlinearity="relu")`.
/// Values are drawn in row-major order, so the same seed always gives the same weights.
public struct Initializer: Sendable {
    /// Makes values of `shape`; the generator is advanced by the number of values drawn.
    public typealias Draw = @Sendable (
        _ shape: [Int], _ fanIn: Int, _ fanOut: Int, _ dtype: DType, _ generator: inout RandomGenerator
    ) -> Tensor

    private let draw: Draw

    /// Creates an initializer from a drawing rule.
    public init(_ draw: @escaping Draw) {
        self.draw = draw
    }

    /// Values for a tensor of `shape` with the given fans (constants, requiring no gradient).
    public func callAsFunction(
        shape: [Int], fanIn: Int, fanOut: Int, dtype: DType = .float32, using generator: inout RandomGenerator
    ) -> Tensor {
        draw(shape, fanIn, fanOut, dtype, &generator)
    }

    // MARK: - Rules

    /// Every value equal to `value`.
    public static func constant(_ value: Double) -> Initializer {
        Initializer { shape, _, _, dtype, _ in Tensor.full(value, shape: shape, dtype: dtype) }
    }

    /// Every value 0 (the usual start for biases).
    public static var zeros: Initializer { constant(0) }

    /// Uniform values in `range` (the upper end is excluded).
    public static func uniform(_ range: ClosedRange<Double>) -> Initializer {
        Initializer { shape, _, _, dtype, generator in
            Tensor.uniform(shape: shape, low: range.lowerBound, high: range.upperBound, dtype: dtype, using: &generator)
        }
    }

    /// Normal values with the given mean and standard deviation.
    public static func normal(mean: Double = 0, standardDeviation: Double) -> Initializer {
        Initializer { shape, _, _, dtype, generator in
            Tensor.normal(shape: shape, mean: mean, standardDeviation: standardDeviation, dtype: dtype, using: &generator)
        }
    }

    /// Xavier (Glorot) uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)).
    public static func xavierUniform(gain: Double = 1) -> Initializer {
        Initializer { shape, fanIn, fanOut, dtype, generator in
            let bound = gain * (6 / Double(Swift.max(fanIn + fanOut, 1))).squareRoot()
            return Tensor.uniform(shape: shape, low: -bound, high: bound, dtype: dtype, using: &generator)
        }
    }

    /// Xavier (Glorot) normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)).
    public static func xavierNormal(gain: Double = 1) -> Initializer {
        Initializer { shape, fanIn, fanOut, dtype, generator in
            let deviation = gain * (2 / Double(Swift.max(fanIn + fanOut, 1))).squareRoot()
            return Tensor.normal(shape: shape, standardDeviation: deviation, dtype: dtype, using: &generator)
        }
    }

    /// Kaiming (He) uniform over the fan-in: U(−a, a) with a = gain·√(3 / fanIn).
    public static func kaimingUniform(gain: Double = 2.0.squareRoot()) -> Initializer {
        Initializer { shape, fanIn, _, dtype, generator in
            let bound = gain * (3 / Double(Swift.max(fanIn, 1))).squareRoot()
            return Tensor.uniform(shape: shape, low: -bound, high: bound, dtype: dtype, using: &generator)
        }
    }

    /// Kaiming (He) normal over the fan-in: N(0, σ²) with σ = gain / √fanIn.
    public static func kaimingNormal(gain: Double = 2.0.squareRoot()) -> Initializer {
        Initializer { shape, fanIn, _, dtype, generator in
            let deviation = gain / Double(Swift.max(fanIn, 1)).squareRoot()
            return Tensor.normal(shape: shape, standardDeviation: deviation, dtype: dtype, using: &generator)
        }
    }
}
