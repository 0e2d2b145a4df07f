import Testing
@testable import Autograd

/// Forward mode checked row by row against the gradient-check table: J·v from the forward sweep
/// against reverse mode's uᵀJ and against central differences, every primitive's tangent rule
/// explicit, and the second-order compositions (forward over reverse, reverse over forward, reverse
/// over reverse) agreeing with one another.
enum ForwardModeCheck {
    /// The row's input values as Float64 constants.
    static func points(_ entry: TensorPrimitiveCase) -> [Tensor] {
        entry.inputs.map { Tensor($0.values, shape: $0.shape, dtype: .float64) }
    }

    /// Deterministic directions, one per input, of the inputs' shapes.
    static func directions(_ entry: TensorPrimitiveCase, seed: UInt64) -> [Tensor] {
        entry.inputs.enumerated().map { index, input in
            Tensor(testValues(input.values.count, seed: seed + UInt64(index)), shape: input.shape, dtype: .float64)
        }
    }

    /// Deterministic output weights u, of the row's output shape.
    static func weights(_ entry: TensorPrimitiveCase) -> Tensor {
        let output = withoutGradients { entry.function(points(entry)) }
        return Tensor(testValues(output.count, seed: 400), shape: output.shape, dtype: .float64)
    }

    /// Σᵢ ⟨aᵢ, bᵢ⟩ (nil aᵢ counting as zero) and Σ |aᵢ ⊙ bᵢ|, the scale its rounding error is relative to.
    static func pairing(_ a: [Tensor?], _ b: [Tensor]) -> (value: Double, scale: Double) {
        var value = 0.0, scale = 0.0
        for (x, y) in zip(a, b) {
            guard let x else { continue }
            for (p, q) in zip(x.scalars, y.scalars) {
                value += p * q
                scale += Swift.abs(p * q)
            }
        }
        return (value, scale)
    }

    /// The relative tolerance of an exact identity: float64 rounding, unless the row passes through
    /// float32 (its gradient-check tolerance is looser), where both sides round differently.
    static func identityTolerance(_ entry: TensorPrimitiveCase) -> Double {
        entry.tolerance > 1e-6 ? 1e-6 : 1e-10
    }

    /// Whether `a` and `b` agree to `tolerance` relative to `scale` (the sum of the magnitudes of the terms).
    static func agree(_ a: Double, _ b: Double, scale: Double, tolerance: Double) -> Bool {
        Swift.abs(a - b) <= tolerance * scale || a == b
    }
}

