// Forward mode for tensors: record the function once, then visit the recorded nodes inputs first,
// computing each node's tangent (J·t) from its inputs' tangents with the node's tangent rule.

/// The value of `f` at `inputs` and its directional derivative along `tangents`: the Jacobian-vector
/// product J·t, computed in forward mode (one tangent per input, each of its input's shape).
///
/// ```swift
/// let x = Tensor([1.0, 2.0], dtype: .float64)
/// let (y, dy) = jvp(at: [x], tangents: [Tensor([1.0, 0.0], dtype: .float64)]) { x in (x[0] * x[0] * x[1]).sum() }
/// // y = 4, dy = ∂y/∂x₀ = 2·x₀·x₁ = 4
/// ```
///
/// When an input or a tangent requires gradients (an outer graph), the tangent computation is
/// recorded, so the result can be differentiated again (reverse over forward); `f` may itself
/// differentiate in reverse mode with `createGraph: true` (forward over reverse, as in a
/// Hessian-vector product). Tensors `f` captures are constants of the derivative.
public func jvp(
    at inputs: [Tensor], tangents: [Tensor], of f: ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, tangent: Tensor) {
    let sweep = ForwardSweep(recording: f, at: inputs)
    return (sweep.value, sweep.tangent(along: tangents, at: CallerLocation(file: file, line: line)))
}

