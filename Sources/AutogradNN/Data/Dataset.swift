import Autograd

/// Examples as rows of a feature matrix, with one label per row.
public struct Dataset {
    /// The features, shape `[count, features]`.
    public var features: Tensor
    /// The labels, shape `[count]`.
    public var labels: Tensor

    /// Creates a dataset; the two must have the same number of rows.
    public init(features: Tensor, labels: Tensor) {
        require(features.rank == 2 && labels.rank == 1 && features.shape[0] == labels.shape[0],
                     "Dataset: features \(features.shape) and labels \(labels.shape) do not match")
        self.features = features
        self.labels = labels
    }

    /// The number of examples.
    public var count: Int { labels.count }

    /// The examples at `indices`, in that order.
    public func rows(_ indices: [Int]) -> Dataset {
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
    public func batches(size: Int, shuffledWith generator: inout RandomGenerator) -> [Dataset] {
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        return Self.chunks(order, size: size).map(rows)
    }

    /// Mini-batches of at most `size` examples in order.
    public func batches(size: Int) -> [Dataset] {
        Self.chunks(Array(0..<count), size: size).map(rows)
    }

    private static func chunks(_ order: [Int], size: Int) -> [[Int]] {
        require(size >= 1, "Dataset.batches: batch size must be at least 1, got \(size)")
        return stride(from: 0, to: order.count, by: size).map { Array(order[$0..<Swift.min($0 + size, order.count)]) }
    }
}
