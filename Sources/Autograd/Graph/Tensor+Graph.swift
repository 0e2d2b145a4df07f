/// The recorded graph behind a tensor, for listings and pictures.
extension Tensor {
    /// An optional name for this tensor's node, shown in pictures (only tensors that require
    /// gradients have a node to name).
    public var label: String? {
        get { node?.label }
        nonmutating set { node?.label = newValue }
    }

    /// Every recorded operation and leaf this tensor depends on, inputs first, this tensor last; each
    /// box shows the operation, shape and dtype. Empty for a tensor that requires no gradient.
    public var graph: GraphDescription {
        guard let node else { return GraphDescription(nodes: []) }
        let order = Tensor.topologicalOrder(from: node)
        var ids: [ObjectIdentifier: Int] = [:]
        for (index, node) in order.enumerated() { ids[ObjectIdentifier(node)] = index }
        return GraphDescription(nodes: order.enumerated().map { index, node in
            let shapeText = "shape [" + node.shape.map(String.init).joined(separator: ", ") + "]"
            return GraphDescription.Node(
                id: index,
                label: node.label,
                operation: node.isLeaf ? nil : node.name,
                value: "Tensor(\(shapeText), \(node.dtype))",
                fields: [node.isLeaf ? "leaf" : node.name, shapeText, "\(node.dtype)"],
                inputs: node.inputs.compactMap { $0.node.flatMap { ids[ObjectIdentifier($0)] } })
        })
    }
}
