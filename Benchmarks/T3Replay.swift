import Autograd

/// Workload T3 recorded once and replayed: the same 100 small operations, forward and backward,
/// through a ``RecordedFunction`` (no graph is built per run).
public enum T3Replay {
    /// Measures the median microseconds per operation of a replay (forward, backward and reading
    /// the gradient back) over `samples` runs after a warm-up.
    public static func measure(samples: Int = 2000) -> BenchmarkRecord {
        let x = Tensor.linspace(-1, 1, count: 16)
        var recorded = RecordedFunction(at: x, of: T3SmallOperations.chain)
        var gradient = recorded.valueWithGradient(at: x).gradient
        var times: [Double] = []
        times.reserveCapacity(samples)
        for _ in 0..<samples {
            times.append(BenchmarkEnvironment.seconds { gradient = recorded.valueWithGradient(at: x).gradient })
        }
        let error = zip(gradient.scalars, x.scalars.map(T3SmallOperations.reference)).map { Swift.abs($0 - $1) }.max() ?? .nan
        return BenchmarkRecord(
            workload: "t3",
            fields: [
                ("us_per_op_median", .number(BenchmarkEnvironment.median(times) * 1e6 / 100)),
                ("grad_max_abs_err", .number(error)),
                ("mode", .string("replay")),
            ])
    }
}
