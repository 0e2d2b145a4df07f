// Backward products of the functions whose derivative is a polynomial in their own output:
// tanh′ = 1 − y² and σ′ = y(1 − y). Each product g ⊙̃ f′(y) is one recorded operation with one
// kernel pass, instead of the three or four that composing it from `pow`, `-` and `*` records and
// allocates (PyTorch's TanhBackward and SigmoidBackward are the same idea). T3, a third of whose
// operations are tanh, spent most of its backward in that composition.
//
// The fused operation differentiates like the composition, so second and higher derivatives are
// unchanged: its own rules are composed from primitives (and from itself: ∂/∂g of g ⊙̃ f′(y) is
// the same product with the incoming gradient in place of g).

/// A derivative written in terms of the function's output, for ``OutputDerivativeProductFunction``.
protocol OutputDerivative {
    /// The kernel of g ⊙̃ f′(y): 0 where g is 0, whatever y is (as `multipliedNoNaN`).
    associatedtype ProductKernel: BinaryKernel
    /// The recorded operation's name (`grad_fn`).
    static var name: String { get }
    /// f″ expressed through y: the derivative of f′(y) with respect to y, composed from primitives.
    static func slope(_ y: Tensor) -> Tensor
    /// `slope` on one element, with the same operations in the same order (so the fused backward
    /// gives the composition's bits).
    static func slope<T: TensorFloat>(of y: T) -> T
}

/// tanh′ = 1 − y².
enum TanhDerivative: OutputDerivative {
    enum ProductKernel: BinaryKernel {
        @inlinable static func apply<T: TensorFloat>(_ g: T, _ y: T) -> T { g == 0 ? 0 : g * (1 - y * y) }
    }
    static var name: String { "TanhBackward" }
    static func slope(_ y: Tensor) -> Tensor { -2 * y }
    @inline(__always) static func slope<T: TensorFloat>(of y: T) -> T { -2 * y }
}

/// σ′ = y(1 − y).
enum SigmoidDerivative: OutputDerivative {
    enum ProductKernel: BinaryKernel {
        @inlinable static func apply<T: TensorFloat>(_ g: T, _ y: T) -> T { g == 0 ? 0 : g * (y * (1 - y)) }
    }
    static var name: String { "SigmoidBackward" }
    static func slope(_ y: Tensor) -> Tensor { 1 - 2 * y }
    @inline(__always) static func slope<T: TensorFloat>(of y: T) -> T { 1 - 2 * y }
}

extension Tensor {
    /// self ⊙̃ f′(output): a gradient scaled by a derivative that is a polynomial in the output.
    func scaledByDerivative<D: OutputDerivative>(_ derivative: D.Type, output: Tensor) -> Tensor {
        OutputDerivativeProductFunction<D>().applied(to: self, output)
    }

    /// `scaledByDerivative(_:output:)` inside a backward rule: when the pass is not recorded, the
    /// product's kernel runs alone (the same kernel, so the same bits), without the bookkeeping of
    /// applying an operation, which for one element costs several times the arithmetic.
    func scaledByDerivative<D: OutputDerivative, Saved>(
        _ derivative: D.Type, output: Tensor, context: FunctionContext<Saved>
    ) -> Tensor {
        guard !context.isRecorded else { return scaledByDerivative(derivative, output: output) }
        return broadcastBinary(D.ProductKernel.self, D.name, self, output, at: .operatorCall)
    }
}

/// g ⊙̃ f′(y), broadcasting as `multipliedNoNaN`; differentiable in g and in y.
struct OutputDerivativeProductFunction<Derivative: OutputDerivative>: TensorPrimitive {
    var name: String { Derivative.name }

    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(Derivative.ProductKernel.self, Derivative.name, inputs[0], inputs[1], at: .operatorCall), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (g, y) = (context.inputs[0], context.inputs[1])
        return [
            context.needsGradient[0] ? gradient.scaledByDerivative(Derivative.self, output: y, context: context).summedBack(toMatch: g) : nil,
            // Where g is 0 the product does not depend on y at all.
            context.needsGradient[1] ? gradientOfOutputFactor(g: g, gradient: gradient, y: y, context: context) : nil,
        ]
    }
    /// g ⊙̃ (gradient · f″(y)) summed back to y: where g is 0 the product does not depend on y.
    ///
    /// Unrecorded, with one shape and element type throughout (a second-order pass's usual case),
    /// it is one loop instead of three operations and a constant; the loop does the composition's
    /// operations in its order, so the bits are the same.
    private func gradientOfOutputFactor(g: Tensor, gradient: Tensor, y: Tensor, context: FunctionContext<Void>) -> Tensor {
        if !context.isRecorded && g.shape == y.shape && gradient.shape == y.shape {
            switch (g.storage, gradient.storage, y.storage) {
            case (.float32(let g), .float32(let gradient), .float32(let y)):
                return Tensor(storage: .float32(Self.outputFactorLoop(g, gradient, y)), shape: context.inputs[1].shape)
            case (.float64(let g), .float64(let gradient), .float64(let y)):
                return Tensor(storage: .float64(Self.outputFactorLoop(g, gradient, y)), shape: context.inputs[1].shape)
            default: break
            }
        }
        return g.multipliedNoNaN(by: gradient * Derivative.slope(y)).summedBack(toMatch: y)
    }

    /// `out[i] = g[i] ⊙̃ (gradient[i] · f″(y[i]))` for arrays of one length (the output starts as a
    /// copy of `g`: a fresh uninitialised array costs a runtime type lookup).
    private static func outputFactorLoop<T: TensorFloat>(_ g: [T], _ gradient: [T], _ y: [T]) -> [T] {
        var out = g
        out.withUnsafeMutableBufferPointer { out in
            gradient.withUnsafeBufferPointer { gradient in
                y.withUnsafeBufferPointer { y in
                    for i in 0..<out.count {
                        out[i] = MultiplyNoNaNKernel.apply(out[i], gradient[i] * Derivative.slope(of: y[i]))
                    }
                }
            }
        }
        return out
    }

    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        let (g, y) = (context.inputs[0], context.inputs[1])
        return Tensor.adding(
            tangents[0]?.scaledByDerivative(Derivative.self, output: y),
            tangents[1].map { g.multipliedNoNaN(by: $0 * Derivative.slope(y)) }
        )?.broadcastTangent(to: context.output)
    }
}
