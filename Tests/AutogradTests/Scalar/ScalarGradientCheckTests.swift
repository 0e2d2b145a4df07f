import Testing
@testable import Autograd

/// One scalar primitive exercised through the public API, with a plain-`Double` twin for finite
/// differences.
struct ScalarPrimitiveCase: CustomTestStringConvertible, Sendable {
    let name: String
    let operation: ScalarOperation
    let points: [[Double]]
    let recorded: @Sendable ([Scalar]) -> Scalar
    let plain: @Sendable ([Double]) -> Double

    var testDescription: String { name }
}

/// Every scalar primitive, checked by central differences in Float64, first and second order.
/// A primitive missing from this table fails `everyPrimitiveIsChecked`.
let scalarPrimitiveTable: [ScalarPrimitiveCase] = [
    .init(name: "a + b", operation: .add, points: [[1.5, -2.0], [0.3, 0.7]], recorded: { $0[0] + $0[1] }, plain: { $0[0] + $0[1] }),
    .init(name: "a - b", operation: .subtract, points: [[1.5, -2.0]], recorded: { $0[0] - $0[1] }, plain: { $0[0] - $0[1] }),
    .init(name: "a * b", operation: .multiply, points: [[1.5, -2.0], [-0.4, 3.0]], recorded: { $0[0] * $0[1] }, plain: { $0[0] * $0[1] }),
    .init(name: "a / b", operation: .divide, points: [[1.5, -2.0], [0.3, 0.7]], recorded: { $0[0] / $0[1] }, plain: { $0[0] / $0[1] }),
    .init(name: "2.5 / a", operation: .divide, points: [[1.5], [-0.8]], recorded: { 2.5 / $0[0] }, plain: { 2.5 / $0[0] }),
    .init(name: "pow(a, b)", operation: .power, points: [[1.5, 2.3], [0.7, -1.2]], recorded: { pow($0[0], $0[1]) }, plain: { Double.pow($0[0], $0[1]) }),
    .init(name: "pow(2, a)", operation: .power, points: [[0.4], [-1.3]], recorded: { pow(2.0, $0[0]) }, plain: { Double.pow(2.0, $0[0]) }),
    .init(name: "pow(a, 3)", operation: .constantPower, points: [[1.5], [-0.6]], recorded: { pow($0[0], 3) }, plain: { $0[0] * $0[0] * $0[0] }),
    .init(name: "pow(a, 2)", operation: .constantPower, points: [[1.5], [-0.6]], recorded: { pow($0[0], 2) }, plain: { $0[0] * $0[0] }),
    .init(name: "pow(a, -1.5)", operation: .constantPower, points: [[1.5], [0.6]], recorded: { pow($0[0], -1.5) }, plain: { Double.pow($0[0], -1.5) }),
    .init(name: "max(a, b)", operation: .maximum, points: [[1.5, -2.0], [-1.0, 0.5]], recorded: { max($0[0], $0[1]) }, plain: { Swift.max($0[0], $0[1]) }),
    .init(name: "min(a, b)", operation: .minimum, points: [[1.5, -2.0], [-1.0, 0.5]], recorded: { min($0[0], $0[1]) }, plain: { Swift.min($0[0], $0[1]) }),
    .init(name: "-a", operation: .negate, points: [[1.5]], recorded: { -$0[0] }, plain: { -$0[0] }),
    .init(name: "exp(a)", operation: .exp, points: [[0.5], [-1.2]], recorded: { exp($0[0]) }, plain: { Double.exp($0[0]) }),
    .init(name: "log(a)", operation: .log, points: [[0.5], [3.2]], recorded: { log($0[0]) }, plain: { Double.log($0[0]) }),
    .init(name: "sin(a)", operation: .sin, points: [[0.5], [-2.2]], recorded: { sin($0[0]) }, plain: { Double.sin($0[0]) }),
    .init(name: "cos(a)", operation: .cos, points: [[0.5], [-2.2]], recorded: { cos($0[0]) }, plain: { Double.cos($0[0]) }),
    .init(name: "tan(a)", operation: .tan, points: [[0.5], [-1.1]], recorded: { tan($0[0]) }, plain: { Double.tan($0[0]) }),
    .init(name: "tanh(a)", operation: .tanh, points: [[0.5], [-1.7]], recorded: { tanh($0[0]) }, plain: { Double.tanh($0[0]) }),
    .init(name: "sigmoid(a)", operation: .sigmoid, points: [[0.5], [-3.0], [40.0]], recorded: { sigmoid($0[0]) }, plain: { 1 / (1 + Double.exp(-$0[0])) }),
    .init(name: "relu(a)", operation: .relu, points: [[0.5], [-3.0]], recorded: { relu($0[0]) }, plain: { Swift.max($0[0], 0) }),
    .init(name: "sqrt(a)", operation: .sqrt, points: [[0.5], [4.0]], recorded: { sqrt($0[0]) }, plain: { $0[0].squareRoot() }),
    .init(name: "abs(a)", operation: .abs, points: [[0.5], [-3.0]], recorded: { abs($0[0]) }, plain: { Swift.abs($0[0]) }),
    // A composite through several primitives, so that second derivatives mix them.
    .init(name: "tanh(a·b) / (1 + exp(-a))", operation: .add, points: [[0.3, -0.8]],
          recorded: { tanh($0[0] * $0[1]) / (1 + exp(-$0[0])) },
          plain: { Double.tanh($0[0] * $0[1]) / (1 + Double.exp(-$0[0])) }),
]

