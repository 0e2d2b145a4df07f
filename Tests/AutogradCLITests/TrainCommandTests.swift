import Foundation
import Testing

/// `autograd train`, run as a user runs it.
@Suite("autograd train")
struct TrainCommandTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("with no arguments it reaches at least 97% training accuracy and writes both pictures")
    func defaultRun() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("pictures")
        let outcome = try ToolRunner.run(["train", "--out", out.path])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        let line = try #require(outcome.standardOutput.split(separator: "\n").first { $0.hasPrefix("Final accuracy: ") })
        let accuracy = try #require(Double(line.dropFirst("Final accuracy: ".count).prefix { $0 != "%" }))
        #expect(accuracy >= 97)
        // Not a terminal: plain progress lines, no carriage returns.
        #expect(outcome.standardOutput.contains("epoch 20/200") && !outcome.standardOutput.contains("\r"))
        for name in ["loss.svg", "decision-boundary.svg"] {
            let svg = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), "\(name) is not SVG")
        }
    }

    @Test("trains on a CSV file whose last column is the label")
    func csvData() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rows = ["a,b,label"]
        for i in 0..<40 {
            let x = Double(i % 8) / 4 - 1, y = Double(i / 8) / 2 - 1
            rows.append("\(x),\(y),\(x + y > 0 ? 1 : -1)")
        }
        let file = directory.appendingPathComponent("data.csv")
        try rows.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let outcome = try ToolRunner.run(["train", "--data", file.path, "--epochs", "150", "--out", directory.path, "--seed", "3"])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput.contains("Final accuracy: "))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("decision-boundary.svg").path))
    }

    @Test("three features: no decision boundary, and one an earlier run left is kept but said to be old")
    func threeFeatures() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rows = ["a,b,c,label"]
        for i in 0..<12 { rows.append("\(i % 3),\(i % 4),\(i % 5),\(i % 2)") }
        let file = directory.appendingPathComponent("data.csv")
        try rows.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["train", "--data", file.path, "--epochs", "1", "--out", directory.path]
        let first = try ToolRunner.run(arguments)
        #expect(first.status == 0, "stderr: \(first.standardError)")
        #expect(first.standardOutput.contains("(decision-boundary.svg is drawn only for two features; this data has 3)"))
        let picture = directory.appendingPathComponent("decision-boundary.svg")
        try "<svg/>".write(to: picture, atomically: true, encoding: .utf8)
        let second = try ToolRunner.run(arguments)
        #expect(second.standardOutput.contains("this data has 3; the one in \(directory.path) is from an earlier run)"))
        #expect(try String(contentsOf: picture, encoding: .utf8) == "<svg/>")
    }

    @Test("bad input: exit status 2 and one error line",
          arguments: [
            (["train", "--hidden", "16,x"], "error: --hidden must be positive whole numbers separated by commas, not '16,x'"),
            (["train", "--epochs", "0"], "error: --epochs must be from 1 to 1000000, not 0"),
            (["train", "--lr", "0"], "error: --lr must be a positive number, not 0.0"),
            (["train", "--optimizer", "rmsprop"], "error: The value 'rmsprop' is invalid for '--optimizer <optimizer>'"),
            (["train", "--data", "/nonexistent/data.csv"], "error: cannot read /nonexistent/data.csv"),
            (["train", "--hidden", "9223372036854775807"], "error: --hidden takes at most 16 layers of at most 4096 units each"),
            (["train", "--hidden", "100000,100000"], "error: --hidden takes at most 16 layers of at most 4096 units each"),
            (["train", "--hidden", "99999999999999999999999"], "error: --hidden takes at most 16 layers of at most 4096 units each"),
            (["train", "--data", ""], "error: --data needs a path, not an empty string"),
            (["train", "--epochs", "1000000000"], "error: --epochs must be from 1 to 1000000, not 1000000000"),
          ])
    func badInput(arguments: [String], expected: String) throws {
        let outcome = try ToolRunner.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix(expected), "stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("an output folder the pictures cannot go into is an error before any training (unless run as root)")
    func readOnlyOutputFolder() throws {
        guard getuid() != 0 else { return }
        let directory = try Self.temporaryDirectory()
        defer {
            chmod(directory.path, 0o755)
            try? FileManager.default.removeItem(at: directory)
        }
        #expect(chmod(directory.path, 0o555) == 0)
        let outcome = try ToolRunner.run(["train", "--epochs", "1", "--out", directory.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("error: cannot write into the output directory \(directory.path): "), "stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("a value that is not a finite Float32 number, as a feature or a label, is named before training",
          arguments: [("x,y,label\n1,nan,0\n3,4,1\n", "data row 1, column 'y': nan"),
                      ("x,y,label\n1,2,0\n3,4,inf\n", "data row 2, column 'label': inf"),
                      ("x,y,label\n1e39,2,0\n3,4,1\n", "data row 1, column 'x': 1e+39")])
    func nonFiniteValues(text: String, expected: String) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("data.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try ToolRunner.run(["train", "--data", file.path, "--epochs", "1", "--out", directory.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.hasPrefix("error: \(file.path): \(expected) is not a finite Float32 number\n"), "stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("loss.svg").path))
    }

    @Test("more than 1,000 classes, or a picture's path that is a folder, is refused before training")
    func refusedBeforeTraining() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("classes.csv")
        try (["x,y,label"] + (0..<1_001).map { "\($0 % 7),\($0 % 5),\($0)" }).joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let many = try ToolRunner.run(["train", "--data", file.path, "--epochs", "1", "--out", directory.path])
        #expect(many.status == 2 && many.standardOutput.isEmpty)
        #expect(many.standardError == "error: the labels hold 1001 different values; a classifier here takes at most 1000 classes\n")
        let out = directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("loss.svg"), withIntermediateDirectories: true)
        let folder = try ToolRunner.run(["train", "--epochs", "1", "--out", out.path])
        #expect(folder.status == 2 && folder.standardOutput.isEmpty)
        #expect(folder.standardError == "error: cannot write \(out.appendingPathComponent("loss.svg").path): it is a directory\n")
    }

    @Test("a ragged CSV file is reported with its line")
    func raggedCSV() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("ragged.csv")
        try "x,y,label\n1,2,0\n3,1\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try ToolRunner.run(["train", "--data", file.path, "--out", directory.path])
        #expect(outcome.status == 2)
        #expect(outcome.standardError == "error: ragged.csv: line 3: 2 fields, but the header has 3\n")
    }
}

/// The live progress bar, seen through a pseudo-terminal made by util-linux's `script`.
@Suite("autograd train on a terminal")
struct TrainProgressBarTests {
    static let script = "/usr/bin/script"

    @Test("on a terminal it redraws one progress line with loss, accuracy and time left",
          .enabled(if: FileManager.default.isExecutableFile(atPath: script), "util-linux's script is not installed"))
    func progressBar() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-tty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let command = "\(ToolRunner.executable.path) train --epochs 5 --out \(directory.path)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.script)
        process.arguments = ["-qc", command, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("\r█"), "no redrawn bar in: \(text)")
        #expect(text.contains("epoch 5/5") && text.contains("s left") && text.contains("accuracy"))
    }
}
