import AutogradPlot
import Foundation

/// The `--plot FILE.svg` option shared by `autograd diff` and `autograd minimize`.
enum PlotFile {
    /// Rejects a path that does not end in `.svg`, before any work is done.
    static func validate(_ path: String, option: String = "--plot") throws {
        guard path.lowercased().hasSuffix(".svg"), path.count > 4 else {
            throw UserError("\(option) writes SVG: '\(path)' should end in .svg")
        }
    }

    /// Writes `chart` to `path` atomically; a failure is a user error naming the file.
    static func write(_ chart: Chart, to path: String) throws {
        do {
            try chart.write(to: try URL(userPath: path, for: "--plot"))
        } catch let error as ChartWriteError {
            throw UserError(error.description)
        }
    }

    /// A program's source on one line, cut to `limit` characters, for a chart title.
    static func title(of source: String, limit: Int = 60) -> String {
        let statements = source.split(whereSeparator: { $0 == "\n" || $0 == ";" })
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        let text = statements.joined(separator: "; ")
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
