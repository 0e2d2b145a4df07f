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
        let wanted = Set(inputs.compactMap { $0.node.map(ObjectIdentifier.init) })
        var found: [ObjectIdentifier: Tensor] = [:]
        Self.runBackward(
            from: node!, seed: seed ?? Tensor.ones(shape: shape, dtype: dtype), retainGraph: retainGraph ?? createGraph,
            createGraph: createGraph, stopAt: wanted
        ) { node, gradient in
            found[ObjectIdentifier(node)] = gradient
        }
        return inputs.map { input in input.node.flatMap { found[ObjectIdentifier($0)] } }
    }

    /// The engine: topological order by an explicit stack, then one reverse pass.
    ///
    /// `deliver` receives the total gradient of each leaf, and of each node in `stopAt`.
    static func runBackward(
        from root: AutogradNode, seed: Tensor, retainGraph: Bool, createGraph: Bool,
        stopAt targets: Set<ObjectIdentifier> = [], deliver: (AutogradNode, Tensor) -> Void
    ) {
        let order = topologicalOrder(from: root)
        var gradients: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        let detector = AnomalyDetector.current
        func pass() {
            for node in order.reversed() {
                let key = ObjectIdentifier(node)
                guard var gradient = gradients.removeValue(forKey: key) else { continue }
                if !node.hooks.isEmpty { gradient = node.applyingHooks(to: gradient) }
                if node.isLeaf || targets.contains(key) {
                    deliver(node, gradient)
                    if node.isLeaf { continue }
                }
                let inputs = node.inputs
                let inputGradients = node.propagate(gradient, recording: createGraph)
                detector?.checkBackward(node, inputShapes: inputs.map(\.shape), gradients: inputGradients)
                for (input, inputGradient) in zip(inputs, inputGradients) {
                    guard let inputNode = input.node, let inputGradient else { continue }
                    let inputKey = ObjectIdentifier(inputNode)
                    gradients[inputKey] = gradients[inputKey].map { $0 + inputGradient } ?? inputGradient
                }
                if !retainGraph { node.release() }
            }
        }
        GradientMode.$isRecording.withValue(createGraph) {
            // Under anomaly detection, operations a recorded backward rule runs (createGraph) are
            // checked once, as the gradients the rule returns, not again as forward operations.
            if detector == nil { pass() } else { AnomalyDetector.$current.withValue(nil, operation: pass) }
        }
    }

    /// Every node reachable from `root`, inputs before the nodes that use them.
    static func topologicalOrder(from root: AutogradNode) -> [AutogradNode] {
        var order: [AutogradNode] = []
        var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack: [(node: AutogradNode, nextInput: Int)] = [(root, 0)]
        while let (node, nextInput) = stack.popLast() {
            if nextInput < node.inputs.count {
                stack.append((node, nextInput + 1))
                if let input = node.inputs[nextInput].node, visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }
}
