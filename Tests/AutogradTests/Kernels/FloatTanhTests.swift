import CAutogradKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Autograd

/// The float tanh kernel (tanhf_avx2.c: what float32 tensors' tanh runs where the CPU has AVX2 and
/// FMA) against the double-precision tanh.
///
/// The bar: within 1.05 ulp of the exact value. Measured over every float from 2^-126 to 11 (a
/// one-off run of about a billion values): at most 1.043 ulp, near 0.879, just above where the
/// polynomial hands over to the exponential; glibc's tanhf errs by up to 2.19 there. This test takes
/// every 997th float of that range in both signs (about 2.2 million values), so a worse fit is
/// noticed, and checks that one element and an array, eager and replayed tensors agree bit for bit.
@Suite("Float tanh kernel")
struct FloatTanhTests {
    static let kernelRuns = autograd_simd_available() != 0

    /// The error of `result` against tanh x in ulps of the exact value's binade.
    static func ulpError(_ result: Float, at x: Float) -> Double {
        let exact: Double = tanh(Double(x))
        guard exact != 0 else { return result == 0 ? 0 : .infinity }
        let ulp = Swift.max(Double(sign: .plus, exponent: exact.exponent - 23, significand: 1), Double(Float.leastNonzeroMagnitude))
        return Swift.abs(Double(result) - exact) / ulp
    }

    /// Every `stride`-th float from 2^-126 to 11, and their negations.
    static func sample(stride: UInt32) -> [Float] {
        var values: [Float] = []
        var bits = Float.leastNormalMagnitude.bitPattern
        while bits < Float(11).bitPattern {
            let x = Float(bitPattern: bits)
            values.append(x)
            values.append(-x)
            bits += stride
        }
        return values
    }

    @Test("within 1.05 ulp of the exact value over a dense sweep; glibc's tanhf for comparison")
    func accuracy() throws {
        try #require(Self.kernelRuns, "the CPU has no AVX2+FMA: float tanh is glibc's tanhf")
        let xs = Self.sample(stride: 997)
        var ys = [Float](repeating: 0, count: xs.count)
        autograd_tanhf_array(xs, &ys, xs.count)
        var worst = 0.0, worstGlibc = 0.0
        for (x, y) in zip(xs, ys) {
            worst = Swift.max(worst, Self.ulpError(y, at: x))
            worstGlibc = Swift.max(worstGlibc, Self.ulpError(tanhf(x), at: x))
        }
        #expect(worst <= 1.05, "max error \(worst) ulp")
        // The comparison that justifies the kernel: glibc's own error on the same sweep is larger.
        #expect(worstGlibc > 1.5, "glibc's tanhf max error \(worstGlibc) ulp")
    }

    @Test("signed zeros, infinities, NaN, saturation and tiny arguments")
    func edgeCases() throws {
        try #require(Self.kernelRuns, "the CPU has no AVX2+FMA: float tanh is glibc's tanhf")
        let xs: [Float] = [0, -0.0, .infinity, -.infinity, .nan, 9.5, 10, 20, -1e30, 1e-30, .leastNonzeroMagnitude, -0.875]
        var ys = [Float](repeating: 0, count: xs.count)
        autograd_tanhf_array(xs, &ys, xs.count)
        #expect(ys[0] == 0 && ys[0].sign == .plus)
        #expect(ys[1] == 0 && ys[1].sign == .minus)
        #expect(ys[2] == 1 && ys[3] == -1)
        #expect(ys[4].isNaN)
        #expect(ys[5] == 1 && ys[6] == 1 && ys[7] == 1 && ys[8] == -1)
        #expect(ys[9] == 1e-30 && ys[10] == .leastNonzeroMagnitude)
        #expect(Self.ulpError(ys[11], at: -0.875) <= 1.05)
    }

    @Test("one element, an array of any length, eager and replayed tensors agree bit for bit")
    func oneImplementation() {
        // 8k + 3 elements: whole vectors and a padded tail; 70,003 also splits across threads.
        for count in [1, 3, 19, 70_003] {
            let values = (0..<count).map { Double($0 % 401 - 200) * 0.0173 }
            let x = Tensor(values, dtype: .float32)
            let eager = tanh(x).floats
            let elementwise = x.floats.map(Float.hyperbolicTangent)
            #expect(eager.map(\.bitPattern) == elementwise.map(\.bitPattern), "count \(count)")
            var recorded = RecordedFunction(at: x) { tanh($0).sum() }
            let replayedGradient = recorded.valueWithGradient(at: x).gradient.floats
            let eagerGradient = gradient(at: x) { tanh($0).sum() }.floats
            #expect(replayedGradient.map(\.bitPattern) == eagerGradient.map(\.bitPattern), "count \(count)")
        }
    }
}
