import Testing
import Autograd

/// Rosenbrock's function and its analytic (tridiagonal) Hessian, WORKLOADS.md T4.
enum Rosenbrock {
    static func value<T: ScalarMath>(_ x: [T]) -> T {
        var total = (x[0] - x[0]) * 0.0  // a zero of the right kind
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1.0 - x[i]
            total = total + 100.0 * a * a + b * b
        }
        return total
    }

    static func hessian(_ x: [Double]) -> [[Double]] {
        let n = x.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<(n - 1) {
            h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
            h[i + 1][i + 1] += 200
            h[i][i + 1] = -400 * x[i]
            h[i + 1][i] = -400 * x[i]
        }
        return h
    }
}

@Suite("Scalar function transforms")
struct ScalarTransformTests {
    static func seed(_ v: [Scalar]) -> Scalar { v[1] * ((v[0] + v[1]) * (v[0] - v[1])) }

    @Test("gradient(at:of:) and valueWithGradient on the seed function")
    func gradients() {
        let (value, gradient) = valueWithGradient(at: [1, 2], of: Self.seed)
        #expect(value == -6 && gradient == [4, -11])
        #expect(Autograd.gradient(at: 3.0) { x in x * x * x } == 27)
        let (ga, gb) = Autograd.gradient(at: 1, 2) { a, b in b * ((a + b) * (a - b)) }
        #expect(ga == 4 && gb == -11)
    }

    @Test("SEEDS §1 through hessian: ∂²f/∂a² = 4, ∂²f/∂b² = −12")
    func seedHessian() {
        #expect(hessian(at: [1, 2], of: Self.seed) == [[4, 2], [2, -12]])
    }

    @Test("the gradient of a gradient function is the second derivative")
    func composition() {
        func f(_ x: Scalar) -> Scalar { sin(x) * x }
        let second = Autograd.gradient(at: 0.7) { x in Autograd.gradient(at: x, of: f) }
        // (x sin x)'' = 2 cos x − x sin x
        #expect(Swift.abs(second - (2 * Double.cos(0.7) - 0.7 * Double.sin(0.7))) < 1e-14)
    }

