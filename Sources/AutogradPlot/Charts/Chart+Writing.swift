import Foundation
import Autograd

/// A chart could not be written; the message names the file.
public struct ChartWriteError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The path of the file that could not be written.
    public let path: String
    /// Why writing failed, as reported by the system.
    public let reason: String

    /// An error for `path` with the system's `reason`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// A one-line description naming the file.
    public var description: String { "cannot write chart to \(path): \(reason)" }

    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension Chart {
    /// Writes the chart's SVG to `url` atomically (a reader never sees half a file).
    public func write(to url: URL) throws {
        let data = Data(svg().utf8)
        do {
            try FileOutput.write(data, to: url)
        } catch {
            throw ChartWriteError(path: url.path, reason: error.reason)
        }
    }
}
