// The broadcasting math primitives with more than one input: power, maximum and minimum, the
// three-way choice `where`, and the NaN-safe product every backward rule of this family scales with.
// Each backward sums its gradients back to the inputs' shapes and element types; each tangent rule
// expands the inputs' tangents to the output's shape and element type.

extension Tensor {
    /// self · factor, but exactly 0 wherever `self` is 0, even where `factor` is infinite or NaN
    /// (TensorFlow's `multiply_no_nan`, with the zero tested on the left).
    ///
    /// Backward rules scale gradients with it, so that a branch `where` did not choose, which
    /// receives a gradient of exactly 0, passes on exactly 0 rather than 0 · ∞ = NaN.
    func multipliedNoNaN(by factor: Tensor) -> Tensor {
        MultiplyNoNaNFunction().applied(to: self, factor)
    }

    /// A gradient of the broadcast output shape, summed back to `input`'s shape and element type.
    func summedBack(toMatch input: Tensor) -> Tensor {
        summed(toShape: input.shape).converted(to: input.dtype)
    }
}

/// a · b, but 0 where a is 0 whatever b is.
struct MultiplyNoNaNFunction: TensorPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(MultiplyNoNaNKernel.self, "multipliedNoNaN", inputs[0], inputs[1], at: .operatorCall), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (a, b) = (context.inputs[0], context.inputs[1])
        return [
            context.needsGradient[0] ? gradient.multipliedNoNaN(by: b).summedBack(toMatch: a) : nil,
            // Where a is 0 the output does not depend on b at all.
            context.needsGradient[1] ? a.multipliedNoNaN(by: gradient).summedBack(toMatch: b) : nil,
        ]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // t_a ⊙̃ b + a ⊙̃ t_b: where a is 0 the output does not move with b.
        let (a, b) = (context.inputs[0], context.inputs[1])
        return Tensor.adding(tangents[0]?.multipliedNoNaN(by: b), tangents[1].map { a.multipliedNoNaN(by: $0) })?
            .broadcastTangent(to: context.output)
    }
}

/// aᵇ, elementwise and broadcasting, differentiable in both.
///
/// ∂/∂a = b·aᵇ⁻¹, taken as 0 where b = 0; ∂/∂b = aᵇ·log a, taken as 0 where a = 0 and b ≥ 0
/// (both as PyTorch).
struct PowerFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(PowerKernel.self, "pow", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (a, b) = (context.inputs[0], context.inputs[1])
        var gradients: [Tensor?] = [nil, nil]
        if context.needsGradient[0] {
            let local = b.multipliedNoNaN(by: pow(a, b - 1))
            gradients[0] = gradient.multipliedNoNaN(by: local).summedBack(toMatch: a)
        }
        if context.needsGradient[1] {
            // A constant mask: the base is 0 and the exponent not negative (where log a = −∞).
            let flat = (a .== 0) * (b .>= 0)
            let local = Tensor.where(flat, 0, context.output.multipliedNoNaN(by: log(a)))
            gradients[1] = gradient.multipliedNoNaN(by: local).summedBack(toMatch: b)
        }
        return gradients
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // The same local derivatives as backward, applied to the tangents.
        let (a, b) = (context.inputs[0], context.inputs[1])
        let alongBase = tangents[0].map { $0.multipliedNoNaN(by: b.multipliedNoNaN(by: pow(a, b - 1))) }
        let alongExponent = tangents[1].map { tangent in
            let flat = (a .== 0) * (b .>= 0)
            return tangent.multipliedNoNaN(by: Tensor.where(flat, 0, context.output.multipliedNoNaN(by: log(a))))
        }
        return Tensor.adding(alongBase, alongExponent)?.broadcastTangent(to: context.output)
    }
}

/// The larger of a and b; on a tie each takes half the gradient.
struct MaximumFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(MaximumKernel.self, "maximum", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        splitGradient(gradient, context, share: MaximumShareKernel.self, location)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        splitTangent(tangents, context, share: MaximumShareKernel.self, location)
    }
}

