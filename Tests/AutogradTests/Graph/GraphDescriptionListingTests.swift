import Autograd
import Testing

/// The seed graph f = b·((a + b)·(a − b)) at a = 1, b = 2, described by hand.
private func seedGraph() -> GraphDescription {
    typealias Node = GraphDescription.Node
    return GraphDescription(nodes: [
        Node(id: 0, label: "a", value: "1.0", fields: ["data 1.0000"]),
        Node(id: 1, label: "b", value: "2.0", fields: ["data 2.0000"]),
        Node(id: 2, label: "c", operation: "+", value: "3.0", fields: ["data 3.0000"], inputs: [0, 1]),
        Node(id: 3, label: "d", operation: "-", value: "-1.0", fields: ["data -1.0000"], inputs: [0, 1]),
        Node(id: 4, label: "e", operation: "*", value: "-3.0", fields: ["data -3.0000"], inputs: [2, 3]),
        Node(id: 5, label: "f", operation: "*", value: "-6.0", fields: ["data -6.0000"], inputs: [4, 1]),
    ])
}

@Suite("GraphDescription.listing")
struct GraphDescriptionListingTests {
    @Test("the seed graph lists one exact line per node")
    func seedListing() {
        let expected = [
            "Leaf node, a = 1.0",
            "Leaf node, b = 2.0",
            "c = a + b = 3.0",
            "d = a - b = -1.0",
            "e = c * d = -3.0",
            "f = e * b = -6.0",
        ]
        #expect(seedGraph().listingLines == expected)
        #expect(seedGraph().listing == expected.joined(separator: "\n"))
    }

    @Test("named operations are calls with any number of arguments")
    func namedOperations() {
        typealias Node = GraphDescription.Node
        let graph = GraphDescription(nodes: [
            Node(id: 0, label: "a", value: "1.0", fields: []),
            Node(id: 1, label: "b", value: "2.0", fields: []),
            Node(id: 2, label: "t", operation: "tanh", value: "0.7615941559557649", fields: [], inputs: [0]),
            Node(id: 3, label: "m", operation: "max", value: "2.0", fields: [], inputs: [0, 1]),
            Node(id: 4, label: "s", operation: "sum3", value: "5.0", fields: [], inputs: [0, 1, 3]),
            Node(id: 5, label: "r", operation: "rand", value: "0.5", fields: []),
        ])
        #expect(graph.listingLines == [
            "Leaf node, a = 1.0",
            "Leaf node, b = 2.0",
            "t = tanh(a) = 0.7615941559557649",
            "m = max(a, b) = 2.0",
            "s = sum3(a, b, m) = 5.0",
            "r = rand() = 0.5",
        ])
    }

    @Test("unlabelled nodes get generated names; symbols with one or three inputs")
    func generatedNamesAndArity() {
        typealias Node = GraphDescription.Node
        let graph = GraphDescription(nodes: [
            Node(id: 3, value: "2.0", fields: []),
            Node(id: 7, label: "", value: "3.0", fields: []),
            Node(id: 8, operation: "**", value: "8.0", fields: [], inputs: [3, 7]),
            Node(id: 9, label: "n", operation: "-", value: "-2.0", fields: [], inputs: [3]),
            Node(id: 10, label: "p", operation: "+", value: "7.0", fields: [], inputs: [3, 3, 7]),
            Node(id: 11, label: "q", operation: "*", value: "4.0", fields: [], inputs: [3, 3]),
            Node(id: 12, label: "u", operation: "^", value: "9.0", fields: [], inputs: [7, 99]),
        ])
        #expect(graph.listingLines == [
            "Leaf node, v3 = 2.0",
            "Leaf node, v7 = 3.0",
            "v8 = v3 ** v7 = 8.0",
            "n = -v3 = -2.0",
            "p = +(v3, v3, v7) = 7.0",
            "q = v3 * v3 = 4.0",
            "u = v7 ^ v99 = 9.0",
        ])
    }

    @Test("an empty graph lists nothing, and listing is deterministic")
    func emptyAndDeterministic() {
        #expect(GraphDescription(nodes: []).listing == "")
        #expect(seedGraph().listing == seedGraph().listing)
    }
}
