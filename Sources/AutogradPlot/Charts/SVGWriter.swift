/// Accumulates SVG markup line by line; every number goes through `ChartNumberFormat`, every text is escaped.
struct SVGWriter {
    private(set) var lines: [String] = []

    /// Appends one line of finished markup.
    mutating func raw(_ markup: String) {
        lines.append(markup)
    }

    /// Appends an empty element `<name a="b" .../>`.
    mutating func element(_ name: String, _ attributes: [(String, String)]) {
        lines.append("<\(name)\(Self.attributeText(attributes))/>")
    }

    /// Appends `<text ...>content</text>` with the content escaped.
    mutating func text(_ content: String, _ attributes: [(String, String)]) {
        lines.append("<text\(Self.attributeText(attributes))>\(Self.escaped(content))</text>")
    }

    /// Opens a group; pair with `close("g")`.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        lines.append("<\(name)\(Self.attributeText(attributes))>")
    }

    /// Closes an element opened with `open`.
    mutating func close(_ name: String) {
        lines.append("</\(name)>")
    }

    /// The whole document.
    var document: String { lines.joined(separator: "\n") + "\n" }

    // MARK: - Formatting

    /// A number as SVG text.
    static func number(_ value: Double) -> String {
        ChartNumberFormat.coordinate(value)
    }

    /// `x,y x,y ...` for a polyline's `points` attribute.
    static func pointList(_ points: [(Double, Double)]) -> String {
        points.map { number($0.0) + "," + number($0.1) }.joined(separator: " ")
    }

    /// Text safe inside XML character data and attribute values; control characters XML forbids are dropped.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined()
    }
}