/// The smaller of a and b; on a tie each takes half the gradient.
struct MinimumFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(MinimumKernel.self, "minimum", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        splitGradient(gradient, context, share: MinimumShareKernel.self, location)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        splitTangent(tangents, context, share: MinimumShareKernel.self, location)
    }
}

/// The gradient of a binary max or min split by constant shares (1, ½ or 0) computed from the values:
/// `Share(a, b)` for a and `Share(b, a)` for b. A zero share gives exactly 0, even for a NaN gradient.
private func splitGradient<Share: BinaryKernel>(
    _ gradient: Tensor, _ context: FunctionContext<Void>, share: Share.Type, _ location: CallerLocation
) -> [Tensor?] {
    let (a, b) = (context.inputs[0], context.inputs[1])
    let share = BinaryValue<Share>(name: "share", location: location)
    return [
        context.needsGradient[0]
            ? share.evaluated(on: a, b, recording: context.isRecorded).multipliedNoNaN(by: gradient).summedBack(toMatch: a) : nil,
        context.needsGradient[1]
            ? share.evaluated(on: b, a, recording: context.isRecorded).multipliedNoNaN(by: gradient).summedBack(toMatch: b) : nil,
    ]
}

/// The tangent of a binary max or min: each input's tangent scaled by its constant share (1, ½ or 0),
/// so a tie moves with the mean of the two tangents, matching the gradient's even split.
private func splitTangent<Share: BinaryKernel>(
    _ tangents: [Tensor?], _ context: FunctionContext<Void>, share: Share.Type, _ location: CallerLocation
) -> Tensor? {
    let (a, b) = (context.inputs[0], context.inputs[1])
    let share = BinaryValue<Share>(name: "share", location: location)
    let alongA = tangents[0].map { share.evaluated(on: a, b).multipliedNoNaN(by: $0) }
    let alongB = tangents[1].map { share.evaluated(on: b, a).multipliedNoNaN(by: $0) }
    return Tensor.adding(alongA, alongB)?.broadcastTangent(to: context.output)
}

/// `condition ? a : b` elementwise, broadcasting all three; the condition takes no gradient.
///
/// Backward chooses too (it never multiplies by a mask), so the branch not taken gets a gradient of
/// exactly 0 even where its value or its own gradient is infinite or NaN.
struct SelectFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let (condition, a, b) = (inputs[0], inputs[1], inputs[2])
        guard let shape = Shape.broadcast(condition.shape, a.shape).flatMap({ Shape.broadcast($0, b.shape) }) else {
            fatalError(
                "where: shapes \(condition.shape), \(a.shape) and \(b.shape) do not broadcast (at \(location))",
                file: "Autograd", line: 0)
        }
        let storage = TensorData.select(condition.storage, condition.shape, a.storage, a.shape, b.storage, b.shape, into: shape)
        return (Tensor(storage: storage, shape: shape), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (condition, a, b) = (context.inputs[0].stoppingGradient(recording: context.isRecorded), context.inputs[1], context.inputs[2])
        return [
            nil,
            context.needsGradient[1] ? Tensor.where(condition, gradient, 0).summedBack(toMatch: a) : nil,
            context.needsGradient[2] ? Tensor.where(condition, 0, gradient).summedBack(toMatch: b) : nil,
        ]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // Chooses between the branches' tangents, with 0 for a branch that has none.
        guard tangents[1] != nil || tangents[2] != nil else { return nil }
        let condition = context.inputs[0].stoppingGradient()
        let chosen = switch (tangents[1], tangents[2]) {
        case let (a?, b?): Tensor.where(condition, a, b)
        case let (a?, nil): Tensor.where(condition, a, 0)
        case let (nil, b?): Tensor.where(condition, 0, b)
        case (nil, nil): fatalError("unreachable: one branch has a tangent")
        }
        return chosen.broadcastTangent(to: context.output)
    }
}
