/// Whether tensor operations record a graph, scoped to the current task.
///
/// Recording is on by default. ``withoutGradients(_:)`` turns it off for a block (as PyTorch's
/// `torch.no_grad()` does), for optimizer steps and evaluation; the setting is task-local, so
/// concurrent tasks do not disturb each other and no global state exists.
public enum GradientMode {
    /// The current task's recording settings: one task-local for both, so that recording an
    /// operation reads one value (each task-local read costs over a hundred instructions).
    @TaskLocal static var settings = RecordingSettings()

    /// Whether operations in the current task record graphs.
    public static var isEnabled: Bool { currentSettings().isRecording }

    /// The current task's settings (one task-local read).
    // Out of line, and no generic rethrows wrapper around `withValue`: with either inlined into
    // `jvpVJPConsistencyCheck`, the Swift 6 optimizer crashed (an ownership error in CopyPropagation).
    @inline(never)
    static func currentSettings() -> RecordingSettings { settings }

    /// The current settings with recording on or off.
    static func settings(recording isRecording: Bool) -> RecordingSettings {
        var settings = currentSettings()
        settings.isRecording = isRecording
        return settings
    }

    /// Runs `body` with `detector` as the anomaly detector (nil: detection off), keeping the other
    /// settings.
    static func withDetector<Result>(_ detector: AnomalyDetector?, _ body: () throws -> Result) rethrows -> Result {
        var settings = settings
        settings.detector = detector
        return try $settings.withValue(settings, operation: body)
    }
}

/// What a task's recorded operations follow: gradient mode and anomaly detection.
struct RecordingSettings: Sendable {
    /// Whether operations record graphs.
    var isRecording = true
    /// The detector of ``withAnomalyDetection(onAnomaly:_:)``, nil when detection is off.
    var detector: AnomalyDetector?
    /// Whether a ``RecordedFunction`` is tracing: values computed from recorded values (masks,
    /// signs, `detached()` copies) are then recorded too, so that replays recompute them.
    var isTracing = false
}

/// Runs `body` with gradient recording off: tensors computed inside require no gradient.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$settings.withValue(GradientMode.settings(recording: false), operation: body)
}

/// Runs `body` with gradient recording on (inside a ``withoutGradients(_:)`` block, say).
public func withGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$settings.withValue(GradientMode.settings(recording: true), operation: body)
}
