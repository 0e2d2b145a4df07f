/// A tensor's elements in row-major order, in one of the supported element types.
///
/// Swift arrays are copy-on-write, so a `Tensor` holding this enum is a value: copying a tensor is
/// cheap, and mutating one never changes another (or a value a recorded graph saved).
@usableFromInline
enum TensorData: Sendable {
    case float32([Float])
    case float64([Double])

    /// The element type.
    @inlinable var dtype: DType {
        switch self {
        case .float32: .float32
        case .float64: .float64
        }
    }

    /// The number of elements.
    @inlinable var count: Int {
        switch self {
        case .float32(let values): values.count
        case .float64(let values): values.count
        }
    }

    /// `count` copies of `value` in `dtype`.
    init(repeating value: Double, count: Int, dtype: DType) {
        switch dtype {
        case .float32: self = .float32([Float](repeating: Float(value), count: count))
        case .float64: self = .float64([Double](repeating: value, count: count))
        }
    }

    /// The elements converted to `dtype` (no copy when already in it).
    func converted(to dtype: DType) -> TensorData {
        switch (self, dtype) {
        case (.float32, .float32), (.float64, .float64): self
        case (.float32(let values), .float64): .float64(values.map(Double.init))
        case (.float64(let values), .float32): .float32(values.map(Float.init))
        }
    }

    /// The elements as doubles.
    var doubles: [Double] {
        switch self {
        case .float32(let values): values.map(Double.init)
        case .float64(let values): values
        }
    }

    /// The element at `index`, as a double.
    subscript(index: Int) -> Double {
        switch self {
        case .float32(let values): Double(values[index])
        case .float64(let values): values[index]
        }
    }
}
