import Foundation

/// Runs the built `autograd` executable, as a user would, and captures what it prints.
enum ToolRunner {
    /// What one run printed, and how it ended.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The executable SwiftPM built beside the test bundle.
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("autograd")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("autograd")
    }()

    /// Runs `autograd` with `arguments` and waits for it.
    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        var outputData = Data(), errorData = Data()
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "autograd.tests.pipes", attributes: .concurrent)
        nonisolated(unsafe) var errorBuffer = Data()
        group.enter()
        queue.async {
            errorBuffer = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        errorData = errorBuffer
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
