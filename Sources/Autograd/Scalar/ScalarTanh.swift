import CAutogradKernels

/// The hyperbolic tangent the scalar engine evaluates (`Double.tanh`): the C kernel
/// `autograd_tanh_fma` where the CPU has FMA, otherwise ``tanhFromExpm1(_:)``.
///
/// Why a kernel of our own: S3's build waits on tanh more than on anything else. Around glibc's
/// `expm1` a call has two divisions in a row and switches formulas at |x| = 1 and inside `expm1`
/// (branches that mispredict on mixed inputs); the kernel, with FMA, computes e^(-2|x|) - 1 as a
/// double-double and needs one division and one formula, for about the same instructions (82
/// against 86) and under two thirds of the latency. It is also nearly correctly rounded (within
/// 0.51 ulp of the exact value) where glibc's tanh errs by up to 2.2 ulp, so its results differ
/// from glibc's, by up to 2 ulp; `ScalarTanhTests` bounds both the error against an 80-bit
/// reference and the difference from glibc. The ScalarEngineDesign article has the measurements.
@inlinable @inline(__always)
func scalarTanh(_ x: Double) -> Double {
    autograd_scalar_simd_available() != 0 ? autograd_tanh_fma(x) : tanhFromExpm1(x)
}
