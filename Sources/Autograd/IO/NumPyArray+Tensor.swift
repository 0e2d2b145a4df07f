extension Tensor {
    /// Creates a tensor holding a NumPy array's shape and values (without gradients).
    ///
    /// The conversion rule: `<f4` becomes a `float32` tensor and `<f8` a `float64` tensor, exactly;
    /// integers and booleans become `float64` (booleans as 0 and 1), which is exact for `int32` and
    /// for `int64` values up to 2^53 in magnitude; larger `int64` values are rounded to the nearest
    /// representable double.
    public init(_ array: NumPyArray) {
        switch array.elements {
        case .float32(let values): self.init(storage: .float32(values), shape: array.shape)
        case .float64(let values): self.init(storage: .float64(values), shape: array.shape)
        default: self.init(storage: .float64(array.doubles()), shape: array.shape)
        }
    }
}

extension NumPyArray {
    /// Creates a NumPy array of a tensor's shape and values: `float32` as `<f4`, `float64` as `<f8`.
    ///
    /// Only the values are taken; the tensor's graph and gradient are not.
    public init(_ tensor: Tensor) {
        switch tensor.storage {
        case .float32(let values): self.init(validatedShape: tensor.shape, elements: .float32(values))
        case .float64(let values): self.init(validatedShape: tensor.shape, elements: .float64(values))
        }
    }
}
