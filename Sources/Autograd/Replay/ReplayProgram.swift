// A compiled trace with its memory: one arena of values and one of gradients per element type,
// allocated once, and the loops that run the plan's steps forward and backward through them.

/// The values and gradients of one element type, back to back (the plan gives each value an offset).
struct ReplayArena<T: TensorFloat> {
    let values: UnsafeMutablePointer<T>
    let gradients: UnsafeMutablePointer<T>
    let count: Int

    /// Zeroed memory for `count` values and as many gradients.
    init(count: Int) {
        self.count = Swift.max(count, 1)
        values = .allocate(capacity: self.count)
        values.initialize(repeating: 0, count: self.count)
        gradients = .allocate(capacity: self.count)
        gradients.initialize(repeating: 0, count: self.count)
    }

    func deallocate() {
        values.deallocate()
        gradients.deallocate()
    }

    /// The elements at `offset`, copied into an array.
    func array(from base: UnsafeMutablePointer<T>, offset: Int, count: Int) -> [T] {
        Array(UnsafeBufferPointer(start: base + offset, count: count))
    }

    /// Stores `source` at `offset`, or adds it to what is there.
    func write(_ source: [T], to base: UnsafeMutablePointer<T>, offset: Int, accumulating: Bool) {
        source.withUnsafeBufferPointer { source in
            let target = base + offset
            if accumulating {
                for i in 0..<source.count { target[i] += source[i] }
            } else {
                for i in 0..<source.count { target[i] = source[i] }
            }
        }
    }
}

/// A plan with its arenas: runs a replay and hands back its value and gradients.
///
/// A class because it owns manually managed memory; ``RecordedFunction`` wraps it with value
/// semantics (copy on write), so no two owners ever replay into the same buffers.
final class ReplayProgram {
    let plan: ReplayPlan
    private var fallbacks: [ReplayFallbackStep]
    private let floats: ReplayArena<Float>
    private let doubles: ReplayArena<Double>
    private let floatPacking: MatrixScratch<Float>?
    private let doublePacking: MatrixScratch<Double>?

    init(plan: ReplayPlan) {
        self.plan = plan
        fallbacks = plan.fallbacks.map { $0.copy() }
        floats = ReplayArena(count: plan.floatCount)
        doubles = ReplayArena(count: plan.doubleCount)
        floatPacking = plan.floatPacking ? MatrixScratch(for: FloatMicroKernel.self) : nil
        doublePacking = plan.doublePacking ? MatrixScratch(for: DoubleMicroKernel.self) : nil
        for (slot, values) in plan.constants { write(values, to: slot, gradient: false, accumulating: false) }
    }

    deinit {
        floats.deallocate()
        doubles.deallocate()
        floatPacking?.deallocate()
        doublePacking?.deallocate()
    }

    /// A program of the same plan with its own memory.
    func copy() -> ReplayProgram { ReplayProgram(plan: plan) }

    // MARK: - Running

    /// Loads the inputs (already checked against the trace) and computes every value.
    func runForward(_ inputs: [Tensor]) {
        for (input, slot) in zip(inputs, plan.inputs) { write(input.storage, to: slot, gradient: false, accumulating: false) }
        for step in plan.steps {
            switch (step.kind, step.dtype) {
            case (.fallback(let index), _): forwardFallback(fallbacks[index])
            case (_, .float32): Self.forward(step, floats, packing: floatPacking)
            case (_, .float64): Self.forward(step, doubles, packing: doublePacking)
            }
        }
    }

    /// Computes every input's gradient (after `runForward`).
    func runBackward() {
        guard plan.outputDependsOnInputs else { return }
        switch plan.output.dtype {
        case .float32: floats.gradients[plan.output.offset] = 1
        case .float64: doubles.gradients[plan.output.offset] = 1
        }
        for step in plan.steps.reversed() {
            switch (step.kind, step.dtype) {
            case (.fallback(let index), _): backwardFallback(fallbacks[index])
            case (_, .float32): Self.backward(step, floats, packing: floatPacking)
            case (_, .float64): Self.backward(step, doubles, packing: doublePacking)
            }
        }
    }

    /// The result, as a tensor.
    var value: Tensor { tensor(at: plan.output, gradient: false) }

    /// Each input's gradient, as tensors (zeros for an input the result does not depend on).
    var gradients: [Tensor] {
        plan.inputs.indices.map { index in
            let slot = plan.inputs[index]
            guard plan.outputDependsOnInputs, !plan.unreachedInputs.contains(index) else {
                return Tensor(storage: TensorData(repeating: 0, count: slot.count, dtype: slot.dtype), shape: slot.shape)
            }
            return tensor(at: slot, gradient: true)
        }
    }

    // MARK: - Fast steps

