import Autograd
import AutogradPlot
import Foundation
import Testing

private typealias Node = GraphDescription.Node

/// The seed graph f = b·((a + b)·(a − b)) at a = 1, b = 2.
private func seedGraph() -> GraphDescription {
    GraphDescription(nodes: [
        Node(id: 0, label: "a", value: "1.0", fields: ["data 1.0000", "grad -4.0000"]),
        Node(id: 1, label: "b", value: "2.0", fields: ["data 2.0000", "grad 1.0000"]),
        Node(id: 2, label: "c", operation: "+", value: "3.0", fields: ["data 3.0000", "grad -2.0000"], inputs: [0, 1]),
        Node(id: 3, label: "d", operation: "-", value: "-1.0", fields: ["data -1.0000", "grad 6.0000"], inputs: [0, 1]),
        Node(id: 4, label: "e", operation: "*", value: "-3.0", fields: ["data -3.0000", "grad 2.0000"], inputs: [2, 3]),
        Node(id: 5, label: "f", operation: "*", value: "-6.0", fields: ["data -6.0000", "grad 1.0000"], inputs: [4, 1]),
    ])
}

/// A fresh, empty directory under the system's temporary directory, removed by `body`'s end.
private func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("autograd-plot-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// Writes a `/bin/sh` script named `dot` into `directory`, executable unless told otherwise.
@discardableResult
private func makeFakeDot(in directory: URL, script: String, executable: Bool = true) throws -> URL {
    let url = directory.appendingPathComponent("dot")
    try Data("#!/bin/sh\n\(script)\n".utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
    return url
}

/// Whether a real Graphviz `dot` is on this process's PATH.
private let dotIsInstalled = GraphvizRenderer.locateDot() != nil

@Suite("GraphvizRenderer")
struct GraphvizRendererTests {
    @Test("locateDot searches the directories of a PATH value in order")
    func locating() throws {
        try withTemporaryDirectory { root in
            let empty = root.appendingPathComponent("empty")
            let plainFile = root.appendingPathComponent("plain")
            let directoryNamedDot = root.appendingPathComponent("dirdot")
            let first = root.appendingPathComponent("first")
            let second = root.appendingPathComponent("second")
            for directory in [empty, plainFile, directoryNamedDot, first, second] {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            try makeFakeDot(in: plainFile, script: "exit 0", executable: false)
            try FileManager.default.createDirectory(
                at: directoryNamedDot.appendingPathComponent("dot"), withIntermediateDirectories: true)
            let firstDot = try makeFakeDot(in: first, script: "exit 0")
            try makeFakeDot(in: second, script: "exit 0")

            #expect(GraphvizRenderer.locateDot(searchPath: nil) == nil)
            #expect(GraphvizRenderer.locateDot(searchPath: "") == nil)
            #expect(GraphvizRenderer.locateDot(searchPath: empty.path) == nil)
            let path = [empty, plainFile, directoryNamedDot, first, second].map(\.path).joined(separator: ":")
            #expect(GraphvizRenderer.locateDot(searchPath: path)?.path == firstDot.path)
            #expect(GraphvizRenderer.locateDot(searchPath: "::" + second.path + ":")?.lastPathComponent == "dot")
        }
    }

    @Test("a path not ending in .svg gets the DOT text")
    func writesDOT() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("graph.gv")
            let outcome = try GraphvizRenderer.write(seedGraph(), to: url, title: "seed", searchPath: nil)
            #expect(outcome.format == .dot)
            #expect(!outcome.isFallback)
            #expect(outcome.note == nil)
            #expect(outcome.writtenURL == url)
            #expect(outcome.message.contains(url.path))
            let written = try String(contentsOf: url, encoding: .utf8)
            #expect(written == GraphvizDOT.document(for: seedGraph(), title: "seed"))
        }
    }

    @Test("with PATH holding only an empty directory, .svg falls back to .dot and says so")
    func fallsBackWithoutDot() throws {
        try withTemporaryDirectory { directory in
            let emptyBin = directory.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: emptyBin, withIntermediateDirectories: true)
            let svgURL = directory.appendingPathComponent("graph.svg")
            let dotURL = directory.appendingPathComponent("graph.dot")

            let outcome = try GraphvizRenderer.write(seedGraph(), to: svgURL, searchPath: emptyBin.path)

            #expect(outcome.isFallback)
            #expect(outcome.note == outcome.message)
            #expect(outcome.format == .dot)
            #expect(outcome.requestedURL == svgURL)
            #expect(outcome.writtenURL.path == dotURL.path)
            #expect(outcome.message.contains("Graphviz's `dot` was not found on PATH"))
            #expect(outcome.message.contains(dotURL.path))
            #expect(!FileManager.default.fileExists(atPath: svgURL.path))
            #expect(try String(contentsOf: dotURL, encoding: .utf8) == GraphvizDOT.document(for: seedGraph()))
        }
    }

    @Test("a fallback replaces an earlier graph at the .dot path but keeps any other file there")
    func fallbackKeepsOtherFiles() throws {
        try withTemporaryDirectory { directory in
            let emptyBin = directory.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: emptyBin, withIntermediateDirectories: true)
            let svgURL = directory.appendingPathComponent("report.svg")
            let dotURL = directory.appendingPathComponent("report.dot")

            // An earlier fallback's graph is replaced.
            try Data("digraph G {\n  old -> graph;\n}\n".utf8).write(to: dotURL)
            let outcome = try GraphvizRenderer.write(seedGraph(), to: svgURL, searchPath: emptyBin.path)
            #expect(outcome.isFallback && outcome.writtenURL.path == dotURL.path)
            #expect(try String(contentsOf: dotURL, encoding: .utf8) == GraphvizDOT.document(for: seedGraph()))

            // A file that is not a graph (a word processor's .dot template, say) stays as it was.
            let template = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x3E])
            try template.write(to: dotURL)
            #expect {
                try GraphvizRenderer.write(seedGraph(), to: svgURL, searchPath: emptyBin.path)
            } throws: { error in
                let description = (error as? GraphvizError)?.description ?? ""
                return description.contains("not a Graphviz graph") && description.contains(dotURL.path)
                    && description.contains("Graphviz's `dot` was not found on PATH")
            }
            #expect(try Data(contentsOf: dotURL) == template)
            #expect(!FileManager.default.fileExists(atPath: svgURL.path))
        }
    }

    @Test("what counts as a Graphviz graph at a fallback's path", arguments: [
        ("digraph G {", true), ("  \n\tstrict digraph {", true), ("graph {", true), ("DiGraph x {", true), ("", true),
        ("digraphs", false), ("# notes on the graph", false), ("// digraph", false), ("\u{FFFD}\u{FFFD}", false), ("graphite", false),
    ])
    func graphvizGraphStart(text: String, isGraph: Bool) {
        #expect(GraphvizRenderer.isGraphvizGraph(Data(text.utf8)) == isGraph)
    }

    @Test("a graph larger than Graphviz lays out in seconds is written as DOT, with a note, even where dot exists")
    func largeGraphWrittenAsDOT() throws {
        try withTemporaryDirectory { directory in
            let count = GraphvizRenderer.maximumNodesForSVG + 1
            let graph = GraphDescription(nodes: (0..<count).map { id in
                Node(id: id, operation: id == 0 ? nil : "sin", value: "0.5", fields: ["data 0.5000"], inputs: id == 0 ? [] : [id - 1])
            })
            let svgURL = directory.appendingPathComponent("big.svg")
            // A PATH whose only directory holds a `dot` that would fail if it were run.
            let bin = directory.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let fakeDot = bin.appendingPathComponent("dot")
            try Data("#!/bin/sh\nexit 1\n".utf8).write(to: fakeDot)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeDot.path)

            let outcome = try GraphvizRenderer.write(graph, to: svgURL, searchPath: bin.path)

            #expect(outcome.isFallback && outcome.format == .dot)
            #expect(outcome.writtenURL.path == directory.appendingPathComponent("big.dot").path)
            #expect(outcome.message.hasPrefix("the graph has \(count) nodes, more than the \(count - 1)"))
            #expect(!FileManager.default.fileExists(atPath: svgURL.path))
        }
    }

    @Test("a file that cannot be written gives an error naming it")
    func unwritableFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("missing/graph.dot")
            #expect {
                _ = try GraphvizRenderer.write(seedGraph(), to: url, searchPath: nil)
            } throws: { error in
                guard case .fileFailed(let failedURL, _) = error as? GraphvizError else { return false }
                return failedURL == url && "\(error)".contains(url.path)
            }
        }
    }

    @Test("DOT goes in on stdin and comes back whole, even when large (no pipe deadlock)")
    func largeInputAndOutput() throws {
        try withTemporaryDirectory { directory in
            // Writes 300 kB of stderr before reading stdin, then echoes stdin to stdout.
            let fake = try makeFakeDot(in: directory, script: "head -c 300000 /dev/zero >&2\ncat")
            let text = String(repeating: "n0 -> n1; // padding to exceed any pipe buffer\n", count: 25_000)
            let output = try GraphvizRenderer.renderSVG(text, dot: fake)
            #expect(output == Data(text.utf8))
        }
    }

    @Test("a dot that exits without reading its input does not take the process down")
    func childIgnoresInput() throws {
        try withTemporaryDirectory { directory in
            let fake = try makeFakeDot(in: directory, script: "exit 0")
            let text = String(repeating: "x", count: 2_000_000)
            #expect(try GraphvizRenderer.renderSVG(text, dot: fake).isEmpty)
        }
    }

    @Test("a failing dot throws an error carrying its stderr")
    func failingDot() throws {
        try withTemporaryDirectory { directory in
            let fake = try makeFakeDot(in: directory, script: "cat >/dev/null\necho 'Error: syntax error in line 1' >&2\nexit 3")
            #expect(throws: GraphvizError.dotFailed(status: 3, standardError: "Error: syntax error in line 1")) {
                try GraphvizRenderer.renderSVG("digraph {", dot: fake)
            }
            let svgURL = directory.appendingPathComponent("graph.svg")
            #expect {
                _ = try GraphvizRenderer.write(seedGraph(), to: svgURL, searchPath: directory.path)
            } throws: { error in
                let text = "\(error)"
                return text.contains(svgURL.path) && text.contains("status 3") && text.contains("syntax error in line 1")
            }
            #expect(!FileManager.default.fileExists(atPath: svgURL.path))
        }
    }

    @Test("a dot found on the search path renders the .svg file")
    func writesSVGWithFoundDot() throws {
        try withTemporaryDirectory { directory in
            try makeFakeDot(in: directory, script: "cat >/dev/null\necho '<svg xmlns=\"http://www.w3.org/2000/svg\"/>'")
            let svgURL = directory.appendingPathComponent("graph.SVG")
            let outcome = try GraphvizRenderer.write(seedGraph(), to: svgURL, searchPath: directory.path)
            #expect(outcome.format == .svg)
            #expect(!outcome.isFallback)
            #expect(outcome.message.contains(svgURL.path))
            #expect(try String(contentsOf: svgURL, encoding: .utf8).contains("<svg"))
        }
    }

    @Test("renderSVG without dot on PATH, or a dot that cannot start, throws a clear error")
    func missingOrBrokenDot() throws {
        try withTemporaryDirectory { directory in
            let notAProgram = directory.appendingPathComponent("nothing-here")
            #expect {
                _ = try GraphvizRenderer.renderSVG("digraph {}", dot: notAProgram)
            } throws: { error in
                guard case .launchFailed = error as? GraphvizError else { return false }
                return "\(error)".contains(notAProgram.path)
            }
        }
        #expect(GraphvizError.dotNotFound(searchPath: "/nowhere").description.contains("not found on PATH"))
    }

    @Test(
        "the real Graphviz dot renders the seed graph to SVG",
        .enabled(if: dotIsInstalled, "Graphviz's dot is not on PATH; install graphviz to run this check")
    )
    func realDot() throws {
        let svg = String(decoding: try GraphvizRenderer.renderSVG(GraphvizDOT.document(for: seedGraph())), as: UTF8.self)
        #expect(svg.hasPrefix("<?xml") || svg.contains("<svg"))
        #expect(svg.contains(">data &#45;6.0000<") || svg.contains(">data -6.0000<"))

        try withTemporaryDirectory { directory in
            let svgURL = directory.appendingPathComponent("seed.svg")
            let outcome = try GraphvizRenderer.write(seedGraph(), to: svgURL, title: "seed")
            #expect(outcome.format == .svg)
            #expect(try String(contentsOf: svgURL, encoding: .utf8).contains("<svg"))
        }
    }

    @Test(
        "the real Graphviz dot handles a large graph and reports syntax errors",
        .enabled(if: dotIsInstalled, "Graphviz's dot is not on PATH; install graphviz to run this check")
    )
    func realDotLargeAndInvalid() throws {
        var nodes = [Node(id: 0, label: "x0", value: "1.0", fields: ["data 1.0000", "grad 0.0000"])]
        for id in 1..<400 {
            nodes.append(Node(
                id: id, label: "x\(id)", operation: "+", value: "\(id).0",
                fields: ["data \(id).0000", "grad 0.0000"], inputs: [id - 1]))
        }
        // A chain, so the layout is quick while both the DOT (> 64 kB) and the SVG overflow a pipe buffer.
        let dotText = GraphvizDOT.document(for: GraphDescription(nodes: nodes))
        #expect(dotText.utf8.count > 65_536)
        let svg = try GraphvizRenderer.renderSVG(dotText)
        #expect(svg.count > 65_536)
        #expect(String(decoding: svg, as: UTF8.self).contains(">x399<"))

        #expect {
            _ = try GraphvizRenderer.renderSVG("digraph { a -> ")
        } throws: { error in
            guard case .dotFailed(_, let standardError) = error as? GraphvizError else { return false }
            return !standardError.isEmpty && "\(error)".contains(standardError)
        }
    }

    @Test("when dot is missing, say which checks were skipped")
    func reportSkips() {
        if !dotIsInstalled {
            print("Graphviz's dot is not on PATH: the real-rendering checks were skipped (fallback checks still ran).")
        }
        #expect(Bool(true))
    }
}
