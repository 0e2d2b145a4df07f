import ArgumentParser
import Autograd
import AutogradPlot
import Foundation

/// `autograd diff`: the value, gradient, Hessian and finite-difference check of a small program.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Differentiate a program with respect to its inputs.",
        discussion: """
            PROGRAM is one or more statements separated by ';' or newlines: 'NAME = EXPR' or a bare \
            EXPR; the last statement's value is the output. EXPR has numbers, names, + - * /, ^ and ** \
            (power, right-associative, tighter than unary minus), parentheses, pi, e and the functions \
            exp log sin cos tan tanh sigmoid relu sqrt abs pow(x, y) max(x, y) min(x, y).

            Example: autograd diff 'c = a + b; d = a - b; b * c * d' --at a=1,b=2
            A program that starts with '-' goes after '--': autograd diff --at x=3 -- '-x^2'

            --plot FILE.svg (one input) draws the function over x ± max(1, |x|) with its tangent \
            at x twice: from the engine's derivative (dashed red) and from the forward difference \
            (f(x + h) − f(x))/h with h = 1e-5·max(1, |x|) (solid orange).
            """)

    @Argument(help: "The program to differentiate.")
    var program: String

    @Option(name: .long, help: ArgumentHelp("Input values, NAME=VALUE[,NAME=VALUE...] (repeatable).", valueName: "bindings"))
    var at: [String] = []

    @Flag(help: "Also print the Hessian (second derivatives; at most 1,000 inputs).")
    var hessian = false

    @Flag(help: "Also compare the gradient with central finite differences (at most 1,000 inputs).")
    var check = false

    /// The most inputs `--hessian` and `--check` take: each costs a pass over the program per input,
    /// and the Hessian prints the square of the count (1,000 inputs: a million entries).
    static let maximumInputsForSecondPasses = 1_000

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Write the computation graph (DOT, or SVG when FILE ends in .svg).", valueName: "FILE"))
    var graph: String?

    @Option(help: ArgumentHelp("Draw the function near the point with its tangent lines (SVG); one input only.", valueName: "FILE"))
    var plot: String?

    func run() throws {
        let inputs = try InputBindings(parsing: at)
        let parsed: Program
        do {
            parsed = try Program(parsing: program)
        } catch {
            throw UserError(error, source: program)
        }
        if let plot {
            guard inputs.entries.count == 1 else {
                throw UserError("--plot draws programs of one input; --at binds \(inputs.entries.count)\(inputs.entries.isEmpty ? "" : " (\(inputs.names.joined(separator: ", ")))")")
            }
            try PlotFile.validate(plot)
        }
        if hessian || check, inputs.entries.count > Self.maximumInputsForSecondPasses {
            throw UserError(
                "\(hessian ? "--hessian" : "--check") takes at most \(Self.maximumInputsForSecondPasses) inputs; --at binds \(inputs.entries.count)")
        }
        let result = try DifferentiationReport(program: parsed, source: program, inputs: inputs, hessian: hessian, check: check)
        if let graph {
            try writeGraph(result.graph, to: graph)
        }
        if let plot, let input = inputs.entries.first {
            let chart = try DiffPlot.chart(
                program: parsed, source: program, name: input.name, at: input.value,
                value: result.derivatives.value, slope: result.derivatives.gradient[0])
            try PlotFile.write(chart, to: plot)
        }
        print(json ? result.json.serialized : result.text)
    }

    private func writeGraph(_ description: GraphDescription, to path: String) throws {
        let url = try URL(userPath: path, for: "--graph")
        do {
            let outcome = try GraphvizRenderer.write(description, to: url, title: nil)
            if let note = outcome.note {
                FileHandle.standardError.write(Data("note: \(note)\n".utf8))
            }
        } catch {
            throw UserError("cannot write the graph to \(path): \(error)")
        }
    }
}
