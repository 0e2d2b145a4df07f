import Autograd

/// Workload T3: 100 small operations on a 16-element float32 tensor, forward and backward.
public enum T3SmallOperations {
    /// The workload's function: L = sum(y) after the 100 operations.
    static func chain(_ x: Tensor) -> Tensor {
        var y = x
        for k in 0..<100 {
            switch k % 3 {
            case 0: y = y * 1.001
            case 1: y = y + 0.001
            default: y = tanh(y)
            }
        }
        return y.sum()
    }

    /// Runs the chain once and returns ∂L/∂x.
    static func gradient(of x: Tensor) -> Tensor {
        chain(x).gradients(withRespectTo: [x])[0]!
    }

    /// The same chain in plain doubles, element by element, with its derivative.
    static func reference(_ x: Double) -> Double {
        var (y, dy) = (x, 1.0)
        for k in 0..<100 {
            switch k % 3 {
            case 0: (y, dy) = (y * 1.001, dy * 1.001)
            case 1: y += 0.001
            default:
                let t = Double.tanh(y)
                (y, dy) = (t, dy * (1 - t * t))
            }
        }
        return dy
    }

    /// Measures the median microseconds per operation over `samples` runs after a warm-up.
    public static func measure(samples: Int = 200) -> BenchmarkRecord {
        let x = Tensor.linspace(-1, 1, count: 16).requiringGrad()
        var times: [Double] = []
        var gradient = gradient(of: x)
        for _ in 0..<samples {
            times.append(BenchmarkEnvironment.seconds { gradient = Self.gradient(of: x) })
        }
        let inputs = x.scalars
        let error = zip(gradient.scalars, inputs.map(reference)).map { Swift.abs($0 - $1) }.max() ?? .nan
        return BenchmarkRecord(
            workload: "t3",
            fields: [
                ("us_per_op_median", .number(BenchmarkEnvironment.median(times) * 1e6 / 100)),
                ("grad_max_abs_err", .number(error)),
                ("mode", .string("eager")),
            ])
    }
}
