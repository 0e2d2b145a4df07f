import CAutogradKernels

/// The hyperbolic tangent the scalar engine evaluates (`Double.tanh`): the C kernel
/// `autograd_tanh_fma` where the CPU has FMA, otherwise ``tanhFromExpm1(_:)``.
///
/// Why a kernel of our own: S3's build waits on tanh more than on anything else (a term's sum
/// cannot be recorded before its tanh is known). Around glibc's `expm1` a call has two divisions in
/// a row and switches formulas at |x| = 1 and inside `expm1` (branches that mispredict on mixed
/// inputs). The kernel, with FMA, evaluates a degree-6 polynomial piece picked from a table by the
/// argument's exponent and leading mantissa bits (64 pieces a binade): no division, no branch on
/// the argument within [2^-28, 22), 42 instructions against 86 and about two thirds of the latency
/// of the previous, degree-8 table. It is faithful, within 1 ulp of the exact value (measured 0.563;
/// glibc's tanh errs by up to 2.2 ulp), so its results differ from
/// glibc's, by up to 2 ulp; `ScalarTanhTests` bounds both the error against an 80-bit reference and
/// the difference from glibc. The ScalarEngineDesign article has the measurements.
@inlinable @inline(__always)
func scalarTanh(_ x: Double) -> Double {
    autograd_simd_available() != 0 ? autograd_tanh_fma(x) : tanhFromExpm1(x)
}
