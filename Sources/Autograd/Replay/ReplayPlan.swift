// A traced graph compiled into a plan: the steps in order, where every value lives, and which
// values are constants. The plan holds no memory for values; a `ReplayProgram` allocates that.

/// Where one value of a replay lives: an offset into the arena of its element type.
struct ReplaySlot {
    let dtype: DType
    let offset: Int
    let shape: [Int]
    var count: Int { Shape.count(shape) }

    /// The same elements read in another shape (a reshape costs nothing in a replay).
    func reshaped(to shape: [Int]) -> ReplaySlot { ReplaySlot(dtype: dtype, offset: offset, shape: shape) }
}

/// Everything a program needs to run a trace, fixed when the trace is compiled.
struct ReplayPlan {
    /// The operations, inputs before the operations that use them.
    var steps: [ReplayStep] = []
    /// The fallback steps `steps` refer to by index (templates: a program runs copies).
    var fallbacks: [ReplayFallbackStep] = []
    /// Where each input is loaded.
    var inputs: [ReplaySlot] = []
    /// Where the result is read.
    var output = ReplaySlot(dtype: .float32, offset: 0, shape: [])
    /// Whether the result depends on the inputs (when not, every gradient is zero).
    var outputDependsOnInputs = false
    /// The inputs no step sends a gradient to (their gradient is zero).
    var unreachedInputs: [Int] = []
    /// The captured values, written once when a program is made.
    var constants: [(slot: ReplaySlot, values: TensorData)] = []
    /// The size of each element type's arena.
    var floatCount = 0
    var doubleCount = 0
    /// Whether a matrix product of each element type needs the packed kernel's scratch.
    var floatPacking = false
    var doublePacking = false

    /// Reserves room for a value of `shape`.
    mutating func allocate(_ dtype: DType, shape: [Int]) -> ReplaySlot {
        ReplaySlot(dtype: dtype, offset: reserve(dtype, count: Shape.count(shape)), shape: shape)
    }

    /// Reserves `count` elements of `dtype` and returns their offset.
    ///
    /// An empty value still takes one element, so that no two values share an offset (a gradient
    /// buffer is known by its offset).
    mutating func reserve(_ dtype: DType, count: Int) -> Int {
        let count = Swift.max(count, 1)
        switch dtype {
        case .float32:
            defer { floatCount += count }
            return floatCount
        case .float64:
            defer { doubleCount += count }
            return doubleCount
        }
    }

    /// A slot holding fixed values.
    mutating func constant(_ tensor: Tensor) -> ReplaySlot {
        let slot = allocate(tensor.dtype, shape: tensor.shape)
        constants.append((slot, tensor.storage))
        return slot
    }

    /// The names of the operations that replay through their own forward and backward.
    var fallbackNames: [String] { fallbacks.map(\.operation.name) }
}

// MARK: - Gradient bookkeeping

extension ReplayPlan {
    /// Decides, walking the steps in backward order, which step first reaches each gradient buffer
    /// (it stores) and which come after (they add), and which inputs no step reaches.
    mutating func assignGradientWrites() {
        var written: Set<GradientKey> = []
        if outputDependsOnInputs { written.insert(GradientKey(output)) }
        for index in steps.indices.reversed() {
            let step = steps[index]
            if case .fallback(let fallback) = step.kind {
                let operands = fallbacks[fallback].operands
                fallbacks[fallback].gradients = zip(operands, fallbacks[fallback].gradients).map { operand, gradient in
                    guard gradient.takes else { return gradient }
                    return (true, !written.insert(GradientKey(operand)).inserted)
                }
                continue
            }
            for keyPath in [\ReplayStep.first, \ReplayStep.second] where step[keyPath: keyPath].takesGradient {
                let key = GradientKey(dtype: step.dtype, offset: step[keyPath: keyPath].offset)
                steps[index][keyPath: keyPath].accumulates = !written.insert(key).inserted
            }
        }
        unreachedInputs = inputs.indices.filter { !written.contains(GradientKey(inputs[$0])) }
    }
}

/// Identifies a gradient buffer (a value and its reshapes share one).
private struct GradientKey: Hashable {
    let dtype: DType
    let offset: Int
    init(dtype: DType, offset: Int) { (self.dtype, self.offset) = (dtype, offset) }
    init(_ slot: ReplaySlot) { self.init(dtype: slot.dtype, offset: slot.offset) }
}
