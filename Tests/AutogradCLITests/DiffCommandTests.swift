import Foundation
import Testing

/// `autograd diff`, run as a user runs it.
@Suite("autograd diff")
struct DiffCommandTests {
    /// Parses the single JSON object the tool printed.
    static func json(_ outcome: ToolRunner.Outcome) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("the seed f = b·((a + b)·(a − b)) at a = 1, b = 2: value and gradient for people")
    func seedText() throws {
        let outcome = try ToolRunner.run(["diff", "c = a + b; d = a - b; e = c * d; e * b", "--at", "a=1,b=2"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "f = -6\n∂f/∂a = 4\n∂f/∂b = -11\n")
        #expect(outcome.standardError.isEmpty)
    }

    @Test("--json --hessian --check: one object with value, gradient, hessian and check")
    func seedJSON() throws {
        let outcome = try ToolRunner.run(["diff", "b * ((a + b) * (a - b))", "--at", "a=1", "--at", "b=2", "--json", "--hessian", "--check"])
        #expect(outcome.status == 0)
        let object = try Self.json(outcome)
        #expect(object["value"] as? Double == -6)
        let gradient = try #require(object["gradient"] as? [String: Double])
        #expect(gradient == ["a": 4, "b": -11])
        let hessian = try #require(object["hessian"] as? [String: [String: Double]])
        #expect(hessian == ["a": ["a": 4, "b": 2], "b": ["a": 2, "b": -12]])
        let check = try #require(object["check"] as? [String: [String: Double]])
        #expect(try #require(check["a"]?["error"]) < 1e-8)
        #expect(abs(try #require(check["b"]?["numeric"]) - -11) < 1e-8)
        #expect(outcome.standardOutput.split(separator: "\n").count == 1)
    }

    @Test("the JSON keys keep the documented order and full-precision numbers")
    func jsonShape() throws {
        let outcome = try ToolRunner.run(["diff", "tanh(x)", "--at", "x=1", "--json"])
        #expect(outcome.standardOutput == "{\"value\": 0.7615941559557649, \"gradient\": {\"x\": 0.41997434161402614}}\n")
    }

    @Test("non-finite numbers are the strings nan, inf and -inf")
    func nonFinite() throws {
        let outcome = try ToolRunner.run(["diff", "log(x)", "--at", "x=0", "--json"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "{\"value\": \"-inf\", \"gradient\": {\"x\": \"inf\"}}\n")
    }

    @Test("micrograd's sanity check: y = -20 and dy/dx = 46 at x = -4")
    func microgradSanity() throws {
        let program = "z = 2 * x + 2 + x; q = relu(z) + z * x; h = relu(z * z); y = h + q + q * x"
        let object = try Self.json(try ToolRunner.run(["diff", program, "--at", "x=-4", "--json"]))
        #expect(object["value"] as? Double == -20)
        #expect((object["gradient"] as? [String: Double])?["x"] == 46)
    }

    @Test("micrograd's more-ops test, with reassignment, against its reference values and finite differences")
    func microgradMoreOps() throws {
        let program = """
            c = a + b
            d = a * b + b**3
            c = c + c + 1
            c = c + 1 + c + (-a)
            d = d + d * 2 + relu(b + a)
            d = d + 3 * d + relu(b - a)
            e = c - d
            f = e**2
            g = f / 2.0
            g = g + 10.0 / f
            """
        let outcome = try ToolRunner.run(["diff", program, "--at", "a=-4,b=2", "--json", "--check"])
        let object = try Self.json(outcome)
        let value = try #require(object["value"] as? Double)
        let gradient = try #require(object["gradient"] as? [String: Double])
        #expect(abs(value - 24.70408163265306) < 1e-12)
        #expect(abs(try #require(gradient["a"]) - 138.83381924198252) < 1e-6)
        #expect(abs(try #require(gradient["b"]) - 645.5772594752186) < 1e-6)
        let check = try #require(object["check"] as? [String: [String: Double]])
        #expect(try #require(check["a"]?["error"]) < 1e-4)
        #expect(try #require(check["b"]?["error"]) < 1e-4)
    }

    @Test("power binds tighter than unary minus and associates to the right")
    func powerPrecedence() throws {
        let negative = try Self.json(try ToolRunner.run(["diff", "--at", "x=3", "--json", "--", "-x^2"]))
        #expect(negative["value"] as? Double == -9)
        #expect((negative["gradient"] as? [String: Double])?["x"] == -6)
        let tower = try Self.json(try ToolRunner.run(["diff", "2^3^2", "--json"]))
        #expect(tower["value"] as? Double == 512)
    }

    @Test("--hessian prints an aligned matrix")
    func hessianText() throws {
        let outcome = try ToolRunner.run(["diff", "x^2 * y", "--at", "x=3,y=-1", "--hessian"])
        #expect(outcome.standardOutput == """
            f = -9
            ∂f/∂x = -6
            ∂f/∂y = 9

            Hessian:
                  x   y
              x  -2   6
              y   6   0

            """)
    }

    @Test("bad input: exit status 2, one error line (plus a caret for syntax), nothing on stdout",
          arguments: [
            (["diff", "a + )", "--at", "a=1"], "error: 1:5: unexpected ')'"),
            (["diff", "foo(a)", "--at", "a=1"], "error: 1:1: unknown function 'foo'"),
            (["diff", "a + c", "--at", "a=1"], "error: 1:5: undefined name 'c'"),
            (["diff", "a + 1", "--at", "a"], "error: malformed --at binding 'a': expected NAME=VALUE"),
            (["diff", "a + 1", "--at", "a=x"], "error: malformed --at binding 'a=x': 'x' is not a number"),
            (["diff", "a + 1", "--at", "a=0x10"], "error: malformed --at binding 'a=0x10': '0x10' is not a number"),
            (["bench", "t1", "--t1-largest", "1"], "error: --t1-largest must be at least 128, t1's smallest size, not 1"),
            (["inspect", ""], "error: inspect needs a path, not an empty string"),
            (["diff", "x", "--at", "x=1", "--graph", ""], "error: --graph needs a path, not an empty string"),
            (["diff", "a + 1", "--at", "a=1e999"], "error: malformed --at binding 'a=1e999': '1e999' is out of range"),
            (["diff", "a + 1", "--at", "1a=2"], "error: malformed --at binding '1a=2': '1a' is not a valid name"),
            (["diff", "a + 1", "--at", "a=1,a=2"], "error: --at binds 'a' more than once"),
            (["diff", "a", "--at", "a=1", "--bogus"], "error: Unknown option '--bogus'"),
            (["help", "dif"], "error: no command named 'dif' to show help for; the commands are train, diff, minimize, inspect, bench"),
          ])
    func badInput(arguments: [String], expectedFirstLine: String) throws {
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
        let firstLine = outcome.standardError.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix(expectedFirstLine), "stderr was: \(outcome.standardError)")
        #expect(!outcome.standardError.contains("Fatal error"))
    }

    @Test("user text quoted in an error is escaped: a line break or an escape sequence cannot start a second error line")
    func controlCharactersEscaped() throws {
        let outcome = try ToolRunner.run(["diff", "x", "--at", "x=1\nerror: 2\u{1B}[31m"])
        #expect(outcome.status == 2 && outcome.standardOutput.isEmpty)
        #expect(outcome.standardError == "error: malformed --at binding 'x=1\\u{a}error: 2\\u{1b}[31m': '1\\u{a}error: 2\\u{1b}[31m' is not a number\n")
    }

    @Test("help shows each command's usage, and help's own, with status 0", arguments: ["train", "diff", "minimize", "inspect", "bench", "help"])
    func helpForEachCommand(name: String) throws {
        let outcome = try ToolRunner.run(["help", name])
        #expect(outcome.status == 0 && outcome.standardError.isEmpty)
        #expect(outcome.standardOutput.contains("USAGE: autograd"))
    }

    @Test("a program that starts with '-' before '--' gets a hint at '--', on the one error line")
    func leadingMinusHint() throws {
        let outcome = try ToolRunner.run(["diff", "-x^2", "--at", "x=1"])
        #expect(outcome.status == 2 && outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.split(separator: "\n").count == 1)
        #expect(outcome.standardError.hasPrefix("error: Missing expected argument"))
        #expect(outcome.standardError.contains("put the program after '--': autograd diff --at x=1 -- '-x'"))
    }

    @Test("--hessian and --check take at most 1,000 inputs")
    func secondPassesLimit() throws {
        let names = (0..<1_001).map { "x\($0)" }
        let program = names.map { "\($0)*\($0)" }.joined(separator: "+")
        let bindings = names.map { "\($0)=1" }.joined(separator: ",")
        for flag in ["--hessian", "--check"] {
            let outcome = try ToolRunner.run(["diff", program, "--at", bindings, flag])
            #expect(outcome.status == 2 && outcome.standardOutput.isEmpty)
            #expect(outcome.standardError == "error: \(flag) takes at most 1000 inputs; --at binds 1001\n")
        }
    }

    @Test("a syntax error shows the line and a caret under the column")
    func caret() throws {
        let outcome = try ToolRunner.run(["diff", "x = 1\ny = x * (2 + ", "--at", "a=1"])
        #expect(outcome.status == 2)
        let lines = outcome.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 3)
        #expect(lines[0].hasPrefix("error: 2:"))
        #expect(lines[1].contains("y = x * (2 + "))
        #expect(lines[2].trimmingCharacters(in: .whitespaces) == "^")
    }

    @Test("--graph writes a DOT file labelled with the program's names")
    func graphFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("graph.dot")
        let outcome = try ToolRunner.run(["diff", "c = a + b; d = a - b; e = c * d; f = e * b", "--at", "a=1,b=2", "--graph", file.path])
        #expect(outcome.status == 0)
        let dot = try String(contentsOf: file, encoding: .utf8)
        #expect(dot.contains("digraph"))
        #expect(dot.contains("rankdir=LR") || dot.contains("rankdir = LR"))
        for name in ["a", "b", "c", "d", "e", "f"] { #expect(dot.contains("\(name) |"), "no box for \(name)") }
        #expect(dot.contains("grad 4.0000"))
        #expect(dot.contains("data -6.0000"))
    }

    @Test("--graph FILE.svg without Graphviz writes the DOT beside it, but never over a file that is not a graph")
    func graphFallbackKeepsOtherFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svg = directory.appendingPathComponent("out.svg"), dot = directory.appendingPathComponent("out.dot")
        let arguments = ["diff", "a * b", "--at", "a=1,b=2", "--graph", svg.path]
        // A PATH with no `dot` on it.
        let environment = ["PATH": directory.path]

        let first = try ToolRunner.run(arguments, environment: environment)
        #expect(first.status == 0)
        #expect(first.standardError.contains("wrote the DOT text to \(dot.path) instead"))
        #expect(try String(contentsOf: dot, encoding: .utf8).hasPrefix("digraph"))
        // Run again, the earlier fallback's graph is replaced.
        #expect(try ToolRunner.run(arguments, environment: environment).status == 0)

        try Data("My notes, not a graph.\n".utf8).write(to: dot)
        let refused = try ToolRunner.run(arguments, environment: environment)
        #expect(refused.status == 2)
        #expect(refused.standardOutput.isEmpty)
        #expect(refused.standardError.hasPrefix("error: "))
        #expect(refused.standardError.contains("is not a Graphviz graph; it was left as it is"))
        #expect(try String(contentsOf: dot, encoding: .utf8) == "My notes, not a graph.\n")
    }
}
