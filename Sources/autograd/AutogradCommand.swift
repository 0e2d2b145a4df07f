import ArgumentParser
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
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UserError {
            fail(error.message)
        } catch {
            // Help and --version are "errors" that exit 0; everything else the parser rejects is a
            // usage error, reported in our one-line form rather than with status 64.
            if exitCode(for: error) == .success { exit(withError: error) }
            fail(message(for: error))
        }
    }

    /// Prints `error: message` to stderr and exits with status 2.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// A problem with what the user gave the tool; its message is shown after `error: `.
struct UserError: Error {
    /// The text after `error: ` (may span several lines, as a caret diagram does).
    var message: String
    /// Creates an error with a message.
    init(_ message: String) { self.message = message }
}
