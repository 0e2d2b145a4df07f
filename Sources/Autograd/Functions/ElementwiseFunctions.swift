// The unary math primitives, each with its forward kernel, backward rule and tangent rule side by
// side. A unary tangent rule is the backward rule's local derivative applied to the input's tangent.
//
// Every backward rule scales the gradient with `multipliedNoNaN(by:)` (or chooses with `where`), so
// a gradient that is exactly 0 stays exactly 0 even where the local derivative is infinite or NaN:
// √x at 0, log x at 0 or below, eˣ past overflow. That is what lets `Tensor.where(x .> 0, sqrt(x), 0)`
// give a gradient of 0, not NaN, at x ≤ 0 (PyTorch gives NaN there). The rules are written with tensor
// operations, and with those same NaN-safe ones, so second derivatives work and stay NaN-free too.

extension Tensor {
    /// `K` applied to every element's value (nothing recorded: a constant).
    func applyingUnaryKernel<K: UnaryKernel>(_ kernel: K.Type) -> Tensor {
        Tensor(storage: storage.unary(kernel), shape: shape)
    }
}

/// eˣ.
struct ExpFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(ExpKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.multipliedNoNaN(by: context.output)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: context.output)
    }
}

/// The natural logarithm.
struct LogFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(LogKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.multipliedNoNaN(by: pow(context.inputs[0], -1))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: pow(context.inputs[0], -1))
    }
}

/// Sine.
struct SinFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(SinKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.multipliedNoNaN(by: cos(context.inputs[0]))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: cos(context.inputs[0]))
    }
}

/// Cosine.
struct CosFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(CosKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.multipliedNoNaN(by: -sin(context.inputs[0]))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: -sin(context.inputs[0]))
    }
}

/// Tangent: tan′ = 1 + tan².
struct TanFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(TanKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.multipliedNoNaN(by: 1 + pow(context.output, 2))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: 1 + pow(context.output, 2))
    }
}

/// Hyperbolic tangent: tanh′ = 1 − tanh².
struct TanhFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(TanhKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.scaledByDerivative(TanhDerivative.self, output: context.output)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.scaledByDerivative(TanhDerivative.self, output: context.output)
    }
}

/// The logistic function, stable for large |x|: σ′ = σ(1 − σ).
struct SigmoidFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(SigmoidKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.scaledByDerivative(SigmoidDerivative.self, output: context.output)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.scaledByDerivative(SigmoidDerivative.self, output: context.output)
    }
}

/// max(x, 0), with derivative 0 at 0 (as PyTorch).
struct ReLUFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        // RectifierKernels: the same values as `ReLUKernel`, without a branch per element.
        (Tensor(storage: inputs[0].storage.relu(), shape: inputs[0].shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        ReLUGradientFunction().applied(to: gradient, context.inputs[0])
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { ReLUGradientFunction().applied(to: $0, context.inputs[0]) }
    }
}

/// ReLU's backward, g where x > 0 else 0, fused into one pass (a `where` would build a mask and
/// broadcast a zero). Linear in g, and piecewise constant in x, which takes no gradient (as
/// `where`'s condition); a choice, so a non-finite g where x ≤ 0 still gives exactly 0.
struct ReLUGradientFunction: TensorPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let (g, x) = (inputs[0], inputs[1])
        require(g.shape == x.shape, "ReLU backward: a gradient of shape \(g.shape) for an input of shape \(x.shape)")
        return (Tensor(storage: TensorData.reluGradient(g.storage, where: x.storage), shape: g.shape), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [context.needsGradient[0] ? ReLUGradientFunction().applied(to: gradient, context.inputs[1].detached()) : nil, nil]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { ReLUGradientFunction().applied(to: $0, context.inputs[1].detached()) }
    }
}

/// √x: √′ = 1 / (2√x), infinite at 0.
struct SqrtFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(SqrtKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.multipliedNoNaN(by: 0.5 * pow(context.output, -1))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: 0.5 * pow(context.output, -1))
    }
}

/// |x|, with derivative 0 at 0 (as PyTorch).
struct AbsFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(AbsKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        // The sign is a constant; scaling *it* keeps the gradient exactly 0 at the kink.
        context.inputs[0].applyingUnaryKernel(SignKernel.self).multipliedNoNaN(by: gradient)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { context.inputs[0].applyingUnaryKernel(SignKernel.self).multipliedNoNaN(by: $0) }
    }
}

/// xᶜ for a constant exponent c; the exponent takes no gradient, and c = 0 gives gradient 0.
struct ConstantPowerFunction: SingleInputPrimitive {
    let exponent: Double
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        // The common exponents run exact, faster kernels (as PyTorch does).
        let output: Tensor = switch exponent {
        case 1: x.applyingUnaryKernel(IdentityKernel.self)
        case 2: x.applyingUnaryKernel(SquareKernel.self)
        case -1: x.applyingUnaryKernel(ReciprocalKernel.self)
        case 0.5: x.applyingUnaryKernel(SqrtKernel.self)
        default: broadcastBinary(PowerKernel.self, "pow", x, x.constant(exponent), at: .operatorCall)
        }
        return (output, ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        let x = context.inputs[0]
        if exponent == 0 { return x.detached().zerosLike() }
        return gradient.multipliedNoNaN(by: exponent * pow(x, exponent - 1))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        guard let tangent = tangents[0], exponent != 0 else { return nil }
        return tangent.multipliedNoNaN(by: exponent * pow(context.inputs[0], exponent - 1))
    }
}
