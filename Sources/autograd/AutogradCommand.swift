import ArgumentParser
import Autograd
import Foundation

/// The `autograd` command: differentiate expressions and run the benchmarks, over the public API.
@main
struct AutogradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autograd",
        abstract: "Automatic differentiation for Swift, from the command line.",
        subcommands: [TrainCommand.self, DiffCommand.self, MinimizeCommand.self, InspectCommand.self, BenchCommand.self])

    /// Runs the command; every user error becomes one `error:` message on stderr and exit status 2.
    static func main() {
        do {
            if let topic = unknownHelpTopic(in: Array(CommandLine.arguments.dropFirst())) {
                throw UserError("no command named '\(topic)' to show help for; the commands are \(commandNames.joined(separator: ", "))")
            }
            var command = try parseAsRoot()
            try command.run()
            flushOutput()
        } catch let error as UserError {
            fail(error.message, context: error.context)
        } catch {
            // Help and --version are "errors" that exit 0; everything else the parser rejects is a
            // usage error, reported in our one-line form rather than with status 64.
            if exitCode(for: error) == .success {
                // Printed here rather than by the parser's `exit(withError:)`, so that help that could
                // not be written (`> /dev/full`) is an error too.
                print(fullMessage(for: error))
                flushOutput()
                Foundation.exit(0)
            }
            fail(message(for: error) + leadingMinusHint(for: message(for: error)))
        }
    }

    /// Writes out what is buffered: output that could not all be written (a full disk,
    /// `> /dev/full`) is an error, not a silent success. (`fflush(nil)` flushes every stream: C's
    /// `stdout` itself is not concurrency-safe to name.)
    static func flushOutput() {
        if fflush(nil) != 0 { fail("cannot write the output: \(String(cString: strerror(errno)))") }
    }

    /// The subcommands' names, in the order the help lists them.
    static var commandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName }
    }

    /// The word after `help` when it names no command. (The parser answers `autograd help nosuch`
    /// with the main help and status 0, so a typo would pass for success in a script.)
    static func unknownHelpTopic(in arguments: [String]) -> String? {
        guard arguments.count > 1, arguments[0] == "help", !arguments[1].hasPrefix("-"),
              !(commandNames + ["help"]).contains(arguments[1])
        else { return nil }
        return arguments[1]
    }

    /// A hint for the parser's "Missing value" and "Missing expected argument" errors when a word on
    /// the command line starts with '-' (other than an option): the parser read `--lr -1`'s `-1`, or
    /// a program such as `-x^2`, as an option.
    static func leadingMinusHint(for message: String) -> String {
        guard message.hasPrefix("Missing"),
              CommandLine.arguments.dropFirst().contains(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.count > 1 && $0 != "-h" })
        else { return "" }
        return " (a value or program that starts with '-' is read as an option: write --lr=-1, or put the program after '--': autograd diff --at x=1 -- '-x')"
    }

    /// Prints `error: message` to stderr, then any context lines, and exits with status 2.
    ///
    /// The message is one line whatever it quotes: a line break, carriage return or escape sequence
    /// in a name, path or file header the user supplied is shown escaped, so that it can neither
    /// start a second `error:` line nor drive the terminal.
    static func fail(_ message: String, context: [String] = []) -> Never {
        let lines = ["error: " + DisplayText.escaped(message)] + context.map { DisplayText.escaped($0, keepingTabs: true) }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        Foundation.exit(2)
    }
}

/// A problem with what the user gave the tool; its message is shown after `error: `.
struct UserError: Error {
    /// The text after `error: `, on one line.
    var message: String
    /// Lines shown under the message as they are: a program's line with a caret under the column.
    var context: [String]

    /// Creates an error with a message (and the lines to show under it).
    init(_ message: String, context: [String] = []) {
        self.message = message
        self.context = context
    }

    /// A program's error: its message, with the source line and a caret under it.
    init(_ error: ExpressionError, source: String) {
        let lines = error.rendered(source: source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.init(lines[0], context: Array(lines.dropFirst()))
    }

}

extension URL {
    /// The file URL of a path the user gave for `what` (an option or argument); an empty path is a
    /// user error, where `URL(fileURLWithPath:)` would take it for the current folder.
    init(userPath path: String, for what: String) throws {
        guard !path.isEmpty else { throw UserError("\(what) needs a path, not an empty string") }
        self.init(fileURLWithPath: path)
    }
}
