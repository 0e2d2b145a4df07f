import ArgumentParser
import Autograd
import AutogradPlot
import Foundation

/// `autograd minimize`: gradient descent on a program's output, with pictures.
struct MinimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimize a program's output by gradient descent.",
        discussion: """
            PROGRAM is written as for 'autograd diff'. Each step is x ← x − lr·∇f(x), the gradient \
            computed by the engine. A run stops early, and says so, when f or its gradient stops being \
            finite (the descent diverged).

            --from names the inputs, in order, and where to start. With --starts N the runs start \
            instead at N points drawn uniformly from --start-range in every input (default: --window, \
            else -10,10), with the seeded generator of --seed; --from's values are then unused, and \
            without --from the inputs are the names the program reads.

            --plot FILE.svg draws the descent. Two inputs: a colour map of f with contour lines, the \
            gradient ∇f as arrows of equal length (uphill), and each run's points joined from a black \
            start dot. One input: the curve of f with each run's points on it. The window is --window \
            in every input; by default it is the start range with --starts, otherwise the \
            trajectory's extent padded by a tenth of its span (at least 1) on each side, or the start \
            ± 10 when the run diverged.

            Example: autograd minimize '(x - 3)^2' --from x=0 --lr 0.1
            The seed's 50 trajectories: autograd minimize 'b*(a + b)*(a - b)' --lr 1e-3 --steps 25 \
            --starts 50 --seed 0 --start-range=-10,10 --window=-20,20 --plot descent.svg
            """)

    @Argument(help: "The program to minimize.")
    var program: String

    @Option(help: ArgumentHelp("Inputs and where to start, NAME=VALUE[,NAME=VALUE...] (repeatable).", valueName: "bindings"))
    var from: [String] = []

    @Option(help: ArgumentHelp("The learning rate α, a positive number.", valueName: "α"))
    var lr: Double = 0.01

    @Option(help: "The number of steps.")
    var steps: Int = 100

    @Option(help: ArgumentHelp("Draw the descent (SVG); one or two inputs only.", valueName: "FILE"))
    var plot: String?

    @Option(help: "Run N descents from random starts.")
    var starts: Int?

    @Option(help: "The seed of the random starts (with --starts; default 0).")
    var seed: Int?

    @Option(
        name: .customLong("start-range"), parsing: .unconditional,
        help: ArgumentHelp("Where random starts are drawn from in every input (with --starts).", valueName: "LOW,HIGH"))
    var startRange: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The picture's range in every input (with --plot).", valueName: "LOW,HIGH"))
    var window: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    /// The most steps of one run, and of all runs together.
    static let maximumSteps = 1_000_000
    /// The most random starts.
    static let maximumStarts = 10_000

    func run() throws {
        let parsed: Program
        do {
            parsed = try Program(parsing: program)
        } catch {
            throw UserError(error, source: program)
        }
        let bindings = try InputBindings(parsing: from, option: "--from")
        let settings = try validatedSettings()
        let names = try inputNames(of: parsed, bindings: bindings)
        if let plot {
            guard names.count <= 2 else {
                throw UserError("--plot draws programs of one or two inputs; this one has \(names.count) (\(names.joined(separator: ", ")))")
            }
            try PlotFile.validate(plot)
        }

        var startPoints: [[Double]]
        if let starts {
            var generator = RandomGenerator(seed: UInt64(settings.seed))
            let range = settings.startRange
            startPoints = (0..<starts).map { _ in
                names.map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUniform() }
            }
        } else {
            if let bad = bindings.entries.first(where: { !$0.value.isFinite }) {
                throw UserError("--from starts '\(bad.name)' at \(bad.value): a start must be finite")
            }
            startPoints = [bindings.values]
        }

        let objective = try ProgramObjective(program: parsed, source: program, names: names, checkingAt: startPoints[0])
        let runs = startPoints.map { DescentRun(minimizing: objective, from: $0, learningRate: lr, steps: steps) }
        let report = MinimizeReport(
            names: names, runs: runs, learningRate: lr, steps: steps,
            randomStarts: starts == nil ? nil : (settings.seed, settings.startRange))

        if let plot {
            let diverged = runs.filter(\.diverged).count
            let outcome = diverged == 0 ? "" : runs.count == 1 ? " (diverged)" : " (\(diverged) diverged)"
            let title = "f = \(PlotFile.title(of: program)) · lr \(JSONValue.number(lr).serialized), \(steps) steps\(outcome)"
            let chart: Chart
            if names.count == 2 {
                let window = settings.window.map { ($0, $0) }
                    ?? (starts != nil ? (settings.startRange, settings.startRange)
                        : (DescentChart.window(around: runs, axis: 0), DescentChart.window(around: runs, axis: 1)))
                chart = DescentChart.surface(objective: objective, runs: runs, window: window, title: title)
            } else {
                let window = settings.window ?? (starts != nil ? settings.startRange : DescentChart.window(around: runs, axis: 0))
                chart = DescentChart.curve(objective: objective, runs: runs, window: window, title: title)
            }
            try PlotFile.write(chart, to: plot)
        }
        print(json ? report.json.serialized : report.text)
    }

    /// The checked numeric options.
    private func validatedSettings() throws -> (seed: Int, startRange: ClosedRange<Double>, window: ClosedRange<Double>?) {
        guard lr.isFinite, lr > 0 else {
            throw UserError("--lr must be a positive number, not \(lr)")
        }
        guard (0...Self.maximumSteps).contains(steps) else {
            throw UserError("--steps must be between 0 and \(Self.maximumSteps), not \(steps)")
        }
        if let starts {
            guard (1...Self.maximumStarts).contains(starts) else {
                throw UserError("--starts must be between 1 and \(Self.maximumStarts), not \(starts)")
            }
            guard starts * steps <= Self.maximumSteps else {
                throw UserError("--starts \(starts) with --steps \(steps) is too much work: at most \(Self.maximumSteps) steps in all")
            }
        } else {
            if seed != nil { throw UserError("--seed needs --starts") }
            if startRange != nil { throw UserError("--start-range needs --starts") }
        }
        if window != nil && plot == nil { throw UserError("--window needs --plot") }
        let seed = seed ?? 0
        guard seed >= 0 else { throw UserError("--seed must not be negative, not \(seed)") }
        let window = try window.map { try Self.range($0, option: "--window") }
        let startRange = try startRange.map { try Self.range($0, option: "--start-range") } ?? window ?? -10...10
        return (seed, startRange, window)
    }

    /// The input names: --from's, else (with --starts) the names the program reads, sorted.
    private func inputNames(of program: Program, bindings: InputBindings) throws -> [String] {
        var names = bindings.names
        if names.isEmpty {
            guard starts != nil else {
                let inputs = program.freeNames.isEmpty ? "" : " (this program reads \(program.freeNames.joined(separator: ", ")))"
                throw UserError("minimize needs --from NAME=VALUE,... to say where to start\(inputs)")
            }
            names = program.freeNames.sorted()
        }
        guard !names.isEmpty else {
            throw UserError("the program reads no inputs: there is nothing to minimize over")
        }
        if let unused = names.first(where: { !program.referencedNames.contains($0) }) {
            throw UserError("--from binds '\(unused)', which the program does not read (it reads \(program.freeNames.isEmpty ? "no inputs" : program.freeNames.joined(separator: ", ")))")
        }
        return names
    }

    /// Parses `LOW,HIGH` with finite LOW < HIGH.
    private static func range(_ text: String, option: String) throws -> ClosedRange<Double> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low.isFinite, high.isFinite, low < high else {
            throw UserError("malformed \(option) '\(text)': expected LOW,HIGH with LOW < HIGH (write \(option)=-10,10 for a negative LOW)")
        }
        // Starts are drawn as LOW + u·(HIGH − LOW), and pictures divide by the width: it must be finite.
        guard (high - low).isFinite else {
            throw UserError("\(option) '\(text)' is wider than the largest double (\(Double.greatestFiniteMagnitude))")
        }
        return low...high
    }
}
