/// Shapes: element counts, row-major strides, NumPy broadcasting and axis normalisation.
enum Shape {
    /// The number of elements of a tensor of this shape (1 for a 0-d tensor); the shape must be
    /// valid (see `validCount(_:)`), as every tensor's is.
    static func count(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// The number of elements of `shape` when it is a valid shape: no negative size, and a count
    /// that an `Int` holds (a product that overflows would otherwise trap with no message);
    /// nil otherwise. Entry points check a shape the caller gave with this, naming the caller.
    static func validCount(_ shape: [Int]) -> Int? {
        var count = 1
        for size in shape {
            guard size >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// Row-major strides in elements.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// The NumPy broadcast of two shapes, or nil when they are incompatible.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        // Equal shapes and a 0-d operand (a number) are the common cases: no new array for them.
        if b.isEmpty || a == b { return a }
        if a.isEmpty { return b }
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            result[axis] = x == 1 ? y : x
        }
        return result
    }

    /// A possibly negative axis turned into 0..<rank; a 0-d tensor has one implicit axis, 0 or −1
    /// (as in PyTorch).
    static func normalize(axis: Int, rank: Int, _ operation: String, at location: CallerLocation) -> Int {
        let normalized = axis < 0 ? axis + Swift.max(rank, 1) : axis
        tensorPrecondition(
            normalized >= 0 && normalized < Swift.max(rank, 1) && (rank > 0 || normalized == 0), operation,
            "axis \(axis) is out of range for a tensor of rank \(rank)", at: location)
        return normalized
    }

    /// Sorted, distinct, normalised axes to reduce (all axes when `axes` is nil). A 0-d tensor's
    /// implicit axis reduces nothing: its sum, mean, max or min over axis 0 is itself, as in PyTorch.
    static func normalize(axes: [Int]?, rank: Int, _ operation: String, at location: CallerLocation) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let normalized = axes.map { normalize(axis: $0, rank: rank, operation, at: location) }
        tensorPrecondition(Set(normalized).count == normalized.count, operation, "axis repeated in \(axes)", at: location)
        return rank == 0 ? [] : normalized.sorted()
    }

    /// The shape after reducing `axes`, keeping them as size 1 or dropping them.
    static func reduced(_ shape: [Int], axes: [Int], keepDims: Bool) -> [Int] {
        var result: [Int] = []
        for (axis, size) in shape.enumerated() {
            if axes.contains(axis) {
                if keepDims { result.append(1) }
            } else {
                result.append(size)
            }
        }
        return result
    }
}
