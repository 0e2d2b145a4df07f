import Autograd
import Foundation

/// Renders graphs to SVG with Graphviz's `dot`, found on `PATH` when the program runs.
///
/// Nothing here needs Graphviz to build: `dot` is looked up at run time, and ``write(_:to:title:)``
/// falls back to writing DOT text when it is missing.
public enum GraphvizRenderer {
    /// The file name of Graphviz's layout program: `dot` (`dot.exe` on Windows).
    public static var executableName: String {
        #if os(Windows)
        return "dot.exe"
        #else
        return "dot"
        #endif
    }

    /// The separator between directories in a `PATH` value.
    static var searchPathSeparator: Character {
        #if os(Windows)
        return ";"
        #else
        return ":"
        #endif
    }

    /// The `dot` executable on this process's `PATH`, or `nil` when Graphviz is not installed there.
    public static func locateDot() -> URL? {
        locateDot(searchPath: ProcessInfo.processInfo.environment["PATH"])
    }

    /// The first executable regular file named `dot` in the directories of `searchPath` (a `PATH` value).
    ///
    /// Directories are tried in order; empty entries (which POSIX reads as the current directory)
    /// are skipped. Returns `nil` when `searchPath` is `nil` or holds no `dot`.
    public static func locateDot(searchPath: String?) -> URL? {
        guard let searchPath else { return nil }
        let fileManager = FileManager.default
        for directory in searchPath.split(separator: searchPathSeparator, omittingEmptySubsequences: true) {
            let candidate = URL(fileURLWithPath: String(directory), isDirectory: true)
                .appendingPathComponent(executableName, isDirectory: false)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                !isDirectory.boolValue,
                fileManager.isExecutableFile(atPath: candidate.path)
            else { continue }
            return candidate
        }
        return nil
    }

    /// SVG for `dotText`, rendered by the `dot` on `PATH`; throws ``GraphvizError/dotNotFound(searchPath:)`` without one.
    public static func renderSVG(_ dotText: String) throws -> Data {
        let searchPath = ProcessInfo.processInfo.environment["PATH"]
        guard let dot = locateDot(searchPath: searchPath) else {
            throw GraphvizError.dotNotFound(searchPath: searchPath)
        }
        return try renderSVG(dotText, dot: dot)
    }

    /// SVG for `dotText`, rendered by running `dot -Tsvg` (the executable at `dot`) on it.
    ///
    /// The DOT text goes to the program's standard input and the SVG comes from its standard output.
    /// Throws ``GraphvizError`` when the program cannot start or fails; the error carries its
    /// standard error output.
    public static func renderSVG(_ dotText: String, dot: URL) throws -> Data {
        let result = try ProcessRunner.run(dot, arguments: ["-Tsvg"], input: Data(dotText.utf8))
        let standardError = String(decoding: result.error, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if result.terminatedBySignal {
            throw GraphvizError.dotTerminated(signal: result.status, standardError: standardError)
        }
        guard result.status == 0 else {
            throw GraphvizError.dotFailed(status: result.status, standardError: standardError)
        }
        return result.output
    }

    /// Writes `graph` to `url`, searching this process's `PATH` for `dot`; see ``write(_:to:title:searchPath:)``.
    public static func write(_ graph: GraphDescription, to url: URL, title: String? = nil) throws -> GraphWriteOutcome {
        try write(graph, to: url, title: title, searchPath: ProcessInfo.processInfo.environment["PATH"])
    }

    /// Writes `graph` to `url`: SVG when the path ends in `.svg` (any case), DOT text otherwise.
    ///
    /// For an `.svg` path, `dot` is looked for in `searchPath` (a `PATH` value). When it is found the
    /// rendered SVG is written to `url`; when it is not, or the graph has more than
    /// ``maximumNodesForSVG`` nodes, the DOT text is written to the same path with the extension
    /// `.dot` instead, and the outcome's message says so and names that file. Every file
    /// is written atomically. Errors are ``GraphvizError/fileFailed(url:reason:)`` naming the file
    /// that could not be produced.
    public static func write(
        _ graph: GraphDescription, to url: URL, title: String? = nil, searchPath: String?
    ) throws -> GraphWriteOutcome {
        let dotText = GraphvizDOT.document(for: graph, title: title)
        guard url.pathExtension.lowercased() == "svg" else {
            try writeAtomically(Data(dotText.utf8), to: url)
            return GraphWriteOutcome(
                requestedURL: url, writtenURL: url, format: .dot, isFallback: false,
                message: "Wrote Graphviz DOT to \(url.path)."
            )
        }
        guard graph.nodes.count <= maximumNodesForSVG else {
            return try writeDOT(
                dotText, insteadOf: url,
                because: "the graph has \(graph.nodes.count) nodes, more than the \(maximumNodesForSVG) that Graphviz lays out in seconds",
                advice: "Render it with `dot -Tsvg DOT -o SVG` if you will wait.")
        }
        guard let dot = locateDot(searchPath: searchPath) else {
            return try writeDOT(
                dotText, insteadOf: url, because: "Graphviz's `dot` was not found on PATH",
                advice: "Install Graphviz, or render it with `dot -Tsvg DOT -o SVG`.")
        }
        let svg: Data
        do {
            svg = try renderSVG(dotText, dot: dot)
        } catch let error as GraphvizError {
            throw GraphvizError.fileFailed(url: url, reason: error.description)
        }
        try writeAtomically(svg, to: url)
        return GraphWriteOutcome(
            requestedURL: url, writtenURL: url, format: .svg, isFallback: false,
            message: "Wrote SVG to \(url.path) (rendered by \(dot.path))."
        )
    }

    /// Writes `dotText` beside the SVG path `url` (its `.dot` sibling) and says why, naming both
    /// files; `advice` names them as DOT and SVG.
    ///
    /// The user named the SVG path, not its sibling, so an existing sibling is replaced only when it
    /// is itself a Graphviz graph (an earlier fallback's, say); any other file there (`report.dot`
    /// may be a word processor's template) is left as it is and the write fails, naming it.
    private static func writeDOT(_ dotText: String, insteadOf url: URL, because reason: String, advice: String) throws -> GraphWriteOutcome {
        let dotURL = url.deletingPathExtension().appendingPathExtension("dot")
        if let start = regularFileStart(dotURL), !isGraphvizGraph(start) {
            throw GraphvizError.fileFailed(
                url: url,
                reason: "\(reason), and \(dotURL.path), where its DOT text would go instead, holds something that is not a Graphviz graph; it was left as it is (name a .dot path to write the DOT text elsewhere)")
        }
        try writeAtomically(Data(dotText.utf8), to: dotURL)
        let advice = advice.replacingOccurrences(of: "DOT -o SVG", with: "\(dotURL.path) -o \(url.path)")
        return GraphWriteOutcome(
            requestedURL: url, writtenURL: dotURL, format: .dot, isFallback: true,
            message: "\(reason), so no SVG was written to \(url.path); wrote the DOT text to \(dotURL.path) instead. \(advice)")
    }

    /// The first bytes of the regular file at `url` (following a link), nil when there is none there
    /// or it cannot be read (a pipe or a device is not opened: reading one could wait for ever).
    private static func regularFileStart(_ url: URL) -> Data? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular,
              let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        return try? handle.read(upToCount: 64) ?? Data()
    }

