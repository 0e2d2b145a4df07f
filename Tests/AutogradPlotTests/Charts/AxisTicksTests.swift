import Foundation
import AutogradPlot
import Testing

@Suite("AxisTicks")
struct AxisTicksTests {
    @Test("0…0.97 gives 0, 0.2, …, 1.0")
    func unitRange() {
        let ticks = AxisTicks.nice(covering: 0, 0.97)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(ticks.range == 0...1)
        #expect(ticks.values.map(ticks.label(for:)) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }

    @Test("−3.2…7.1 gives −4…8 by 2")
    func signedRange() {
        let ticks = AxisTicks.nice(covering: -3.2, 7.1)
        #expect(ticks.values == [-4, -2, 0, 2, 4, 6, 8])
        #expect(ticks.step == 2)
        #expect(ticks.range == -4...8)
    }

    @Test("steps are always 1, 2 or 5 times a power of ten", arguments: [
        (0.0, 1234.0), (-0.003, 0.0071), (17.0, 18.5), (-1e6, 3e6), (0.1, 0.11),
    ])
    func oneTwoFive(lower: Double, upper: Double) {
        let ticks = AxisTicks.nice(covering: lower, upper)
        let exponent = (log10(ticks.step)).rounded(.down)
        let mantissa = ticks.step / pow(10, exponent)
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 })
        #expect(ticks.range.lowerBound <= lower && ticks.range.upperBound >= upper)
        #expect(ticks.values.count >= 2 && ticks.values.count <= 7)
    }

    @Test("a fixed range keeps its ends and shows only the ticks inside")
    func within() {
        let ticks = AxisTicks.nice(within: -20...20)
        #expect(ticks.range == -20...20)
        #expect(ticks.values == [-20, -10, 0, 10, 20])
    }

    @Test("a degenerate range is padded around its value", arguments: [0.0, 5.0, -300.0])
    func degenerate(value: Double) {
        let ticks = AxisTicks.nice(covering: value, value)
        #expect(ticks.range.lowerBound < value && ticks.range.upperBound > value)
        #expect(ticks.values.count >= 2)
    }

    /// The smallest positive subnormal, 5e-324 (written as a literal it draws an underflow warning).
    static let tiny = Double.leastNonzeroMagnitude

    @Test("a span of a few subnormals (whose sixth underflows to 0) is widened, not turned into a step of NaN",
          arguments: [(0.0, Self.tiny), (Self.tiny, 2 * Self.tiny), (-2 * Self.tiny, 0.0), (1e-300, 1e-300 + 1e6 * Self.tiny)])
    func subnormalSpan(lower: Double, upper: Double) {
        for ticks in [AxisTicks.nice(covering: lower, upper), AxisTicks.nice(within: lower...upper)] {
            #expect(ticks.step.isNormal && ticks.step > 0)
            #expect(ticks.range.lowerBound <= lower && ticks.range.upperBound >= upper)
            #expect(!ticks.values.isEmpty && ticks.values.count <= 7)
        }
    }

    @Test("non-finite ends fall back to 0…1")
    func nonFinite() {
        let ticks = AxisTicks.nice(covering: .nan, .infinity)
        #expect(ticks.range == 0...1)
    }
}
