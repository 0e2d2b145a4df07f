/// An n-dimensional array as stored in a NumPy `.npy` file: a shape and C-ordered (row-major) elements.
///
/// The shape and the element count always agree: every initialiser checks that the product of the
/// shape equals the number of elements. A 0-d array has shape `[]` and one element. Equality compares
/// shape and elements with `==`, so arrays holding NaN are not equal to themselves.
public struct NumPyArray: Sendable, Equatable {
    /// The elements, in row-major order, with their element type.
    public enum Elements: Sendable, Equatable {
        /// `<f4` elements.
        case float32([Float])
        /// `<f8` elements.
        case float64([Double])
        /// `<i4` elements.
        case int32([Int32])
        /// `<i8` elements.
        case int64([Int64])
        /// `|b1` elements.
        case bool([Bool])

        /// The number of elements.
        public var count: Int {
            switch self {
            case .float32(let values): return values.count
            case .float64(let values): return values.count
            case .int32(let values): return values.count
            case .int64(let values): return values.count
            case .bool(let values): return values.count
            }
        }

        /// The NumPy element type of these elements.
        public var dtype: NumPyDType {
            switch self {
            case .float32: return .float32
            case .float64: return .float64
            case .int32: return .int32
            case .int64: return .int64
            case .bool: return .bool
            }
        }
    }

    /// The size of each dimension, outermost first; `[]` for a 0-d (scalar) array.
    public let shape: [Int]
    /// The elements in row-major (C) order.
    public let elements: Elements

    /// Creates an array, checking that the shape is valid and holds exactly `elements.count` elements.
    public init(shape: [Int], elements: Elements) throws(NumPyError) {
        let expected = try Self.elementCount(of: shape)
        guard expected == elements.count else { throw .countMismatch(shape: shape, count: elements.count) }
        self.shape = shape
        self.elements = elements
    }

    /// Creates a `<f8` array; `shape` defaults to one dimension of `values.count`.
    public init(_ values: [Double], shape: [Int]? = nil) throws(NumPyError) {
        try self.init(shape: shape ?? [values.count], elements: .float64(values))
    }

    /// Creates a `<f4` array; `shape` defaults to one dimension of `values.count`.
    public init(_ values: [Float], shape: [Int]? = nil) throws(NumPyError) {
        try self.init(shape: shape ?? [values.count], elements: .float32(values))
    }

    /// Creates an array whose shape is already known to match the elements (used by the reader).
    init(validatedShape shape: [Int], elements: Elements) {
        self.shape = shape
        self.elements = elements
    }

    /// The element type, as NumPy names it in the header.
    public var dtype: NumPyDType { elements.dtype }

    /// The number of elements: the product of the shape (1 for a 0-d array).
    public var count: Int { elements.count }

    /// The elements converted to `Double`: booleans become 0 or 1; `Int64` beyond 2^53 is rounded.
    public func doubles() -> [Double] {
        switch elements {
        case .float32(let values): return values.map { Double($0) }
        case .float64(let values): return values
        case .int32(let values): return values.map { Double($0) }
        case .int64(let values): return values.map { Double($0) }
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        }
    }

    /// The product of a shape's dimensions, rejecting negative dimensions and overflow.
    ///
    /// A shape containing a zero has zero elements whatever its other dimensions are.
    static func elementCount(of shape: [Int]) throws(NumPyError) -> Int {
        if shape.contains(where: { $0 < 0 }) { throw .negativeDimension(shape: shape) }
        if shape.contains(0) { return 0 }
        var product = 1
        for dimension in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            if overflow {
                let text = NumPyError.shortTuple(shape)
                throw .shapeOverflow(detail: "the element count of shape \(text) does not fit in Int")
            }
            product = next
        }
        return product
    }
}