@Suite("Scalar gradient checks")
struct ScalarGradientCheckTests {
    /// Central difference of `f` along coordinate `index` at `point`.
    static func centralDifference(_ f: ([Double]) -> Double, at point: [Double], index: Int, step h: Double = 1e-6) -> Double {
        var plus = point, minus = point
        plus[index] += h
        minus[index] -= h
        return (f(plus) - f(minus)) / (2 * h)
    }

    static func engineGradient(_ primitive: ScalarPrimitiveCase, at point: [Double]) -> [Double] {
        let inputs = point.map { Scalar($0) }
        return primitive.recorded(inputs).gradients(withRespectTo: inputs)
    }

    @Test("every primitive is in the table")
    func everyPrimitiveIsChecked() {
        let covered = Set(scalarPrimitiveTable.map(\.operation))
        let primitives = ScalarOperation.allCases.filter(\.hasInputs)
        #expect(primitives.filter { !covered.contains($0) }.isEmpty)
    }

    @Test("first derivatives match central differences", arguments: scalarPrimitiveTable)
    func firstOrder(_ primitive: ScalarPrimitiveCase) {
        for point in primitive.points {
            let inputs = point.map { Scalar($0) }
            let output = primitive.recorded(inputs)
            #expect(Swift.abs(output.data - primitive.plain(point)) <= 1e-14 * Swift.max(1, Swift.abs(output.data)))
            let analytic = output.gradients(withRespectTo: inputs)
            for index in point.indices {
                let numeric = Self.centralDifference(primitive.plain, at: point, index: index)
                #expect(Swift.abs(analytic[index] - numeric) <= 1e-6 * Swift.max(1, Swift.abs(numeric)),
                        "\(primitive.name) at \(point): ∂/∂x\(index) analytic \(analytic[index]) numeric \(numeric)")
            }
        }
    }

    @Test("second derivatives (gradient of the recorded gradient) match central differences", arguments: scalarPrimitiveTable)
    func secondOrder(_ primitive: ScalarPrimitiveCase) {
        for point in primitive.points {
            let inputs = point.map { Scalar($0) }
            let gradient = primitive.recorded(inputs).differentiableGradients(withRespectTo: inputs)
            for i in point.indices {
                let row = gradient[i].gradients(withRespectTo: inputs)
                for j in point.indices {
                    let numeric = Self.centralDifference({ Self.engineGradient(primitive, at: $0)[i] }, at: point, index: j)
                    #expect(Swift.abs(row[j] - numeric) <= 1e-5 * Swift.max(1, Swift.abs(numeric)),
                            "\(primitive.name) at \(point): ∂²/∂x\(i)∂x\(j) analytic \(row[j]) numeric \(numeric)")
                }
            }
        }
    }

    @Test("kinks follow PyTorch: relu'(0) = 0, abs'(0) = 0, max/min split ties evenly")
    func kinks() {
        let x = Scalar(0.0)
        #expect(relu(x).gradients(withRespectTo: [x]) == [0])
        #expect(abs(x).gradients(withRespectTo: [x]) == [0])
        let a = Scalar(2.0), b = Scalar(2.0)
        #expect(max(a, b).gradients(withRespectTo: [a, b]) == [0.5, 0.5])
        #expect(min(a, b).gradients(withRespectTo: [a, b]) == [0.5, 0.5])
        // d/dy x^y at x = 0, y ≥ 0 is taken as 0, not 0·log 0 = NaN.
        let base = Scalar(0.0), exponent = Scalar(2.0)
        #expect(pow(base, exponent).gradients(withRespectTo: [base, exponent]) == [0, 0])
        // d/dx x^y at x = 0, y = 0 is 0 (PyTorch's), not 0·0⁻¹ = 0·∞ = NaN; at x ≠ 0 it is y·x^(y−1).
        let zero = Scalar(0.0), zeroExponent = Scalar(0.0)
        #expect(pow(zero, zeroExponent).gradients(withRespectTo: [zero, zeroExponent]) == [0, 0])
        let three = Scalar(3.0), alsoZero = Scalar(0.0)
        #expect(pow(three, alsoZero).gradients(withRespectTo: [three, alsoZero]) == [0, Double.log(3.0)])
    }

    @Test("third derivatives by differentiating twice: d³/dx³ sin(x) = −cos(x)")
    func thirdOrder() {
        let x = Scalar(0.7)
        let first = sin(x).differentiableGradients(withRespectTo: [x])[0]
        let second = first.differentiableGradients(withRespectTo: [x])[0]
        let third = second.gradients(withRespectTo: [x])[0]
        #expect(Swift.abs(second.data - -Double.sin(0.7)) < 1e-15)
        #expect(Swift.abs(third - -Double.cos(0.7)) < 1e-15)
    }
}