    @Test("jvp by a forward sweep equals J·v from reverse mode")
    func forwardMode() {
        func f(_ v: [Scalar]) -> [Scalar] { [v[0] * v[1] + sin(v[2]), exp(v[0]) / v[2], tanh(v[1] - v[0])] }
        let x = [0.3, -1.2, 0.8], v = [1.0, 0.5, -2.0]
        let (value, tangent) = jvp(at: x, tangent: v, of: f)
        let j = jacobian(at: x, mode: .reverse, of: f)
        let expected = j.map { row in zip(row, v).map(*).reduce(0, +) }
        for (a, b) in zip(tangent, expected) { #expect(Swift.abs(a - b) < 1e-14) }
        #expect(value.count == 3)
        let forward = jacobian(at: x, mode: .forward, of: f)
        for (r1, r2) in zip(forward, j) { for (a, b) in zip(r1, r2) { #expect(Swift.abs(a - b) < 1e-14) } }
        #expect(differential(at: x, of: f)(v) == tangent)
    }

    @Test("pullback gives v·∂f/∂x")
    func pullbacks() {
        let (value, pb) = valueWithPullback(at: [1, 2], of: Self.seed)
        #expect(value == -6 && pb(2) == [8, -22])
        #expect(pullback(at: [1, 2], of: Self.seed)(-1) == [-4, 11])
    }

    @Test("Rosenbrock at n = 100: Hessian and HVP match the analytic tridiagonal Hessian to 1e-12")
    func rosenbrock() {
        let x = (0..<100).map { Double.sin(Double($0)) * 1.5 }
        let expected = Rosenbrock.hessian(x)
        let h = hessian(at: x, of: Rosenbrock.value)
        var worst = 0.0
        for (row, expectedRow) in zip(h, expected) {
            for (a, b) in zip(row, expectedRow) { worst = Swift.max(worst, Swift.abs(a - b) / Swift.max(1, Swift.abs(b))) }
        }
        #expect(worst < 1e-12)
        let v = (0..<100).map { Double.cos(Double($0)) }
        let hv = hessianVectorProduct(at: x, v, of: Rosenbrock.value)
        for (i, row) in expected.enumerated() {
            let exact = zip(row, v).map(*).reduce(0, +)
            #expect(Swift.abs(hv[i] - exact) <= 1e-12 * Swift.max(1, Swift.abs(exact)))
        }
    }

    @Test("a function whose output ignores an input has a zero row and column")
    func independence() {
        #expect(hessian(at: [1, 2, 3]) { v in v[0] * v[0] * v[2] } == [[6, 0, 2], [0, 0, 0], [2, 0, 0]])
        #expect(gradient(at: [5, 6]) { v in v[0] * 2 } == [2, 0])
    }

    @Test("forward mode follows the inputs onto another tape: a captured computed value, and constants made inside f")
    func forwardModeAcrossTapes() {
        let c = Scalar(3)
        let c2 = c * c  // computed on a tape of its own
        #expect(jvp(at: [1, 2], tangent: [1, 0]) { x in [x[0] * c2] }.tangent == [9])
        #expect(jvp(at: [1, 2], tangent: [1, 1]) { x in [x[0] * c2 + x[1]] }.tangent == [10])
        let both: ([Scalar]) -> [Scalar] = { x in [x[0] * c2, x[1] + c2, x[0]] }
        let expected: [[Double]] = [[9, 0], [0, 1], [1, 0]]
        #expect(jacobian(at: [1, 2], mode: .forward, of: both) == expected)
        #expect(jacobian(at: [1, 2], mode: .reverse, of: both) == expected)
        // f = k·x0²·x1 with k = 2·3 recorded on its own tape: H = [[2k·x1, 2k·x0], [2k·x0, 0]].
        let f: ([Scalar]) -> Scalar = { v in
            let k = Scalar(2) * Scalar(3)
            return k * v[0] * v[0] * v[1]
        }
        #expect(hessian(at: [1, 2], of: f) == [[24, 12], [12, 0]])
        #expect(hessianVectorProduct(at: [1, 2], [1, 1], of: f) == [36, 12])
        #expect(differential(at: [1, 2], of: { [f($0)] })([0, 1]) == [6])
    }

    @Test("a constant function's Hessian and Jacobian are zero (the outputs never touch the inputs' tape)")
    func constantFunction() {
        #expect(hessian(at: [1, 2]) { _ in Scalar(4) } == [[0, 0], [0, 0]])
        #expect(hessian(at: [1, 2, 3]) { v in v[2] * 0 + Scalar(4) } == [[0, 0, 0], [0, 0, 0], [0, 0, 0]])
        #expect(jacobian(at: [1, 2], mode: .forward) { _ in [Scalar(1), Scalar(2) * Scalar(3)] } == [[0, 0], [0, 0]])
    }

    @Test("every mode agrees when f mixes inputs with values computed on other tapes, whichever tape absorbs which")
    func capturedValuesAcrossMerges() {
        let c = Scalar(2)
        let cc = c * c * c * c  // 16, on a tape larger than the input's first operations
        let d = Scalar(2)
        let dd = d * d  // 4
        // ∂/∂x (x·cc + x²) = 16 + 2x = 22 at 3.
        let sum: ([Scalar]) -> [Scalar] = { v in [v[0] * cc + v[0] * v[0]] }
        #expect(jacobian(at: [3], mode: .reverse, of: sum) == [[22]])
        #expect(jacobian(at: [3], mode: .forward, of: sum) == [[22]])
        #expect(jvp(at: [3], tangent: [1], of: sum).tangent == [22])
        // The inputs' own computation is the larger tape here: x·cc + x⁸ at 1 has derivative 16 + 8.
        let eighth: ([Scalar]) -> [Scalar] = { v in
            var power = v[0]
            for _ in 0..<7 { power = power * v[0] }
            return [v[0] * cc + power]
        }
        #expect(jacobian(at: [1], mode: .reverse, of: eighth) == [[24]])
        #expect(jacobian(at: [1], mode: .forward, of: eighth) == [[24]])
        // Outputs on different tapes.
        let two: ([Scalar]) -> [Scalar] = { v in [v[0] * dd, v[0] * v[0] * cc] }
        #expect(jacobian(at: [3], mode: .reverse, of: two) == [[4], [96]])
        #expect(jacobian(at: [3], mode: .forward, of: two) == [[4], [96]])
        // Second order: f = x²·cc + x², f″ = 2·16 + 2 = 34.
        let f: ([Scalar]) -> Scalar = { v in v[0] * cc * v[0] + v[0] * v[0] }
        #expect(hessian(at: [3], of: f) == [[34]])
        #expect(hessianVectorProduct(at: [3], [1], of: f) == [34])
        // A discarded computation on another tape changes nothing: (x·dd)² has f″ = 2·16 = 32.
        let discarded: ([Scalar]) -> Scalar = { v in
            let a = v[0] * dd
            _ = v[0] * v[0] * cc
            return a * a
        }
        #expect(hessian(at: [3], of: discarded) == [[32]])
        // An input brought onto one tape before and after that tape moved: x·(x·x·cc) has 3x²·cc.
        let twice: ([Scalar]) -> Scalar = { v in
            let a = v[0] * v[0] * cc
            return v[0] * a
        }
        #expect(gradient(at: [1], of: twice) == [48])
        #expect(jacobian(at: [1], mode: .forward) { [twice($0)] } == [[48]])
        #expect(jacobian(at: [1], mode: .reverse) { [twice($0)] } == [[48]])
    }

    @Test("an infinite local derivative along a direction that leaves its input alone adds nothing, in every direction at once")
    func infiniteDerivativeZeroTangent() {
        let f: ([Scalar]) -> [Scalar] = { v in [v[0] + sqrt(v[1])] }
        let forward = jacobian(at: [1, 0], mode: .forward, of: f)
        #expect(forward[0][0] == 1 && forward[0][1] == .infinity)
        #expect(jacobian(at: [1, 0], mode: .reverse, of: f) == forward)
        #expect(hessian(at: [1, 0]) { v in v[0] * sqrt(v[1]) }[0][0] == 0)
    }
}
