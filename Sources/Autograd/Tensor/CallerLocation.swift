/// Where in the user's code something happened, captured with `#fileID` and `#line` defaults.
public struct CallerLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as `#fileID` spells it (`Module/File.swift`).
    public var file: String
    /// The line.
    public var line: Int

    /// Captures a location; call sites pass `#fileID` and `#line`.
    public init(file: StaticString = #fileID, line: UInt = #line) {
        self.file = "\(file)"
        self.line = Int(line)
    }

    /// Stands for a call through an operator (`a + b`): Swift operators cannot take `#fileID`
    /// defaults, so such errors name the operands' shapes and the operator instead of a line.
    static let operatorCall = CallerLocation(file: "", line: 0)

    /// `File.swift:12`.
    public var description: String { line == 0 ? "an operator expression" : "\(file):\(line)" }
}

/// Stops the program for a programmer error in a tensor operation, naming the operation, the
/// problem and where it was called (shape mismatches, bad axes and indices are bugs, not input).
@usableFromInline
func tensorPrecondition(
    _ condition: @autoclosure () -> Bool, _ operation: String, _ message: @autoclosure () -> String,
    at location: CallerLocation
) {
    if !condition() { tensorFailure(operation, message(), at: location) }
}

/// Stops the program for a programmer error in a tensor operation (see `tensorPrecondition`).
@usableFromInline
func tensorFailure(_ operation: String, _ message: String, at location: CallerLocation) -> Never {
    fatalError("\(operation): \(message) (at \(location))", file: "Autograd", line: 0)
}
