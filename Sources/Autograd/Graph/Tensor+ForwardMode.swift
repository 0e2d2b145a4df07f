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
    /// The recorded nodes, inputs before the nodes that use them, with each node's inputs as
    /// positions in that order: the sweep keeps its tangents in an array, with no hashing per node.
    private let graph: GraphOrder
    /// The position of each stand-in in `graph` (-1 when the output does not depend on it), which
    /// the sweep seeds with its input's tangent.
    private let seedPositions: [Int]
    /// How many times each node is an input of a node in `graph` (to free tangents after last use).
    private let uses: [Int]
    /// Whether the recording reaches a graph outside it (an input's, or a captured tensor's).
    private let reachesOuterGraph: Bool
    /// The output as recorded.
    private let output: Tensor

    /// Records `f` on stand-ins for `inputs` (with gradient recording on, whatever the task's mode).
    init(recording f: ([Tensor]) -> Tensor, at inputs: [Tensor]) {
        let keepsOuterGraph = GradientMode.isEnabled
        let standIns = Autograd.standIns(for: inputs)
        self.standIns = standIns
        output = withGradients { f(standIns) }
        self.inputs = inputs.map { ($0.shape, $0.dtype) }
        let graph = output.node.map(Tensor.graphOrder(from:)) ?? GraphOrder()
        self.graph = graph
        // Right after the traversal, a node's mark is its discovery index (see `graphOrder`).
        seedPositions = standIns.map { standIn in
            let node = standIn.node!
            let mark = node.traversalMark
            guard mark < graph.positionsByDiscovery.count else { return -1 }
            let position = graph.positionsByDiscovery[mark]
            return position >= 0 && graph.nodes[position] === node ? position : -1
        }
        var uses = [Int](repeating: 0, count: graph.nodes.count)
        for position in graph.inputPositions where position >= 0 { uses[position] += 1 }
        self.uses = uses
        let freshLeaves = Set(standIns.compactMap { $0.isLeaf ? ObjectIdentifier($0.node!) : nil })
        reachesOuterGraph = keepsOuterGraph && graph.nodes.contains { $0.isLeaf && !freshLeaves.contains(ObjectIdentifier($0)) }
    }

    /// The output's value: with its graph when that reaches outside the recording, else a constant.
    var value: Tensor { reachesOuterGraph ? output : output.cutFromGraph() }

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
        return recording ? tangent : tangent.cutFromGraph()
    }

    /// The engine: one pass over the recorded nodes in topological order, no recursion.
    private func sweep(seeding seedTangents: [Tensor], recording: Bool) -> Tensor? {
        let nodes = graph.nodes
        guard !nodes.isEmpty else { return nil }
        let rootPosition = nodes.count - 1
        // The tangent of each node so far, by position in `graph`.
        var tangents = [Tensor?](repeating: nil, count: nodes.count)
        var isSeed = [Bool](repeating: false, count: nodes.count)
        var index = 0
        while index < seedPositions.count {
            if seedPositions[index] >= 0 {
                tangents[seedPositions[index]] = seedTangents[index]
                isSeed[seedPositions[index]] = true
            }
            index += 1
        }
        var remainingUses = uses
        for position in 0..<nodes.count {
            let node = nodes[position]
            if node.isLeaf || isSeed[position] { continue }
            let start = graph.inputStarts[position]
            let end = graph.inputStarts[position + 1]
            var inputTangents: [Tensor?] = []
            inputTangents.reserveCapacity(end - start)
            var anyTangent = false
            for slot in start..<end {
                let inputPosition = graph.inputPositions[slot]
                let tangent = inputPosition >= 0 ? tangents[inputPosition] : nil
                anyTangent = anyTangent || tangent != nil
                inputTangents.append(tangent)
            }
            // A tangent is dropped after its last use, so a long chain holds only a few at a time.
            for slot in start..<end {
                let inputPosition = graph.inputPositions[slot]
                guard inputPosition >= 0, inputPosition != rootPosition else { continue }
                remainingUses[inputPosition] -= 1
                if remainingUses[inputPosition] == 0 { tangents[inputPosition] = nil }
            }
            // A node not downstream of any input has no tangent.
            guard anyTangent else { continue }
            tangents[position] = node.propagateTangent(inputTangents, recording: recording)
        }
        return tangents[rootPosition]
    }
}
