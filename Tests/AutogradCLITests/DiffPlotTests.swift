import Foundation
import Testing

/// `autograd diff --plot`: the seed's "derivatives three ways" picture.
@Suite("autograd diff --plot")
struct DiffPlotTests {
    /// The seed's cubic at x₀ = 6, where f = −116 and f′ = −7.
    static let cubic = "x^3 - 10*x^2 + 5*x - 2"

    @Test("the seed's cubic at x = 6: the curve and two tangent lines, the analytic one dashed red, the finite difference solid orange")
    func seedPicture() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("tangents.svg")
        let outcome = try ToolRunner.run(["diff", Self.cubic, "--at", "x=6", "--plot", file.path])
        #expect(outcome.status == 0, "stderr was: \(outcome.standardError)")
        #expect(outcome.standardOutput == "f = -116\n∂f/∂x = -7\n")
        let svg = try SVGElements.parse(contentsOf: file)
        let polylines = svg.named("polyline")
        // The curve through 400 samples, then the two tangents, each a straight polyline of 2 points.
        #expect(polylines.count == 3)
        let tangents = polylines.filter { $0.attributes["points"]?.split(separator: " ").count == 2 }
        #expect(tangents.count == 2)
        let dashed = tangents.filter { $0.attributes["stroke-dasharray"] != nil }
        #expect(dashed.count == 1)
        #expect(dashed.first?.attributes["stroke"] == "#d62728")
        let solid = tangents.filter { $0.attributes["stroke-dasharray"] == nil }
        #expect(solid.first?.attributes["stroke"] == "#ff7f0e")
        // Both tangents go through (6, −116) with slope about −7: their ends nearly coincide in pixels.
        func ends(_ element: SVGElements.Element) -> [Double] {
            (element.attributes["points"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        }
        let (a, b) = (ends(try #require(dashed.first)), ends(try #require(solid.first)))
        #expect(a.count == 4 && b.count == 4)
        for (p, q) in zip(a, b) { #expect(abs(p - q) < 0.5) }
        // The window is x₀ ± max(1, |x₀|) = [0, 12]; the legend names both slopes.
        #expect(svg.allText.contains("analytic derivative: slope -7"))
        #expect(svg.allText.contains("forward difference, h = 6e-05: slope -6.99"))
        #expect(svg.allText.contains("12"))
        #expect(svg.named("circle").contains { $0.attributes["fill"] == "#000000" })
    }

    @Test("a function whose values span a few subnormals is drawn (its axis widened), not a crash")
    func subnormalValues() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("tiny.svg")
        let outcome = try ToolRunner.run(["diff", "x*5e-324", "--at", "x=1", "--plot", file.path])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(try SVGElements.parse(contentsOf: file).named("polyline").count >= 1)
    }

    @Test("--json still prints the JSON object, and the window at x = 0 is [−1, 1]")
    func jsonWithPlot() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("tanh.svg")
        let outcome = try ToolRunner.run(["diff", "tanh(x)", "--at", "x=0", "--plot", file.path, "--json"])
        #expect(outcome.standardOutput == "{\"value\": 0, \"gradient\": {\"x\": 1}}\n")
        let svg = try SVGElements.parse(contentsOf: file)
        #expect(svg.named("polyline").filter { $0.attributes["stroke-dasharray"] != nil }.count == 1)
        #expect(svg.allText.contains("-1") && svg.allText.contains("1"))
    }

    @Test("bad input: exit status 2, one error line, nothing on stdout, no picture",
          arguments: [
            (["diff", "b * (a + b) * (a - b)", "--at", "a=1,b=2", "--plot", "PLOT.svg"],
             "error: --plot draws programs of one input; --at binds 2 (a, b)"),
            (["diff", "2 + 3", "--plot", "PLOT.svg"], "error: --plot draws programs of one input; --at binds 0"),
            (["diff", "x^2", "--at", "x=1", "--plot", "PLOT.png"], "error: --plot writes SVG"),
            (["diff", "x^2", "--at", "x=inf", "--plot", "PLOT.svg"], "error: --plot needs a finite point"),
            (["diff", "x", "--at", "x=1e308", "--plot", "PLOT.svg"],
             "error: --plot cannot draw around x = 1e+308: the window x ± max(1, |x|) is wider than the largest double"),
            (["diff", "x + y", "--at", "x=1", "--plot", "PLOT.svg"], "error: 1:5: undefined name 'y'"),
          ])
    func badInput(arguments: [String], expectedFirstLine: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plot = directory.appendingPathComponent("plot")
        let arguments = arguments.map { $0.hasPrefix("PLOT.") ? plot.path + "." + $0.dropFirst(5) : $0 }
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        let firstLine = outcome.standardError.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix(expectedFirstLine), "stderr was: \(outcome.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("a directory that does not exist is a user error naming the file")
    func unwritable() throws {
        let outcome = try ToolRunner.run(["diff", "x^2", "--at", "x=1", "--plot", "/nonexistent-autograd-dir/p.svg"])
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.hasPrefix("error: cannot write chart to /nonexistent-autograd-dir/p.svg"))
    }
}
