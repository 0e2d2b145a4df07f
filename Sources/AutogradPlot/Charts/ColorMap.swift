import Autograd

/// A continuous colour scale: evenly spaced colour stops with linear interpolation between them.
public struct ColorMap: Sendable, Hashable {
    /// The colour stops, from the value 0 to the value 1.
    public let stops: [ChartColor]

    /// A colour map through `stops` (at least one), evenly spaced over 0...1.
    public init(stops: [ChartColor]) {
        require(!stops.isEmpty, "a colour map needs at least one stop")
        self.stops = stops
    }

    /// The colour at `position` in 0...1 (clamped; NaN gives the lowest colour).
    public func color(at position: Double) -> ChartColor {
        guard stops.count > 1 else { return stops[0] }
        let t = position.isNaN ? 0 : min(max(position, 0), 1)
        let scaled = t * Double(stops.count - 1)
        let index = min(Int(scaled), stops.count - 2)
        return stops[index].mixed(with: stops[index + 1], fraction: scaled - Double(index))
    }

    /// The colour for `value` placed linearly in `range`.
    public func color(for value: Double, in range: ClosedRange<Double>) -> ChartColor {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return color(at: 0.5) }
        return color(at: (value - range.lowerBound) / span)
    }

    /// A perceptually uniform dark-purple → blue → green → yellow scale in the manner of viridis.
    public static let viridis = ColorMap(stops: [
        ChartColor(hex: 0x440154), ChartColor(hex: 0x482475), ChartColor(hex: 0x414487),
        ChartColor(hex: 0x355F8D), ChartColor(hex: 0x2A788E), ChartColor(hex: 0x21918C),
        ChartColor(hex: 0x22A884), ChartColor(hex: 0x44BF70), ChartColor(hex: 0x7AD151),
        ChartColor(hex: 0xBDDF26), ChartColor(hex: 0xFDE725),
    ])

    /// A blue → white → red scale for signed values centred on zero.
    public static let blueWhiteRed = ColorMap(stops: [
        ChartColor(hex: 0x3B4CC0), ChartColor(hex: 0xDDDDDD), ChartColor(hex: 0xB40426),
    ])
}
