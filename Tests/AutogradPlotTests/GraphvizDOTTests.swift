import Autograd
import AutogradPlot
import Testing

private typealias Node = GraphDescription.Node

/// c = a * b with a = 2, b = -3 after backward.
private func productGraph() -> GraphDescription {
    GraphDescription(nodes: [
        Node(id: 0, label: "a", value: "2.0", fields: ["data 2.0000", "grad -3.0000"]),
        Node(id: 1, label: "b", value: "-3.0", fields: ["data -3.0000", "grad 2.0000"]),
        Node(id: 2, label: "c", operation: "*", value: "-6.0", fields: ["data -6.0000", "grad 1.0000"], inputs: [0, 1]),
    ])
}

private let circleStyle =
    "shape=circle, style=filled, fillcolor=lightgrey, fixedsize=true, width=0.5, height=0.5, fontsize=10"

@Suite("GraphvizDOT")
struct GraphvizDOTTests {
    @Test("a tiny graph gives exactly the golden DOT text")
    func golden() {
        let expected = """
            digraph G {
              rankdir=LR;
              n0 [shape=record, label="{ a | data 2.0000 | grad -3.0000 }"];
              n1 [shape=record, label="{ b | data -3.0000 | grad 2.0000 }"];
              n2 [shape=record, label="{ c | data -6.0000 | grad 1.0000 }"];
              op2 [\(circleStyle), label="*"];
              n0 -> op2;
              n1 -> op2;
              op2 -> n2;
            }

            """
        #expect(GraphvizDOT.document(for: productGraph()) == expected)
    }

    @Test("a title becomes the graph label, with quotes and backslashes escaped")
    func title() {
        let graph = GraphDescription(nodes: [Node(id: 0, label: "a", value: "1.0", fields: ["data 1.0000"])])
        let expected = """
            digraph G {
              rankdir=LR;
              label="say \\"hi\\" \\\\ now\\nline two";
              labelloc=t;
              n0 [shape=record, label="{ a | data 1.0000 }"];
            }

            """
        #expect(GraphvizDOT.document(for: graph, title: "say \"hi\" \\ now\nline two") == expected)
    }

    @Test("record specials in labels and fields are escaped, and operation text is quoted")
    func recordEscaping() {
        let graph = GraphDescription(nodes: [
            Node(id: 0, label: #"x{1}|<y> "q" \ z"#, value: "1.0", fields: ["data <1> | {2}"]),
            Node(id: 1, label: "w", operation: #"op"\"#, value: "2.0", fields: ["data 2.0000"], inputs: [0]),
        ])
        let dot = GraphvizDOT.document(for: graph)
        #expect(dot.contains(#"n0 [shape=record, label="{ x\{1\}\|\<y\> \"q\" \\ z | data \<1\> \| \{2\} }"];"#))
        #expect(dot.contains(#"op1 [\#(circleStyle), label="op\"\\"];"#))
    }

    @Test("without a label the box holds the fields; without fields it shows the value")
    func unlabelled() {
        let graph = GraphDescription(nodes: [
            Node(id: 0, value: "1.0", fields: ["data 1.0000", "grad 0.0000"]),
            Node(id: 1, label: "k", value: "2.5", fields: []),
            Node(id: 2, value: "3.5", fields: []),
        ])
        let dot = GraphvizDOT.document(for: graph)
        #expect(dot.contains(#"n0 [shape=record, label="{ data 1.0000 | grad 0.0000 }"];"#))
        #expect(dot.contains(#"n1 [shape=record, label="{ k | 2.5 }"];"#))
        #expect(dot.contains(#"n2 [shape=record, label="{ 3.5 }"];"#))
    }

    @Test("a repeated input draws one edge per argument")
    func repeatedInputs() {
        let graph = GraphDescription(nodes: [
            Node(id: 0, label: "a", value: "3.0", fields: ["data 3.0000"]),
            Node(id: 1, label: "b", operation: "*", value: "9.0", fields: ["data 9.0000"], inputs: [0, 0]),
        ])
        let lines = GraphvizDOT.document(for: graph).split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "  n0 -> op1;" }.count == 2)
        #expect(lines.filter { $0 == "  op1 -> n1;" }.count == 1)
    }

    @Test("negative ids get names that are valid DOT identifiers")
    func negativeIDs() {
        let graph = GraphDescription(nodes: [
            Node(id: -3, label: "a", value: "1.0", fields: []),
            Node(id: -4, label: "t", operation: "tanh", value: "0.76", fields: [], inputs: [-3]),
        ])
        let dot = GraphvizDOT.document(for: graph)
        #expect(dot.contains("  nm3 -> opm4;\n  opm4 -> nm4;\n"))
    }

    @Test("the same description always gives the same bytes")
    func deterministic() {
        let first = GraphvizDOT.document(for: productGraph(), title: "f")
        let second = GraphvizDOT.document(for: productGraph(), title: "f")
        #expect(Array(first.utf8) == Array(second.utf8))
    }

    @Test(
        "escaped labels survive a real Graphviz round trip",
        .enabled(if: GraphvizRenderer.locateDot() != nil, "Graphviz's dot is not on PATH; skipping the round trip")
    )
    func realRoundTrip() throws {
        let graph = GraphDescription(nodes: [
            Node(id: 0, label: #"x{1}|<y> "q" \ z"#, value: "1.0", fields: ["data 1.0000"]),
        ])
        let svg = String(decoding: try GraphvizRenderer.renderSVG(GraphvizDOT.document(for: graph)), as: UTF8.self)
        #expect(svg.contains(#"x{1}|&lt;y&gt; &quot;q&quot; \ z"#))
        #expect(svg.contains(">data 1.0000<"))
    }
}
