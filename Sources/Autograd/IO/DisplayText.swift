/// Text taken from a file, made safe to show on one line of a message or a listing.
public enum DisplayText {
    /// `text` with control characters written as `\u{..}`, so a hostile name cannot split a line.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
