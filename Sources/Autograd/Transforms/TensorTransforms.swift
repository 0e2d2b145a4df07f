/// Derivatives as functions, for functions of ``Tensor``s, shaped like Swift's differentiation API.
///
/// A transform makes its inputs leaves (or uses them as they are when they are already part of a
/// recorded graph, so that transforms nest), runs the function once, and differentiates. The
/// function must return a tensor with one element where a gradient is asked for.

/// The inputs as differentiable leaves, and whether the result must itself be recorded (an input
/// already carried an outer graph, so a transform of this transform is being taken).
private func prepare(_ inputs: [Tensor]) -> (leaves: [Tensor], nested: Bool) {
    let nested = inputs.contains(where: \.requiresGrad) && GradientMode.isEnabled
    return (inputs.map { $0.requiresGrad && GradientMode.isEnabled ? $0 : $0.requiringGrad() }, nested)
}

/// The value of `f` at `x` and its gradient (the derivative of its single element) for each input.
public func valueWithGradient(
    at x: [Tensor], of f: ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, gradient: [Tensor]) {
    let (leaves, nested) = prepare(x)
    let output = withGradients { f(leaves) }
    tensorPrecondition(output.count == 1, "gradient(at:of:)", "the function returned shape \(output.shape), not a single value", at: CallerLocation(file: file, line: line))
    guard output.requiresGrad else {
        return (output, x.map { $0.zerosLike() })
    }
    let gradients = output.gradients(withRespectTo: leaves, createGraph: nested)
    return (nested ? output : output.detached(), zip(gradients, x).map { $0 ?? $1.zerosLike() })
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
    let (leaves, nested) = prepare(x)
    let output = withGradients { f(leaves) }
    let value = nested ? output : output.detached()
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
    if forward {
        let columns = (0..<x.count).map { index -> [Double] in
            var tangent = [Double](repeating: 0, count: x.count)
            tangent[index] = 1
            return differential(Tensor(tangent, shape: x.shape, dtype: x.dtype)).scalars
        }
        var entries = [Double](repeating: 0, count: value.count * x.count)
        for (column, values) in columns.enumerated() {
            for (row, entry) in values.enumerated() { entries[row * x.count + column] = entry }
        }
        return Tensor(entries, shape: value.shape + x.shape, dtype: dtype)
    }
    let pullback = pullback(at: x, of: f)
    let rows = (0..<value.count).map { index -> [Double] in
        var seed = [Double](repeating: 0, count: value.count)
        seed[index] = 1
        return pullback(Tensor(seed, shape: value.shape, dtype: value.dtype)).scalars
    }
    return Tensor(Array(rows.joined()), shape: value.shape + x.shape, dtype: dtype)
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
