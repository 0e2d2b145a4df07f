import Foundation
import Testing

/// `autograd minimize`, run as a user runs it.
@Suite("autograd minimize")
struct MinimizeCommandTests {
    /// The single JSON object the tool printed.
    static func json(_ outcome: ToolRunner.Outcome) throws -> [String: Any] {
        #expect(outcome.status == 0, "stderr was: \(outcome.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    /// A point of the JSON output, by name.
    static func point(_ value: Any?) throws -> [String: Double] {
        try #require(value as? [String: Double])
    }

    @Test("(x − 3)² from x = 0 converges to 3")
    func converges() throws {
        let object = try Self.json(try ToolRunner.run(["minimize", "(x - 3)^2", "--from", "x=0", "--lr", "0.1", "--steps", "200", "--json"]))
        #expect(try Self.point(object["start"]) == ["x": 0])
        let final = try #require(try Self.point(object["final"])["x"])
        #expect(abs(final - 3) < 1e-6)
        #expect(try #require(object["value"] as? Double) < 1e-12)
        #expect(object["steps"] as? Int == 200)
        #expect(object["diverged"] as? Bool == false)
        let trajectory = try #require(object["trajectory"] as? [[String: Double]])
        #expect(trajectory.count == 201)
        // The first step from 0 with α = 0.1: x₁ = 0 − 0.1·2(0 − 3) = 0.6.
        #expect(abs(try #require(trajectory[1]["x"]) - 0.6) < 1e-15)
        #expect(trajectory.last == ["x": final])
    }

    @Test("max(x, 1) from x = 3: descends while x wins, then stays at 1 where the constant wins (gradient 0, no divergence)")
    func extremumWithAConstant() throws {
        let object = try Self.json(try ToolRunner.run(["minimize", "max(x, 1)", "--from", "x=3", "--lr", "0.5", "--steps", "8", "--json"]))
        #expect(object["diverged"] as? Bool == false)
        let values = try #require(object["values"] as? [Double])
        // x: 3, 2.5, 2, 1.5, 1 (a tie: slope ½), 0.75, then stays (slope 0).
        #expect(values == [3, 2.5, 2, 1.5, 1, 1, 1, 1, 1])
        #expect(try Self.point(object["final"]) == ["x": 0.75])
        // Several starts, the first where the constant wins and the second where x does: each is
        // judged at its own points.
        let object2 = try Self.json(try ToolRunner.run([
            "minimize", "max(x, 1)", "--starts", "3", "--seed", "2", "--steps", "2", "--lr", "0.1", "--start-range=-5,5", "--json",
        ]))
        let runs = try #require(object2["runs"] as? [[String: Any]])
        #expect(runs.count == 3)
        for run in runs {
            let start = try #require(try Self.point(run["start"])["x"])
            let runValues = try #require(run["values"] as? [Double])
            #expect(runValues.first == Swift.max(start, 1), "start \(start)")
            #expect(Swift.abs(try #require(runValues.last) - (start > 1 ? start - 0.2 : 1)) < 1e-12, "start \(start)")
            #expect(run["diverged"] as? Bool == false)
        }
        #expect(try runs.contains { try Self.point($0["start"])["x", default: 0] > 1 })
    }

    @Test("with a small learning rate the value decreases at every step")
    func monotone() throws {
        let object = try Self.json(try ToolRunner.run(["minimize", "(x - 3)^2", "--from", "x=0", "--lr", "0.01", "--steps", "1000", "--json"]))
        let values = try #require(object["values"] as? [Double])
        #expect(values.count == 1001)
        #expect(values.first == 9)
        for (before, after) in zip(values, values.dropFirst()) { #expect(after < before) }
        #expect(abs(try #require(try Self.point(object["final"])["x"]) - 3) < 1e-6)
    }

    @Test("one step on the seed's f = b·(a + b)·(a − b) from (1, 2) with α = 0.01 moves against (4, −11)")
    func seedStep() throws {
        let object = try Self.json(try ToolRunner.run(["minimize", "b * (a + b) * (a - b)", "--from", "a=1,b=2", "--lr", "0.01", "--steps", "1", "--json"]))
        let values = try #require(object["values"] as? [Double])
        #expect(values.first == -6)
        let final = try Self.point(object["final"])
        #expect(abs(try #require(final["a"]) - 0.96) < 1e-15)
        #expect(abs(try #require(final["b"]) - 2.11) < 1e-15)
        #expect(object["steps"] as? Int == 1)
    }

    @Test("for people: the first and last steps, then the final point, value and gradient")
    func text() throws {
        let outcome = try ToolRunner.run(["minimize", "(x - 3)^2", "--from", "x=0", "--lr", "0.1", "--steps", "50"])
        #expect(outcome.status == 0)
        #expect(outcome.standardError.isEmpty)
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "gradient descent on f from x = 0: lr 0.1, 50 steps")
        #expect(lines[1].split(separator: " ") == ["step", "f", "x", "∂f/∂x"])
        #expect(lines[2].split(separator: " ") == ["0", "9", "0", "-6"])
        #expect(lines.contains("…"))
        #expect(lines.contains { $0.hasPrefix("50 ") })
        #expect(lines.contains { $0.hasPrefix("final (after 50 steps): x = 2.9999") })
        #expect(lines.contains { $0.hasPrefix("f = ") })
        #expect(lines.last?.hasPrefix("∂f/∂x = ") == true)
        #expect(lines.count == 2 + 5 + 1 + 5 + 3)
    }

    @Test("a diverging run stops and says so")
    func diverges() throws {
        let arguments = ["minimize", "x^2", "--from", "x=1", "--lr", "3", "--steps", "1000"]
        let object = try Self.json(try ToolRunner.run(arguments + ["--json"]))
        #expect(object["diverged"] as? Bool == true)
        let steps = try #require(object["steps"] as? Int)
        #expect(steps > 100 && steps < 1000)
        #expect(object["value"] as? String == "inf")
        let text = try ToolRunner.run(arguments)
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("diverged at step \(steps): f = inf; stopped"))
    }

