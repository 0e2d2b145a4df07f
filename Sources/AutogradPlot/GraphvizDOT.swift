import Autograd

/// Graphviz DOT text for a recorded computation, in the style of the micrograd pictures.
///
/// Every value is a `shape=record` box reading `{ label | field1 | field2 }` (the braces make the
/// fields run left to right under `rankdir=LR`): for example `{ a | data 1.0000 | grad 4.0000 }`.
/// Without a label the box holds just the fields; a node with no fields shows its ``GraphDescription/Node/value``
/// instead. Every operation is a small light-grey circle with the operation's text, placed between
/// its inputs and its output: `input -> circle` once per argument (so `a * a` draws two edges), then
/// `circle -> output`.
///
/// Statement names come from the node ids: value `n<id>` and operation `op<id>`, with `m` standing for
/// a minus sign (`nm3`, `opm3` for id `-3`). Statements follow the description's order (each value,
/// then its operation circle, the circle's input edges in argument order, and the output edge), so
/// the same description always gives the same bytes.
public enum GraphvizDOT {
    /// The attributes of an operation circle (everything but its label).
    static let operationStyle =
        "shape=circle, style=filled, fillcolor=lightgrey, fixedsize=true, width=0.5, height=0.5, fontsize=10"

    /// The DOT digraph for `graph`, with an optional title drawn above it; ends with a newline.
    ///
    /// For a one-node graph with a leaf `a` whose fields are `data 1.0000` and `grad 0.0000`:
    ///
    /// ```text
    /// digraph G {
    ///   rankdir=LR;
    ///   n0 [shape=record, label="{ a | data 1.0000 | grad 0.0000 }"];
    /// }
    /// ```
    ///
    /// A title adds `label="…";` and `labelloc=t;` after `rankdir=LR;`. Record-label specials
    /// (`{ } | < > "` and backslash) in labels and fields are escaped, quotes and backslashes in the
    /// title and operation text are escaped, and line breaks become DOT's `\n`. Input ids missing from
    /// the description still get an edge, from Graphviz's default node of that name.
    public static func document(for graph: GraphDescription, title: String? = nil) -> String {
        var lines = ["digraph G {", "  rankdir=LR;"]
        if let title {
            lines.append("  label=\"\(quoted(title))\";")
            lines.append("  labelloc=t;")
        }
        for node in graph.nodes {
            let valueName = statementName(prefix: "n", id: node.id)
            lines.append("  \(valueName) [shape=record, label=\"\(recordLabel(for: node))\"];")
            guard let operation = node.operation else { continue }
            let operationName = statementName(prefix: "op", id: node.id)
            lines.append("  \(operationName) [\(operationStyle), label=\"\(quoted(operation))\"];")
            for input in node.inputs {
                lines.append("  \(statementName(prefix: "n", id: input)) -> \(operationName);")
            }
            lines.append("  \(operationName) -> \(valueName);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT identifier for a node id: `prefix` then the id, with `m` for a minus sign.
    static func statementName(prefix: String, id: Int) -> String {
        id < 0 ? "\(prefix)m\(id.magnitude)" : "\(prefix)\(id)"
    }

    /// The record label `{ label | field | … }` with every part escaped, ready to go between quotes.
    static func recordLabel(for node: GraphDescription.Node) -> String {
        var parts: [String] = []
        if let label = node.label, !label.isEmpty { parts.append(label) }
        parts.append(contentsOf: node.fields.isEmpty ? [node.value] : node.fields)
        return "{ " + parts.map(recordField).joined(separator: " | ") + " }"
    }

    /// One record field escaped for a quoted record label: `{ } | < > "` and backslash get a backslash.
    static func recordField(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "{", "}", "|", "<", ">", "\"", "\\":
                result.append("\\")
                result.append(character)
            case "\n", "\r\n":
                result.append("\\n")
            case "\r":
                break
            default:
                result.append(character)
            }
        }
        return result
    }

    /// Text escaped for a DOT double-quoted string that is a plain label: quotes and backslashes.
    static func quoted(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"", "\\":
                result.append("\\")
                result.append(character)
            case "\n", "\r\n":
                result.append("\\n")
            case "\r":
                break
            default:
                result.append(character)
            }
        }
        return result
    }
}