    @inline(__always)
    private static func forward<T: ReplayMatrixScalar>(_ step: ReplayStep, _ arena: ReplayArena<T>, packing: MatrixScratch<T>?) {
        let v = arena.values
        let (first, second) = (step.first, step.second)
        switch step.kind {
        case .unary(let operation):
            ReplayLoops.unaryForward(operation, v + first.offset, v + step.output, count: step.count)
        case .binary(let operation):
            ReplayLoops.binaryForward(
                operation, v + first.offset, aCount: first.count, v + second.offset, bCount: second.count, v + step.output, count: step.count)
        case .sumToScalar:
            ReplayLoops.sumForward(v + first.offset, count: first.count, into: v + step.output)
        case .matrixProduct(let m, let n, let k, _):
            ReplayMatrixProduct.multiply(v + first.offset, v + second.offset, into: v + step.output, m: m, n: n, k: k, packing: packing)
        case .fallback:
            fatalError("unreachable: fallbacks run through their functions")
        }
    }

    @inline(__always)
    private static func backward<T: ReplayMatrixScalar>(_ step: ReplayStep, _ arena: ReplayArena<T>, packing: MatrixScratch<T>?) {
        let (v, g) = (arena.values, arena.gradients)
        let (first, second) = (step.first, step.second)
        switch step.kind {
        case .unary(let operation):
            ReplayLoops.unaryBackward(
                operation, x: v + first.offset, y: v + step.output, g: g + step.output, gx: g + first.offset,
                count: step.count, accumulating: first.accumulates)
        case .binary(let operation):
            ReplayLoops.binaryBackward(
                operation, a: v + first.offset, first, ga: g + first.offset, b: v + second.offset, second, gb: g + second.offset,
                g: g + step.output, count: step.count)
        case .sumToScalar:
            ReplayLoops.sumBackward(g: g + step.output, gx: g + first.offset, count: first.count, accumulating: first.accumulates)
        case .matrixProduct(let m, let n, let k, let scratch):
            ReplayMatrixProduct.backward(
                a: v + first.offset, first, ga: g + first.offset, b: v + second.offset, second, gb: g + second.offset,
                g: g + step.output, m: m, n: n, k: k, scratch: v + scratch, packing: packing)
        case .fallback:
            fatalError("unreachable: fallbacks run through their functions")
        }
    }

    // MARK: - Fallback steps

    private func forwardFallback(_ step: ReplayFallbackStep) {
        let output = step.operation.forward(step.operands.map { tensor(at: $0, gradient: false) })
        require(
            output.shape == step.output.shape && output.dtype == step.output.dtype,
            "replay: '\(step.operation.name)' returned a \(output.dtype) tensor of shape \(output.shape) where the trace "
                + "recorded \(step.output.dtype) \(step.output.shape); a traced function's shapes must not depend on its input values")
        write(output.storage, to: step.output, gradient: false, accumulating: false)
    }

    private func backwardFallback(_ step: ReplayFallbackStep) {
        let gradient = tensor(at: step.output, gradient: true)
        let inputGradients = step.operation.backward(gradient, needsGradient: step.gradients.map(\.takes))
        for (index, operand) in step.operands.enumerated() where step.gradients[index].takes {
            let accumulating = step.gradients[index].accumulates
            guard index < inputGradients.count, let inputGradient = inputGradients[index] else {
                // No gradient is a zero gradient; the first writer must still clear the buffer.
                if !accumulating {
                    write(TensorData(repeating: 0, count: operand.count, dtype: operand.dtype), to: operand, gradient: true, accumulating: false)
                }
                continue
            }
            require(
                inputGradient.count == operand.count,
                "replay: the backward rule of '\(step.operation.name)' returned shape \(inputGradient.shape) for input \(index) of shape \(operand.shape)")
            write(inputGradient.storage, to: operand, gradient: true, accumulating: accumulating)
        }
    }

    // MARK: - Moving values in and out

    /// The value (or gradient) at `slot`, copied into a tensor.
    private func tensor(at slot: ReplaySlot, gradient: Bool) -> Tensor {
        let storage: TensorData = switch slot.dtype {
        case .float32: .float32(floats.array(from: gradient ? floats.gradients : floats.values, offset: slot.offset, count: slot.count))
        case .float64: .float64(doubles.array(from: gradient ? doubles.gradients : doubles.values, offset: slot.offset, count: slot.count))
        }
        return Tensor(storage: storage, shape: slot.shape)
    }

    /// Stores (or adds) `values`, converted to the slot's element type, at `slot`.
    private func write(_ values: TensorData, to slot: ReplaySlot, gradient: Bool, accumulating: Bool) {
        switch values.converted(to: slot.dtype) {
        case .float32(let source):
            floats.write(source, to: gradient ? floats.gradients : floats.values, offset: slot.offset, accumulating: accumulating)
        case .float64(let source):
            doubles.write(source, to: gradient ? doubles.gradients : doubles.values, offset: slot.offset, accumulating: accumulating)
        }
    }
}