    /// Whether `start`, a file's first bytes, opens a Graphviz graph: `digraph`, `graph` or `strict`
    /// after blank space (an empty file counts: nothing is lost by replacing it). A graph that starts
    /// with a comment does not count; this errs on the side of keeping a file.
    package static func isGraphvizGraph(_ start: Data) -> Bool {
        let text = String(decoding: start, as: UTF8.self).drop { $0.isWhitespace }
        let keyword = text.prefix { $0.isLetter }.lowercased()
        return text.isEmpty || (["digraph", "graph", "strict"].contains(keyword) && text.dropFirst(keyword.count).first?.isLetter != true)
    }

    /// The largest graph rendered to SVG: `dot`'s layout time grows faster than the graph (on this
    /// project's machine about 0.7 s for 2,000 nodes, 3.7 s for 6,000, minutes for 28,000), so a
    /// larger one is written as DOT for the user to render, rather than leaving the tool to hang.
    public static let maximumNodesForSVG = 10_000

    /// Writes `data` to `url` atomically, turning failures into an error that names the file.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try FileOutput.write(data, to: url)
        } catch {
            throw GraphvizError.fileFailed(url: url, reason: error.reason)
        }
    }
}

/// What ``GraphvizRenderer/write(_:to:title:searchPath:)`` produced.
public struct GraphWriteOutcome: Sendable, Hashable {
    /// The kinds of file a graph is written as.
    public enum Format: String, Sendable, Hashable {
        /// Graphviz DOT text.
        case dot
        /// An SVG picture rendered by Graphviz.
        case svg
    }

    /// The path the caller asked for.
    public var requestedURL: URL
    /// The path actually written (the `.dot` sibling of ``requestedURL`` after a fallback).
    public var writtenURL: URL
    /// What was written to ``writtenURL``.
    public var format: Format
    /// Whether SVG was asked for but DOT was written because `dot` was not found.
    public var isFallback: Bool
    /// A one-line, human-readable account of what happened, fit to print.
    public var message: String

    /// Something the user should be told: the fallback ``message`` when SVG could not be made, else `nil`.
    public var note: String? { isFallback ? message : nil }

    /// Creates an outcome.
    public init(requestedURL: URL, writtenURL: URL, format: Format, isFallback: Bool, message: String) {
        self.requestedURL = requestedURL
        self.writtenURL = writtenURL
        self.format = format
        self.isFallback = isFallback
        self.message = message
    }
}

/// Why rendering or writing a graph failed.
public enum GraphvizError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// No `dot` executable in any directory of the search path (the `PATH` value, if any).
    case dotNotFound(searchPath: String?)
    /// The `dot` program could not be started.
    case launchFailed(executable: URL, reason: String)
    /// `dot` exited with a nonzero status; `standardError` is what it printed there.
    case dotFailed(status: Int32, standardError: String)
    /// `dot` was killed by a signal; `standardError` is what it printed before.
    case dotTerminated(signal: Int32, standardError: String)
    /// The file at `url` could not be produced, for `reason`.
    case fileFailed(url: URL, reason: String)

    /// A one-line explanation, including `dot`'s standard error when there is any.
    public var description: String {
        switch self {
        case .dotNotFound(let searchPath):
            return "Graphviz's `dot` was not found on PATH (\(searchPath ?? "PATH is not set")); install Graphviz to render SVG."
        case .launchFailed(let executable, let reason):
            return "Could not run Graphviz's `dot` at \(executable.path): \(reason)"
        case .dotFailed(let status, let standardError):
            return "Graphviz's `dot` exited with status \(status)" + Self.detail(standardError)
        case .dotTerminated(let signal, let standardError):
            return "Graphviz's `dot` was terminated by signal \(signal)" + Self.detail(standardError)
        case .fileFailed(let url, let reason):
            return "Could not write \(url.path): \(reason)"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// `: <stderr>` when `dot` printed something, else `(no error output)`.
    private static func detail(_ standardError: String) -> String {
        standardError.isEmpty ? " (no error output)." : ": \(standardError)"
    }
}
