/// Stops the program with `message` when `condition` is false, in every build configuration.
///
/// The standard library's `precondition` and `preconditionFailure` drop their message in optimized
/// builds (the process stops with "precondition failure" and nothing else), and a programmer error
/// here must always name the operation, the shapes and the caller's line. So the package stops
/// through `fatalError`, whose message survives optimization.
@inlinable
package func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
