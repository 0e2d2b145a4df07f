// Compiles a recorded graph into a ReplayPlan: one walk over the nodes in topological order (the
// order backward uses, found with an explicit stack, never by recursion), choosing a fast in-place
// step for each common primitive and a fallback step for everything else.

enum ReplayCompiler {
    /// The plan that recomputes `output` from `leaves` (the traced inputs, in order).
    ///
    /// Values that do not depend on the leaves (captured tensors, and operations on them only) are
    /// folded into constants with the values they had when traced.
    static func compile(output: Tensor, leaves: [Tensor]) -> ReplayPlan {
        var plan = ReplayPlan()
        // The slot of every value that depends on the inputs, by the node that recorded it.
        var dependent: [ObjectIdentifier: ReplaySlot] = [:]
        for leaf in leaves {
            let slot = plan.allocate(leaf.dtype, shape: leaf.shape)
            plan.inputs.append(slot)
            dependent[ObjectIdentifier(leaf.node!)] = slot
        }
        let order = output.node.map(Tensor.topologicalOrder(from:)) ?? []
        for node in order where !node.isLeaf {
            let operands = node.inputs.map { input in input.node.flatMap { dependent[ObjectIdentifier($0)] } }
            // An operation on constants only is a constant: its value is what its users read.
            guard operands.contains(where: { $0 != nil }) else { continue }
            guard let replayable = node as? any ReplayableNode else {
                fatalError("replay: the recorded operation '\(node.name)' cannot be replayed")
            }
            let slots = zip(operands, node.inputs).map { slot, input in slot ?? plan.constant(input) }
            // A value-dependent step (a mask, a stop) passes no gradient back to its operands.
            let takes = operands.map { $0 != nil && node.passesGradient }
            dependent[ObjectIdentifier(node)] = plan.append(
                replayable, operands: slots, takesGradient: takes, outputShape: node.shape, outputType: node.dtype)
        }
        if let root = output.node, let slot = dependent[ObjectIdentifier(root)] {
            plan.output = slot
            plan.outputDependsOnInputs = true
        } else {
            plan.output = plan.constant(output)
        }
        plan.assignGradientWrites()
        return plan
    }
}

// MARK: - Choosing a step

extension ReplayPlan {
    /// Appends the step that recomputes `node` and returns where its output lives.
    mutating func append(
        _ node: any ReplayableNode, operands: [ReplaySlot], takesGradient: [Bool], outputShape: [Int], outputType: DType
    ) -> ReplaySlot {
        let function = node.recordedFunction
        let sameType = operands.allSatisfy { $0.dtype == outputType }
        if sameType, function is ReshapeFunction {
            return operands[0].reshaped(to: outputShape)
        }
        if sameType, let kind = Self.fastKind(of: function, operands: operands, outputShape: outputShape) {
            let output = allocate(outputType, shape: outputShape)
            var kind = kind
            if case .matrixProduct(let m, let n, let k, _) = kind {
                kind = .matrixProduct(m: m, n: n, k: k, scratch: reserve(outputType, count: ReplayMatrixProduct.scratchCount(m: m, n: n, k: k)))
                let packing = ReplayMatrixProduct.needsPacking(m: m, n: n, k: k)
                if outputType == .float32 { floatPacking = floatPacking || packing } else { doublePacking = doublePacking || packing }
            }
            let described = operands.indices.map { index in
                ReplayOperand(offset: operands[index].offset, count: operands[index].count, takesGradient: takesGradient[index], accumulates: false)
            }
            steps.append(ReplayStep(
                kind: kind, dtype: outputType, first: described[0], second: described.count > 1 ? described[1] : .none,
                output: output.offset, count: output.count))
            return output
        }
        let output = allocate(outputType, shape: outputShape)
        fallbacks.append(ReplayFallbackStep(
            operation: node.makeFallback(), operands: operands, gradients: takesGradient.map { ($0, false) }, output: output))
        steps.append(ReplayStep(
            kind: .fallback(index: fallbacks.count - 1), dtype: outputType, first: .none, second: .none,
            output: output.offset, count: output.count))
        return output
    }

    /// The fast step for `function` on operands of one element type, or nil when it has none.
    static func fastKind(of function: any DifferentiableFunction, operands: [ReplaySlot], outputShape: [Int]) -> ReplayStepKind? {
        if let unary = unaryOperation(function) { return .unary(unary) }
        if let binary = binaryOperation(function) {
            // Equal counts (shapes that differ only by leading 1s), one element broadcast against the
            // rest, or a row (the output's trailing axes) repeated down the leading axes, as a bias
            // is added: operand element i % count meets output element i. One operand must fill
            // the output.
            let count = Shape.count(outputShape)
            func periodic(_ slot: ReplaySlot) -> Bool {
                let trailing = Array(slot.shape.drop { $0 == 1 })
                return slot.count == 1 || slot.count == count || Array(outputShape.suffix(trailing.count)) == trailing
            }
            let fills = operands.contains { $0.count == count }
            return fills && operands.allSatisfy(periodic) ? .binary(binary) : nil
        }
        if function is SumFunction, Shape.count(outputShape) == 1 { return .sumToScalar }
        if let product = function as? MatmulFunction, product.transposed == .none,
           operands[0].shape.count == 2, operands[1].shape.count == 2 {
            let (a, b) = (operands[0].shape, operands[1].shape)
            return .matrixProduct(m: a[0], n: b[1], k: a[1], scratch: 0)
        }
        return nil
    }

    private static func unaryOperation(_ function: any DifferentiableFunction) -> ReplayUnaryOperation? {
        switch function {
        case is NegateFunction: .negate
        case is ExpFunction: .exp
        case is LogFunction: .log
        case is SinFunction: .sin
        case is CosFunction: .cos
        case is TanFunction: .tan
        case is TanhFunction: .tanh
        case is SigmoidFunction: .sigmoid
        case is ReLUFunction: .relu
        case is SqrtFunction: .sqrt
        case is AbsFunction: .abs
        case let power as ConstantPowerFunction: .power(power.exponent)
        case let product as MultiplyScalarFunction: .multiplyScalar(product.factor, keepsZeros: product.keepsZeros)
        case let sum as AddScalarFunction: .addScalar(sum.offset)
        default: nil
        }
    }

    private static func binaryOperation(_ function: any DifferentiableFunction) -> ReplayBinaryOperation? {
        switch function {
        case is AddFunction: .add
        case is SubtractFunction: .subtract
        case is MultiplyFunction: .multiply
        case is MultiplyNoNaNFunction: .multiplyNoNaN
        case is DivideFunction: .divide
        default: nil
        }
    }
}
