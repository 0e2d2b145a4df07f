/// An opaque sRGB colour with 8-bit channels, written to SVG as `#rrggbb`.
public struct ChartColor: Sendable, Hashable {
    /// The red channel, 0...255.
    public var red: UInt8
    /// The green channel, 0...255.
    public var green: UInt8
    /// The blue channel, 0...255.
    public var blue: UInt8

    /// A colour from its three channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from a `0xRRGGBB` integer.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// The colour as SVG text, `#rrggbb` in lower case.
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [red, green, blue] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 0x0F)])
        }
        return text
    }

    /// The colour a `fraction` (0...1) of the way towards `other`.
    public func mixed(with other: ChartColor, fraction: Double) -> ChartColor {
        let t = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        func blend(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return ChartColor(red: blend(red, other.red), green: blend(green, other.green), blue: blend(blue, other.blue))
    }

    /// The colour moved a `fraction` (0...1) of the way towards white.
    public func lightened(by fraction: Double) -> ChartColor {
        mixed(with: .white, fraction: fraction)
    }

    // MARK: - Named colours

    /// Black.
    public static let black = ChartColor(hex: 0x000000)
    /// White.
    public static let white = ChartColor(hex: 0xFFFFFF)
    /// A mid grey.
    public static let gray = ChartColor(hex: 0x7F7F7F)
    /// A light grey for grid lines.
    public static let lightGray = ChartColor(hex: 0xE5E5E5)
    /// The palette's blue.
    public static let blue = ChartColor(hex: 0x1F77B4)
    /// The palette's orange.
    public static let orange = ChartColor(hex: 0xFF7F0E)
    /// The palette's green.
    public static let green = ChartColor(hex: 0x2CA02C)
    /// The palette's red.
    public static let red = ChartColor(hex: 0xD62728)
    /// The palette's purple.
    public static let purple = ChartColor(hex: 0x9467BD)
}

/// Ten distinct colours for categories, layers and trajectories, used in order and then repeated.
public enum ChartPalette {
    /// The categorical colours, in the order they are handed out.
    public static let colors: [ChartColor] = [
        .blue, .orange, .green, .red, .purple,
        ChartColor(hex: 0x8C564B), ChartColor(hex: 0xE377C2), .gray,
        ChartColor(hex: 0xBCBD22), ChartColor(hex: 0x17BECF),
    ]

    /// The colour for category or series `index` (negative indices wrap too).
    public static func color(at index: Int) -> ChartColor {
        let count = colors.count
        return colors[((index % count) + count) % count]
    }
}
