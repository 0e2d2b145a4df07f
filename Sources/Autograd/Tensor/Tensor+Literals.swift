/// One level of a nested tensor literal: a number, or a list of literals.
public indirect enum TensorLiteral: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, Sendable {
    /// A number.
    case scalar(Double)
    /// A list of sub-literals, all of the same shape.
    case list([TensorLiteral])

    /// A number written with a decimal point.
    public init(floatLiteral value: Double) { self = .scalar(value) }
    /// A whole number.
    public init(integerLiteral value: Int) { self = .scalar(Double(value)) }
    /// A nested list.
    public init(arrayLiteral elements: TensorLiteral...) { self = .list(elements) }
}

extension Tensor: ExpressibleByArrayLiteral {
    /// A float32 tensor from a nested literal: `let m: Tensor = [[1, 2], [3, 4]]`.
    public init(arrayLiteral elements: TensorLiteral...) {
        self.init(literal: .list(elements))
    }

    /// A tensor from a nested literal; every list at one depth must have the same length.
    public init(literal: TensorLiteral, dtype: DType = .float32, requiresGrad: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        var shape: [Int] = []
        var level = [literal]
        var scalars: [Double] = []
        // Walk the literal level by level (no recursion), checking that it is rectangular.
        while true {
            if level.allSatisfy({ if case .scalar = $0 { true } else { false } }) {
                scalars = level.map { if case .scalar(let x) = $0 { x } else { 0 } }
                break
            }
            var next: [TensorLiteral] = []
            var length: Int?
            for item in level {
                guard case .list(let items) = item else {
                    fatalError("Tensor literal: a number stands where a list was expected (at \(CallerLocation(file: file, line: line)))")
                }
                tensorPrecondition(length == nil || length == items.count, "Tensor literal",
                                   "rows of different lengths (\(length ?? 0) and \(items.count)) at depth \(shape.count)",
                                   at: CallerLocation(file: file, line: line))
                length = items.count
                next.append(contentsOf: items)
            }
            shape.append(length ?? 0)
            if next.isEmpty { break }
            level = next
        }
        self.init(scalars, shape: shape, dtype: dtype, requiresGrad: requiresGrad, file: file, line: line)
    }

    /// A tensor from nested Swift arrays of doubles: `Tensor([[1, 2], [3, 4]])`.
    public init(_ rows: [[Double]], dtype: DType = .float32, requiresGrad: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        self.init(literal: .list(rows.map { .list($0.map(TensorLiteral.scalar)) }), dtype: dtype,
                  requiresGrad: requiresGrad, file: file, line: line)
    }

    /// A tensor from three levels of nested Swift arrays.
    public init(_ blocks: [[[Double]]], dtype: DType = .float32, requiresGrad: Bool = false,
                file: StaticString = #fileID, line: UInt = #line) {
        self.init(literal: .list(blocks.map { .list($0.map { .list($0.map(TensorLiteral.scalar)) }) }), dtype: dtype,
                  requiresGrad: requiresGrad, file: file, line: line)
    }
}
