/// Derivatives as functions, for functions of ``Tensor``s, shaped like Swift's differentiation API.
///
/// A transform runs the function once on stand-ins for its inputs and differentiates. The function
/// must return a tensor with one element where a gradient is asked for.
///
/// Transforms nest, as JAX's do: the derivative is recorded (and so can be differentiated again)
/// whenever it depends on a tensor of an outer graph, whether that tensor is an input or one the
/// function captured (`gradient(at: x) { x in gradient(at: y) { y in x * y * y } }` is 2y, and its
/// own gradient in x is nonzero). Otherwise the results are constants and the recording is freed.

/// Stand-ins for the inputs, each a tensor of its own: a fresh leaf for an input outside any graph,
/// and for an input of an outer graph (when gradients are enabled) a zero-copy reshape node on top
/// of it, so the outer graph stays connected and each argument gets its own gradient even when two
/// arguments are one tensor. (An outer graph includes a `detached()` copy recorded while a
/// `RecordedFunction` traces: its stop passes no gradient, but replays must reach its values.)
func standIns(for inputs: [Tensor]) -> [Tensor] {
    let keepsOuterGraph = GradientMode.isEnabled
    return withGradients {
        inputs.map { input in
            keepsOuterGraph && input.node != nil ? ReshapeFunction(shape: input.shape).applied(to: input) : input.requiringGrad()
        }
    }
}

/// The value of `f` at `x` and its gradient (the derivative of its single element) for each input.
///
/// Each argument gets its own gradient, even when two arguments are one tensor. The results are
/// constants unless they depend on a tensor of an outer graph (an argument that requires gradients,
/// or a tensor `f` captures, such as a model's parameters); then they are recorded, so transforms
/// nest as JAX's do: `gradient(at: x) { x in gradient(at: y) { y in (x * y * y).sum() }.sum() }`
/// is 2y.
public func valueWithGradient(
    at x: [Tensor], of f: ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, gradient: [Tensor]) {
    let leaves = standIns(for: x)
    let output = withGradients { f(leaves) }
    tensorPrecondition(output.count == 1, "gradient(at:of:)", "the function returned shape \(output.shape), not a single value", at: CallerLocation(file: file, line: line))
    guard output.requiresGrad else {
        return (output, x.map { $0.zerosLike() })
    }
    let nested = dependsOnOuterGraph(output, besides: leaves)
    let gradients = output.gradients(withRespectTo: leaves, createGraph: nested, file: file, line: line)
    return (nested ? output : output.cutFromGraph(), zip(gradients, x).map { $0 ?? $1.zerosLike() })
}

/// Whether a transform's derivatives must be recorded: gradients are enabled and `output`'s graph
/// reaches a leaf other than the stand-ins' (an outer input's, or a tensor `f` captured).
private func dependsOnOuterGraph(_ output: Tensor, besides standIns: [Tensor]) -> Bool {
    GradientMode.isEnabled && output.graphReachesLeaf(besides: standIns)
}

/// The gradient of `f` at `x` for each input.
public func gradient(at x: [Tensor], of f: ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
    valueWithGradient(at: x, of: f, file: file, line: line).gradient
}

