// The broadcasting math primitives with more than one input: power, maximum and minimum, the
// three-way choice `where`, and the NaN-safe product every backward rule of this family scales with.
// Each backward sums its gradients back to the inputs' shapes and element types.

extension Tensor {
    /// self · factor, but exactly 0 wherever `self` is 0, even where `factor` is infinite or NaN
    /// (TensorFlow's `multiply_no_nan`, with the zero tested on the left).
    ///
    /// Backward rules scale gradients with it, so that a branch `where` did not choose, which
    /// receives a gradient of exactly 0, passes on exactly 0 rather than 0 · ∞ = NaN.
    func multipliedNoNaN(by factor: Tensor) -> Tensor {
        MultiplyNoNaNFunction().applied(to: [self, factor])
    }

    /// A gradient of the broadcast output shape, summed back to `input`'s shape and element type.
    func summedBack(toMatch input: Tensor) -> Tensor {
        summed(toShape: input.shape).converted(to: input.dtype)
    }
}

/// a · b, but 0 where a is 0 whatever b is.
struct MultiplyNoNaNFunction: DifferentiableFunction {
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
}

/// aᵇ, elementwise and broadcasting, differentiable in both.
///
/// ∂/∂a = b·aᵇ⁻¹, taken as 0 where b = 0; ∂/∂b = aᵇ·log a, taken as 0 where a = 0 and b ≥ 0
/// (both as PyTorch).
struct PowerFunction: DifferentiableFunction {
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
            let flat = (a.detached() .== 0) * (b.detached() .>= 0)
            let local = Tensor.where(flat, 0, context.output.multipliedNoNaN(by: log(a)))
            gradients[1] = gradient.multipliedNoNaN(by: local).summedBack(toMatch: b)
        }
        return gradients
    }
}

/// The larger of a and b; on a tie each takes half the gradient.
struct MaximumFunction: DifferentiableFunction {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(MaximumKernel.self, "maximum", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        splitGradient(gradient, context, share: MaximumShareKernel.self, location)
    }
}

/// The smaller of a and b; on a tie each takes half the gradient.
struct MinimumFunction: DifferentiableFunction {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(MinimumKernel.self, "minimum", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        splitGradient(gradient, context, share: MinimumShareKernel.self, location)
    }
}

/// The gradient of a binary max or min split by constant shares (1, ½ or 0) computed from the values:
/// `Share(a, b)` for a and `Share(b, a)` for b. A zero share gives exactly 0, even for a NaN gradient.
private func splitGradient<Share: BinaryKernel>(
    _ gradient: Tensor, _ context: FunctionContext<Void>, share: Share.Type, _ location: CallerLocation
) -> [Tensor?] {
    let (a, b) = (context.inputs[0].detached(), context.inputs[1].detached())
    return [
        context.needsGradient[0]
            ? broadcastBinary(Share.self, "share", a, b, at: location).multipliedNoNaN(by: gradient).summedBack(toMatch: a) : nil,
        context.needsGradient[1]
            ? broadcastBinary(Share.self, "share", b, a, at: location).multipliedNoNaN(by: gradient).summedBack(toMatch: b) : nil,
    ]
}

/// `condition ? a : b` elementwise, broadcasting all three; the condition takes no gradient.
///
/// Backward chooses too (it never multiplies by a mask), so the branch not taken gets a gradient of
/// exactly 0 even where its value or its own gradient is infinite or NaN.
struct SelectFunction: DifferentiableFunction {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let (condition, a, b) = (inputs[0], inputs[1], inputs[2])
        guard let shape = Shape.broadcast(condition.shape, a.shape).flatMap({ Shape.broadcast($0, b.shape) }) else {
            preconditionFailure(
                "where: shapes \(condition.shape), \(a.shape) and \(b.shape) do not broadcast (at \(location))",
                file: "Autograd", line: 0)
        }
        let storage = TensorData.select(condition.storage, condition.shape, a.storage, a.shape, b.storage, b.shape, into: shape)
        return (Tensor(storage: storage, shape: shape), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (condition, a, b) = (context.inputs[0].detached(), context.inputs[1], context.inputs[2])
        return [
            nil,
            context.needsGradient[1] ? Tensor.where(condition, gradient, 0).summedBack(toMatch: a) : nil,
            context.needsGradient[2] ? Tensor.where(condition, 0, gradient).summedBack(toMatch: b) : nil,
        ]
    }
}
