/// A JSON value with deterministic output: keys keep their insertion order, numbers are written in
/// the shortest form that reads back to the same `Double`, and non-finite numbers become the
/// strings `"nan"`, `"inf"` and `"-inf"` (JSON has no spelling for them).
public enum JSONValue: Sendable, Equatable {
    /// A number.
    case number(Double)
    /// An integer, written without a fractional part.
    case integer(Int)
    /// A string.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep the order given.
    case object([(String, JSONValue)])

    /// The compact JSON text of the value, on one line.
    public var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .number(let number):
            if number.isNaN {
                output += "\"nan\""
            } else if number.isInfinite {
                output += number > 0 ? "\"inf\"" : "\"-inf\""
            } else if number == number.rounded(), Swift.abs(number) < 1e15 {
                // Integral values print as 4 rather than 4.0; still read back exactly.
                output += (number == 0 && number.sign == .minus) ? "-0" : String(Int64(number))
            } else {
                output += "\(number)"
            }
        case .integer(let integer):
            output += String(integer)
        case .string(let string):
            Self.writeString(string, to: &output)
        case .bool(let bool):
            output += bool ? "true" : "false"
        case .null:
            output += "null"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += ", " }
                Self.writeString(key, to: &output)
                output += ": "
                value.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Two values are equal when they serialize identically.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized == rhs.serialized
    }
}
