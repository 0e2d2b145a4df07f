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

    /// This gradient scaled by a local derivative: `composed()`, the rule written with tensor
    /// operations, when the backward is recorded (so that it differentiates again); otherwise, when
    /// `value` (the input or output the derivative reads) has this gradient's shape and element type,
    /// one pass of `g ⊙̃ D(value)`. That pass runs the composition's operations on each element in
    /// its order, so the bits are the same, without its temporaries: `cos(x)` then a product is two
    /// operations and two allocations, `0.5 * pow(y, -1)` then a product three.
    func scaled<D: ElementwiseDerivative>(
        by derivative: D.Type, at value: Tensor, context: FunctionContext<Void>, composed: () -> Tensor
    ) -> Tensor {
        guard !context.isRecorded, dtype == value.dtype, shape == value.shape else { return composed() }
        return scaledUnrecorded(by: derivative, at: value)
    }

    /// `g ⊙̃ D(value)` in one pass, nothing recorded (`value` has this tensor's shape and type).
    func scaledUnrecorded<D: ElementwiseDerivative>(by _: D.Type, at value: Tensor) -> Tensor {
        Tensor(storage: TensorData.binary(DerivativeProductKernel<D>.self, storage, shape, value.storage, value.shape, into: shape), shape: shape)
    }

}

/// A unary function's local derivative at one element, for `Tensor.scaled(by:at:context:composed:)`.
protocol ElementwiseDerivative {
    /// f′ from the element the rule reads, by the composed rule's operations in its order.
    static func slope<T: TensorFloat>(at value: T) -> T
}

/// g ⊙̃ D(v): 0 where g is 0, whatever the derivative (as `multipliedNoNaN`).
enum DerivativeProductKernel<D: ElementwiseDerivative>: BinaryKernel {
    @inline(__always) static func apply<T: TensorFloat>(_ g: T, _ v: T) -> T { MultiplyNoNaNKernel.apply(g, D.slope(at: v)) }
}

/// sin′(x) = cos x.
enum SineDerivative: ElementwiseDerivative {
    @inline(__always) static func slope<T: TensorFloat>(at x: T) -> T { CosKernel.apply(x) }
}
/// cos′(x) = −sin x.
enum CosineDerivative: ElementwiseDerivative {
    @inline(__always) static func slope<T: TensorFloat>(at x: T) -> T { -SinKernel.apply(x) }
}
/// x⁻¹ (`pow(x, -1)`): log′(x), and ∂(a/b)/∂a read at b.
enum ReciprocalDerivative: ElementwiseDerivative {
    @inline(__always) static func slope<T: TensorFloat>(at x: T) -> T { ReciprocalKernel.apply(x) }
}
/// tan′ = 1 + y², from the output y (`1 + pow(y, 2)`).
enum TangentDerivative: ElementwiseDerivative {
    @inline(__always) static func slope<T: TensorFloat>(at y: T) -> T { SquareKernel.apply(y) + 1 }
}
/// √′ = 0.5 · y⁻¹, from the output y (`0.5 * pow(y, -1)`).
enum SquareRootDerivative: ElementwiseDerivative {
    @inline(__always) static func slope<T: TensorFloat>(at y: T) -> T { ReciprocalKernel.apply(y) * 0.5 }
}
/// (x²)′ = 2x (`2 * pow(x, 1)`).
enum SquareDerivative: ElementwiseDerivative {
    @inline(__always) static func slope<T: TensorFloat>(at x: T) -> T { IdentityKernel.apply(x) * 2 }
}
/// (x³)′ = 3x² (`3 * pow(x, 2)`).
enum CubeDerivative: ElementwiseDerivative {
    @inline(__always) static func slope<T: TensorFloat>(at x: T) -> T { SquareKernel.apply(x) * 3 }
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
        let x = context.inputs[0]
        return gradient.scaled(by: ReciprocalDerivative.self, at: x, context: context) { gradient.multipliedNoNaN(by: pow(x, -1)) }
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: pow(context.inputs[0], -1))
    }
}

/// log(1 + x): log1p′ = 1 / (1 + x).
struct Log1pFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(LogOfOnePlusKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient.multipliedNoNaN(by: pow(context.inputs[0] + 1, -1))
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(by: pow(context.inputs[0] + 1, -1))
    }
}

/// Sine.
struct SinFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(SinKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        let x = context.inputs[0]
        return gradient.scaled(by: SineDerivative.self, at: x, context: context) { gradient.multipliedNoNaN(by: cos(x)) }
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
        let x = context.inputs[0]
        return gradient.scaled(by: CosineDerivative.self, at: x, context: context) { gradient.multipliedNoNaN(by: -sin(x)) }
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
        let y = context.output
        return gradient.scaled(by: TangentDerivative.self, at: y, context: context) { gradient.multipliedNoNaN(by: 1 + pow(y, 2)) }
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
        gradient.scaledByDerivative(TanhDerivative.self, output: context.output, context: context)
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
        gradient.scaledByDerivative(SigmoidDerivative.self, output: context.output, context: context)
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
        [context.needsGradient[0] ? ReLUGradientFunction().applied(to: gradient, context.inputs[1].stoppingGradient(recording: context.isRecorded)) : nil, nil]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { ReLUGradientFunction().applied(to: $0, context.inputs[1].stoppingGradient()) }
    }
}

/// √x: √′ = 1 / (2√x), infinite at 0.
struct SqrtFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0].applyingUnaryKernel(SqrtKernel.self), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        let y = context.output
        return gradient.scaled(by: SquareRootDerivative.self, at: y, context: context) { gradient.multipliedNoNaN(by: 0.5 * pow(y, -1)) }
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
        UnaryValue<SignKernel>(name: "sign").evaluated(on: context.inputs[0], recording: context.isRecorded).multipliedNoNaN(by: gradient)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { UnaryValue<SignKernel>(name: "sign").evaluated(on: context.inputs[0]).multipliedNoNaN(by: $0) }
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
        if exponent == 0 { return x.cutFromGraph().zerosLike() }
        let composed = { gradient.multipliedNoNaN(by: exponent * pow(x, exponent - 1)) }
        // The common powers (a squared error written `pow(e, 2)`) take one pass when unrecorded.
        switch exponent {
        case 2: return gradient.scaled(by: SquareDerivative.self, at: x, context: context, composed: composed)
        case 3: return gradient.scaled(by: CubeDerivative.self, at: x, context: context, composed: composed)
        default: return composed()
        }
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        guard let tangent = tangents[0], exponent != 0 else { return nil }
        return tangent.multipliedNoNaN(by: exponent * pow(context.inputs[0], exponent - 1))
    }
}
