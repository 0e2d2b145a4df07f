import Autograd

/// Workload S2: a deep scalar chain, y = tanh(0.5·y + 0.1) repeated N times from x = 0.3, then dy/dx.
public enum S2DeepChain {
    /// The result for one chain length.
    public struct Run: Sendable {
        /// The number of links.
        public var links: Int
        /// dy/dx from the engine.
        public var gradient: Double
        /// Seconds for forward and backward.
        public var seconds: Double
    }

    /// Runs a chain of `links` links on `tape` (reset first).
    public static func run(links: Int, on tape: Tape) -> Run {
        tape.reset()
        var gradient = 0.0
        let seconds = BenchmarkEnvironment.seconds {
            let x = tape.variable(0.3)
            var y = x
            for _ in 0..<links { y = tanh(y * 0.5 + 0.1) }
            y.backward()
            gradient = x.grad
        }
        return Run(links: links, gradient: gradient, seconds: seconds)
    }

    /// The exact product Π 0.5·(1 − y_k²) computed with plain doubles.
    public static func reference(links: Int) -> Double {
        var y = 0.3
        var product = 1.0
        for _ in 0..<links {
            y = Double.tanh(y * 0.5 + 0.1)
            product *= 0.5 * (1 - y * y)
        }
        return product
    }

    /// Runs N = 10, 100, ..., `largest` and reports WORKLOADS.md's fields.
    public static func measure(largest: Int = 10_000_000) -> BenchmarkRecord {
        let tape = Tape(capacity: 1 << 16)
        var links = 10
        var largestOK = 0
        var nanosecondsPerNode = 0.0
        var relativeError = Double.nan
        while links <= largest {
            // The first run of each length grows the tape (page faults dominate on this kind of
            // machine); the second, on memory the tape already has, is the one reported.
            _ = run(links: links, on: tape)
            let run = run(links: links, on: tape)
            if links == 100 {
                let reference = reference(links: 100)
                relativeError = Swift.abs(run.gradient - reference) / Swift.abs(reference)
            }
            guard run.gradient.isFinite else { break }
            largestOK = links
            // Three operation nodes per link: a product, a sum and a tanh.
            nanosecondsPerNode = run.seconds * 1e9 / Double(3 * links)
            links *= 10
        }
        return BenchmarkRecord(
            workload: "s2",
            fields: [
                ("largest_ok_N", .integer(largestOK)),
                ("ns_per_node", .number(nanosecondsPerNode)),
                ("grad_rel_err", .number(relativeError)),
            ])
    }
}
