// The arithmetic primitives, each with its forward kernel, backward rule and tangent rule side by
// side. Binary primitives broadcast; their backward rules sum each gradient back to its input's
// shape, and their tangent rules expand each input's tangent to the output's.

enum AddKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a + b }
}
enum SubtractKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a - b }
}
enum MultiplyKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a * b }
}
enum DivideKernel: BinaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ a: T, _ b: T) -> T { a / b }
}
enum NegateKernel: UnaryKernel {
    @inlinable static func apply<T: TensorFloat>(_ x: T) -> T { -x }
}

/// Runs a broadcasting binary kernel on two tensors' values, checking that their shapes broadcast.
func broadcastBinary<K: BinaryKernel>(_ kernel: K.Type, _ name: String, _ a: Tensor, _ b: Tensor, at location: CallerLocation) -> Tensor {
    guard let shape = Shape.broadcast(a.shape, b.shape) else {
        fatalError("\(name): shapes \(a.shape) and \(b.shape) do not broadcast (at \(location))", file: "Autograd", line: 0)
    }
    return Tensor(storage: TensorData.binary(kernel, a.storage, a.shape, b.storage, b.shape, into: shape), shape: shape)
}

/// a + b.
struct AddFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(AddKernel.self, "add", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (a, b) = (context.inputs[0], context.inputs[1])
        return [
            context.needsGradient[0] ? gradient.summedBack(toMatch: a) : nil,
            context.needsGradient[1] ? gradient.summedBack(toMatch: b) : nil,
        ]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        Tensor.adding(tangents[0], tangents[1])?.broadcastTangent(to: context.output)
    }
}

/// a − b.
struct SubtractFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(SubtractKernel.self, "subtract", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (a, b) = (context.inputs[0], context.inputs[1])
        return [
            context.needsGradient[0] ? gradient.summedBack(toMatch: a) : nil,
            context.needsGradient[1] ? (-gradient).summedBack(toMatch: b) : nil,
        ]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        Tensor.adding(tangents[0], tangents[1].map { -$0 })?.broadcastTangent(to: context.output)
    }
}

/// a · b, elementwise.
struct MultiplyFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(MultiplyKernel.self, "multiply", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (a, b) = (context.inputs[0], context.inputs[1])
        // Scaled with the NaN-safe product, so that a zero gradient (from a branch `where` did not
        // choose) stays zero even where the other factor is infinite.
        return [
            context.needsGradient[0] ? gradient.multipliedNoNaN(by: b).summedBack(toMatch: a) : nil,
            context.needsGradient[1] ? gradient.multipliedNoNaN(by: a).summedBack(toMatch: b) : nil,
        ]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // t_a·b + a·t_b, NaN-safe as backward is: a zero tangent stays zero beside an infinite factor.
        let (a, b) = (context.inputs[0], context.inputs[1])
        return Tensor.adding(tangents[0]?.multipliedNoNaN(by: b), tangents[1]?.multipliedNoNaN(by: a))?
            .broadcastTangent(to: context.output)
    }
}

/// a / b, elementwise.
struct DivideFunction: TensorPrimitive {
    let location: CallerLocation
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (broadcastBinary(DivideKernel.self, "divide", inputs[0], inputs[1], at: location), ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let (a, b, y) = (context.inputs[0], context.inputs[1], context.output)
        if !context.isRecorded && a.shape == gradient.shape && b.shape == gradient.shape
            && a.dtype == gradient.dtype && b.dtype == gradient.dtype
        {
            // Unrecorded, without broadcasting: three passes instead of the composition's four
            // operations, each element by the composition's operations in its order (same bits).
            return [
                context.needsGradient[0] ? gradient.scaledUnrecorded(by: ReciprocalDerivative.self, at: b) : nil,
                context.needsGradient[1]
                    ? gradient.multipliedNoNaN(by: broadcastBinary(DivisorSlopeKernel.self, "divide", y, b, at: location))
                    : nil,
            ]
        }
        // NaN-safe as in Multiply: at b = 0 an unchosen branch's zero gradient stays zero. The
        // divisor's slope −a/b² is taken as −y/b from the quotient y: two divisions, where −a·b⁻²
        // evaluated the general power function per element.
        return [
            context.needsGradient[0] ? gradient.multipliedNoNaN(by: pow(b, -1)).summedBack(toMatch: a) : nil,
            context.needsGradient[1] ? gradient.multipliedNoNaN(by: -y / b).summedBack(toMatch: b) : nil,
        ]
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        // t_a / b − t_b · y / b.
        let b = context.inputs[1]
        return Tensor.adding(tangents[0]?.multipliedNoNaN(by: pow(b, -1)), tangents[1]?.multipliedNoNaN(by: -context.output / b))?
            .broadcastTangent(to: context.output)
    }
}

/// ∂(a/b)/∂b = −a/b², from the quotient y = a/b and the divisor: (−y)/b (`-y / b`).
enum DivisorSlopeKernel: BinaryKernel {
    @inline(__always) static func apply<T: TensorFloat>(_ y: T, _ b: T) -> T { DivideKernel.apply(NegateKernel.apply(y), b) }
}

/// −x.
struct NegateFunction: SingleInputPrimitive {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (Tensor(storage: inputs[0].storage.unary(NegateKernel.self), shape: inputs[0].shape), ())
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<Void>) -> Tensor? {
        -gradient
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<Void>) -> Tensor? {
        tangents[0].map { -$0 }
    }
}

/// The same values in another element type.
struct ConvertFunction: SingleInputPrimitive {
    let dtype: DType
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: DType) {
        (Tensor(storage: inputs[0].storage.converted(to: dtype), shape: inputs[0].shape), inputs[0].dtype)
    }
    func inputGradient(_ gradient: Tensor, context: FunctionContext<DType>) -> Tensor? {
        gradient.converted(to: context.saved)
    }
    func tangent(_ tangents: [Tensor?], context: FunctionContext<DType>) -> Tensor? {
        tangents[0]?.converted(to: dtype)
    }
}
