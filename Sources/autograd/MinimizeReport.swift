import Autograd

/// `autograd minimize`'s results, printed for people or as JSON.
struct MinimizeReport {
    /// The input names, in the order of the points' coordinates.
    let names: [String]
    /// The runs, one per start.
    let runs: [DescentRun]
    /// The learning rate.
    let learningRate: Double
    /// The steps asked for.
    let steps: Int
    /// For random starts: the seed and the box they were drawn from in every input.
    let randomStarts: (seed: Int, range: ClosedRange<Double>)?

    /// How many steps the text shows at each end of a long run.
    static let shownSteps = 5

    /// The text for people: one run as a table of its first and last steps, then the final point,
    /// value and gradient; several runs as one line each.
    var text: String {
        var lines: [String] = []
        let settings = "lr \(format(learningRate)), \(steps) step\(steps == 1 ? "" : "s")"
        if let randomStarts {
            let range = "[\(format(randomStarts.range.lowerBound)), \(format(randomStarts.range.upperBound))]"
            lines.append("gradient descent on f from \(runs.count) random start\(runs.count == 1 ? "" : "s") in \(range) (seed \(randomStarts.seed)): \(settings)")
            var rows: [[String]?] = []
            for (index, run) in runs.enumerated() {
                rows.append([
                    "\(index + 1)", pointText(run.trajectory[0]), pointText(run.trajectory[run.stepCount]),
                    format(run.values[run.stepCount]), "\(run.stepCount)" + (run.diverged ? " (diverged)" : ""),
                ])
            }
            lines += table(header: ["run", "start", "final", "f", "steps"], rows: rows)
            let diverged = runs.filter(\.diverged).count
            if diverged > 0 {
                lines.append("\(diverged) of \(runs.count) runs diverged (f or its gradient stopped being finite) and stopped early")
            }
            return lines.joined(separator: "\n")
        }
        let run = runs[0]
        lines.append("gradient descent on f from \(pointText(run.trajectory[0])): \(settings)")
        let header = ["step", "f"] + names + names.map { "∂f/∂\($0)" }
        func row(_ step: Int) -> [String] {
            ["\(step)", format(run.values[step])] + run.trajectory[step].map(format) + run.gradients[step].map(format)
        }
        var rows: [[String]?] = []
        let count = run.trajectory.count
        if count <= 2 * Self.shownSteps + 2 {
            rows = (0..<count).map(row)
        } else {
            rows = (0..<Self.shownSteps).map(row) + [nil] + ((count - Self.shownSteps)..<count).map(row)
        }
        lines += table(header: header, rows: rows)
        let last = run.stepCount
        if run.diverged {
            lines.append("diverged at step \(last): f = \(format(run.values[last])); stopped")
        }
        lines.append("final (after \(last) step\(last == 1 ? "" : "s")): \(pointText(run.trajectory[last]))")
        lines.append("f = \(format(run.values[last]))")
        for (name, gradient) in zip(names, run.gradients[last]) {
            lines.append("∂f/∂\(name) = \(format(gradient))")
        }
        return lines.joined(separator: "\n")
    }

    /// One run as JSON: `start`, `final`, `value`, `gradient` (at the final point), `steps` (taken),
    /// `diverged`, `trajectory` (every point, the start first) and `values` (f at each point).
    func json(of run: DescentRun) -> JSONValue {
        let last = run.stepCount
        return .object([
            ("start", point(run.trajectory[0])),
            ("final", point(run.trajectory[last])),
            ("value", .number(run.values[last])),
            ("gradient", point(run.gradients[last])),
            ("steps", .integer(last)),
            ("diverged", .bool(run.diverged)),
            ("trajectory", .array(run.trajectory.map(point))),
            ("values", .array(run.values.map(JSONValue.number))),
        ])
    }

    /// One JSON object: a single run's object, or with random starts `seed`, `range` and `runs`.
    var json: JSONValue {
        guard let randomStarts else { return json(of: runs[0]) }
        return .object([
            ("seed", .integer(randomStarts.seed)),
            ("range", .array([.number(randomStarts.range.lowerBound), .number(randomStarts.range.upperBound)])),
            ("runs", .array(runs.map(json(of:)))),
        ])
    }

    private func point(_ coordinates: [Double]) -> JSONValue {
        .object(zip(names, coordinates).map { ($0, .number($1)) })
    }

    private func pointText(_ coordinates: [Double]) -> String {
        zip(names, coordinates).map { "\($0) = \(format($1))" }.joined(separator: ", ")
    }

    /// Left-aligned columns two spaces apart; a nil row is drawn as `…`.
    private func table(header: [String], rows: [[String]?]) -> [String] {
        var widths = header.map(\.count)
        for row in rows.compactMap({ $0 }) {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
            var text = padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(header)] + rows.map { $0.map(line) ?? "…" }
    }

    /// A number as JSON spells it, with `nan`, `inf` and `-inf` unquoted for people.
    private func format(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "nan" : (number > 0 ? "inf" : "-inf") }
        return JSONValue.number(number).serialized
    }
}
