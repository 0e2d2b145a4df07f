@testable import Autograd

/// Gradient-check cases for the arithmetic primitives, with broadcasting in every binary one.
enum ArithmeticCases {
    static let matrix = (values: testValues(6, seed: 1), shape: [2, 3])
    static let row = (values: testValues(3, seed: 2, in: 0.5...2), shape: [3])
    static let column = (values: testValues(2, seed: 3, in: 0.5...2), shape: [2, 1])
    static let scalar = (values: [1.7], shape: [Int]())

    static let all: [TensorPrimitiveCase] = [
        .init("Add", "a + b, same shape", [matrix, matrix], linear: true) { $0[0] + $0[1] },
        .init("Add", "a + b, [2,3] + [3]", [matrix, row], linear: true) { $0[0] + $0[1] },
        .init("Add", "a + b, [2,1] + [3]", [column, row], linear: true) { $0[0] + $0[1] },
        .init("Subtract", "a − b, [2,3] − [2,1]", [matrix, column], linear: true) { $0[0] - $0[1] },
        .init("Subtract", "a − b, scalar − [3]", [scalar, row], linear: true) { $0[0] - $0[1] },
        .init("Multiply", "a · b, [2,3] · [3]", [matrix, row]) { $0[0] * $0[1] },
        .init("Multiply", "a · a (an input used twice)", [matrix]) { $0[0] * $0[0] },
        .init("Divide", "a / b, [2,3] / [2,1]", [matrix, column]) { $0[0] / $0[1] },
        .init("Divide", "2 / b", [row]) { 2 / $0[0] },
        .init("Negate", "−a", [matrix], linear: true) { -$0[0] },
        .init("MultiplyScalar", "a · 3", [matrix], linear: true) { $0[0] * 3 },
        .init("MultiplyScalar", "0.5 · a · a (a nonzero second derivative)", [matrix]) { 0.5 * $0[0] * $0[0] },
        .init("MultiplyScalar", "a ⊙̃ −1.5 (the form backward rules use)", [matrix], linear: true) {
            $0[0].multipliedNoNaN(byScalar: -1.5)
        },
        .init("AddScalar", "a + 2", [matrix], linear: true) { $0[0] + 2 },
        .init("AddScalar", "1 + a − 0.25", [row], linear: true) { 1 + $0[0] - 0.25 },
        .init("AddScalar", "(a + 1) · a (a nonzero second derivative)", [matrix]) { ($0[0] + 1) * $0[0] },
        // Finite differences cannot see below float32's resolution: a loose tolerance, which a wrong
        // rule (a factor off) still fails.
        .init("Convert", "float32 round trip", [row], tolerance: 0.05) { ($0[0].converted(to: .float32) * 2).converted(to: .float64) * $0[0] },
    ]
}
