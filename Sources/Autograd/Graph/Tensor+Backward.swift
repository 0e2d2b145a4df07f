/// Reverse mode for tensors: order the recorded nodes once (iteratively), then visit them from the
/// output down, handing each operation its output's gradient and adding up what reaches each input.
extension Tensor {
    /// Computes the gradient of this tensor with respect to every leaf it depends on and adds it into
    /// the leaves' ``grad``.
    ///
    /// - Parameters:
    ///   - seed: the gradient of some scalar with respect to this tensor; ones when omitted.
    ///   - retainGraph: keep what the graph saved so that backward can run through it again
    ///     (by default only when `createGraph` is set, as in PyTorch).
    ///   - createGraph: record the backward pass itself, so that gradients can be differentiated.
    ///     A leaf's ``grad`` then refers to a graph that contains the leaf (as in PyTorch, a
    ///     reference cycle): call ``zeroGrad()`` when done with it, or prefer
    ///     ``gradients(withRespectTo:seed:retainGraph:createGraph:file:line:)``, which forms none.
    ///   - file: the caller's file, named when the call is wrong (a tensor that needs no gradient).
    ///   - line: the caller's line, named with `file`.
    ///
    /// Hooks added with ``registerHook(file:line:_:)`` see each gradient on its way; under
    /// ``withAnomalyDetection(onAnomaly:_:)`` the first non-finite gradient a rule returns is reported.
    public func backward(
        _ seed: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(requiresGrad, "backward()", "the tensor does not require gradients (no leaf it depends on does)", at: location)
        let seed = seed ?? Tensor.ones(shape: shape, dtype: dtype)
        tensorPrecondition(seed.shape == shape, "backward()", "seed of shape \(seed.shape) for a tensor of shape \(shape)", at: location)
        Self.runBackward(from: node!, seed: seed, retainGraph: retainGraph ?? createGraph, createGraph: createGraph) { leaf, gradient in
            leaf.gradient = leaf.gradient.map { $0 + gradient } ?? gradient
        }
    }

    /// The gradients of this tensor with respect to `inputs` (nil where it does not depend on one),
    /// without touching any leaf's ``grad``.
    public func gradients(
        withRespectTo inputs: [Tensor], seed: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false,
        file: StaticString = #fileID, line: UInt = #line
    ) -> [Tensor?] {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(requiresGrad, "gradients(withRespectTo:)", "the tensor does not require gradients", at: location)
        // An input without a node gets nil; the pass's own `deliver` has nothing left to do.
        let targets = inputs.map(\.node)
        return Self.runBackward(
            from: node!, seed: seed ?? Tensor.ones(shape: shape, dtype: dtype), retainGraph: retainGraph ?? createGraph,
            createGraph: createGraph, stopAt: targets
        ) { _, _ in }
    }

    /// The engine: topological order by an explicit stack, then one reverse pass.
    ///
    /// `deliver` receives the total gradient of each leaf and of each node in `stopAt`; the result is
    /// each target's total gradient (nil for a nil target and one the output does not depend on).
    @discardableResult
    static func runBackward(
        from root: AutogradNode, seed: Tensor, retainGraph: Bool, createGraph: Bool,
        stopAt targets: [AutogradNode?] = [], deliver: (AutogradNode, Tensor) -> Void
    ) -> [Tensor?] {
        let order = graphOrder(from: root)
        let nodes = order.nodes
        // Each target's position, found from the mark the traversal just left on it (no hashing);
        // read now, before any rule or hook could start another traversal.
        let targetPositions = targets.map { target in target.map { order.position(of: $0) } ?? -1 }
        var isTarget: [Bool] = []
        if !targets.isEmpty {
            isTarget = [Bool](repeating: false, count: nodes.count)
            for position in targetPositions where position >= 0 { isTarget[position] = true }
        }
        let detector = GradientMode.currentSettings().detector
        func pass() -> [Tensor?] {
            // The total gradient of each target, by position (empty without targets).
            var reached = [Tensor?](repeating: nil, count: isTarget.isEmpty ? 0 : nodes.count)
            // The gradient reaching each node so far, by position in `order` (the root is last).
            // Local to `pass`: a variable the closure captured would be checked for exclusive
            // access at run time on every read and write.
            var gradients = [Tensor?](repeating: nil, count: nodes.count)
            gradients[nodes.count - 1] = seed
            for position in stride(from: nodes.count - 1, through: 0, by: -1) {
                guard var gradient = gradients[position] else { continue }
                gradients[position] = nil
                let node = nodes[position]
                if node.hasHooks { gradient = node.applyingHooks(to: gradient) }
                if node.isLeaf || (!isTarget.isEmpty && isTarget[position]) {
                    if !isTarget.isEmpty && isTarget[position] { reached[position] = gradient }
                    deliver(node, gradient)
                    if node.isLeaf { continue }
                }
                let inputGradients = node.propagate(gradient, recording: createGraph)
                detector?.checkBackward(node, inputShapes: node.inputs.map(\.shape), gradients: inputGradients)
                // Index loops rather than zip: this runs once per node, and generic iterators are
                // slow in debug builds.
                let start = order.inputStarts[position]
                let count = Swift.min(order.inputStarts[position + 1] - start, inputGradients.count)
                var index = 0
                while index < count {
                    let inputPosition = order.inputPositions[start + index]
                    if inputPosition >= 0, let inputGradient = inputGradients[index] {
                        if let sum = gradients[inputPosition] {
                            gradients[inputPosition] = sum + inputGradient
                        } else {
                            gradients[inputPosition] = inputGradient
                        }
                    }
                    index += 1
                }
                if !retainGraph { node.release() }
            }
            return targetPositions.map { $0 >= 0 ? reached[$0] : nil }
        }
        // Under anomaly detection, operations a recorded backward rule runs (createGraph) are
        // checked once, as the gradients the rule returns, not again as forward operations.
        return GradientMode.$settings.withValue(RecordingSettings(isRecording: createGraph, detector: nil)) { pass() }
    }
}