    @Test("--starts 5 --seed 1 on the seed's f draws 5 trajectories on a colour map with contours and arrows")
    func seedPicture() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("descent.svg")
        let arguments = [
            "minimize", "b * (a + b) * (a - b)", "--lr", "1e-3", "--steps", "25", "--starts", "5", "--seed", "1",
            "--start-range=-10,10", "--window", "-20,20", "--plot", file.path,
        ]
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 0, "stderr was: \(outcome.standardError)")
        let svg = try SVGElements.parse(contentsOf: file)
        // TrajectoryLayer renders each path as <g class="trajectory"> holding its polyline, a dot
        // per later point and one black <circle class="start">.
        #expect(svg.named("g", class: "trajectory").count == 5)
        let starts = svg.named("circle", class: "start")
        #expect(starts.count == 5)
        #expect(starts.allSatisfy { $0.attributes["fill"] == "#000000" && $0.ancestorClasses.last == "trajectory" })
        #expect(svg.named("polyline").filter { $0.ancestorClasses.last == "trajectory" }.count == 5)
        let dots = svg.named("circle").filter { $0.ancestorClasses.last == "trajectory" && $0.attributes["class"] == nil }
        #expect(dots.count == 5 * 25)
        #expect(svg.named("path", class: "arrows").count == 1)
        #expect(!svg.named("path", class: "contour").isEmpty)
        #expect(svg.named("rect").count >= 50 * 50)
        #expect(svg.allText.contains("-20") && svg.allText.contains("20"))

        // The same seed draws the same picture; the text lists the five runs.
        let again = directory.appendingPathComponent("again.svg")
        let second = try ToolRunner.run(Array(arguments.dropLast()) + [again.path])
        #expect(second.standardOutput == outcome.standardOutput)
        #expect(try Data(contentsOf: again) == Data(contentsOf: file))
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.first == "gradient descent on f from 5 random starts in [-10, 10] (seed 1): lr 0.001, 25 steps")
        #expect(lines.count == 2 + 5)
    }

    @Test("--starts with --json: one object per run, starts inside the start range, reproducible by --seed")
    func randomStartsJSON() throws {
        let arguments = ["minimize", "b * (a + b) * (a - b)", "--lr", "1e-3", "--steps", "25", "--starts", "4", "--json"]
        let object = try Self.json(try ToolRunner.run(arguments + ["--seed", "7"]))
        #expect(object["seed"] as? Int == 7)
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.count == 4)
        var firstStarts: [[String: Double]] = []
        for run in runs {
            let start = try Self.point(run["start"])
            #expect(Set(start.keys) == ["b", "a"])
            #expect(start.values.allSatisfy { (-10...10).contains($0) })
            #expect((run["trajectory"] as? [Any])?.count == 26)
            firstStarts.append(start)
        }
        let other = try Self.json(try ToolRunner.run(arguments + ["--seed", "8"]))
        let otherStart = try Self.point((try #require(other["runs"] as? [[String: Any]]))[0]["start"])
        #expect(otherStart != firstStarts[0])
    }

    @Test("one input: the curve of f with the trajectory's points on it")
    func curvePicture() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("curve.svg")
        let outcome = try ToolRunner.run(["minimize", "(x - 3)^2", "--from", "x=0", "--lr", "0.1", "--steps", "20", "--plot", file.path])
        #expect(outcome.status == 0, "stderr was: \(outcome.standardError)")
        let svg = try SVGElements.parse(contentsOf: file)
        #expect(svg.named("g", class: "trajectory").count == 1)
        #expect(svg.named("circle", class: "start").count == 1)
        #expect(svg.named("circle").filter { $0.ancestorClasses.last == "trajectory" && $0.attributes["class"] == nil }.count == 20)
        // The curve: one polyline outside the trajectory, through 400 samples.
        let curves = svg.named("polyline").filter { $0.ancestorClasses.last != "trajectory" }
        #expect(curves.count == 1)
        #expect(curves.first?.attributes["points"]?.split(separator: " ").count == 400)
        #expect(svg.named("path", class: "arrows").isEmpty)
    }

    @Test("bad input: exit status 2, one error line, nothing on stdout, no picture",
          arguments: [
            (["minimize", "x^2", "--from", "x"], "error: malformed --from binding 'x': expected NAME=VALUE"),
            (["minimize", "x^2", "--from", "x=abc"], "error: malformed --from binding 'x=abc': 'abc' is not a number"),
            (["minimize", "x^2", "--from", "x=1,x=2"], "error: --from binds 'x' more than once"),
            (["minimize", "x^2", "--from", "x=inf"], "error: --from starts 'x' at inf: a start must be finite"),
            (["minimize", "x^2"], "error: minimize needs --from NAME=VALUE,... to say where to start (this program reads x)"),
            (["minimize", "x + y", "--from", "x=1"], "error: 1:5: undefined name 'y'"),
            (["minimize", "x^2", "--from", "x=1,z=2"], "error: --from binds 'z', which the program does not read (it reads x)"),
            (["minimize", "2 + 3", "--starts", "3"], "error: the program reads no inputs"),
            (["minimize", "a * b * c", "--from", "a=1,b=1,c=1", "--plot", "PLOT.svg"],
             "error: --plot draws programs of one or two inputs; this one has 3 (a, b, c)"),
            (["minimize", "x^2", "--from", "x=1", "--plot", "PLOT.png"], "error: --plot writes SVG"),
            (["minimize", "x^2", "--from", "x=1", "--lr", "abc"], "error: The value 'abc' is invalid for '--lr"),
            (["minimize", "x^2", "--from", "x=1", "--lr", "0"], "error: --lr must be a positive number, not 0.0"),
            (["minimize", "x^2", "--from", "x=1", "--lr=-0.5"], "error: --lr must be a positive number, not -0.5"),
            (["minimize", "x^2", "--from", "x=1", "--lr", "nan"], "error: --lr must be a positive number, not nan"),
            (["minimize", "x^2", "--from", "x=1", "--steps=-1"], "error: --steps must be between 0 and 1000000, not -1"),
            (["minimize", "x^2", "--starts", "0"], "error: --starts must be between 1 and 10000, not 0"),
            (["minimize", "x^2", "--from", "x=1", "--seed", "3"], "error: --seed needs --starts"),
            (["minimize", "x^2", "--starts", "2", "--start-range", "3,1"], "error: malformed --start-range '3,1'"),
            (["minimize", "x^2", "--starts", "2", "--start-range=-1e308,1e308"], "error: --start-range '-1e308,1e308' is wider than the largest double"),
            (["minimize", "x^2", "--from", "x=1", "--window", "-1,1"], "error: --window needs --plot"),
            (["minimize", "x + )", "--from", "x=1"], "error: 1:5: unexpected ')'"),
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
        #expect(!outcome.standardError.contains("Fatal error"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
