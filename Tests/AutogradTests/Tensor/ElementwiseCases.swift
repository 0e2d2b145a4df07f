@testable import Autograd

/// Gradient-check cases for the elementwise math primitives, at points away from every kink and
/// singularity, with broadcasting in every binary one.
///
/// ReLU, Abs, Maximum and Minimum have a piecewise-constant first derivative: their second-order
/// check finds a gradient that does not depend on the inputs and skips; the cases that multiply by
/// an input check their second derivative through the product.
enum ElementwiseCases {
    static let matrix = (values: testValues(6, seed: 21), shape: [2, 3])
    static let positive = (values: testValues(6, seed: 22, in: 0.5...2), shape: [2, 3])
    static let row = (values: testValues(3, seed: 23), shape: [3])
    static let positiveColumn = (values: testValues(2, seed: 24, in: 0.5...2), shape: [2, 1])
    /// Signed values at least 0.2 from zero, for the kinks at 0.
    static let signed = (values: [0.7, -0.4, 0.3, -0.9, 0.5, -0.25], shape: [2, 3])
    /// A [2, 1] condition column (one true, one false) for `where`.
    static let conditionColumn = (values: [0.6, -0.8], shape: [2, 1])

    static let unary: [TensorPrimitiveCase] = [
        .init("Exp", "exp(x)", [matrix]) { exp($0[0]) },
        .init("Log", "log(x), x > 0", [positive]) { log($0[0]) },
        .init("Log1p", "log1p(x), x > -1", [matrix]) { log1p($0[0] * 0.5) },
        .init("Sin", "sin(x)", [matrix]) { sin($0[0] * 2) },
        .init("Cos", "cos(x)", [matrix]) { cos($0[0] * 2) },
        .init("Tan", "tan(x), |x| < 1", [matrix]) { tan($0[0]) },
        .init("Tanh", "tanh(x)", [matrix]) { tanh($0[0] * 2) },
        .init("Sigmoid", "sigmoid(x)", [matrix]) { sigmoid($0[0] * 3) },
        .init("ReLU", "relu(x), x away from 0", [signed], linear: true) { relu($0[0]) },
        .init("ReLU", "relu(x) · x (a nonzero second derivative)", [signed]) { relu($0[0]) * $0[0] },
        .init("ReLUGradient", "relu's backward g · [x > 0], x away from 0", [matrix, signed], linear: true) {
            ReLUGradientFunction().applied(to: [$0[0], $0[1]])
        },
        .init("ReLUGradient", "relu's backward · g (a nonzero second derivative)", [matrix, signed]) {
            ReLUGradientFunction().applied(to: [$0[0], $0[1]]) * $0[0]
        },
        .init("Sqrt", "sqrt(x), x > 0", [positive]) { sqrt($0[0]) },
        .init("Abs", "abs(x), x away from 0", [signed], linear: true) { abs($0[0]) },
        .init("Abs", "abs(x) · x", [signed]) { abs($0[0]) * $0[0] },
    ]

    static let powers: [TensorPrimitiveCase] = [
        .init("ConstantPower", "x^3", [matrix]) { pow($0[0], 3) },
        .init("ConstantPower", "x^2 (the square kernel)", [matrix]) { pow($0[0], 2) },
        .init("ConstantPower", "x^1 (the identity)", [matrix]) { pow($0[0], 1) * $0[0] },
        .init("ConstantPower", "x^0 (gradient 0)", [matrix]) { pow($0[0], 0) * $0[0] },
        .init("ConstantPower", "x^0.5 (the square-root kernel)", [positive]) { pow($0[0], 0.5) },
        .init("ConstantPower", "x^-1 (the reciprocal kernel)", [positive]) { pow($0[0], -1) },
        .init("ConstantPower", "x^-1.5", [positive]) { pow($0[0], -1.5) },
        .init("Power", "a^b, [2,3] ^ [3]", [positive, row]) { pow($0[0], $0[1]) },
        .init("Power", "a^b, [2,1] ^ [2,3]", [positiveColumn, matrix]) { pow($0[0], $0[1]) },
        .init("Power", "2^x (a constant base)", [matrix]) { pow(2, $0[0]) },
    ]

    static let binary: [TensorPrimitiveCase] = [
        .init("Maximum", "maximum(a, b), [2,3] with [3]", [matrix, row], linear: true) { maximum($0[0], $0[1]) },
        .init("Maximum", "maximum(a, b) · a, [2,1] with [3]", [(testValues(2, seed: 25), [2, 1]), row]) {
            maximum($0[0], $0[1]) * $0[0]
        },
        .init("Maximum", "maximum(x, 0)", [signed], linear: true) { maximum($0[0], 0) },
        .init("Minimum", "minimum(a, b), [2,3] with [3]", [matrix, row], linear: true) { minimum($0[0], $0[1]) },
        .init("Minimum", "minimum(a, b) · b, [3] with [2,1]", [row, (testValues(2, seed: 26), [2, 1])]) {
            minimum($0[0], $0[1]) * $0[1]
        },
        .init("Minimum", "minimum(1, x)", [(testValues(6, seed: 27, in: 0...2), [2, 3])], linear: true) { minimum(1, $0[0]) },
        .init("Select", "where(c > 0, a², sin b), c [2,1], a [3], b [2,3]", [conditionColumn, row, matrix]) {
            Tensor.where($0[0] .> 0, $0[1] * $0[1], sin($0[2]))
        },
        .init("Select", "where(x > 0, x³, −x), one input in every branch", [signed]) {
            Tensor.where($0[0] .> 0, pow($0[0], 3), -$0[0])
        },
        .init("Select", "where(c, a, 0.5), a number on one side", [conditionColumn, matrix]) {
            Tensor.where($0[0] .< 0, exp($0[1]), 0.5)
        },
        .init("MultiplyNoNaN", "a ⊙̃ b, [2,3] with [3]", [matrix, row]) { $0[0].multipliedNoNaN(by: $0[1]) },
        .init("MultiplyNoNaN", "a ⊙̃ b with zeros in a, [2,1] with [2,3]", [([0, 0.8], [2, 1]), matrix]) {
            $0[0].multipliedNoNaN(by: $0[1] * $0[1])
        },
        // The fused backward products of tanh and sigmoid, differentiated in the gradient and in
        // the output they read (zeros in g check the NaN-safe side).
        .init("TanhBackward", "g ⊙̃ (1 − y²), [2,3] with [3]", [matrix, row]) {
            $0[0].scaledByDerivative(TanhDerivative.self, output: $0[1])
        },
        .init("TanhBackward", "g ⊙̃ (1 − y²) with zeros in g, [2,1] with [2,3]", [([0, 0.8], [2, 1]), matrix]) {
            $0[0].scaledByDerivative(TanhDerivative.self, output: $0[1] * $0[1])
        },
        .init("SigmoidBackward", "g ⊙̃ y(1 − y), [2,3] with [3]", [matrix, row]) {
            $0[0].scaledByDerivative(SigmoidDerivative.self, output: $0[1])
        },
        .init("SigmoidBackward", "g ⊙̃ y(1 − y) with zeros in g, [2,1] with [2,3]", [([0, 0.8], [2, 1]), matrix]) {
            $0[0].scaledByDerivative(SigmoidDerivative.self, output: $0[1] * $0[1])
        },
    ]

    static let all: [TensorPrimitiveCase] = unary + powers + binary
}
