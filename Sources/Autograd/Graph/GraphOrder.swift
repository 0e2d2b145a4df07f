/// The nodes reachable from one node in topological order, with each node's inputs given as
/// positions in that order: a backward pass then keeps its gradients in an array indexed by
/// position, with no hashing per node.
struct GraphOrder {
    /// Every reachable node, inputs before the nodes that use them (the root last).
    var nodes: [AutogradNode] = []
    /// The positions of the inputs' nodes, node after node (-1 for an input without a node).
    var inputPositions: [Int] = []
    /// Where each node's inputs start in `inputPositions` (one more entry than `nodes`).
    var inputStarts: [Int] = [0]
    /// The position in `nodes` of each node by the order the traversal discovered it (a node's
    /// ``AutogradNode/traversalMark`` right after the traversal).
    var positionsByDiscovery: [Int] = []

    /// The position of `node` in `nodes`, or -1 when the traversal did not reach it (valid only until
    /// another traversal moves the nodes' marks).
    func position(of node: AutogradNode) -> Int {
        let mark = node.traversalMark
        guard mark >= 0, mark < positionsByDiscovery.count else { return -1 }
        let position = positionsByDiscovery[mark]
        return position >= 0 && position < nodes.count && nodes[position] === node ? position : -1
    }
}

extension Tensor {
    /// Every node reachable from `root` in topological order, found by an explicit stack.
    ///
    /// A node's ``AutogradNode/traversalMark`` records its index among the discovered nodes, checked
    /// against that list, so visiting needs no set; a stale mark from an earlier traversal fails the
    /// check. Nothing else runs during the traversal, so the marks stay valid until it ends.
    static func graphOrder(from root: AutogradNode) -> GraphOrder {
        var order = GraphOrder()
        // Room for a small graph from the start: growing from empty reallocates every array several
        // times per backward pass.
        order.nodes.reserveCapacity(initialCapacity)
        order.inputPositions.reserveCapacity(2 * initialCapacity)
        order.inputStarts.reserveCapacity(initialCapacity + 1)
        var discovered: [AutogradNode] = []
        discovered.reserveCapacity(initialCapacity)
        discovered.append(root)
        // The position in `order` of each discovered node, set when the node is placed.
        var positions: [Int] = []
        positions.reserveCapacity(initialCapacity)
        positions.append(-1)
        root.traversalMark = 0
        var stack: [(node: AutogradNode, discovery: Int, nextInput: Int)] = []
        stack.reserveCapacity(initialCapacity)
        stack.append((root, 0, 0))
        while let (node, discovery, nextInput) = stack.popLast() {
            let inputs = node.inputs
            // Skip the inputs without a node or already discovered here, rather than going back
            // through the stack once for each (a chain then costs one push and pop per node more).
            var index = nextInput
            var undiscovered: AutogradNode?
            while index < inputs.count, undiscovered == nil {
                if let input = inputs[index].node {
                    let mark = input.traversalMark
                    if !(mark < discovered.count && discovered[mark] === input) { undiscovered = input }
                }
                index += 1
            }
            if let input = undiscovered {
                stack.append((node, discovery, index))
                input.traversalMark = discovered.count
                stack.append((input, discovered.count, 0))
                discovered.append(input)
                positions.append(-1)
            } else {
                // Every input is placed by now (a DAG's inputs finish first), and their marks hold.
                positions[discovery] = order.nodes.count
                order.nodes.append(node)
                var index = 0
                while index < inputs.count {
                    if let input = inputs[index].node {
                        order.inputPositions.append(positions[input.traversalMark])
                    } else {
                        order.inputPositions.append(-1)
                    }
                    index += 1
                }
                order.inputStarts.append(order.inputPositions.count)
            }
        }
        order.positionsByDiscovery = positions
        return order
    }

    /// The room a traversal reserves in each of its arrays before it starts.
    private static var initialCapacity: Int { 128 }

    /// Every node reachable from `root`, inputs before the nodes that use them.
    static func topologicalOrder(from root: AutogradNode) -> [AutogradNode] {
        graphOrder(from: root).nodes
    }
}
