import Autograd
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The learning rate as a function of the step number k = 0, 1, 2, … (the number of updates made
/// before this one).
///
/// An optimizer asks its schedule for the rate of every step, so a schedule is "applied per step";
/// a plain number is a ``constant(_:)`` schedule.
///
/// ```swift
/// let schedule = LearningRateSchedule.linear(from: 1.0, to: 0.1, steps: 100)   // micrograd's demo
/// schedule(0)     // 1.0
/// schedule(50)    // 0.55
/// ```
public struct LearningRateSchedule: Sendable {
    private let rate: @Sendable (Int) -> Double

    /// Creates a schedule from a rule giving the rate at step k.
    public init(_ rate: @escaping @Sendable (_ step: Int) -> Double) {
        self.rate = rate
    }

    /// The learning rate at step `step`.
    public func callAsFunction(_ step: Int) -> Double {
        rate(step)
    }

    // MARK: - Schedules

    /// The same rate at every step.
    public static func constant(_ rate: Double) -> LearningRateSchedule {
        LearningRateSchedule { _ in rate }
    }

    /// `initial · factor^⌊k / every⌋`: the rate multiplied by `factor` every `every` steps.
    public static func stepDecay(initial: Double, factor: Double, every: Int, file: StaticString = #fileID, line: UInt = #line) -> LearningRateSchedule {
        require(every > 0, "LearningRateSchedule.stepDecay: `every` must be positive, not \(every)", file: file, line: line)
        return LearningRateSchedule { step in initial * pow(factor, Double(step / every)) }
    }

    /// Cosine annealing from `initial` at step 0 down to `minimum` at step `steps`, constant after:
    /// minimum + ½(initial − minimum)(1 + cos(π·k / steps)).
    public static func cosine(initial: Double, minimum: Double = 0, steps: Int, file: StaticString = #fileID, line: UInt = #line) -> LearningRateSchedule {
        require(steps > 0, "LearningRateSchedule.cosine: `steps` must be positive, not \(steps)", file: file, line: line)
        return LearningRateSchedule { step in
            let progress = Double(Swift.min(step, steps)) / Double(steps)
            return minimum + 0.5 * (initial - minimum) * (1 + cos(Double.pi * progress))
        }
    }

    /// A straight line from `start` at step 0 to `end` at step `steps`, constant after:
    /// start − (start − end)·k / steps, and exactly `end` from step `steps` on.
    /// `linear(from: 1.0, to: 0.1, steps: 100)` is micrograd's 1.0 − 0.9·k/100.
    public static func linear(from start: Double, to end: Double, steps: Int, file: StaticString = #fileID, line: UInt = #line) -> LearningRateSchedule {
        require(steps > 0, "LearningRateSchedule.linear: `steps` must be positive, not \(steps)", file: file, line: line)
        return LearningRateSchedule { step in
            step >= steps ? end : start - (start - end) * Double(step) / Double(steps)
        }
    }
}
