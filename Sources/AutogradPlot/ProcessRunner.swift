import Foundation
import Autograd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to completion, feeding its standard input and collecting its standard output and error.
///
/// Standard input is written on one thread and standard error read on another while the calling
/// thread reads standard output, so a child that fills one pipe while we are busy with another can
/// never deadlock. A child that exits without reading all its input does not kill us with `SIGPIPE`:
/// the writer thread blocks that signal for itself only (on Darwin the pipe is marked
/// `F_SETNOSIGPIPE`), so the process-wide signal disposition is left alone.
enum ProcessRunner {
    /// What a finished child left behind.
    struct Result: Sendable {
        /// The exit status, or the signal number when ``terminatedBySignal`` is true.
        var status: Int32
        /// Whether the child was killed by a signal rather than exiting.
        var terminatedBySignal: Bool
        /// Everything the child wrote to standard output.
        var output: Data
        /// Everything the child wrote to standard error.
        var error: Data
    }

    /// Runs `executable` with `arguments`, sending `input` to its standard input; throws if it cannot start.
    static func run(_ executable: URL, arguments: [String], input: Data) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let inputPipe = Pipe()
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        do {
            try process.run()
        } catch {
            throw GraphvizError.launchFailed(executable: executable, reason: FileAccessError(describing: error).reason)
        }

        let finished = DispatchGroup()
        let collectedError = DataBox()
        let inputHandle = inputPipe.fileHandleForWriting
        let errorHandle = errorPipe.fileHandleForReading

        finished.enter()
        Thread {
            writeAll(input, to: inputHandle)
            finished.leave()
        }.start()

        finished.enter()
        Thread {
            collectedError.value = (try? errorHandle.readToEnd()) ?? Data()
            finished.leave()
        }.start()

        let output = (try? outputPipe.fileHandleForReading.readToEnd()) ?? Data()
        finished.wait()
        process.waitUntilExit()

        return Result(
            status: process.terminationStatus,
            terminatedBySignal: process.terminationReason == .uncaughtSignal,
            output: output,
            error: collectedError.value
        )
    }

    /// Writes all of `data` to `handle` (stopping early if the reader has gone away), then closes it.
    private static func writeAll(_ data: Data, to handle: FileHandle) {
        let descriptor = handle.fileDescriptor
        #if canImport(Darwin)
        _ = fcntl(descriptor, F_SETNOSIGPIPE, 1)
        #else
        var sigpipe = sigset_t()
        sigemptyset(&sigpipe)
        sigaddset(&sigpipe, SIGPIPE)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &sigpipe, &previousMask)
        defer {
            // A write to a closed pipe left SIGPIPE pending on this thread: consume it, then restore.
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var noWait = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&sigpipe, nil, &noWait)
            }
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        #endif
        // A failure is EPIPE: the child stopped reading; its status and stderr tell the story.
        _ = FileOutput.writeAll(data, to: descriptor)
        try? handle.close()
    }

}

/// A `Data` value handed from a helper thread to the waiting thread, guarded by a lock.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Data()

    /// The stored data.
    var value: Data {
        get { lock.withLock { storage } }
        set { lock.withLock { storage = newValue } }
    }
}
