import Foundation

/// Round tick values (steps of 1, 2 or 5 times a power of ten) for one chart axis.
public struct AxisTicks: Sendable, Hashable {
    /// The axis range the ticks are drawn over.
    public let range: ClosedRange<Double>
    /// The tick values, ascending, all inside `range`.
    public let values: [Double]
    /// The distance between neighbouring ticks.
    public let step: Double

    /// Ticks for data spanning `lower...upper`, with the range widened outward to the nearest ticks.
    public static func nice(covering lower: Double, _ upper: Double, maxIntervals: Int = 6) -> AxisTicks {
        let (low, high) = paddedRange(lower, upper)
        let step = niceStep(low, high, maxIntervals: maxIntervals)
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        let range = clean(first * step)...clean(last * step)
        return AxisTicks(range: range, values: tickValues(first: first, last: last, step: step), step: step)
    }

    /// Ticks for a fixed range: only the round values that fall inside `range`, the range itself unchanged.
    public static func nice(within range: ClosedRange<Double>, maxIntervals: Int = 6) -> AxisTicks {
        let (low, high) = paddedRange(range.lowerBound, range.upperBound)
        let step = niceStep(low, high, maxIntervals: maxIntervals)
        let tolerance = step * 1e-9
        let first = ((low - tolerance) / step).rounded(.up)
        let last = ((high + tolerance) / step).rounded(.down)
        return AxisTicks(range: low...high, values: tickValues(first: first, last: last, step: step), step: step)
    }

    /// The text of a tick label, with as many decimals as the step needs.
    public func label(for value: Double) -> String {
        let magnitude = max(abs(range.lowerBound), abs(range.upperBound))
        if magnitude >= 1e7 || step < 1e-5 {
            return ChartNumberFormat.significant(value, digits: 4)
        }
        let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
        return ChartNumberFormat.fixed(value, decimals: decimals)
    }

    // MARK: - Helpers

    /// Turns a missing, non-finite or zero-width range into something an axis can show.
    static func paddedRange(_ lower: Double, _ upper: Double) -> (Double, Double) {
        guard lower.isFinite, upper.isFinite else { return (0, 1) }
        var low = min(lower, upper)
        var high = max(lower, upper)
        if high - low <= abs(high) * 1e-12 || high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        if high - low < smallestSpan {
            // A span of a few subnormals (whose tenth is 0): a sixth of it would underflow to 0
            // and its logarithm to −∞, so the axis shows at least `smallestSpan`.
            let pad = max(abs(low) * 0.1, smallestSpan)
            low -= pad
            high += pad
        }
        if !(high - low).isFinite {
            // The span overflows a Double; halve both ends so arithmetic on the span stays finite.
            low /= 2
            high /= 2
        }
        return (low, high)
    }

    /// The narrowest span an axis shows: far above the subnormals, so that a step computed from
    /// it and its logarithm are ordinary numbers.
    static let smallestSpan = 1e-280

    /// The smallest 1-2-5 step that covers `low...high` in at most `maxIntervals` whole steps.
    static func niceStep(_ low: Double, _ high: Double, maxIntervals: Int) -> Double {
        let intervals = Double(max(maxIntervals, 1))
        let rough = (high - low) / intervals
        var exponent = Int(log10(rough).rounded(.down)) - 1
        while true {
            for mantissa in [1.0, 2.0, 5.0] {
                let step = mantissa * ChartNumberFormat.powerOfTen(exponent)
                let count = (high / step).rounded(.up) - (low / step).rounded(.down)
                if count <= intervals { return step }
            }
            exponent += 1
        }
    }

    /// Tick values computed as integer multiples of the step, so no rounding error accumulates.
    private static func tickValues(first: Double, last: Double, step: Double) -> [Double] {
        guard last >= first else { return [] }
        return stride(from: first, through: last, by: 1).map { clean($0 * step) }
    }

    /// Rounds away representation noise such as 0.6000000000000001 and turns -0 into 0.
    private static func clean(_ value: Double) -> Double {
        guard value != 0 else { return 0 }
        let text = ChartNumberFormat.significant(value, digits: 12)
        return Double(text) ?? value
    }
}