/// The value of `f` at `input` and its directional derivative along `tangent` (forward mode).
public func jvp(
    at input: Tensor, tangent: Tensor, of f: (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, tangent: Tensor) {
    jvp(at: [input], tangents: [tangent], of: { f($0[0]) }, file: file, line: line)
}

/// The value of `f` at `inputs` and its differential there: a function from the inputs' tangents to
/// the output's (J·t), which reuses one recording of `f` for every direction.
public func valueWithDifferential(
    at inputs: [Tensor], of f: ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, differential: ([Tensor]) -> Tensor) {
    let sweep = ForwardSweep(recording: f, at: inputs)
    let location = CallerLocation(file: file, line: line)
    return (sweep.value, { tangents in sweep.tangent(along: tangents, at: location) })
}

/// The value of `f` at `input` and its differential there.
public func valueWithDifferential(
    at input: Tensor, of f: (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, differential: (Tensor) -> Tensor) {
    let (value, differential) = valueWithDifferential(at: [input], of: { f($0[0]) }, file: file, line: line)
    return (value, { differential([$0]) })
}

/// The differential of `f` at `inputs`: a function from the inputs' tangents to the output's (J·t).
public func differential(
    at inputs: [Tensor], of f: ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> ([Tensor]) -> Tensor {
    valueWithDifferential(at: inputs, of: f, file: file, line: line).differential
}

/// The differential of `f` at `input`: a function from the input's tangent to the output's.
public func differential(
    at input: Tensor, of f: (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (Tensor) -> Tensor {
    valueWithDifferential(at: input, of: f, file: file, line: line).differential
}

/// A function recorded at a point, ready for any number of forward sweeps.
///
/// Each input is represented in the recording by a node of its own, which the sweep seeds with the
/// input's tangent: a fresh leaf for an input with no graph, and for an input that has one a
/// zero-copy reshape node on top of it, so that the outer graph stays connected while a tensor `f`
/// captures (even one computed from that input) gets no tangent.
struct ForwardSweep {
    /// The shape and element type of each input, for checking and converting tangents.
    private let inputs: [(shape: [Int], dtype: DType)]
    /// The tensors standing for the inputs in the recording (kept, so their identities stay theirs).
    private let standIns: [Tensor]
    /// The node of each stand-in, which the sweep seeds with its input's tangent.
    private let seeds: [ObjectIdentifier]
    /// The recorded nodes, inputs before the nodes that use them.
    private let order: [AutogradNode]
    /// How many times each node is an input of a node in `order` (to free tangents after last use).
    private let uses: [ObjectIdentifier: Int]
    /// Whether the recording reaches a graph outside it (an input's, or a captured tensor's).
    private let reachesOuterGraph: Bool
    /// The output as recorded.
    private let output: Tensor

    /// Records `f` on stand-ins for `inputs` (with gradient recording on, whatever the task's mode).
    init(recording f: ([Tensor]) -> Tensor, at inputs: [Tensor]) {
        let keepsOuterGraph = GradientMode.isEnabled
        let standIns = withGradients {
            inputs.map { input in
                keepsOuterGraph && input.requiresGrad ? ReshapeFunction(shape: input.shape).applied(to: [input]) : input.requiringGrad()
            }
        }
        self.standIns = standIns
        output = withGradients { f(standIns) }
        self.inputs = inputs.map { ($0.shape, $0.dtype) }
        seeds = standIns.map { ObjectIdentifier($0.node!) }
        order = output.node.map(Tensor.topologicalOrder(from:)) ?? []
        var uses: [ObjectIdentifier: Int] = [:]
        for node in order {
            for input in node.inputs { if let inputNode = input.node { uses[ObjectIdentifier(inputNode), default: 0] += 1 } }
        }
        self.uses = uses
        let freshLeaves = Set(standIns.compactMap { $0.isLeaf ? ObjectIdentifier($0.node!) : nil })
        reachesOuterGraph = keepsOuterGraph && order.contains { $0.isLeaf && !freshLeaves.contains(ObjectIdentifier($0)) }
    }

    /// The output's value: with its graph when that reaches outside the recording, else a constant.
    var value: Tensor { reachesOuterGraph ? output : output.detached() }

    /// The output's tangent given the inputs', recorded when gradients are enabled and an outer graph
    /// or a tangent that requires gradients is involved.
    func tangent(along tangents: [Tensor], at location: CallerLocation) -> Tensor {
        tensorPrecondition(
            tangents.count == inputs.count, "jvp", "\(tangents.count) tangents for \(inputs.count) inputs", at: location)
        for (index, (tangent, input)) in zip(tangents, inputs).enumerated() {
            tensorPrecondition(
                tangent.shape == input.shape, "jvp",
                "tangent \(index) has shape \(tangent.shape), its input \(input.shape)", at: location)
        }
        let recording = GradientMode.isEnabled && (reachesOuterGraph || tangents.contains(where: \.requiresGrad))
        let result = GradientMode.$settings.withValue(GradientMode.settings(recording: recording)) {
            sweep(seeding: zip(tangents, inputs).map { $0.converted(to: $1.dtype) }, recording: recording)
        }
        let tangent = (result ?? Tensor.zeros(shape: output.shape, dtype: output.dtype)).converted(to: output.dtype)
        return recording ? tangent : tangent.detached()
    }

    /// The engine: one pass over the recorded nodes in topological order, no recursion.
    private func sweep(seeding seedTangents: [Tensor], recording: Bool) -> Tensor? {
        guard let root = output.node else { return nil }
        var tangents: [ObjectIdentifier: Tensor] = [:]
        for (seed, tangent) in zip(seeds, seedTangents) { tangents[seed] = tangent }
        let seeded = Set(seeds)
        var remainingUses = uses
        for node in order {
            let key = ObjectIdentifier(node)
            if node.isLeaf || seeded.contains(key) { continue }
            let inputTangents = node.inputs.map { input in input.node.flatMap { tangents[ObjectIdentifier($0)] } }
            // A tangent is dropped after its last use, so a long chain holds only a few at a time.
            for input in node.inputs {
                guard let inputNode = input.node, inputNode !== root else { continue }
                let inputKey = ObjectIdentifier(inputNode)
                remainingUses[inputKey, default: 1] -= 1
                if remainingUses[inputKey] == 0 { tangents[inputKey] = nil }
            }
            // A node not downstream of any input has no tangent.
            guard inputTangents.contains(where: { $0 != nil }) else { continue }
            tangents[key] = node.propagateTangent(inputTangents, recording: recording)
        }
        return tangents[ObjectIdentifier(root)]
    }
}
