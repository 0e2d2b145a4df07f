/// What a tensor subscript selects along one axis: one position (dropping the axis), a range, or a
/// strided slice.
///
/// Integers, `Range<Int>`, `ClosedRange<Int>` and partial ranges convert themselves, so they mix
/// freely in one subscript. Negative positions count from the end, as in NumPy; a position or
/// range outside the axis stops the program.
///
/// ```swift
/// x[1]                        // row 1, the first axis dropped
/// x[.all, -1]                 // the last column
/// x[0..<2, 1...]              // rows 0 and 1, columns from 1 on
/// x[.slice(step: 2)]          // every other row
/// x[.all, .slice(step: -1)]   // the columns reversed
/// ```
public struct TensorIndex: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        /// One position; the axis is dropped.
        case position(Int)
        /// From `lower` (0 when nil) to `upper` (the end when nil), `upper` included when `closed`.
        case range(lower: Int?, upper: Int?, closed: Bool)
        /// Python's `start:end:step`; nil bounds default to the start or end in the step's direction.
        case slice(start: Int?, end: Int?, step: Int)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// `1`, `0..<2`, `.all`, `.slice(1, nil, step: 2)`.
    public var description: String {
        func text(_ bound: Int?) -> String { bound.map(String.init) ?? "nil" }
        switch kind {
        case .position(let index): return "\(index)"
        case .range(nil, nil, false): return ".all"
        case .range(let lower, let upper, let closed):
            return (lower.map(String.init) ?? "") + (closed ? "..." : "..<") + (upper.map(String.init) ?? "")
        case .slice(let start, let end, let step): return ".slice(\(text(start)), \(text(end)), step: \(step))"
        }
    }
}

/// A value that stands for a ``TensorIndex`` in a tensor subscript: `Int`, the range types, or a
/// ``TensorIndex`` itself (`.all`, `.slice(_:_:step:)`).
public protocol TensorIndexExpression {
    /// The index this value stands for.
    var tensorIndex: TensorIndex { get }
}

extension TensorIndex: TensorIndexExpression {
    /// Itself.
    public var tensorIndex: TensorIndex { self }
}

extension TensorIndexExpression where Self == TensorIndex {
    /// The whole axis (NumPy's `:`).
    public static var all: TensorIndex { TensorIndex(.range(lower: nil, upper: nil, closed: false)) }

    /// Every `step`-th position from `start` up to but excluding `end` (Python's `start:end:step`);
    /// a negative step walks backwards, and nil bounds run to the end in the step's direction.
    public static func slice(_ start: Int? = nil, _ end: Int? = nil, step: Int = 1) -> TensorIndex {
        TensorIndex(.slice(start: start, end: end, step: step))
    }
}

extension Int: TensorIndexExpression {
    /// One position, dropping the axis; negative counts from the end.
    public var tensorIndex: TensorIndex { TensorIndex(.position(self)) }
}

extension Range: TensorIndexExpression where Bound == Int {
    /// The positions of the range.
    public var tensorIndex: TensorIndex { TensorIndex(.range(lower: lowerBound, upper: upperBound, closed: false)) }
}

extension ClosedRange: TensorIndexExpression where Bound == Int {
    /// The positions of the range, its upper bound included.
    public var tensorIndex: TensorIndex { TensorIndex(.range(lower: lowerBound, upper: upperBound, closed: true)) }
}

extension PartialRangeFrom: TensorIndexExpression where Bound == Int {
    /// The positions from the lower bound to the end.
    public var tensorIndex: TensorIndex { TensorIndex(.range(lower: lowerBound, upper: nil, closed: false)) }
}

extension PartialRangeUpTo: TensorIndexExpression where Bound == Int {
    /// The positions before the upper bound.
    public var tensorIndex: TensorIndex { TensorIndex(.range(lower: nil, upper: upperBound, closed: false)) }
}

extension PartialRangeThrough: TensorIndexExpression where Bound == Int {
    /// The positions up to and including the upper bound.
    public var tensorIndex: TensorIndex { TensorIndex(.range(lower: nil, upper: upperBound, closed: true)) }
}

// MARK: - Resolution against a shape

extension TensorIndex {
    /// Where this index selects along an axis of `size`, or nil when it reaches outside the axis.
    func resolve(size: Int) -> (start: Int, step: Int, count: Int, keepsAxis: Bool)? {
        func wrap(_ index: Int) -> Int { index < 0 ? index + size : index }
        switch kind {
        case .position(let index):
            let position = wrap(index)
            return (0..<size).contains(position) ? (position, 1, 1, false) : nil
        case .range(let lower, let upper, let closed):
            let start = lower.map(wrap) ?? 0
            // `...Int.max` would overflow past its end: it reaches outside any axis anyway.
            var end = size
            if let upper {
                let (value, overflow) = wrap(upper).addingReportingOverflow(closed ? 1 : 0)
                guard !overflow else { return nil }
                end = value
            }
            guard 0 <= start, start <= end, end <= size else { return nil }
            return (start, 1, end - start, true)
        case .slice(let start, let end, let step):
            guard step != 0 else { return nil }
            // Counts are formed from distances within the axis divided by the step's magnitude, so
            // that a step as large as Int.max or Int.min cannot overflow; and a slice of at most one
            // element reports a step of 1, so that no stride computed from it overflows either
            // (with two or more elements the step is shorter than the axis).
            if step > 0 {
                let (first, end) = (start.map(wrap) ?? 0, end.map(wrap) ?? size)
                guard (0...size).contains(first), (0...size).contains(end) else { return nil }
                let count = end > first ? (end - first - 1) / step + 1 : 0
                return (first, count > 1 ? step : 1, count, true)
            }
            // Walking backwards the walk stops before `last`, which is -1 (before position 0) for a nil end.
            let first = start.map(wrap) ?? size - 1
            let last = end.map(wrap) ?? -1
            guard (0..<size).contains(first) || (size == 0 && start == nil), (-1..<size).contains(last) else { return nil }
            let count = first > last ? Int(UInt(first - last - 1) / step.magnitude) + 1 : 0
            return (count == 0 ? 0 : first, count > 1 ? step : 1, count, true)
        }
    }
}
