import Testing
import Autograd

/// A function that returns a tensor with one element, recorded once and replayed.
private struct Cube: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (inputs[0] * inputs[0] * inputs[0], ()) }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [gradient * 3 * context.inputs[0] * context.inputs[0]]
    }
}

/// A user-defined function whose backward gives no gradient to its second input (an index-like input).
private struct ScaledBy: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (inputs[0] * inputs[1].detached(), ()) }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        [gradient * context.inputs[1], nil]
    }
}

/// One row of the replay table: a function of some inputs, the range their values are drawn from,
/// and whether every step it records has a fast in-place step.
struct ReplayCase: Sendable, CustomTestStringConvertible {
    let name: String
    let shapes: [[Int]]
    let range: ClosedRange<Double>
    /// Whether the replay runs the same kernels in the same order as eager (results equal exactly).
    let exact: Bool
    /// The fallback operations the trace is expected to contain, in order.
    let fallbacks: [String]
    let function: @Sendable ([Tensor]) -> Tensor

    init(
        _ name: String, _ shapes: [[Int]], range: ClosedRange<Double> = -1...1, exact: Bool = true, fallbacks: [String] = [],
        _ function: @escaping @Sendable ([Tensor]) -> Tensor
    ) {
        (self.name, self.shapes, self.range, self.exact, self.fallbacks, self.function) = (name, shapes, range, exact, fallbacks, function)
    }

    var testDescription: String { name }

    /// Deterministic inputs for this case (`seed` picks another set of values).
    func inputs(dtype: DType, seed: Double) -> [Tensor] {
        shapes.enumerated().map { index, shape in
            let count = shape.reduce(1, *)
            let values = (0..<count).map { i -> Double in
                let noise = sin(Double(i) * 12.9898 + Double(index) * 78.233 + seed) * 43758.5453
                return range.lowerBound + (range.upperBound - range.lowerBound) * (noise - noise.rounded(.down))
            }
            return Tensor(values, shape: shape, dtype: dtype)
        }
    }

    static let all: [ReplayCase] = unary + binary + structure + fallback

    // MARK: - Fast steps

    static let unary: [ReplayCase] = [
        ReplayCase("negate", [[5]]) { (-$0[0]).sum() },
        ReplayCase("exp", [[5]]) { exp($0[0]).sum() },
        ReplayCase("log", [[5]], range: 0.2...3) { log($0[0]).sum() },
        ReplayCase("sin", [[5]]) { sin($0[0]).sum() },
        ReplayCase("cos", [[5]]) { cos($0[0]).sum() },
        ReplayCase("tan", [[5]]) { tan($0[0]).sum() },
        ReplayCase("tanh", [[5]]) { tanh($0[0]).sum() },
        ReplayCase("sigmoid", [[5]]) { sigmoid($0[0]).sum() },
        ReplayCase("relu", [[7]]) { relu($0[0]).sum() },
        ReplayCase("sqrt", [[5]], range: 0.2...3) { sqrt($0[0]).sum() },
        ReplayCase("abs", [[7]]) { abs($0[0]).sum() },
        ReplayCase("pow 2, -1, 0.5, 1, 3, 0", [[4]], range: 0.3...2) { x in
            let x = x[0]
            return (pow(x, 2) + pow(x, -1) + pow(x, 0.5) + pow(x, 1) + pow(x, 3) + pow(x, 0)).sum()
        },
        ReplayCase("numbers as operands: x · 1.5, 0.5 · x, x + 2, 1 − x, x − 0.25", [[5]]) { x in
            let x = x[0]
            return ((x * 1.5 + 2) * (0.5 * x - 0.25) + (1 - x)).sum()
        },
        ReplayCase("a gradient through a scaled value taken inside (g ⊙̃ c in backward)", [[4]]) { v in
            let inner = (v[0] * 3 * v[0]).sum().gradients(withRespectTo: [v[0]], createGraph: true)[0]!
            return (inner * 0.5 + 1).sum()
        },
    ]

