import Autograd

/// Examples as rows of a feature matrix, with one label per row.
public struct Dataset {
    /// The features, shape `[count, features]`.
    public var features: Tensor
    /// The labels, shape `[count]`.
    public var labels: Tensor

    /// Creates a dataset; the two must have the same number of rows.
    public init(features: Tensor, labels: Tensor, file: StaticString = #fileID, line: UInt = #line) {
        require(features.rank == 2 && labels.rank == 1 && features.shape[0] == labels.shape[0],
                "Dataset: features \(features.shape) and labels \(labels.shape) do not match", file: file, line: line)
        self.features = features
        self.labels = labels
    }

    /// The number of examples.
    public var count: Int { labels.count }

    /// The examples at `indices`, in that order.
    public func rows(_ indices: [Int], file: StaticString = #fileID, line: UInt = #line) -> Dataset {
        if let outside = indices.first(where: { !(0..<count).contains($0) }) {
            require(false, "Dataset.rows: row \(outside) is outside 0..<\(count)", file: file, line: line)
        }
        let width = features.shape[1]
        let values = features.scalars, targets = labels.scalars
        var selected: [Double] = []
        selected.reserveCapacity(indices.count * width)
        for index in indices { selected += values[(index * width)..<((index + 1) * width)] }
        return Dataset(
            features: Tensor(selected, shape: [indices.count, width], dtype: features.dtype),
            labels: Tensor(indices.map { targets[$0] }, shape: [indices.count], dtype: labels.dtype))
    }

    /// Mini-batches of at most `size` examples covering the data once, in a shuffled order when a
    /// generator is given (the last batch may be smaller).
    public func batches(
        size: Int, shuffledWith generator: inout RandomGenerator, file: StaticString = #fileID, line: UInt = #line
    ) -> [Dataset] {
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        return Self.chunks(order, size: size, file: file, line: line).map { rows($0) }
    }

    /// Mini-batches of at most `size` examples in order.
    public func batches(size: Int, file: StaticString = #fileID, line: UInt = #line) -> [Dataset] {
        Self.chunks(Array(0..<count), size: size, file: file, line: line).map { rows($0) }
    }

    private static func chunks(_ order: [Int], size: Int, file: StaticString, line: UInt) -> [[Int]] {
        require(size >= 1, "Dataset.batches: batch size must be at least 1, got \(size)", file: file, line: line)
        return stride(from: 0, to: order.count, by: size).map { Array(order[$0..<Swift.min($0 + size, order.count)]) }
    }
}
