/// Whether tensor operations record a graph, scoped to the current task.
///
/// Recording is on by default. ``withoutGradients(_:)`` turns it off for a block (as PyTorch's
/// `torch.no_grad()` does), for optimizer steps and evaluation; the setting is task-local, so
/// concurrent tasks do not disturb each other and no global state exists.
public enum GradientMode {
    @TaskLocal static var isRecording = true

    /// Whether operations in the current task record graphs.
    public static var isEnabled: Bool { isRecording }
}

/// Runs `body` with gradient recording off: tensors computed inside require no gradient.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isRecording.withValue(false, operation: body)
}

/// Runs `body` with gradient recording on (inside a ``withoutGradients(_:)`` block, say).
public func withGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isRecording.withValue(true, operation: body)
}
