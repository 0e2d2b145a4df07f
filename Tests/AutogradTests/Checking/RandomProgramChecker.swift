import Testing
import Autograd
import AutogradTestSupport

// MARK: - Checking

/// Compares a program's derivatives with finite differences and with each other.
enum RandomProgramChecker {
    /// The finite-difference step: the four-point central difference
    /// (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h has error ~h⁴·f⁽⁵⁾/30 ≈ 3·10⁻¹⁸·f⁽⁵⁾ and
    /// rounding error ~1.5·ε·|f|/h ≈ 3·10⁻¹²·|f|, far below the tolerances for |f| ≤ 10³.
    static let step = 1e-4
    /// |analytic − numeric| ≤ absolute + relative·|numeric| at first order; ten times both at second.
    /// (Over the 2,000 programs the worst first-order error is below 10⁻⁹ and the worst second-order
    /// one below 10⁻⁸: a wrong rule is off by far more.)
    static let relativeTolerance = 1e-7
    static let absoluteTolerance = 1e-7
    /// Two analytic results for the same number (forward and reverse mode) agree to this, relative
    /// to Σ|terms| + 1 (observed: below 10⁻¹³).
    static let consistencyTolerance = 1e-10

    static func tensors(_ values: [[Double]], _ shapes: [[Int]], requiresGrad: Bool = false) -> [Tensor] {
        zip(values, shapes).map { Tensor($0, shape: $1, dtype: .float64, requiresGrad: requiresGrad) }
    }

    static func failures(of program: RandomProgram) -> [String] {
        failures(of: { program($0) }, shapes: program.inputShapes, at: program.inputValues, seed: program.seed)
    }

    /// Every disagreement, one line each (empty when all checks pass).
    static func failures(of f: ([Tensor]) -> Tensor, shapes: [[Int]], at point: [[Double]], seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        let weights = point.map { $0.map { _ in random.uniform(-1...1) } }
        let tangents = point.map { $0.map { _ in random.uniform(-1...1) } }
        var failures: [String] = []

        // The gradient, and the gradient's projection on the weights: r(x) = Σ w ⊙ ∇f(x).
        func gradient(at values: [[Double]]) -> [[Double]] {
            let leaves = tensors(values, shapes, requiresGrad: true)
            let output = f(leaves)
            guard output.requiresGrad else { return values.map { $0.map { _ in 0 } } }
            return zip(output.gradients(withRespectTo: leaves), values).map { $0?.scalars ?? $1.map { _ in 0 } }
        }
        func projection(_ gradient: [[Double]]) -> Double { dot(gradient, weights) }
        func value(at values: [[Double]]) -> Double { withoutGradients { f(tensors(values, shapes)).item() } }

        // Analytic first and second order (H·w through createGraph).
        let firstOrder = gradient(at: point)
        let leaves = tensors(point, shapes, requiresGrad: true)
        let output = f(leaves)
        let recorded = output.requiresGrad ? output.gradients(withRespectTo: leaves, createGraph: true) : leaves.map { _ in nil }
        var readOut = Tensor(0.0, dtype: .float64)
        for (g, w) in zip(recorded, weights) {
            if let g { readOut = readOut + (g * Tensor(w, shape: g.shape, dtype: .float64)).sum() }
        }
        let hessianTimesWeights: [[Double]] = readOut.requiresGrad
            ? zip(readOut.gradients(withRespectTo: leaves), point).map { $0?.scalars ?? $1.map { _ in 0 } }
            : point.map { $0.map { _ in 0 } }

        // Finite differences of f and of r, from the same evaluations.
        var numericFirst = point.map { $0.map { _ in 0.0 } }, numericSecond = numericFirst
        for input in point.indices {
            for index in point[input].indices {
                var values: [Double] = [], projections: [Double] = []
                for offset in [2.0, 1, -1, -2] {
                    var shifted = point
                    shifted[input][index] += offset * step
                    values.append(value(at: shifted))
                    projections.append(projection(gradient(at: shifted)))
                }
                func difference(_ y: [Double]) -> Double { (-y[0] + 8 * y[1] - 8 * y[2] + y[3]) / (12 * step) }
                numericFirst[input][index] = difference(values)
                numericSecond[input][index] = difference(projections)
            }
        }
        if let worst = worstMismatch(firstOrder, numericFirst, relative: relativeTolerance, absolute: absoluteTolerance) {
            failures.append("first order: gradients(withRespectTo:) \(worst)")
        }
        if let worst = worstMismatch(hessianTimesWeights, numericSecond, relative: 10 * relativeTolerance, absolute: 10 * absoluteTolerance) {
            failures.append("second order: the gradient of Σ w ⊙ gradient (createGraph: true) \(worst); weights w = \(weights)")
        }

        // Forward mode: J·t against ∇f·t.
        let tangentTensors = tensors(tangents, shapes)
        let forward = jvp(at: tensors(point, shapes), tangents: tangentTensors, of: f).tangent.item()
        let reverse = dot(firstOrder, tangents)
        if let message = disagreement(forward, reverse, scale: absoluteDot(firstOrder, tangents)) {
            failures.append("forward mode: jvp along t is \(forward), gradient · t is \(reverse) (\(message)); t = \(tangents)")
        }

        // Forward over reverse: the tangent of r along t is tᵀ H w.
        let reverseOverReverse = dot(hessianTimesWeights, tangents)
        let scale = absoluteDot(hessianTimesWeights, tangents)
        let forwardOverReverse = jvp(at: tensors(point, shapes), tangents: tangentTensors, of: { x in
            zip(Autograd.gradient(at: x, of: f), weights).reduce(Tensor(0.0, dtype: .float64)) { total, pair in
                total + (pair.0 * Tensor(pair.1, shape: pair.0.shape, dtype: .float64)).sum()
            }
        }).tangent.item()
        if let message = disagreement(forwardOverReverse, reverseOverReverse, scale: scale) {
            failures.append("forward over reverse: jvp of Σ w ⊙ gradient along t is \(forwardOverReverse), (H w) · t is \(reverseOverReverse) (\(message)); w = \(weights), t = \(tangents)")
        }

        // Reverse over forward: the gradient of J·t is H t; (H t) · w must equal (H w) · t.
        let hessianTimesTangents = Autograd.gradient(at: tensors(point, shapes), of: { x in
            jvp(at: x, tangents: tangentTensors, of: f).tangent
        }).map(\.scalars)
        let reverseOverForward = dot(hessianTimesTangents, weights)
        if let message = disagreement(reverseOverForward, reverseOverReverse, scale: scale + absoluteDot(hessianTimesTangents, weights)) {
            failures.append("reverse over forward: gradient of jvp along t, times w, is \(reverseOverForward), (H w) · t is \(reverseOverReverse) (\(message)); w = \(weights), t = \(tangents)")
        }
        return failures
    }

