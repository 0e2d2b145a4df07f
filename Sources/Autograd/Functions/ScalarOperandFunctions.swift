// The two primitives with a number as their second operand: x · c and x + c. A number could be
// wrapped as a constant tensor and sent through the broadcasting Multiply and Add (as the seed
// tutorials do), with the same bits; as a primitive of its own, `y * 1.001` makes no constant
// tensor, works out no broadcast, and its backward is one scaling (or nothing at all for a sum),
// about a third of the instructions per operation (workload T3). PyTorch keeps `mul.Scalar` and
// `add.Scalar` apart for the same reason.
//
// x − c is recorded as x + (−c) (IEEE subtraction is defined as exactly that) and c · x as x · c;
// c − x and the quotients keep the broadcasting primitives.

extension Tensor {
    /// self · factor, recorded as one `MultiplyScalar` node.
    func multiplied(byScalar factor: Double) -> Tensor {
        MultiplyScalarFunction(factor: factor, keepsZeros: false).applied(to: self)
    }

    /// self · factor, but exactly 0 wherever `self` is 0, even when `factor` is infinite or NaN (the
    /// form backward rules scale gradients with; see `multipliedNoNaN(by:)`).
    func multipliedNoNaN(byScalar factor: Double) -> Tensor {
        MultiplyScalarFunction(factor: factor, keepsZeros: true).applied(to: self)
    }

    /// self + offset, recorded as one `AddScalar` node.
    func adding(scalar offset: Double) -> Tensor {
        AddScalarFunction(offset: offset).applied(to: self)
    }
}

/// x · c for a number c, elementwise (with `keepsZeros`, 0 stays 0 whatever c is).
struct MultiplyScalarFunction: SingleInputPrimitive {
    let factor: Double
    /// Whether an element that is 0 gives exactly 0 even when `factor` is infinite or NaN.
    let keepsZeros: Bool
    var name: String { "MultiplyScalar" }

    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        let x = inputs[0]
        let storage = keepsZeros ? x.storage.withScalar(MultiplyNoNaNKernel.self, factor) : x.storage.withScalar(MultiplyKernel.self, factor)
        return (Tensor(storage: storage, shape: x.shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        // NaN-safe, as Multiply's rule: a zero gradient stays zero beside an infinite factor.
        gradient.multipliedNoNaN(byScalar: factor)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]?.multipliedNoNaN(byScalar: factor)
    }
}

/// x + c for a number c, elementwise.
struct AddScalarFunction: SingleInputPrimitive {
    let offset: Double
    var name: String { "AddScalar" }

    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (Tensor(storage: inputs[0].storage.withScalar(AddKernel.self, offset), shape: inputs[0].shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        gradient
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0]
    }
}
