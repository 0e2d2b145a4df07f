import Autograd

/// `autograd diff`'s results, printed for people or as JSON.
struct DifferentiationReport {
    let derivatives: ProgramDerivatives
    let check: [(numeric: Double, error: Double)]?
    let outputName: String

    /// Differentiates `program` at `inputs`.
    init(program: Program, source: String, inputs: InputBindings, hessian: Bool, check: Bool) throws {
        let point = inputs.entries.map { (name: $0.name, value: $0.value) }
        do {
            derivatives = try program.derivatives(at: point, hessian: hessian)
            if check {
                let numeric = try program.centralDifferences(at: point)
                self.check = zip(numeric, derivatives.gradient).map { ($0, Swift.abs($0 - $1)) }
            } else {
                self.check = nil
            }
        } catch {
            throw UserError(error, source: source)
        }
        outputName = "f"
    }

    /// The recorded graph.
    var graph: GraphDescription { derivatives.graph }

    /// The text for people: the value, one line per gradient entry, then the Hessian and the check.
    var text: String {
        let names = derivatives.inputNames
        var lines = ["\(outputName) = \(format(derivatives.value))"]
        for (name, gradient) in zip(names, derivatives.gradient) {
            lines.append("∂\(outputName)/∂\(name) = \(format(gradient))")
        }
        if let hessian = derivatives.hessian, !names.isEmpty {
            lines.append("")
            lines.append("Hessian:")
            let cells = hessian.map { $0.map(format) }
            let width = max((cells.flatMap { $0 } + names).map(\.count).max() ?? 1, 1)
            let nameWidth = names.map(\.count).max() ?? 1
            func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
            lines.append("  " + String(repeating: " ", count: nameWidth) + names.map { "  " + pad($0, width) }.joined())
            for (name, row) in zip(names, cells) {
                lines.append("  " + pad(name, nameWidth) + row.map { "  " + pad($0, width) }.joined())
            }
        }
        if let check {
            lines.append("")
            lines.append("Check (central differences):")
            for (name, entry) in zip(names, check) {
                lines.append("∂\(outputName)/∂\(name): numeric \(format(entry.numeric)), error \(format(entry.error))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object with `value`, `gradient`, and `hessian` / `check` when asked for.
    var json: JSONValue {
        let names = derivatives.inputNames
        var members: [(String, JSONValue)] = [
            ("value", .number(derivatives.value)),
            ("gradient", .object(zip(names, derivatives.gradient).map { ($0, .number($1)) })),
        ]
        if let hessian = derivatives.hessian {
            members.append(("hessian", .object(zip(names, hessian).map { name, row in
                (name, .object(zip(names, row).map { ($0, .number($1)) }))
            })))
        }
        if let check {
            members.append(("check", .object(zip(names, check).map { name, entry in
                (name, .object([("numeric", .number(entry.numeric)), ("error", .number(entry.error))]))
            })))
        }
        return .object(members)
    }

    /// A number as JSON spells it, with `nan`, `inf` and `-inf` unquoted for people.
    private func format(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "nan" : (number > 0 ? "inf" : "-inf") }
        return JSONValue.number(number).serialized
    }
}
