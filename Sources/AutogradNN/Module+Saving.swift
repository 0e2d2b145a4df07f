import Autograd
import Foundation

/// Why saving or loading a module's parameters failed.
public enum ParameterFileError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The file's extension names no supported format.
    case unsupportedFormat(path: String)
    /// The module has a parameter the file does not hold.
    case missingParameter(name: String, path: String)
    /// The file holds an array the module has no parameter for.
    case unexpectedArray(name: String, path: String)
    /// An array's shape differs from the shape of the parameter of the same name.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// The `.npz` file could not be read or written.
    case archive(NumPyArchiveError)
    /// The safetensors file could not be read or written.
    case safeTensors(SafeTensorsError)

    /// A one-sentence explanation naming the problem.
    public var description: String {
        switch self {
        case .unsupportedFormat(let path):
            return "cannot tell the format of '\(path)': use the extension .safetensors or .npz"
        case .missingParameter(let name, let path):
            return "'\(path)' has no array for parameter '\(name)'"
        case .unexpectedArray(let name, let path):
            return "'\(path)' holds array '\(DisplayText.escaped(name))', which names no parameter of the module"
        case .shapeMismatch(let name, let expected, let found):
            return "parameter '\(name)' has shape \(expected) but the file's array has shape \(found)"
        case .archive(let error): return error.description
        case .safeTensors(let error): return error.description
        }
    }

    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// The parameter file formats, chosen by extension.
private enum ParameterFileFormat {
    case safeTensors, numPyArchive

    init(url: URL) throws(ParameterFileError) {
        switch url.pathExtension.lowercased() {
        case "safetensors": self = .safeTensors
        case "npz": self = .numPyArchive
        default: throw .unsupportedFormat(path: url.path)
        }
    }
}

extension Module {
    /// Saves every parameter under its ``namedParameters`` name, in a format chosen by the extension:
    /// `.safetensors` or `.npz`.
    ///
    /// Values keep their element type (`float32` as F32/`<f4`, `float64` as F64/`<f8`). The file is
    /// written atomically, so an interrupted save never leaves a half-written file in place.
    public func saveParameters(to url: URL) throws(ParameterFileError) {
        let format = try ParameterFileFormat(url: url)
        let entries = namedParameters.map { NumPyArchive.Entry(name: $0.name, array: NumPyArray($0.parameter.value)) }
        switch format {
        case .safeTensors:
            do {
                try SafeTensorsFile(entries).write(to: url)
            } catch {
                throw .safeTensors(error)
            }
        case .numPyArchive:
            do {
                try NumPyArchive(entries).write(to: url)
            } catch {
                throw .archive(error)
            }
        }
    }

    /// Loads every parameter from a file written by ``saveParameters(to:)`` (or by NumPy or safetensors).
    ///
    /// Loading is strict and all-or-nothing: the file must hold exactly one array for each parameter
    /// name, of the parameter's shape, and nothing else; otherwise an error names the first problem
    /// and no parameter is changed. Values are converted to each parameter's element type (see
    /// `Tensor.init(_: NumPyArray)` for integers and booleans); gradients are kept.
    public func loadParameters(from url: URL) throws(ParameterFileError) {
        let format = try ParameterFileFormat(url: url)
        let entries: [NumPyArchive.Entry]
        switch format {
        case .safeTensors:
            do {
                entries = try SafeTensorsFile(contentsOf: url).entries
            } catch {
                throw .safeTensors(error)
            }
        case .numPyArchive:
            do {
                entries = try NumPyArchive(contentsOf: url).entries
            } catch {
                throw .archive(error)
            }
        }
        let arrays = Dictionary(entries.map { ($0.name, $0.array) }, uniquingKeysWith: { first, _ in first })
        let parameters = namedParameters
        let names = Set(parameters.map(\.name))
        var updates: [(Parameter, Tensor)] = []
        for (name, parameter) in parameters {
            guard let array = arrays[name] else { throw .missingParameter(name: name, path: url.path) }
            guard array.shape == parameter.shape else {
                throw .shapeMismatch(name: name, expected: parameter.shape, found: array.shape)
            }
            updates.append((parameter, Tensor(array)))
        }
        if let extra = entries.first(where: { !names.contains($0.name) }) {
            throw .unexpectedArray(name: extra.name, path: url.path)
        }
        for (parameter, values) in updates { parameter.assign(values) }
    }
}
