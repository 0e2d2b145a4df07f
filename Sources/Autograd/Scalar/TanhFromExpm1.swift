/// The hyperbolic tangent of a `Double`, written out around the C library's `expm1`.
///
/// Why not call `tanh`: glibc's `tanh` is exactly these two formulas around `expm1`, behind a
/// second call and about 30 instructions of its own (callgrind, S3: 98.5 instructions per call, 61
/// of them in `expm1`, 19 ns per call measured in C); S3 calls it 25,000 times per graph, a third of
/// its build instructions. Written out here the call costs 86, and on glibc the results are bit for
/// bit the library's (the same `expm1`, the same IEEE operations, the same branch points;
/// `TanhFromExpm1Tests` checks 0 ulp over a dense sweep and random inputs). Elsewhere they are as
/// accurate as `expm1` allows.
///
/// A fully own implementation was measured first: a 0.5-ulp-class tanh (double-double `expm1`, a
/// degree-13 polynomial, an exact-remainder division) costs 131 instructions here, because the
/// package is compiled for baseline x86-64, where `addingProduct` is a library call and the exact
/// products need Dekker's splitting; it did not pay.
@inlinable @inline(__always)
func tanhFromExpm1(_ x: Double) -> Double {
    let magnitude = x.magnitude
    if magnitude < 1 {
        // Below 2^-55, tanh x rounds to x (and this keeps -0 and subnormals as they are).
        if magnitude < 0x1p-55 { return x * (1 + x) }
        // tanh a = -t / (t + 2) with t = e^(-2a) - 1: no cancellation for small a.
        let t = libmExpm1(-2 * magnitude)
        return Double(signOf: x, magnitudeOf: -t / (t + 2))
    }
    if magnitude < 22 {
        // tanh a = 1 - 2 / (e^(2a) + 1).
        let t = libmExpm1(2 * magnitude)
        return Double(signOf: x, magnitudeOf: 1 - 2 / (t + 2))
    }
    // Beyond 22, tanh rounds to ±1; NaN stays NaN.
    return x.isNaN ? x + x : Double(signOf: x, magnitudeOf: 1)
}
