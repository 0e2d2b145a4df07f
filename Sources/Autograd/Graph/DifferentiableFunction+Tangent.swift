// Tangent rules: the default a user-defined function gets (derived from its backward rule), the
// protocol that makes every built-in primitive write its own, and small helpers the rules share.

extension DifferentiableFunction {
    /// The output's tangent derived from ``backward(_:context:)`` by the double-vjp trick (for a
    /// function that does not write its own tangent rule).
    ///
    /// Backward computes Jᵀu. For a probe u, the pairing s(u) = Σᵢ ⟨(Jᵀu)ᵢ, tᵢ⟩ = ⟨u, J·t⟩ is linear
    /// in u, so its gradient with respect to u is J·t: backward runs once, recorded, and the recording
    /// is differentiated once more. That is correct for any backward written with tensor operations,
    /// but it costs two backward passes per function (and, when the tangent itself is being recorded,
    /// a walk over the graph behind the inputs), so it is only a fallback: built-in primitives never
    /// use it, each has an explicit rule beside its backward rule.
    public func tangent(_ tangents: [Tensor?], context: FunctionContext<Saved>) -> Tensor? {
        require(!(self is any TensorPrimitive), "\(name): a built-in primitive fell back to the double-vjp tangent")
        // Whether the forward sweep records: then the result must keep its dependence on the inputs
        // and tangents, so the second differentiation is itself recorded.
        let recording = GradientMode.isEnabled
        return withGradients {
            let output = context.output
            let probe = Tensor.zeros(shape: output.shape, dtype: output.dtype, requiresGrad: true)
            let backwardContext = FunctionContext(
                inputs: context.inputs, output: output, saved: context.saved, needsGradient: tangents.map { $0 != nil })
            var pairing: Tensor?
            for (cotangent, tangent) in zip(backward(probe, context: backwardContext), tangents) {
                guard let cotangent, let tangent else { continue }
                pairing = Tensor.adding(pairing, (cotangent * tangent).sum())
            }
            guard let pairing, pairing.requiresGrad else { return nil }
            return pairing.gradients(withRespectTo: [probe], createGraph: recording)[0]
        }
    }
}

/// A built-in primitive: it must write its own tangent rule.
///
/// The double-vjp default is unavailable to conforming types, so a built-in that forgets its rule
/// does not compile ("unavailable instance method 'tangent' was used to satisfy a requirement").
/// Every function in `Functions/` conforms; ``FunctionNode`` reports it as `hasExplicitTangent`.
protocol TensorPrimitive: DifferentiableFunction {}

extension TensorPrimitive {
    @available(*, unavailable, message: "a built-in primitive writes its own tangent rule beside its backward rule")
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Saved>) -> Tensor? {
        fatalError("unreachable: unavailable")
    }
}

// MARK: - Helpers for tangent rules

extension Tensor {
    /// The sum of two optional tangents, nil standing for zero.
    static func adding(_ a: Tensor?, _ b: Tensor?) -> Tensor? {
        guard let a else { return b }
        guard let b else { return a }
        return a + b
    }

    /// A tangent broadcast to an output's shape and converted to its element type (for operations
    /// that broadcast their inputs or compute in the wider element type).
    func broadcastTangent(to output: Tensor) -> Tensor {
        // A 0-d tangent goes through shape [1], as subscript assignment does: Expand misreads 0-d inputs.
        let source = rank == 0 && output.rank > 0 ? reshaped(to: [1]) : self
        return source.expanded(to: output.shape).converted(to: output.dtype)
    }
}
