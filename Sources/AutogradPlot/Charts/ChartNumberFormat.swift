import Foundation

/// Locale-independent number formatting that gives the same text for the same value on every platform.
public enum ChartNumberFormat {
    /// Formats `value` with at most `decimals` digits after the point, trailing zeros trimmed ("-0" never appears).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let places = min(max(decimals, 0), 15)
        let scale = powerOfTen(places)
        let scaled = (abs(value) * scale).rounded()
        // Beyond 2^53 integer arithmetic is no longer exact; exponent notation stays honest there.
        guard scaled < 9.0e15 else { return significant(value, digits: 6) }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        var text = String(units / divisor)
        if places > 0 {
            var fraction = String(units % divisor)
            fraction = String(repeating: "0", count: places - fraction.count) + fraction
            while fraction.last == "0" { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return (units != 0 && value < 0) ? "-" + text : text
    }

    /// Formats `value` with `digits` significant digits, switching to `1.5e-7` style for very large or small values.
    public static func significant(_ value: Double, digits: Int) -> String {
        guard value.isFinite, abs(value) >= 1e-300 else { return "0" }
        let digits = min(max(digits, 1), 15)
        var exponent = Int(log10(abs(value)).rounded(.down))
        // log10 may land one off near exact powers of ten; correct it against the value itself.
        if abs(value) >= powerOfTen(exponent + 1) { exponent += 1 }
        if abs(value) < powerOfTen(exponent) { exponent -= 1 }
        var mantissa = (abs(value) / powerOfTen(exponent) * powerOfTen(digits - 1)).rounded()
        if mantissa >= powerOfTen(digits) {
            mantissa /= 10
            exponent += 1
        }
        if exponent >= -4 && exponent < 9 {
            return fixed(value, decimals: max(0, digits - 1 - exponent))
        }
        let sign = value < 0 ? "-" : ""
        let body = fixed(mantissa / powerOfTen(digits - 1), decimals: digits - 1)
        return sign + body + "e" + String(exponent)
    }

    /// Formats an SVG pixel coordinate or length (two decimals at most).
    public static func coordinate(_ value: Double) -> String {
        fixed(value, decimals: 2)
    }

    /// 10^exponent built by repeated multiplication, which is exact for the small powers used here.
    static func powerOfTen(_ exponent: Int) -> Double {
        if exponent < 0 { return 1 / powerOfTen(-exponent) }
        if exponent > 22 { return pow(10, Double(exponent)) }
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
