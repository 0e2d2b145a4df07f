import Foundation

/// Input bindings such as `--at a=1,b=2` (`autograd diff`) or `--from x=0` (`autograd minimize`), in
/// the order given.
struct InputBindings {
    /// Names and values in order.
    var entries: [(name: String, value: Double)] = []

    /// The bound names, in order.
    var names: [String] { entries.map(\.name) }

    /// The bound values, in order.
    var values: [Double] { entries.map(\.value) }

    /// Parses `NAME=VALUE[,NAME=VALUE...]` items given with `option` (named in error messages); each
    /// item may hold several comma-separated bindings, and a name may be bound only once in all.
    init(parsing items: [String], option: String = "--at") throws {
        for item in items {
            for binding in item.split(separator: ",", omittingEmptySubsequences: false) {
                let text = binding.trimmingCharacters(in: .whitespaces)
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw UserError("malformed \(option) binding '\(text)': expected NAME=VALUE")
                }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                let valueText = parts[1].trimmingCharacters(in: .whitespaces)
                guard Self.isName(name) else {
                    throw UserError("malformed \(option) binding '\(text)': '\(name)' is not a valid name")
                }
                guard let value = Self.number(valueText) else {
                    throw UserError("malformed \(option) binding '\(text)': '\(valueText)' is not a number")
                }
                guard value.isFinite || Self.spellsNonFinite(valueText) else {
                    throw UserError("malformed \(option) binding '\(text)': '\(valueText)' is out of range")
                }
                guard !entries.contains(where: { $0.name == name }) else {
                    throw UserError("\(option) binds '\(name)' more than once")
                }
                entries.append((name, value))
            }
        }
    }

    /// A decimal number with an optional sign (`-2`, `.5`, `1e-3`), or `inf`, `infinity` or `nan`
    /// spelled out; nil for anything else, hexadecimal included (the expression language has none).
    static func number(_ text: String) -> Double? {
        guard spellsNonFinite(text) || text.unicodeScalars.allSatisfy({ "0123456789.eE+-".unicodeScalars.contains($0) }) else {
            return nil
        }
        return Double(text)
    }

    /// Whether `text` spells infinity or NaN, with an optional sign.
    static func spellsNonFinite(_ text: String) -> Bool {
        let unsigned = text.lowercased().drop { $0 == "+" || $0 == "-" }
        return text.count - unsigned.count <= 1 && ["inf", "infinity", "nan"].contains(String(unsigned))
    }

    /// Whether `text` is a name of the expression language: a letter or `_`, then letters, digits, `_`.
    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
