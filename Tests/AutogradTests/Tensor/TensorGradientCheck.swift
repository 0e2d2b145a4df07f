import Testing
@testable import Autograd

/// One differentiable tensor primitive exercised through the public API at a Float64 point.
///
/// Families of primitives contribute their cases in files of their own (`…Cases.swift`), each an
/// array listed in `tensorPrimitiveTable`; `everyPrimitiveIsChecked` fails for a primitive in
/// `TensorPrimitiveCatalog.names` that no case covers.
struct TensorPrimitiveCase: CustomTestStringConvertible, Sendable {
    /// The primitive's name as its `DifferentiableFunction` reports it (`"Add"`, `"Exp"`).
    let primitive: String
    /// A readable description of the case.
    let label: String
    /// The inputs: shapes and values (Float64); each is differentiated.
    let inputs: [(values: [Double], shape: [Int])]
    /// The function under test.
    let function: @Sendable ([Tensor]) -> Tensor
    /// Whether second derivatives are checked too.
    var checkSecondOrder = true
    /// Whether the function is linear, so that its gradient records nothing that depends on the
    /// inputs (the second-order check then expects exactly that).
    var hasConstantGradient = false
    /// The largest relative error accepted at first order (second order allows 10×). Only cases
    /// that pass through float32 need more than the default.
    var tolerance = 1e-6

    var testDescription: String { label }

    init(_ primitive: String, _ label: String, _ inputs: [(values: [Double], shape: [Int])],
         secondOrder: Bool = true, tolerance: Double = 1e-6, linear: Bool = false,
         _ function: @escaping @Sendable ([Tensor]) -> Tensor) {
        self.tolerance = tolerance
        self.hasConstantGradient = linear
        self.primitive = primitive
        self.label = label
        self.inputs = inputs
        self.function = function
        self.checkSecondOrder = secondOrder
    }
}

/// Deterministic pseudo-random numbers for test points (not the library's generator).
func testValues(_ count: Int, seed: UInt64, in range: ClosedRange<Double> = -1...1) -> [Double] {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let unit = Double(state >> 11) / Double(1 << 53)
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }
}

/// Central-difference gradient checks for tensor primitives, in Float64.
enum TensorGradientChecker {
    static let step = 1e-6

    /// A fixed scalar read-out of an output: Σ w ⊙ f(x) with deterministic weights, so that every
    /// output element contributes with a different weight.
    static func readOut(_ output: Tensor) -> Tensor {
        let weights = Tensor(testValues(output.count, seed: 99, in: 0.5...1.5), shape: output.shape, dtype: .float64)
        return (output * weights).sum()
    }

    static func leaves(_ values: [[Double]], _ shapes: [[Int]]) -> [Tensor] {
        zip(values, shapes).map { Tensor($0, shape: $1, dtype: .float64, requiresGrad: true) }
    }

    /// The read-out's value at the given input values.
    static func value(_ function: ([Tensor]) -> Tensor, _ values: [[Double]], _ shapes: [[Int]]) -> Double {
        withoutGradients { readOut(function(zip(values, shapes).map { Tensor($0, shape: $1, dtype: .float64) })).item() }
    }

    /// The analytic gradient of the read-out with respect to each input, flattened.
    static func analyticGradient(_ function: ([Tensor]) -> Tensor, _ values: [[Double]], _ shapes: [[Int]]) -> [[Double]] {
        let inputs = leaves(values, shapes)
        let gradients = readOut(function(inputs)).gradients(withRespectTo: inputs)
        return zip(gradients, values).map { $0?.scalars ?? [Double](repeating: 0, count: $1.count) }
    }

    /// Central differences of `scalarFunction` in every coordinate of every input.
    static func numericGradient(_ scalarFunction: ([[Double]]) -> Double, _ values: [[Double]]) -> [[Double]] {
        values.indices.map { input in
            values[input].indices.map { index in
                var plus = values, minus = values
                plus[input][index] += step
                minus[input][index] -= step
                return (scalarFunction(plus) - scalarFunction(minus)) / (2 * step)
            }
        }
    }

    /// The largest error between two gradients, relative to max(1, |numeric|).
    static func worstError(_ analytic: [[Double]], _ numeric: [[Double]]) -> Double {
        var worst = 0.0
        for (a, n) in zip(analytic.joined(), numeric.joined()) {
            worst = Swift.max(worst, Swift.abs(a - n) / Swift.max(1, Swift.abs(n)))
        }
        return worst
    }
}

/// Every family's cases.
let tensorPrimitiveTable: [TensorPrimitiveCase] = ArithmeticCases.all + ShapeCases.all + ElementwiseCases.all + ReductionCases.all + LinearAlgebraCases.all + LayoutCases.all

@Suite("Tensor gradient checks")
struct TensorGradientCheckTests {
    @Test("every tensor primitive is in the table")
    func everyPrimitiveIsChecked() {
        let covered = Set(tensorPrimitiveTable.map(\.primitive))
        let missing = TensorPrimitiveCatalog.names.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "primitives without a gradient check: \(missing)")
    }

    @Test("first derivatives match central differences", arguments: tensorPrimitiveTable)
    func firstOrder(_ entry: TensorPrimitiveCase) {
        let values = entry.inputs.map(\.values), shapes = entry.inputs.map(\.shape)
        let analytic = TensorGradientChecker.analyticGradient(entry.function, values, shapes)
        let numeric = TensorGradientChecker.numericGradient({ TensorGradientChecker.value(entry.function, $0, shapes) }, values)
        let error = TensorGradientChecker.worstError(analytic, numeric)
        #expect(error < entry.tolerance, "\(entry.label): worst relative error \(error)")
    }

    @Test("second derivatives (through createGraph) match central differences of the gradient", arguments: tensorPrimitiveTable)
    func secondOrder(_ entry: TensorPrimitiveCase) {
        guard entry.checkSecondOrder else { return }
        let values = entry.inputs.map(\.values), shapes = entry.inputs.map(\.shape)
        // A scalar made from the first gradient: Σ v ⊙ ∇f, with fixed weights v.
        func gradientReadOut(_ inputs: [Tensor]) -> Tensor {
            let gradients = TensorGradientChecker.readOut(entry.function(inputs)).gradients(withRespectTo: inputs, createGraph: true)
            var total = Tensor(0.0, dtype: .float64)
            for (index, gradient) in gradients.enumerated() {
                guard let gradient else { continue }
                let weights = Tensor(testValues(gradient.count, seed: UInt64(7 + index), in: 0.5...1.5), shape: gradient.shape, dtype: .float64)
                total = total + (gradient * weights).sum()
            }
            return total
        }
        let inputs = TensorGradientChecker.leaves(values, shapes)
        let readOut = gradientReadOut(inputs)
        guard readOut.requiresGrad else {
            // The first derivative recorded nothing: right only for a function whose gradient is
            // constant; a rule that wrongly detached its inputs would end up here too.
            #expect(entry.hasConstantGradient, "\(entry.label): the recorded gradient does not depend on the inputs")
            return
        }
        let analytic = zip(readOut.gradients(withRespectTo: inputs), values).map { $0?.scalars ?? [Double](repeating: 0, count: $1.count) }
        let numeric = TensorGradientChecker.numericGradient({ point in
            gradientReadOut(TensorGradientChecker.leaves(point, shapes)).item()
        }, values)
        let error = TensorGradientChecker.worstError(analytic, numeric)
        #expect(error < 10 * entry.tolerance, "\(entry.label): worst relative error \(error)")
    }
}
