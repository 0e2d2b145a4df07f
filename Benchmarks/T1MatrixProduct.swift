import Autograd

/// Workload T1: C = A·B for square standard-normal matrices, in GFLOP/s (2n³ / t).
public enum T1MatrixProduct {
    /// The sizes WORKLOADS.md lists.
    public static let sizes = [128, 256, 512, 1024, 2048]

    /// Measures one size and type on `threads` threads: the median of 7 samples, each repeating the
    /// product for at least 0.05 s, after a warm-up.
    public static func measure(n: Int, dtype: DType, threads: Int) -> BenchmarkRecord {
        withComputeThreads(threads) { measureHere(n: n, dtype: dtype, threads: threads) }
    }

    private static func measureHere(n: Int, dtype: DType, threads: Int) -> BenchmarkRecord {
        var generator = RandomGenerator(seed: UInt64(n))
        let a = Tensor.normal(shape: [n, n], dtype: dtype, using: &generator)
        let b = Tensor.normal(shape: [n, n], dtype: dtype, using: &generator)
        var c = matmul(a, b)
        let flops = 2 * Double(n) * Double(n) * Double(n)
        var rates: [Double] = []
        for _ in 0..<7 {
            var repetitions = 0
            var elapsed = 0.0
            while elapsed < 0.05 {
                elapsed += BenchmarkEnvironment.seconds { c = matmul(a, b) }
                repetitions += 1
            }
            rates.append(flops * Double(repetitions) / elapsed / 1e9)
        }
        precondition(c.shape == [n, n])
        return BenchmarkRecord(
            workload: "t1", threads: threads,
            fields: [
                ("dtype", .string(dtype.description)),
                ("n", .integer(n)),
                ("gflops_median", .number(BenchmarkEnvironment.median(rates))),
                ("backend", .string(BLASLibrary.backendName(m: n, n: n, k: n))),
            ])
    }
}
