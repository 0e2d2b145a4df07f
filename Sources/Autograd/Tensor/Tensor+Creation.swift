// Making tensors: constants, ranges and identity.

extension Tensor {
    /// A tensor of `shape` with every element `value`.
    public static func full(_ value: Double, shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        var tensor = Tensor(storage: TensorData(repeating: value, count: Shape.count(shape), dtype: dtype), shape: shape)
        if requiresGrad { tensor.node = AutogradNode(leafOfShape: shape, dtype: dtype) }
        return tensor
    }

    /// Zeros.
    public static func zeros(shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        full(0, shape: shape, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Ones.
    public static func ones(shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false) -> Tensor {
        full(1, shape: shape, dtype: dtype, requiresGrad: requiresGrad)
    }

    /// Zeros shaped like this tensor.
    public func zerosLike() -> Tensor { Tensor.zeros(shape: shape, dtype: dtype) }

    /// Ones shaped like this tensor.
    public func onesLike() -> Tensor { Tensor.ones(shape: shape, dtype: dtype) }

    /// `start, start + step, ...` up to but excluding `end`.
    public static func arange(_ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        require(step != 0, "arange: step must not be 0")
        let count = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<count).map { start + Double($0) * step }, dtype: dtype)
    }

    /// `count` evenly spaced values from `start` to `end`, both included.
    public static func linspace(_ start: Double, _ end: Double, count: Int, dtype: DType = .float32) -> Tensor {
        require(count >= 0, "linspace: count must not be negative")
        if count == 1 { return Tensor([start], dtype: dtype) }
        let step = (end - start) / Double(Swift.max(count - 1, 1))
        return Tensor((0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }, dtype: dtype)
    }

    /// The n×n identity matrix.
    public static func eye(_ n: Int, dtype: DType = .float32) -> Tensor {
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n { values[i * n + i] = 1 }
        return Tensor(values, shape: [n, n], dtype: dtype)
    }
}
