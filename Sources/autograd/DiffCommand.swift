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
            """)

    @Argument(help: "The program to differentiate.")
    var program: String

    @Option(name: .long, help: ArgumentHelp("Input values, NAME=VALUE[,NAME=VALUE...] (repeatable).", valueName: "bindings"))
    var at: [String] = []

    @Flag(help: "Also print the Hessian (second derivatives).")
    var hessian = false

    @Flag(help: "Also compare the gradient with central finite differences.")
    var check = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Write the computation graph (DOT, or SVG when FILE ends in .svg).", valueName: "FILE"))
    var graph: String?

    func run() throws {
        let inputs = try InputBindings(parsing: at)
        let parsed: Program
        do {
            parsed = try Program(parsing: program)
        } catch {
            throw UserError(error.rendered(source: program))
        }
        let result = try DifferentiationReport(program: parsed, source: program, inputs: inputs, hessian: hessian, check: check)
        if let graph {
            try writeGraph(result.graph, to: graph)
        }
        print(json ? result.json.serialized : result.text)
    }

    private func writeGraph(_ description: GraphDescription, to path: String) throws {
        let url = URL(fileURLWithPath: path)
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

/// The `--at` bindings, in the order given.
struct InputBindings {
    /// Names and values in order.
    var entries: [(name: String, value: Double)] = []

    /// Parses `NAME=VALUE[,NAME=VALUE...]` items.
    init(parsing items: [String]) throws {
        for item in items {
            for binding in item.split(separator: ",", omittingEmptySubsequences: false) {
                let text = binding.trimmingCharacters(in: .whitespaces)
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw UserError("malformed --at binding '\(text)': expected NAME=VALUE")
                }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                let valueText = parts[1].trimmingCharacters(in: .whitespaces)
                guard Self.isName(name) else {
                    throw UserError("malformed --at binding '\(text)': '\(name)' is not a valid name")
                }
                guard let value = Double(valueText) else {
                    throw UserError("malformed --at binding '\(text)': '\(valueText)' is not a number")
                }
                guard !entries.contains(where: { $0.name == name }) else {
                    throw UserError("--at binds '\(name)' more than once")
                }
                entries.append((name, value))
            }
        }
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
