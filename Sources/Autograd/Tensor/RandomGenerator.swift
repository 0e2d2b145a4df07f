#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded pseudo-random generator whose sequence is the same on every platform.
///
/// The generator is xoshiro256** seeded through SplitMix64: integers and uniform numbers are
/// bit-for-bit identical everywhere. Normal numbers use the Box–Muller transform, which calls the C
/// library's `log`, `sin` and `cos`; those agree across the common C libraries for these arguments,
/// but are not guaranteed to the last bit by any standard.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform number in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal number (Box–Muller; numbers come in pairs).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u = nextUniform()
        while u == 0 { u = nextUniform() }
        let v = nextUniform()
        let radius = (-2 * log(u)).squareRoot()
        let angle = 2 * Double.pi * v
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }
}

extension Tensor {
    /// Uniform numbers in `[low, high)` from `generator`.
    public static func uniform(
        shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32, requiresGrad: Bool = false,
        using generator: inout RandomGenerator, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        guard let count = Shape.validCount(shape) else { invalidShape(shape, "uniform(shape:)", at: CallerLocation(file: file, line: line)) }
        let values = (0..<count).map { _ in low + (high - low) * generator.nextUniform() }
        return Tensor(values, shape: shape, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Normal numbers with the given mean and standard deviation from `generator`.
    public static func normal(
        shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32,
        requiresGrad: Bool = false, using generator: inout RandomGenerator, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        guard let count = Shape.validCount(shape) else { invalidShape(shape, "normal(shape:)", at: CallerLocation(file: file, line: line)) }
        let values = (0..<count).map { _ in mean + standardDeviation * generator.nextNormal() }
        return Tensor(values, shape: shape, dtype: dtype, requiresGrad: requiresGrad)
    }
}
