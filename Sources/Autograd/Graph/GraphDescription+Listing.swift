extension GraphDescription {
    /// The graph as text, one line per node in topological order, joined by `"\n"` (no trailing newline).
    ///
    /// Each node is named by its label, or, when the label is `nil` or empty, by a name generated from
    /// its identifier: `v` followed by the id (`v3`, and `v-3` for a negative id). Inputs are named the
    /// same way; an input id that is not in the description gets the generated name. A node prints as:
    ///
    /// - a leaf (`operation == nil`): `Leaf node, a = 1.0`
    /// - a symbolic operation with two inputs: `e = c * d = -3.0`
    /// - a symbolic operation with one input: `n = -a = -1.0`
    /// - any other operation (named, or symbolic with another number of inputs):
    ///   `t = tanh(a) = 0.7615941559557649`, `m = max(a, b) = 2.0`, `k = rand() = 0.5`
    ///
    /// An operation is symbolic when it is non-empty and made only of the characters
    /// `+ - * / ^ % < > = ! & | ~ @ .` (so `+`, `-`, `*`, `/`, `^` and `**` are). Values are printed
    /// exactly as ``Node/value`` holds them, and a repeated input is repeated (`b = a * a = 4.0`).
    /// The result depends only on the description, so it is deterministic.
    ///
    /// For the seed graph `f = b·((a + b)·(a − b))` with `a = 1`, `b = 2`:
    ///
    /// ```text
    /// Leaf node, a = 1.0
    /// Leaf node, b = 2.0
    /// c = a + b = 3.0
    /// d = a - b = -1.0
    /// e = c * d = -3.0
    /// f = e * b = -6.0
    /// ```
    public var listing: String {
        listingLines.joined(separator: "\n")
    }

    /// The lines of ``listing``, one per node in topological order.
    public var listingLines: [String] {
        var labels: [Int: String] = [:]
        for node in nodes where labels[node.id] == nil {
            labels[node.id] = Self.listingName(label: node.label, id: node.id)
        }
        func name(of id: Int) -> String {
            labels[id] ?? Self.listingName(label: nil, id: id)
        }
        return nodes.map { node in
            let ownName = Self.listingName(label: node.label, id: node.id)
            guard let operation = node.operation else {
                return "Leaf node, \(ownName) = \(node.value)"
            }
            let arguments = node.inputs.map(name(of:))
            let expression: String
            if Self.isSymbolicOperation(operation) && arguments.count == 2 {
                expression = "\(arguments[0]) \(operation) \(arguments[1])"
            } else if Self.isSymbolicOperation(operation) && arguments.count == 1 {
                expression = "\(operation)\(arguments[0])"
            } else {
                expression = "\(operation)(\(arguments.joined(separator: ", ")))"
            }
            return "\(ownName) = \(expression) = \(node.value)"
        }
    }

    /// The characters a symbolic operation (`+`, `**`) is made of.
    private static let operatorCharacters: Set<Character> = [
        "+", "-", "*", "/", "^", "%", "<", ">", "=", "!", "&", "|", "~", "@", ".",
    ]

    /// Whether `operation` is written between (or before) its arguments rather than as a call.
    private static func isSymbolicOperation(_ operation: String) -> Bool {
        !operation.isEmpty && operation.allSatisfy { operatorCharacters.contains($0) }
    }

    /// The label, or `v<id>` when there is no usable label.
    private static func listingName(label: String?, id: Int) -> String {
        if let label, !label.isEmpty { return label }
        return "v\(id)"
    }
}