/// The value of `f` at `x` and its gradient.
public func valueWithGradient(
    at x: Tensor, of f: (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, gradient: Tensor) {
    let (value, gradient) = valueWithGradient(at: [x], of: { f($0[0]) }, file: file, line: line)
    return (value, gradient[0])
}

/// The gradient of `f` at `x`.
public func gradient(at x: Tensor, of f: (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    valueWithGradient(at: x, of: f, file: file, line: line).gradient
}

/// The gradients of a function of two tensors.
public func gradient(
    at x: Tensor, _ y: Tensor, of f: (Tensor, Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (Tensor, Tensor) {
    let g = gradient(at: [x, y], of: { f($0[0], $0[1]) }, file: file, line: line)
    return (g[0], g[1])
}

/// The value of `f` at `x` and its pullback, u ↦ uᵀ·J (a vector-Jacobian product), which can be
/// called many times.
public func valueWithPullback(at x: [Tensor], of f: ([Tensor]) -> Tensor) -> (value: Tensor, pullback: (Tensor) -> [Tensor]) {
    let leaves = standIns(for: x)
    let output = withGradients { f(leaves) }
    let nested = dependsOnOuterGraph(output, besides: leaves)
    let value = nested ? output : output.cutFromGraph()
    let pullback: (Tensor) -> [Tensor] = { seed in
        // A closure takes no caller location; the message names the transform instead.
        if seed.shape != output.shape {
            fatalError(
                "pullback: a cotangent of shape \(seed.shape) for an output of shape \(output.shape) "
                    + "(in the pullback that valueWithPullback(at:of:) or pullback(at:of:) returned)",
                file: "Autograd", line: 0)
        }
        guard output.requiresGrad else { return x.map { $0.zerosLike() } }
        let gradients = output.gradients(withRespectTo: leaves, seed: seed, retainGraph: true, createGraph: nested)
        return zip(gradients, x).map { $0 ?? $1.zerosLike() }
    }
    return (value, pullback)
}

/// The pullback of a one-input `f` at `x`: u ↦ uᵀ·J.
public func pullback(at x: Tensor, of f: (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    let pullback = valueWithPullback(at: [x], of: { f($0[0]) }).pullback
    return { pullback($0)[0] }
}

/// The value of a one-input `f` at `x` and its pullback.
public func valueWithPullback(at x: Tensor, of f: (Tensor) -> Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let (value, pullback) = valueWithPullback(at: [x], of: { f($0[0]) })
    return (value, { pullback($0)[0] })
}

/// The Jacobian of `f` at `x`, shaped `f(x).shape + x.shape`: by reverse mode (one pullback per
/// output element) or forward mode (one tangent sweep per input element), chosen automatically as
/// whichever needs fewer sweeps unless `mode` says.
public func jacobian(at x: Tensor, mode: JacobianMode = .automatic, of f: (Tensor) -> Tensor) -> Tensor {
    let (value, differential) = valueWithDifferential(at: x, of: f)
    let forward: Bool
    switch mode {
    case .forward: forward = true
    case .reverse: forward = false
    case .automatic: forward = x.count < value.count
    }
    let dtype = DType.promoted(value.dtype, x.dtype)
    let shape = value.shape + x.shape
    if forward {
        // Column j is J·e_j, of the output's shape.
        let columns = (0..<x.count).map { index -> Tensor in
            var tangent = [Double](repeating: 0, count: x.count)
            tangent[index] = 1
            return differential(Tensor(tangent, shape: x.shape, dtype: x.dtype))
        }
        if columns.contains(where: \.requiresGrad) {
            // Recorded: stacked with their graphs, so the Jacobian itself can be differentiated.
            return Tensor.stack(columns.map { $0.reshaped(to: [value.count]) }, axis: 1).reshaped(to: shape).converted(to: dtype)
        }
        var entries = [Double](repeating: 0, count: value.count * x.count)
        for (column, tensor) in columns.enumerated() {
            for (row, entry) in tensor.scalars.enumerated() { entries[row * x.count + column] = entry }
        }
        return Tensor(entries, shape: shape, dtype: dtype)
    }
    // Row i is e_iᵀ·J, of the input's shape.
    let pullback = pullback(at: x, of: f)
    let rows = (0..<value.count).map { index -> Tensor in
        var seed = [Double](repeating: 0, count: value.count)
        seed[index] = 1
        return pullback(Tensor(seed, shape: value.shape, dtype: value.dtype))
    }
    if rows.contains(where: \.requiresGrad) {
        return Tensor.stack(rows, axis: 0).reshaped(to: shape).converted(to: dtype)
    }
    return Tensor(Array(rows.map(\.scalars).joined()), shape: shape, dtype: dtype)
}

/// The Hessian of a scalar-valued `f` at `x`, shaped `x.shape + x.shape`: forward mode over the
/// recorded gradient (one tangent sweep per input element over one recording).
public func hessian(at x: Tensor, of f: (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    jacobian(at: x, mode: .forward) { input in gradient(at: input, of: f, file: file, line: line) }
}

/// H·v for the Hessian H of a scalar-valued `f` at `x`, forward-over-reverse: the gradient is
/// recorded once and the tangent v carried through it in one forward sweep.
public func hessianVectorProduct(
    at x: Tensor, _ v: Tensor, of f: (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> Tensor {
    jvp(at: x, tangent: v, of: { input in gradient(at: input, of: f, file: file, line: line) }, file: file, line: line).tangent
}