    static let binary: [ReplayCase] = [
        ReplayCase("a gradient taken inside (the NaN-safe products of backward rules)", [[3, 4], [3, 4]]) { v in
            let inner = (v[0] * v[1] * v[0]).sum().gradients(withRespectTo: [v[0]], createGraph: true)[0]!
            return (inner * v[1]).sum()
        },
        ReplayCase("row broadcasts: a bias, a scale, a row over a matrix", [[3, 4], [4]]) { v in
            let (x, row) = (v[0], v[1])
            return ((x + row) * row - row / (x * x + 1) + (row - x)).sum()
        },
        ReplayCase("rows of trailing axes, and a row with a leading 1", [[2, 3, 4], [3, 4], [1, 4]], range: 0.5...1.5) { v in
            ((v[0] * v[1] + v[2]) / v[1] - v[2] * v[0]).sum()
        },
        ReplayCase("add, subtract, multiply, divide", [[3, 2], [3, 2]], range: 0.5...2) { v in
            let (x, y) = (v[0], v[1])
            return ((x + y) * (x - y) / y).sum()
        },
        ReplayCase("numbers on either side", [[6]], range: 0.5...2) { v in
            let x = v[0]
            return ((2 - x) * 3 + 1 / x + x / 4 - 0.5).sum()
        },
        ReplayCase("a 0-d input broadcast (gradient summed)", [[6], []], range: 0.5...2) { v in
            ((v[0] * v[1]) + v[1] - v[0] / v[1]).sum()
        },
        ReplayCase("workload T3", [[16]]) { v in
            var y = v[0]
            for k in 0..<100 {
                switch k % 3 {
                case 0: y = y * 1.001
                case 1: y = y + 0.001
                default: y = tanh(y)
                }
            }
            return y.sum()
        },
    ]

    static let structure: [ReplayCase] = [
        ReplayCase("sum and mean", [[2, 3]]) { v in v[0].sum() * v[0].mean() },
        ReplayCase("an input used twice and reshaped", [[2, 3]]) { v in
            let x = v[0]
            return (x * x + sin(x.reshaped(to: [3, 2])).reshaped(to: [2, 3]) * x).sum()
        },
        ReplayCase("small matrix product", [[3, 4], [4, 2]]) { v in tanh(matmul(v[0], v[1])).sum() },
        ReplayCase("packed matrix product, operand used twice", [[20, 24], [24, 20]]) { v in
            let product = matmul(v[0], v[1])
            return (matmul(product, v[1].reshaped(to: [20, 24])) * 0.01).sum()
        },
        ReplayCase("captured constants stay fixed", [[4]]) { v in
            let constant = Tensor([1, 2, 3, 4], dtype: v[0].dtype)
            let captured = Tensor([0.5, -0.5, 1, 2], dtype: v[0].dtype, requiresGrad: true)
            return (v[0] * constant + exp(captured) * v[0]).sum()
        },
        ReplayCase("an input the result does not use", [[3], [2]]) { v in (v[0] * v[0]).sum() },
        ReplayCase("a result that uses no input", [[3]]) { v in Tensor([1, 2, 3], dtype: v[0].dtype).sum() },
        ReplayCase("the input is the result", [[]]) { v in v[0] },
    ]

    // MARK: - Fallback steps

    static let fallback: [ReplayCase] = [
        ReplayCase("row broadcast and a sum over one axis", [[3, 4], [4]], exact: false, fallbacks: ["Sum"]) { v in
            tanh((v[0] + v[1]).sum(axis: 0)).sum()
        },
        ReplayCase("softmax, log-sum-exp, max", [[2, 5]], exact: false, fallbacks: ["Softmax", "LogSumExp", "Max"]) { v in
            let x = v[0]
            return (x.softmax() * x).sum() + x.logsumexp() + x.max()
        },
        ReplayCase("transpose, vector product, expand", [[3, 4], [3]], exact: false, fallbacks: ["Permute", "Matmul", "Expand", "Sum"]) { v in
            let t = v[0].transposed()
            return (matmul(t, v[1]).expanded(to: [2, 4]).sum(axis: 0) * 0.5).sum()
        },
        ReplayCase("mixed element types", [[4]], exact: false, fallbacks: ["Convert", "Convert"]) { v in
            let other: DType = v[0].dtype == .float32 ? .float64 : .float32
            return (exp(v[0].converted(to: other)) * 2).converted(to: v[0].dtype).sum()
        },
        ReplayCase("user-defined functions", [[5], [5]], exact: false, fallbacks: ["Cube", "ScaledBy"]) { v in
            (Cube().applied(to: [v[0]]) + ScaledBy().applied(to: [v[0], v[1]])).sum()
        },
    ]
}
