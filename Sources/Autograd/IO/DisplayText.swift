/// Text taken from a file or a command line, made safe to show on one line of a message or a listing.
public enum DisplayText {
    /// `text` with control characters (C0, DEL and C1) written as `\u{..}`, so that a hostile name
    /// can neither split a line nor send the terminal an escape sequence; tabs are kept when
    /// `keepingTabs` is set (a source line shown above a caret keeps its alignment).
    public static func escaped(_ text: String, keepingTabs: Bool = false) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control && !(keepingTabs && scalar == "\t") {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
