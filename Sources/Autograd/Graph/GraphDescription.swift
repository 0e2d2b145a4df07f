/// A recorded computation as a plain, ordered list of nodes, for printing and drawing.
///
/// The engines describe their graphs with this one type, so every picture (Graphviz DOT, SVG, the
/// text listing) is drawn by code outside the engines. Nodes come in topological order: every node's
/// inputs stand before it, and the output is last.
public struct GraphDescription: Sendable, Hashable {
    /// One value in the graph.
    public struct Node: Sendable, Hashable {
        /// A stable identifier, unique within the description.
        public var id: Int
        /// The user's name for the value (`a`, `loss`), if any.
        public var label: String?
        /// The operation that produced the value (`+`, `tanh`); `nil` for a leaf or constant.
        public var operation: String?
        /// The value as printed in listings, for example `-6.0`.
        public var value: String
        /// The rows shown in the value's box, in order, for example `["data 1.0000", "grad 4.0000"]`.
        public var fields: [String]
        /// The identifiers of the operation's inputs, in argument order (repeats allowed: `a * a`).
        public var inputs: [Int]

        /// Creates a node.
        public init(
            id: Int, label: String? = nil, operation: String? = nil, value: String, fields: [String], inputs: [Int] = []
        ) {
            self.id = id
            self.label = label
            self.operation = operation
            self.value = value
            self.fields = fields
            self.inputs = inputs
        }
    }

    /// The nodes in topological order, the output last.
    public var nodes: [Node]

    /// Creates a description from nodes already in topological order.
    public init(nodes: [Node]) {
        self.nodes = nodes
    }
}
