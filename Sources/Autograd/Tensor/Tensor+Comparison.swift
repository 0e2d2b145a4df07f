// Elementwise comparisons, spelled as Swift's SIMD types spell them (`x .> 0`), broadcasting as
// arithmetic does. Each gives a mask: 1 where the comparison holds and 0 elsewhere, in the wider of
// the operands' element types, requiring no gradient (a comparison has no derivative). Any
// comparison with NaN is false, except `.!=`, which is true. Masks feed `Tensor.where` and can be
// combined with `*` (and) and `maximum` (or).

extension Tensor {
    /// The 0/1 mask of `K(lhs, rhs)`, computed from the values alone (recorded while a trace
    /// records, so that replays compare their own values).
    static func comparisonMask<K: BinaryKernel>(_ kernel: K.Type, _ name: String, _ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        BinaryValue<K>(name: name, location: .operatorCall).evaluated(on: lhs, rhs)
    }

    // MARK: .==

    /// 1 where `lhs` is equal to `rhs`, else 0 (broadcasting; no gradient).
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { comparisonMask(EqualKernel.self, ".==", lhs, rhs) }
    /// 1 where an element is equal to a number, else 0.
    public static func .== (lhs: Tensor, rhs: Double) -> Tensor { lhs .== lhs.constant(rhs) }
    /// 1 where a number is equal to an element, else 0.
    public static func .== (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) .== rhs }

    // MARK: .!=

    /// 1 where `lhs` is not equal to `rhs`, else 0 (broadcasting; no gradient).
    public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { comparisonMask(NotEqualKernel.self, ".!=", lhs, rhs) }
    /// 1 where an element is not equal to a number, else 0.
    public static func .!= (lhs: Tensor, rhs: Double) -> Tensor { lhs .!= lhs.constant(rhs) }
    /// 1 where a number is not equal to an element, else 0.
    public static func .!= (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) .!= rhs }

    // MARK: .<

    /// 1 where `lhs` is less than `rhs`, else 0 (broadcasting; no gradient).
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { comparisonMask(LessKernel.self, ".<", lhs, rhs) }
    /// 1 where an element is less than a number, else 0.
    public static func .< (lhs: Tensor, rhs: Double) -> Tensor { lhs .< lhs.constant(rhs) }
    /// 1 where a number is less than an element, else 0.
    public static func .< (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) .< rhs }

    // MARK: .<=

    /// 1 where `lhs` is less than or equal to `rhs`, else 0 (broadcasting; no gradient).
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { comparisonMask(LessOrEqualKernel.self, ".<=", lhs, rhs) }
    /// 1 where an element is less than or equal to a number, else 0.
    public static func .<= (lhs: Tensor, rhs: Double) -> Tensor { lhs .<= lhs.constant(rhs) }
    /// 1 where a number is less than or equal to an element, else 0.
    public static func .<= (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) .<= rhs }

    // MARK: .>

    /// 1 where `lhs` is greater than `rhs`, else 0 (broadcasting; no gradient).
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { comparisonMask(GreaterKernel.self, ".>", lhs, rhs) }
    /// 1 where an element is greater than a number, else 0.
    public static func .> (lhs: Tensor, rhs: Double) -> Tensor { lhs .> lhs.constant(rhs) }
    /// 1 where a number is greater than an element, else 0.
    public static func .> (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) .> rhs }

    // MARK: .>=

    /// 1 where `lhs` is greater than or equal to `rhs`, else 0 (broadcasting; no gradient).
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { comparisonMask(GreaterOrEqualKernel.self, ".>=", lhs, rhs) }
    /// 1 where an element is greater than or equal to a number, else 0.
    public static func .>= (lhs: Tensor, rhs: Double) -> Tensor { lhs .>= lhs.constant(rhs) }
    /// 1 where a number is greater than or equal to an element, else 0.
    public static func .>= (lhs: Double, rhs: Tensor) -> Tensor { rhs.constant(lhs) .>= rhs }
}
