import AutogradTestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Autograd

/// `tanhFromExpm1`, the scalar engine's tanh on CPUs without FMA, against the C library's `tanh`.
@Suite("tanh from expm1")
struct TanhFromExpm1Tests {
    /// How many ulps two doubles are apart (0 for two NaNs).
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a.isNaN && b.isNaN { return 0 }
        if a.isNaN || b.isNaN { return .max }
        // Map the bit patterns onto a line where adjacent doubles differ by 1.
        func key(_ d: Double) -> Int64 {
            let bits = Int64(bitPattern: d.bitPattern)
            return bits < 0 ? Int64.min &- bits : bits
        }
        let (difference, overflow) = key(a).subtractingReportingOverflow(key(b))
        return overflow ? .max : difference.magnitude
    }

    /// The largest difference, in ulps, between `tanhFromExpm1` and the C library's over `inputs`.
    static func largestDifference(_ inputs: some Sequence<Double>) -> (ulps: UInt64, at: Double) {
        var worst: (ulps: UInt64, at: Double) = (0, 0)
        for x in inputs {
            let difference = ulps(tanhFromExpm1(x), tanh(x))
            if difference > worst.ulps { worst = (difference, x) }
        }
        return worst
    }

    /// On glibc the formulas are the library's own, so the results are identical; elsewhere the
    /// C library's tanh is a different implementation and 1 ulp is the bar.
    #if canImport(Glibc)
    static let allowedUlps: UInt64 = 0
    #else
    static let allowedUlps: UInt64 = 1
    #endif

    @Test("a dense sweep over [-25, 25] and over [-2, 2], across both formulas and the ±1 plateau")
    func denseSweep() {
        let wide = (0...1_000_000).lazy.map { -25 + 50 * Double($0) / 1_000_000 }
        let near = (0...1_000_000).lazy.map { -2 + 4 * Double($0) / 1_000_000 }
        let worstWide = Self.largestDifference(wide), worstNear = Self.largestDifference(near)
        #expect(worstWide.ulps <= Self.allowedUlps, "\(worstWide.ulps) ulps at \(worstWide.at)")
        #expect(worstNear.ulps <= Self.allowedUlps, "\(worstNear.ulps) ulps at \(worstNear.at)")
    }

    @Test("random bit patterns and random values in [-30, 30] (fixed seed)")
    func randomInputs() {
        var generator = SplitMix64(seed: 0x5EED_7A4B)
        let patterns = (0..<500_000).map { _ in Double(bitPattern: generator.next()) }
        let values = (0..<500_000).map { _ in Double.random(in: -30...30, using: &generator) }
        let worstPatterns = Self.largestDifference(patterns), worstValues = Self.largestDifference(values)
        #expect(worstPatterns.ulps <= Self.allowedUlps, "\(worstPatterns.ulps) ulps at \(worstPatterns.at)")
        #expect(worstValues.ulps <= Self.allowedUlps, "\(worstValues.ulps) ulps at \(worstValues.at)")
    }

    @Test("every binade from the smallest subnormal up, and the branch points 2^-55, 1 and 22")
    func binadesAndBranchPoints() {
        var inputs: [Double] = []
        for exponent in -1074...6 {
            let power = Double(sign: .plus, exponent: exponent, significand: 1)
            for significand in [1.0, 1.37, 1.999] { inputs += [power * significand, -power * significand] }
        }
        for edge in [0x1p-55, 1.0, 22.0] { inputs += [edge, edge.nextDown, edge.nextUp, -edge, -edge.nextDown, -edge.nextUp] }
        let worst = Self.largestDifference(inputs)
        #expect(worst.ulps <= Self.allowedUlps, "\(worst.ulps) ulps at \(worst.at)")
    }

    @Test("special values: ±0 keep their sign, ±∞ give ±1, NaN stays NaN, tiny x gives x")
    func specialValues() {
        #expect(tanhFromExpm1(0).bitPattern == (0.0).bitPattern)
        #expect(tanhFromExpm1(-0.0).bitPattern == (-0.0).bitPattern)
        #expect(tanhFromExpm1(.infinity) == 1)
        #expect(tanhFromExpm1(-.infinity) == -1)
        #expect(tanhFromExpm1(.nan).isNaN)
        #expect(tanhFromExpm1(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
        #expect(tanhFromExpm1(-1e-300) == -1e-300)
        #expect(tanhFromExpm1(1.0) == 0.7615941559557649)
        #expect(tanhFromExpm1(.greatestFiniteMagnitude) == 1)
    }
}
