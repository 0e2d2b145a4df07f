import Synchronization

// Anomaly detection: find the operation that first produced a NaN or an infinity, in the forward pass
// or in a backward rule, and say where in the user's code it was created (PyTorch's
// `torch.autograd.detect_anomaly`).
//
// Off by default, it costs nothing per recorded operation (its detector shares the task-local read of
// gradient mode). On, each recorded operation keeps its creation site and its output is scanned, and
// backward scans every gradient a rule returns.

// MARK: - Report

/// A NaN or an infinity found by ``withAnomalyDetection(onAnomaly:_:)``.
public struct AnomalyReport: Sendable, CustomStringConvertible {
    /// Where the non-finite value appeared.
    public enum Phase: Sendable, Equatable {
        /// In an operation's output, as it was computed.
        case forward
        /// In the gradient that an operation's backward rule returned for its input `inputIndex`.
        case backward(inputIndex: Int)
    }

    /// Where the value appeared.
    public let phase: Phase
    /// The operation's name (`"Log"`).
    public let operation: String
    /// The shapes of the operation's inputs, in order.
    public let inputShapes: [[Int]]
    /// The shape of the operation's output.
    public let outputShape: [Int]
    /// The shape of the offending value: the output (forward) or the gradient (backward).
    public let valueShape: [Int]
    /// What was found: `"NaN"`, `"inf"`, `"-inf"`, or several joined by `" and "`.
    public let found: String
    /// Where the operation was created, nil when the call had no caller location (an operator
    /// expression, or a function without `file:line:` parameters) or was recorded outside anomaly
    /// detection.
    public let creationSite: CallerLocation?
    /// How the creation site is described when it is unknown.
    let missingSiteReason: String

    /// The message a trapping handler prints.
    public var description: String {
        let site = creationSite.map { "created at \($0)" } ?? "created by \(missingSiteReason)"
        let inputs = inputShapes.map { "\($0)" }.joined(separator: ", ")
        switch phase {
        case .forward:
            return "anomaly detected: \(operation) (\(site)) produced \(found) in its output of shape \(outputShape) "
                + "from inputs of shape \(inputs)"
        case .backward(let index):
            return "anomaly detected: the backward rule of \(operation) (\(site)) returned \(found) in the gradient "
                + "of its input \(index) (shape \(valueShape)); inputs of shape \(inputs), output of shape \(outputShape)"
        }
    }
}

// MARK: - Scope

/// Runs `body` with anomaly detection on: the first recorded operation whose output contains NaN or
/// ±inf, and the first gradient a backward rule returns with one, are reported to `onAnomaly`,
/// naming the operation, the shapes and the file and line that created the operation.
///
/// Without `onAnomaly`, a report stops the program with its message (as PyTorch raises). Pass a handler that
/// returns to log instead; it is called at most once for the forward pass and once for backward
/// within this scope. Detection is task-local, like ``withoutGradients(_:)``, and costs nothing
/// measurable when off. Backward is checked when it runs inside the scope; creation sites are
/// known for operations recorded inside it.
///
/// ```swift
/// withAnomalyDetection {
///     let loss = model(x).sum()
///     loss.backward()     // traps: "anomaly detected: the backward rule of Sqrt (created at …)"
/// }
/// ```
public func withAnomalyDetection<Result>(
    onAnomaly handler: (@Sendable (AnomalyReport) -> Void)? = nil,
    _ body: () throws -> Result
) rethrows -> Result {
    try GradientMode.withDetector(AnomalyDetector(handler: handler ?? AnomalyDetector.trap), body)
}

/// The state of one ``withAnomalyDetection(onAnomaly:_:)`` scope.
final class AnomalyDetector: Sendable {
    /// The default handler: stops the program with the report's message.
    static let trap: @Sendable (AnomalyReport) -> Void = { report in
        fatalError("\(report)", file: "Autograd", line: 0)
    }

    private let handler: @Sendable (AnomalyReport) -> Void
    /// Whether a forward and a backward anomaly have been reported (only the first of each is).
    private let reported = Mutex((forward: false, backward: false))

    init(handler: @escaping @Sendable (AnomalyReport) -> Void) {
        self.handler = handler
    }

    /// Hands `report` to the handler unless one of its phase was already reported in this scope.
    func report(_ report: AnomalyReport) {
        let isFirst = reported.withLock { state in
            switch report.phase {
            case .forward:
                defer { state.forward = true }
                return !state.forward
            case .backward:
                defer { state.backward = true }
                return !state.backward
            }
        }
        if isFirst { handler(report) }
    }

    /// Checks a recorded operation's output (called only when detection is on).
    func checkForward(_ node: AutogradNode, output: TensorData) {
        guard let found = output.nonFiniteDescription else { return }
        report(AnomalyReport(
            phase: .forward, operation: node.name, inputShapes: node.inputs.map(\.shape), outputShape: node.shape,
            valueShape: node.shape, found: found, creationSite: node.creationSite,
            missingSiteReason: node.missingSiteReason))
    }

    /// Checks the gradients a backward rule returned (called only when detection is on).
    func checkBackward(_ node: AutogradNode, inputShapes: [[Int]], gradients: [Tensor?]) {
        for (index, gradient) in gradients.enumerated() {
            guard let gradient, let found = gradient.storage.nonFiniteDescription else { continue }
            report(AnomalyReport(
                phase: .backward(inputIndex: index), operation: node.name, inputShapes: inputShapes,
                outputShape: node.shape, valueShape: gradient.shape, found: found,
                creationSite: node.creationSite, missingSiteReason: node.missingSiteReason))
            return
        }
    }
}

// MARK: - Creation sites

/// A function that keeps the caller location of the public method that applied it.
protocol LocatedFunction {
    /// The caller's location, ``CallerLocation/operatorCall`` for an operator expression.
    var location: CallerLocation { get }
}

extension AddFunction: LocatedFunction {}
extension SubtractFunction: LocatedFunction {}
extension MultiplyFunction: LocatedFunction {}
extension DivideFunction: LocatedFunction {}
extension PowerFunction: LocatedFunction {}
extension MaximumFunction: LocatedFunction {}
extension MinimumFunction: LocatedFunction {}

extension CallerLocation {
    /// The location of a call to `applied(to:file:line:)`, nil when the call is the library's own (a
    /// public method that does not pass its caller's location on).
    static func userCall(file: StaticString, line: UInt) -> CallerLocation? {
        let location = CallerLocation(file: file, line: line)
        return location.file.hasPrefix("Autograd/") ? nil : location
    }
}

extension TensorData {
    /// `"NaN"`, `"inf"`, `"-inf"` (joined by " and " when several occur), or nil when every element
    /// is finite.
    var nonFiniteDescription: String? {
        var nan = false, positive = false, negative = false
        func note(_ isNaN: Bool, _ isInfinite: Bool, _ isNegative: Bool) {
            if isNaN { nan = true } else if isInfinite { if isNegative { negative = true } else { positive = true } }
        }
        switch self {
        case .float32(let values):
            for value in values where !value.isFinite { note(value.isNaN, value.isInfinite, value < 0) }
        case .float64(let values):
            for value in values where !value.isFinite { note(value.isNaN, value.isInfinite, value < 0) }
        }
        let found = [nan ? "NaN" : nil, positive ? "inf" : nil, negative ? "-inf" : nil].compactMap { $0 }
        return found.isEmpty ? nil : found.joined(separator: " and ")
    }
}