    static func dot(_ a: [[Double]], _ b: [[Double]]) -> Double {
        zip(a, b).reduce(0) { total, pair in zip(pair.0, pair.1).reduce(total) { $0 + $1.0 * $1.1 } }
    }

    static func absoluteDot(_ a: [[Double]], _ b: [[Double]]) -> Double {
        zip(a, b).reduce(0) { total, pair in zip(pair.0, pair.1).reduce(total) { $0 + Swift.abs($1.0 * $1.1) } }
    }

    /// Why two analytic values of one number disagree, nil when they agree.
    static func disagreement(_ a: Double, _ b: Double, scale: Double) -> String? {
        let error = Swift.abs(a - b)
        return error <= consistencyTolerance * (1 + scale) ? nil : "difference \(error), allowed \(consistencyTolerance * (1 + scale))"
    }

    /// The entry furthest outside the tolerance, described, or nil when every entry is within it.
    static func worstMismatch(_ analytic: [[Double]], _ numeric: [[Double]], relative: Double, absolute: Double) -> String? {
        var worst: (ratio: Double, text: String)?
        for (input, (a, n)) in zip(analytic, numeric).enumerated() {
            for (index, (x, y)) in zip(a, n).enumerated() {
                let allowed = absolute + relative * Swift.abs(y)
                let ratio = Swift.abs(x - y) / allowed
                guard !(ratio <= 1) else { continue }
                if worst == nil || ratio > worst!.ratio || ratio.isNaN {
                    worst = (ratio, "input v\(input) element \(index): analytic \(x), numeric \(y), error \(Swift.abs(x - y)) > allowed \(allowed)")
                }
            }
        }
        return worst.map { "\($0.text) (analytic \(analytic), numeric \(numeric))" }
    }
}
