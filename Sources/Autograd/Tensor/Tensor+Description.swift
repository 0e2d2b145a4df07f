// Printing: `Tensor([1.0, 2.0, 3.0], grad_fn=Add)`, abbreviated NumPy-style when large.

extension Tensor: CustomStringConvertible {
    /// The elements nested by dimension, then `grad_fn=` or `requires_grad=true`, and the shape and
    /// dtype when they are not obvious.
    public var description: String {
        var parts = [Self.format(storage, shape: shape)]
        if !requiresGrad || isLeaf {
            if requiresGrad { parts.append("requires_grad=true") }
        } else if let name = gradFunctionName {
            parts.append("grad_fn=\(name)")
        }
        if count > Self.summaryThreshold || shape.count > 1 && count == 0 { parts.append("shape=\(shape)") }
        if dtype != .float32 { parts.append("dtype=\(dtype)") }
        return "Tensor(" + parts.joined(separator: ", ") + ")"
    }

    /// Above this many elements only the first and last few of each dimension are shown.
    static let summaryThreshold = 1000
    static let edgeItems = 3

    static func format(_ storage: TensorData, shape: [Int]) -> String {
        let summarize = storage.count > summaryThreshold
        func element(_ index: Int) -> String {
            let value = storage[index]
            return storage.dtype == .float32 ? "\(Float(value))" : "\(value)"
        }
        // Iterative nesting (no recursion over dimensions' depth beyond the rank).
        func render(axis: Int, offset: Int) -> String {
            if axis == shape.count { return element(offset) }
            let size = shape[axis]
            let stride = Shape.count(Array(shape[(axis + 1)...]))
            var indices = Array(0..<size)
            var elided = false
            if summarize && size > 2 * edgeItems {
                indices = Array(0..<edgeItems) + Array((size - edgeItems)..<size)
                elided = true
            }
            var items = indices.map { render(axis: axis + 1, offset: offset + $0 * stride) }
            if elided { items.insert("...", at: edgeItems) }
            let separator = axis == shape.count - 1 ? ", " : ",\n" + String(repeating: " ", count: axis + 8)
            return "[" + items.joined(separator: separator) + "]"
        }
        return render(axis: 0, offset: 0)
    }
}
