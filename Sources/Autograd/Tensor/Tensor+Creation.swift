// Making tensors: constants, ranges and identity.

extension Tensor {
    /// A tensor of `shape` with every element `value`.
    public static func full(
        _ value: Double, shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false,
        file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        guard let count = Shape.validCount(shape) else {
            invalidShape(shape, "full(_:shape:)", at: CallerLocation(file: file, line: line))
        }
        var tensor = Tensor(storage: TensorData(repeating: value, count: count, dtype: dtype), shape: shape)
        if requiresGrad { tensor.node = AutogradNode(leafOfShape: shape, dtype: dtype) }
        return tensor
    }

    /// Zeros.
    public static func zeros(
        shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        full(0, shape: shape, dtype: dtype, requiresGrad: requiresGrad, file: file, line: line)
    }

    /// Ones.
    public static func ones(
        shape: [Int], dtype: DType = .float32, requiresGrad: Bool = false, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        full(1, shape: shape, dtype: dtype, requiresGrad: requiresGrad, file: file, line: line)
    }

    /// Stops for a shape with a negative size or more elements than an `Int` counts.
    static func invalidShape(_ shape: [Int], _ operation: String, at location: CallerLocation) -> Never {
        tensorFailure(operation, "\(shape) is not a valid shape (a negative size, or more elements than an Int counts)", at: location)
    }

    /// Zeros shaped like this tensor.
    public func zerosLike() -> Tensor { Tensor.zeros(shape: shape, dtype: dtype) }

    /// Ones shaped like this tensor.
    public func onesLike() -> Tensor { Tensor.ones(shape: shape, dtype: dtype) }

    /// `start, start + step, ...` up to but excluding `end`.
    public static func arange(
        _ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .float32,
        file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(
            start.isFinite && end.isFinite && step.isFinite && step != 0, "arange",
            "needs finite ends and a finite step other than 0, not \(start) to \(end) by \(step)", at: location)
        let steps = ((end - start) / step).rounded(.up)
        // A count past 2^48 (a petabyte of Float32) is a mistake, and Int(·) of an infinite one traps.
        tensorPrecondition(
            steps <= 0x1p48, "arange", "\(start) to \(end) by \(step) is \(steps) values, more than any tensor can hold", at: location)
        let count = Swift.max(0, Int(steps))
        return Tensor((0..<count).map { start + Double($0) * step }, dtype: dtype)
    }

    /// `count` evenly spaced values from `start` to `end`, both included.
    public static func linspace(
        _ start: Double, _ end: Double, count: Int, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line
    ) -> Tensor {
        tensorPrecondition(count >= 0, "linspace", "count must not be negative, not \(count)", at: CallerLocation(file: file, line: line))
        if count == 1 { return Tensor([start], dtype: dtype) }
        let step = (end - start) / Double(Swift.max(count - 1, 1))
        return Tensor((0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }, dtype: dtype)
    }

    /// The n×n identity matrix.
    public static func eye(_ n: Int, dtype: DType = .float32, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        guard n >= 0, Shape.validCount([n, n]) != nil else { invalidShape([n, n], "eye", at: CallerLocation(file: file, line: line)) }
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n { values[i * n + i] = 1 }
        return Tensor(values, shape: [n, n], dtype: dtype)
    }
}
