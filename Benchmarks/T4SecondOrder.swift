import Autograd
import Foundation

/// Workload T4: Rosenbrock's full Hessian at n = 100 and a Hessian-vector product at n = 1000,
/// forward-over-reverse, checked against the analytic Hessian.
///
/// Each part runs on the engine that suits it, and the record says which: the Hessian on the scalar
/// engine (one recording of the gradient, then 100 tangent sweeps over a tape of a few thousand
/// numbers), the product on the tensor engine (Rosenbrock is a dozen vector operations on 1,000
/// elements, where the scalar engine would record 27,000 numbers).
public enum T4SecondOrder {
    /// Rosenbrock's function on scalars.
    static func rosenbrock(_ x: [Scalar]) -> Scalar {
        var total = x[0] * 0.0
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1.0 - x[i]
            total = total + 100.0 * a * a + b * b
        }
        return total
    }

    /// Rosenbrock's function on a vector.
    static func rosenbrock(_ x: Tensor) -> Tensor {
        let n = x.count
        let head = x[..<(n - 1)], tail = x[1...]
        let a = tail - head * head
        let b = 1.0 - head
        return (100.0 * a * a + b * b).sum()
    }

    /// The analytic tridiagonal Hessian times `v` (or the whole Hessian when `v` is nil, row-major).
    static func analytic(_ x: [Double], times v: [Double]?) -> [Double] {
        let n = x.count
        var diagonal = [Double](repeating: 0, count: n), off = [Double](repeating: 0, count: n)
        for i in 0..<(n - 1) {
            diagonal[i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
            diagonal[i + 1] += 200
            off[i] = -400 * x[i]
        }
        if let v {
            return (0..<n).map { i in
                diagonal[i] * v[i] + (i + 1 < n ? off[i] * v[i + 1] : 0) + (i > 0 ? off[i - 1] * v[i - 1] : 0)
            }
        }
        var full = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            full[i * n + i] = diagonal[i]
            if i + 1 < n { full[i * n + i + 1] = off[i]; full[(i + 1) * n + i] = off[i] }
        }
        return full
    }

    static func relativeError(_ computed: [Double], _ exact: [Double]) -> Double {
        zip(computed, exact).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? .nan
    }

    /// Runs both parts on the shared data.
    public static func measure(dataDirectory: URL, samples: Int = 15) throws -> BenchmarkRecord {
        let x100 = try NumPyArray(contentsOf: dataDirectory.appendingPathComponent("t4_x100.npy")).doubles()
        let x1000 = try NumPyArray(contentsOf: dataDirectory.appendingPathComponent("t4_x1000.npy")).doubles()
        let v1000 = try NumPyArray(contentsOf: dataDirectory.appendingPathComponent("t4_v1000.npy")).doubles()
        var h: [[Double]] = []
        let hessianFirst = BenchmarkEnvironment.seconds { h = hessian(at: x100, of: rosenbrock) }
        let hessianTimes = (0..<samples).map { _ in BenchmarkEnvironment.seconds { h = hessian(at: x100, of: rosenbrock) } }
        let (x, v) = (Tensor(x1000, dtype: .float64), Tensor(v1000, dtype: .float64))
        var hv = Tensor(0.0)
        let hvpFirst = BenchmarkEnvironment.seconds { hv = hessianVectorProduct(at: x, v, of: rosenbrock) }
        let hvpTimes = (0..<samples).map { _ in
            BenchmarkEnvironment.seconds { hv = hessianVectorProduct(at: x, v, of: rosenbrock) }
        }
        return BenchmarkRecord(
            workload: "t4",
            fields: [
                ("hessian_s_median", .number(BenchmarkEnvironment.median(hessianTimes))),
                ("hessian_first_s", .number(hessianFirst)),
                ("hessian_rel_err", .number(relativeError(Array(h.joined()), analytic(x100, times: nil)))),
                ("hessian_engine", .string("scalar")),
                ("hvp_s_median", .number(BenchmarkEnvironment.median(hvpTimes))),
                ("hvp_first_s", .number(hvpFirst)),
                ("hvp_rel_err", .number(relativeError(hv.scalars, analytic(x1000, times: v1000)))),
                ("hvp_engine", .string("tensor")),
                ("mode", .string("eager")),
            ])
    }

    /// The Hessian-vector product recorded once and replayed (``RecordedFunction``): the first call
    /// traces `hessianVectorProduct` (its recorded gradient and tangent sweep included) and compiles
    /// the trace, as jax.jit's first call compiles; every later call replays it on new values.
    public static func measureReplay(dataDirectory: URL, samples: Int = 15) throws -> BenchmarkRecord {
        let x1000 = try NumPyArray(contentsOf: dataDirectory.appendingPathComponent("t4_x1000.npy")).doubles()
        let v1000 = try NumPyArray(contentsOf: dataDirectory.appendingPathComponent("t4_v1000.npy")).doubles()
        let (x, v) = (Tensor(x1000, dtype: .float64), Tensor(v1000, dtype: .float64))
        var recorded: RecordedFunction?
        var hv = Tensor(0.0)
        let first = BenchmarkEnvironment.seconds {
            var traced = RecordedFunction(at: [x, v]) { inputs in hessianVectorProduct(at: inputs[0], inputs[1], of: rosenbrock) }
            hv = traced.value(at: [x, v])
            recorded = traced
        }
        guard var recorded else { throw BenchmarkError("t4: the trace was not recorded") }
        let times = (0..<samples).map { _ in BenchmarkEnvironment.seconds { hv = recorded.value(at: [x, v]) } }
        return BenchmarkRecord(
            workload: "t4",
            fields: [
                ("hvp_s_median", .number(BenchmarkEnvironment.median(times))),
                ("hvp_first_s", .number(first)),
                ("hvp_rel_err", .number(relativeError(hv.scalars, analytic(x1000, times: v1000)))),
                ("hvp_engine", .string("tensor")),
                ("mode", .string("replay")),
            ])
    }
}