@Suite("Forward mode over the primitive table")
struct ForwardModeTableTests {
    @Test("uᵀ(J v) from the forward sweep equals (uᵀJ) v from reverse mode", arguments: tensorPrimitiveTable)
    func jvpMatchesVJP(_ entry: TensorPrimitiveCase) {
        let points = ForwardModeCheck.points(entry), v = ForwardModeCheck.directions(entry, seed: 300)
        let u = ForwardModeCheck.weights(entry)
        let (value, tangent) = jvp(at: points, tangents: v, of: entry.function)
        let expected = withoutGradients { entry.function(points) }
        #expect(value.shape == expected.shape && value.scalars == expected.scalars, "\(entry.label): the value")
        #expect(tangent.shape == value.shape && tangent.dtype == value.dtype, "\(entry.label): the tangent's shape and dtype")
        #expect(!value.requiresGrad && !tangent.requiresGrad, "\(entry.label): nothing recorded without an outer graph")
        let forward = ForwardModeCheck.pairing([tangent], [u])

        let leaves = points.map { $0.requiringGrad() }
        let cotangents = (entry.function(leaves) * u).sum().gradients(withRespectTo: leaves)
        let reverse = ForwardModeCheck.pairing(cotangents, v)
        let scale = Swift.max(forward.scale, reverse.scale)
        #expect(
            ForwardModeCheck.agree(forward.value, reverse.value, scale: scale, tolerance: ForwardModeCheck.identityTolerance(entry)),
            "\(entry.label): uᵀJv \(forward.value) forward, \(reverse.value) reverse")
    }

    @Test("J v matches central differences along v", arguments: tensorPrimitiveTable)
    func jvpMatchesCentralDifferences(_ entry: TensorPrimitiveCase) {
        let points = ForwardModeCheck.points(entry), v = ForwardModeCheck.directions(entry, seed: 300)
        let tangent = jvp(at: points, tangents: v, of: entry.function).tangent
        // A row that passes through float32 takes a step float32 can resolve (the cases are polynomials
        // of low degree there, which central differences follow closely at any step).
        let step = entry.tolerance > 1e-6 ? 1e-3 : TensorGradientChecker.step
        func shifted(_ sign: Double) -> [Double] {
            withoutGradients { entry.function(zip(points, v).map { $0 + sign * step * $1 }).scalars }
        }
        let (plus, minus) = (shifted(1), shifted(-1))
        var worst = 0.0
        for (index, analytic) in tangent.scalars.enumerated() {
            let numeric = (plus[index] - minus[index]) / (2 * step)
            worst = Swift.max(worst, Swift.abs(analytic - numeric) / Swift.max(1, Swift.abs(numeric)))
        }
        #expect(worst < entry.tolerance, "\(entry.label): worst relative error \(worst)")
    }

    @Test("every primitive in the catalog is recorded with an explicit tangent rule")
    func everyPrimitiveHasAnExplicitTangentRule() {
        // Name → whether every recorded node of that name has its own rule.
        var explicit: [String: Bool] = [:]
        for entry in tensorPrimitiveTable {
            let output = entry.function(ForwardModeCheck.points(entry).map { $0.requiringGrad() })
            for node in Tensor.topologicalOrder(from: output.node!) where !node.isLeaf {
                explicit[node.name] = explicit[node.name, default: true] && node.hasExplicitTangent
            }
        }
        let unrecorded = TensorPrimitiveCatalog.names.filter { explicit[$0] == nil }
        let fallingBack = explicit.filter { !$0.value }.keys.sorted()
        #expect(unrecorded.isEmpty, "primitives no row records: \(unrecorded)")
        #expect(fallingBack.isEmpty, "built-ins using the double-vjp default: \(fallingBack)")
    }

    @Test("forward over reverse, reverse over forward and reverse over reverse give the same vᵀ H_u w", arguments: tensorPrimitiveTable)
    func secondOrderCompositionsAgree(_ entry: TensorPrimitiveCase) {
        let points = ForwardModeCheck.points(entry), u = ForwardModeCheck.weights(entry)
        let v = ForwardModeCheck.directions(entry, seed: 300), w = ForwardModeCheck.directions(entry, seed: 500)
        // s(x) = ⟨∇(uᵀf)(x), v⟩, recorded; nil when the gradient is a constant.
        func gradientAlongV(_ inputs: [Tensor]) -> Tensor {
            let gradients = (entry.function(inputs) * u).sum().gradients(withRespectTo: inputs, createGraph: true)
            return zip(gradients, v).reduce(Tensor(0.0, dtype: .float64)) { total, pair in
                pair.0.map { total + ($0 * pair.1).sum() } ?? total
            }
        }
        // Forward over reverse: the derivative of s along w.
        let forwardOverReverse = jvp(at: points, tangents: w, of: gradientAlongV).tangent.item()

        // Reverse over forward: h(x) = uᵀ J(x) w recorded through the sweep, then ⟨∇h, v⟩.
        let leaves = points.map { $0.requiringGrad() }
        let h = (jvp(at: leaves, tangents: w, of: entry.function).tangent * u).sum()
        let reverseOverForward = h.requiresGrad ? ForwardModeCheck.pairing(h.gradients(withRespectTo: leaves), v) : (value: 0, scale: 0)

        // Reverse over reverse: ⟨∇s, w⟩.
        let otherLeaves = points.map { $0.requiringGrad() }
        let s = gradientAlongV(otherLeaves)
        let reverseOverReverse = s.requiresGrad ? ForwardModeCheck.pairing(s.gradients(withRespectTo: otherLeaves), w) : (value: 0, scale: 0)

        let scale = Swift.max(reverseOverForward.scale, reverseOverReverse.scale)
        let tolerance = ForwardModeCheck.identityTolerance(entry)
        #expect(
            ForwardModeCheck.agree(forwardOverReverse, reverseOverReverse.value, scale: scale, tolerance: tolerance),
            "\(entry.label): forward over reverse \(forwardOverReverse), reverse over reverse \(reverseOverReverse.value)")
        #expect(
            ForwardModeCheck.agree(reverseOverForward.value, reverseOverReverse.value, scale: scale, tolerance: tolerance),
            "\(entry.label): reverse over forward \(reverseOverForward.value), reverse over reverse \(reverseOverReverse.value)")
    }
}
