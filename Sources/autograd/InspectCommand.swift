import ArgumentParser
import Autograd
import Foundation

/// `autograd inspect`: list the arrays of a `.npy`, `.npz` or `.safetensors` file.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the arrays of a .npy, .npz or .safetensors file.",
        discussion: """
            Prints one line per array: its name, dtype, shape, and the minimum and maximum of its \
            values (NaNs ignored; '-' when there are no other values). A safetensors file's metadata \
            comes first, one 'metadata KEY = VALUE' line per entry. A .npy file's single array is \
            named after the file.

            Example: autograd inspect model.safetensors
            """)

    @Argument(help: ArgumentHelp("The file to inspect.", valueName: "file"))
    var file: String

    func run() throws {
        let url = try URL(userPath: file, for: "inspect")
        var lines: [String] = []
        let data: Data
        do { data = try FileInput.read(url) } catch { throw UserError("cannot read \(file): \(error.reason)") }
        // The format is the extension's; without a known one (a pipe from `<(…)`, a file named
        // otherwise) it is told by the first bytes, as each format begins with its own signature.
        let known = ["npy", "npz", "safetensors"], named = url.pathExtension.lowercased()
        do {
            switch known.contains(named) ? named : Self.format(of: data) {
            case "npy":
                let name = named == "npy" ? url.deletingPathExtension().lastPathComponent : "array"
                lines.append(Self.line(name: name, array: try NumPyArray(npyData: data)))
            case "npz": lines += Self.lines(of: try NumPyArchive(npzData: data))
            case "safetensors": lines += Self.lines(of: try SafeTensorsFile(safetensorsData: data))
            default:
                throw UserError("cannot inspect '\(file)': expected a .npy, .npz or .safetensors file (by its extension or its first bytes)")
            }
        } catch let error as UserError {
            throw error
        } catch {
            throw UserError("\(file): \(error)")
        }
        if lines.isEmpty { lines.append("(no arrays)") }
        print(lines.joined(separator: "\n"))
    }

    /// The format whose signature `data` begins with: NumPy's magic string, a zip entry or the end
    /// of an empty zip, or a safetensors header (its 8-byte length, then `{`); nil for none.
    static func format(of data: Data) -> String? {
        let bytes = [UInt8](data.prefix(9))
        if bytes.starts(with: [0x93] + Array("NUMPY".utf8)) { return "npy" }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return "npz" }
        if bytes.count == 9, bytes[8] == UInt8(ascii: "{") { return "safetensors" }
        return nil
    }

    /// One line per array of an archive.
    static func lines(of archive: NumPyArchive) -> [String] {
        archive.entries.map { line(name: $0.name, array: $0.array) }
    }

    /// The metadata, then one line per tensor.
    static func lines(of tensors: SafeTensorsFile) -> [String] {
        tensors.metadata.map { "metadata \(escaped($0.key)) = \(escaped($0.value))" }
            + tensors.entries.map { line(name: $0.name, array: $0.array) }
    }

    /// `name  dtype  [shape]  min=…  max=…`.
    static func line(name: String, array: NumPyArray) -> String {
        let (minimum, maximum) = range(of: array)
        let shape = "[" + array.shape.map(String.init).joined(separator: ", ") + "]"
        return "\(escaped(name))  \(dtypeName(array.dtype))  \(shape)  min=\(minimum)  max=\(maximum)"
    }

    /// The NumPy name of a dtype.
    static func dtypeName(_ dtype: NumPyDType) -> String {
        switch dtype {
        case .float32: return "float32"
        case .float64: return "float64"
        case .int32: return "int32"
        case .int64: return "int64"
        case .bool: return "bool"
        }
    }

    /// The smallest and largest values, printed in the array's own type; NaNs are skipped.
    static func range(of array: NumPyArray) -> (String, String) {
        func extremes<T: Comparable>(_ values: [T], _ show: (T) -> String) -> (String, String) {
            guard let first = values.first else { return ("-", "-") }
            var (low, high) = (first, first)
            for value in values {
                if value < low { low = value }
                if value > high { high = value }
            }
            return (show(low), show(high))
        }
        switch array.elements {
        case .float32(let values): return extremes(values.filter { !$0.isNaN }) { "\($0)" }
        case .float64(let values): return extremes(values.filter { !$0.isNaN }) { "\($0)" }
        case .int32(let values): return extremes(values) { "\($0)" }
        case .int64(let values): return extremes(values) { "\($0)" }
        case .bool(let values): return extremes(values.map { $0 ? 1 : 0 }) { $0 == 1 ? "true" : "false" }
        }
    }

    /// Text from a file with control characters escaped, so each array stays on one line.
    static func escaped(_ text: String) -> String {
        DisplayText.escaped(text)
    }
}
