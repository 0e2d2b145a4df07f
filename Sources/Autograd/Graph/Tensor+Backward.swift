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
        Self.runBackward(from: node!, seed: seed, retainGraph: retainGraph ?? createGraph, createGraph: createGraph, at: location) { leaf, gradient in
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
        tensorPrecondition(
            seed.map { $0.shape == shape } ?? true, "gradients(withRespectTo:)",
            "seed of shape \(seed?.shape ?? []) for a tensor of shape \(shape)", at: location)
        // An input without a node gets nil; the pass's own `deliver` has nothing left to do.
        let targets = inputs.map(\.node)
        return Self.runBackward(
            from: node!, seed: seed ?? Tensor.ones(shape: shape, dtype: dtype), retainGraph: retainGraph ?? createGraph,
            createGraph: createGraph, stopAt: targets, at: location
        ) { _, _ in }
    }

    /// Whether this tensor's graph reaches a leaf other than those of `leaves` (a tensor of an outer
    /// graph, when `leaves` are a transform's stand-ins).
    func graphReachesLeaf(besides leaves: [Tensor]) -> Bool {
        guard let node else { return false }
        let plan = BackwardPlan(root: node)
        return plan.reachesLeaf(outside: leaves.map { leaf in leaf.node.flatMap { plan.position(of: $0) } ?? -1 })
    }

    /// The engine: the reachable nodes found once, then Kahn's algorithm from the root: a node runs
    /// once every consumer in the graph has handed it its gradient.
    ///
    /// `deliver` receives the total gradient of each leaf and of each node in `stopAt`; the result is
    /// each target's total gradient (nil for a nil target and one the output does not depend on).
    @discardableResult
    static func runBackward(
        from root: AutogradNode, seed: Tensor, retainGraph: Bool, createGraph: Bool,
        stopAt targets: [AutogradNode?] = [], at location: CallerLocation,
        deliver: (AutogradNode, Tensor) -> Void
    ) -> [Tensor?] {
        let settings = GradientMode.currentSettings()
        let detector = settings.detector
        var plan = BackwardPlan(root: root)
        // Each target's position, found from the mark the search just left on it (no hashing);
        // read now, before any rule or hook could start another traversal.
        let targetPositions = targets.map { target in target.flatMap { plan.position(of: $0) } ?? -1 }
        func pass() -> [Tensor?] {
            // `waiting`: the consumers each node still waits for. (Taken here: arrays the nested
            // function captured would be checked for exclusive access at run time on every use.)
            var (nodes, inputPositions, inputStarts, waiting) = plan.take()
            var isTarget: [Bool] = []
            if !targets.isEmpty {
                isTarget = [Bool](repeating: false, count: nodes.count)
                for position in targetPositions where position >= 0 { isTarget[position] = true }
            }
            // The total gradient of each target, by position: a dictionary, since a pass reaches
            // few targets and an array by position cost 24 bytes a node (240 MB for the gradient
            // of a 10,000,000-node chain).
            var reached: [Int: Tensor] = [:]
            // The gradients that have reached nodes not yet run, in slots reused as nodes run (a
            // chain holds one or two at a time, where an array by position cost 24 bytes a node),
            // and each node's slot (-1: none yet). Local to `pass`: a variable the closure captured
            // would be checked for exclusive access at run time on every read and write.
            var gradients: [Tensor?] = [seed]
            var freeSlots: [Int32] = []
            var slots = [Int32](repeating: -1, count: nodes.count)
            slots[0] = 0
            // The nodes whose consumers have all run; a stack, so a chain runs in its own order.
            var ready: [Int32] = [0]
            while let readyPosition = ready.popLast() {
                let position = Int(readyPosition)
                // The pass holds each node only until it has run: a released graph is then freed
                // as the pass goes (its consumers, already run, no longer hold it either).
                // `take()` moves each value out and leaves nil, with no retain and release pair:
                // a tensor is three references, and this loop runs once per node.
                let node = nodes[position].take()!
                let start = Int(inputStarts[position])
                let end = Int(inputStarts[position + 1])
                let slot = Int(slots[position])
                if slot >= 0, var gradient = gradients[slot].take() {
                    freeSlots.append(Int32(truncatingIfNeeded: slot))
                    if node.hasHooks { gradient = node.applyingHooks(to: gradient) }
                    if node.isLeaf || (!isTarget.isEmpty && isTarget[position]) {
                        if !isTarget.isEmpty && isTarget[position] { reached[position] = gradient }
                        deliver(node, gradient)
                    }
                    if !node.isLeaf {
                        if node.isReleased { Self.failReleased(node, at: location) }
                        // A single-input primitive's gradient comes alone; other rules return an
                        // array, one per input.
                        var single: Tensor?
                        var inputGradients: [Tensor?] = []
                        let returned: Int
                        switch node.propagate(gradient, recording: createGraph) {
                        case .single(let inputGradient):
                            single = inputGradient
                            returned = 1
                        case .each(let each):
                            inputGradients = each
                            returned = each.count
                        }
                        if let detector {
                            detector.checkBackward(
                                node, inputShapes: node.inputs.map(\.shape), gradients: inputGradients.isEmpty ? [single] : inputGradients)
                        }
                        // Index loops rather than zip: this runs once per node, and generic
                        // iterators are slow in debug builds.
                        let count = Swift.min(end - start, returned)
                        var index = 0
                        while index < count {
                            let inputPosition = Int(inputPositions[start + index])
                            if inputPosition >= 0, let inputGradient = inputGradients.isEmpty ? single.take() : inputGradients[index].take() {
                                let inputSlot = Int(slots[inputPosition])
                                if inputSlot >= 0, var sum = gradients[inputSlot].take() {
                                    // Unrecorded, the sum is added into in place (it is the pass's own).
                                    if createGraph { sum = sum + inputGradient } else { sum.accumulate(inputGradient) }
                                    gradients[inputSlot] = sum
                                } else if let freeSlot = freeSlots.popLast() {
                                    gradients[Int(freeSlot)] = inputGradient
                                    slots[inputPosition] = freeSlot
                                } else {
                                    slots[inputPosition] = Int32(truncatingIfNeeded: gradients.count)
                                    gradients.append(inputGradient)
                                }
                            }
                            index += 1
                        }
                        if !retainGraph { node.release() }
                    }
                }
                // Every input hears that this consumer is done, whether or not a gradient came
                // from it (a node no gradient reaches still unblocks its inputs).
                var index = start
                while index < end {
                    let inputPosition = Int(inputPositions[index])
                    if inputPosition >= 0 {
                        waiting[inputPosition] -= 1
                        if waiting[inputPosition] == 0 { ready.append(Int32(truncatingIfNeeded: inputPosition)) }
                    }
                    index += 1
                }
            }
            return targetPositions.map { $0 >= 0 ? reached[$0] : nil }
        }
        // Under anomaly detection, operations a recorded backward rule runs (createGraph) are
        // checked once, as the gradients the rule returns, not again as forward operations.
        // A trace being recorded stays one (see `RecordingSettings.isTracing`).
        let passSettings = RecordingSettings(isRecording: createGraph, detector: nil, isTracing: settings.isTracing)
        return GradientMode.$settings.withValue(passSettings) { pass() }
    }

    /// Stops a pass that reached a node an earlier pass released, naming the caller's line.
    private static func failReleased(_ node: AutogradNode, at location: CallerLocation) -> Never {
        tensorFailure(
            "backward()",
            "backward through the graph of '\(node.name)' a second time: its saved values were freed; pass retainGraph: true to the first backward",
            at: location)
    }
}
