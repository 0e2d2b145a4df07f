import Foundation

/// Runs short Python scripts through `/usr/bin/env python3` for the NumPy interoperability tests.
enum NumPyPythonRunner {
    /// What a finished script produced.
    struct Output {
        /// The exit status (non-zero means the script's assertions failed).
        var status: Int32
        /// Everything written to standard output.
        var stdout: String
        /// Everything written to standard error.
        var stderr: String
    }

    /// An error starting or waiting for the interpreter.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        var description: String
    }

    /// Whether `python3` with NumPy can be run here; prints the reason when it cannot.
    static let numpyAvailable: Bool = {
        let reason: String
        do {
            let output = try run("import numpy; print(numpy.__version__)", timeout: 60)
            if output.status == 0 { return true }
            reason = "python3 -c 'import numpy' exited with status \(output.status): \(output.stderr)"
        } catch {
            reason = "cannot run python3: \(error)"
        }
        print("Skipping NumPy interop tests: \(reason)")
        return false
    }()

    /// Runs `script` with `arguments` in `sys.argv[1...]`, killing it after `timeout` seconds.
    static func run(_ script: String, arguments: [String] = [], timeout: TimeInterval = 120) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autograd-py-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files rather than pipes, so a chatty script can never block on a full pipe buffer.
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "python3 did not finish within \(timeout) seconds")
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}
