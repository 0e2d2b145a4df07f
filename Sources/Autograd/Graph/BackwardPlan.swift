/// The nodes a backward pass visits, found once from its root, with each node's inputs given as
/// positions and each node's number of consumers inside the graph.
///
/// A pass then runs as Kahn's algorithm: a node is ready once every consumer has handed it its
/// gradient. Finding the nodes needs no stack (the list of found nodes is itself the queue), and
/// positions are 32-bit: a 20,000,000-node graph costs about 16 bytes a node here, where a
/// depth-first topological order kept a stack entry and three more words per node.
struct BackwardPlan {
    /// Every reachable node, in the order found (the root first); optional so that a pass can
    /// drop each node once it has run (see `takeNodes()`).
    private(set) var nodes: [AutogradNode?] = []
    /// The positions of the inputs' nodes, node after node (-1 for an input without a node).
    private(set) var inputPositions: [Int32] = []
    /// Where each node's inputs start in `inputPositions` (one more entry than `nodes`).
    private(set) var inputStarts: [Int32] = [0]
    /// How many edges lead to each node from nodes of the graph.
    private(set) var consumerCounts: [Int32] = []

    /// The nodes reachable from `root`, breadth first.
    ///
    /// A node's ``AutogradNode/traversalMark`` records its position, checked against `nodes`, so
    /// finding needs no set; a stale mark from an earlier traversal fails the check.
    init(root: AutogradNode) {
        nodes.reserveCapacity(Self.initialCapacity)
        inputPositions.reserveCapacity(2 * Self.initialCapacity)
        inputStarts.reserveCapacity(Self.initialCapacity + 1)
        consumerCounts.reserveCapacity(Self.initialCapacity)
        root.traversalMark = 0
        nodes.append(root)
        consumerCounts.append(0)
        var next = 0
        while next < nodes.count {
            let node = nodes[next]!
            next += 1
            let inputCount = node.inputCount
            var index = 0
            while index < inputCount {
                if let input = node.inputNode(at: index) {
                    let position = self.position(of: input) ?? appending(input)
                    consumerCounts[position] += 1
                    inputPositions.append(Int32(truncatingIfNeeded: position))
                } else {
                    inputPositions.append(-1)
                }
                index += 1
            }
            inputStarts.append(Int32(truncatingIfNeeded: inputPositions.count))
        }
    }

    /// The room reserved in each array before the search starts (growing from empty reallocates
    /// several times per small backward pass).
    private static var initialCapacity: Int { 128 }

    /// Adds a newly found node and returns its position.
    private mutating func appending(_ node: AutogradNode) -> Int {
        let position = nodes.count
        node.traversalMark = position
        nodes.append(node)
        consumerCounts.append(0)
        return position
    }

    /// The plan's arrays, moved out (the plan keeps none, so a pass owns them and copies nothing).
    /// A pass that sets each node to nil once it has run lets a released graph be freed as the pass
    /// goes, rather than all at its end.
    mutating func take() -> (
        nodes: [AutogradNode?], inputPositions: [Int32], inputStarts: [Int32], consumerCounts: [Int32]
    ) {
        var taken: (nodes: [AutogradNode?], inputPositions: [Int32], inputStarts: [Int32], consumerCounts: [Int32])
        taken = ([], [], [], [])
        swap(&taken.nodes, &nodes)
        swap(&taken.inputPositions, &inputPositions)
        swap(&taken.inputStarts, &inputStarts)
        swap(&taken.consumerCounts, &consumerCounts)
        return taken
    }

    /// Whether a leaf other than those at `positions` (-1 for none) is among the nodes.
    func reachesLeaf(outside positions: [Int]) -> Bool {
        var index = 0
        while index < nodes.count {
            if nodes[index]!.isLeaf && !positions.contains(index) { return true }
            index += 1
        }
        return false
    }

    /// The position of `node`, or nil when the search has not found it (valid only until another
    /// traversal moves the nodes' marks).
    func position(of node: AutogradNode) -> Int? {
        let mark = node.traversalMark
        return mark >= 0 && mark < nodes.count && nodes[mark] === node ? mark : nil
    }
}
