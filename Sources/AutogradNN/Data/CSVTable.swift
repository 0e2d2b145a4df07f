import Autograd
import Foundation

/// A numeric table read from CSV text with a header line.
public struct CSVTable: Sendable {
    /// The column names from the header.
    public var columnNames: [String]
    /// The rows, each with one number per column.
    public var rows: [[Double]]

    /// A problem with the CSV text, naming the line (and column) at fault.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// What is wrong, with the line number.
        public var description: String

        /// Creates an error with a message.
        public init(description: String) { self.description = description }
    }

    /// Parses CSV text: a header line of names, then rows of numbers separated by commas.
    ///
    /// Blank lines and surrounding spaces are ignored, and so is a byte-order mark before the header
    /// (spreadsheets write one); lines may end in LF, CR LF or CR alone. Quoted fields are not
    /// supported (the tables are numeric). Errors name the line and column: ragged rows,
    /// non-numbers, a missing header.
    public init(parsing text: String) throws(ParseError) {
        let text = text.first == "\u{FEFF}" ? text.dropFirst() : Substring(text)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .enumerated().map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty }
        guard !lines.isEmpty else { throw ParseError(description: "the CSV text is empty: expected a header line") }
        let header = lines.removeFirst()
        columnNames = header.text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !columnNames.contains(where: \.isEmpty) else {
            throw ParseError(description: "line \(header.number): the header has an empty column name")
        }
        // A header that starts with a number is a missing header (a name such as "nan" or "inf" is not).
        if let first = columnNames.first, let number = Double(first), number.isFinite {
            throw ParseError(description: "line \(header.number): expected a header of column names, found the number '\(first)'")
        }
        guard !lines.isEmpty else { throw ParseError(description: "the CSV text has a header but no rows") }
        var rows: [[Double]] = []
        rows.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.text.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == columnNames.count else {
                throw ParseError(description: "line \(line.number): \(fields.count) fields, but the header has \(columnNames.count)")
            }
            var row: [Double] = []
            for (column, field) in fields.enumerated() {
                let text = field.trimmingCharacters(in: .whitespaces)
                guard let value = Double(text) else {
                    let shown = text.count > 30 ? String(text.prefix(30)) + "…" : text
                    throw ParseError(description: "line \(line.number), column '\(columnNames[column])': '\(shown)' is not a number")
                }
                row.append(value)
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// Reads and parses a CSV file; errors name the file.
    public init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try FileInput.readText(url)
        } catch {
            throw ParseError(description: "cannot read \(url.path): \(error.reason)")
        }
        do {
            try self.init(parsing: text)
        } catch {
            throw ParseError(description: "\(url.lastPathComponent): \(error.description)")
        }
    }

    /// The table as a dataset: every column but the last as features, the last as the label.
    public func dataset(dtype: DType = .float64, file: StaticString = #fileID, line: UInt = #line) -> Dataset {
        require(
            columnNames.count >= 2, "CSVTable.dataset: need at least one feature column and a label column",
            file: file, line: line)
        let width = columnNames.count - 1
        return Dataset(
            features: Tensor(rows.flatMap { $0.prefix(width) }, shape: [rows.count, width], dtype: dtype),
            labels: Tensor(rows.map { $0[width] }, shape: [rows.count], dtype: dtype))
    }
}
