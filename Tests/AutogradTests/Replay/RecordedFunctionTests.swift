import Testing
import Autograd

@Suite("Record once, replay many")
struct RecordedFunctionTests {
    /// Checks a replay's value and gradients against eager `valueWithGradient` at the same inputs.
    private static func expectMatchesEager(
        _ replay: (value: Tensor, gradient: [Tensor]), _ testCase: ReplayCase, at inputs: [Tensor], dtype: DType,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let eager = valueWithGradient(at: inputs, of: testCase.function)
        let tolerance = dtype == .float32 ? 1e-5 : 1e-12
        let pairs = [(replay.value, eager.value)] + zip(replay.gradient, eager.gradient).map { ($0, $1) }
        #expect(replay.gradient.count == inputs.count, sourceLocation: sourceLocation)
        for (index, (got, want)) in pairs.enumerated() {
            let what = index == 0 ? "value" : "gradient \(index - 1)"
            #expect(got.shape == want.shape && got.dtype == want.dtype, "\(what): \(got.shape) vs \(want.shape)", sourceLocation: sourceLocation)
            if testCase.exact {
                #expect(got.scalars == want.scalars, "\(what): \(got.scalars) vs \(want.scalars)", sourceLocation: sourceLocation)
            } else {
                let error = zip(got.scalars, want.scalars).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
                #expect(error <= tolerance, "\(what): relative error \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("replay equals eager at the traced inputs and at new ones", arguments: ReplayCase.all, [DType.float32, .float64])
    func matchesEager(testCase: ReplayCase, dtype: DType) {
        let traced = testCase.inputs(dtype: dtype, seed: 0)
        var recorded = RecordedFunction(at: traced, of: testCase.function)
        #expect(recorded.fallbackOperations == testCase.fallbacks)
        Self.expectMatchesEager(recorded.valueWithGradient(at: traced), testCase, at: traced, dtype: dtype)
        for seed in [1.0, 2.0] {
            let fresh = testCase.inputs(dtype: dtype, seed: seed)
            Self.expectMatchesEager(recorded.valueWithGradient(at: fresh), testCase, at: fresh, dtype: dtype)
            #expect(recorded.value(at: fresh).scalars == recorded.valueWithGradient(at: fresh).value.scalars)
        }
    }

    @Test("replaying many times gives the same results", arguments: ReplayCase.all)
    func stable(testCase: ReplayCase) {
        let inputs = testCase.inputs(dtype: .float32, seed: 3)
        var recorded = RecordedFunction(at: testCase.inputs(dtype: .float32, seed: 0), of: testCase.function)
        let first = recorded.valueWithGradient(at: inputs)
        for _ in 0..<20 {
            // Other values in between, so that nothing left over from one replay can hide.
            _ = recorded.valueWithGradient(at: testCase.inputs(dtype: .float32, seed: 4))
            let again = recorded.valueWithGradient(at: inputs)
            #expect(again.value.scalars == first.value.scalars)
            #expect(again.gradient.map(\.scalars) == first.gradient.map(\.scalars))
        }
    }

    @Test("copies replay independently")
    func copies() {
        let x = Tensor([0.5, 1.5, -2])
        var original = RecordedFunction(at: x) { (exp($0) * $0).sum() }
        var copy = original
        let fromCopy = copy.valueWithGradient(at: x * 2)
        let fromOriginal = original.valueWithGradient(at: x)
        #expect(fromOriginal.gradient.scalars == gradient(at: x) { (exp($0) * $0).sum() }.scalars)
        #expect(copy.valueWithGradient(at: x * 2).gradient.scalars == fromCopy.gradient.scalars)
        #expect(fromCopy.gradient.scalars != fromOriginal.gradient.scalars)
    }

    @Test("what was recorded: steps, folded constants and control flow as traced")
    func recorded() {
        let x = Tensor([1.0, -2.0, 3.0])
        let c = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        // exp(c) * 2 depends on no input: folded into one constant, no step.
        let traced = RecordedFunction(at: x) { (($0 * (exp(c) * 2)).reshaped(to: [3, 1]) + 1).sum() }
        #expect(traced.stepCount == 3)
        #expect(traced.fallbackOperations.isEmpty)
        #expect(traced.inputShapes == [[3]])
        // A branch on a value is taken as it was when traced.
        var branchy = RecordedFunction(at: Tensor(2.0)) { x in x.item() > 0 ? x * 3 : x * -1 }
        #expect(branchy.valueWithGradient(at: Tensor(-5.0)).gradient.scalars == [3])
    }

    @Test("workload T3 records one step per operation and the final sum")
    func workloadT3() {
        let x = Tensor.linspace(-1, 1, count: 16)
        let chain = ReplayCase.binary.first { $0.name == "workload T3" }!.function
        let recorded = RecordedFunction(at: [x], of: chain)
        #expect(recorded.stepCount == 101)
        #expect(recorded.fallbackOperations.isEmpty)
    }

    // MARK: - Programmer errors

    private static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test("a vector-valued function replays its value; a recorded Hessian-vector product equals the transform's")
    func vectorValued() {
        func rosenbrock(_ x: Tensor) -> Tensor {
            let head = x[..<(x.count - 1)], tail = x[1...]
            let a = tail - head * head, b = 1 - head
            return (100 * a * a + b * b).sum()
        }
        let x = Tensor((0..<50).map { Double.sin(Double($0) * 0.37) }, dtype: .float64)
        let v = Tensor((0..<50).map { Double.cos(Double($0) * 0.11) }, dtype: .float64)
        var recorded = RecordedFunction(at: [x, v]) { inputs in hessianVectorProduct(at: inputs[0], inputs[1], of: rosenbrock) }
        #expect(recorded.fallbackOperations.allSatisfy { $0 == "Slice" || $0 == "SliceScatter" })
        // At the traced values and at new ones, exactly what the eager transform computes.
        for (a, b) in [(x, v), (x * 0.5 + 0.1, v * v - 0.3)] {
            let replayed = recorded.value(at: [a, b])
            #expect(replayed.shape == [50])
            #expect(replayed.scalars == hessianVectorProduct(at: a, b, of: rosenbrock).scalars)
        }
        var map = RecordedFunction(at: Tensor([1.0, 2.0], dtype: .float64)) { exp($0) * $0 }
        #expect(map.value(at: [Tensor([0.5, -1.0], dtype: .float64)]).scalars == (exp(Tensor([0.5, -1.0], dtype: .float64)) * Tensor([0.5, -1.0], dtype: .float64)).scalars)
    }

    @Test("gradients of a function traced with a vector output stop the program")
    func vectorGradient() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var recorded = RecordedFunction(at: Tensor([1.0, 2.0, 3.0])) { tanh($0) }
            _ = recorded.valueWithGradient(at: Tensor([1.0, 2.0, 3.0]))
        }
        let message = Self.standardError(result)
        #expect(message.contains("an output of shape [3], not a single value"), "stderr: \(message)")
    }

    @Test("an input of another shape stops the program naming the shapes and the line")
    func shapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var recorded = RecordedFunction(at: Tensor([1.0, 2.0, 3.0])) { tanh($0).sum() }
            _ = recorded.valueWithGradient(at: Tensor([1.0, 2.0]))
        }
        let message = Self.standardError(result)
        #expect(message.contains("RecordedFunction.valueWithGradient(at:): input 0 is float32 of shape [2], but the function was traced with float32 of shape [3]"), "stderr: \(message)")
        #expect(message.contains("RecordedFunctionTests.swift:"), "stderr: \(message)")
    }

    @Test("an input of another element type stops the program")
    func typeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var recorded = RecordedFunction(at: Tensor([1.0, 2.0])) { $0.sum() }
            _ = recorded.value(at: [Tensor([1.0, 2.0], dtype: .float64)])
        }
        let message = Self.standardError(result)
        #expect(message.contains("RecordedFunction.value(at:): input 0 is float64 of shape [2], but the function was traced with float32"), "stderr: \(message)")
    }

    @Test("a wrong number of inputs stops the program")
    func countMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var recorded = RecordedFunction(at: Tensor([1.0, 2.0])) { $0.sum() }
            _ = recorded.gradient(at: [Tensor([1.0, 2.0]), Tensor([1.0])])
        }
        #expect(Self.standardError(result).contains("2 inputs for a function traced with 1"))
    }

    @Test("long sums replay with eager's grouping (chunks of 16,384 from 65,536 elements): the same bits")
    func longSumsMatchEager() {
        // Crafted so that grouping decides the float result: 2²⁴ + 1 + 4,096 · 2⁻⁴⁰ is 2²⁴ + 2 when
        // the tiny terms are summed in a chunk of their own first, 2²⁴ added one by one.
        var values = [Double](repeating: 0, count: 65_536)
        values[0] = 16_777_216
        values[1] = 1
        for i in 16_384..<20_480 { values[i] = 0x1p-40 }
        for dtype in [DType.float32, .float64] {
            let x = Tensor(values, shape: [65_536], dtype: dtype), s = Tensor(1.0, dtype: dtype)
            let f: ([Tensor]) -> Tensor = { ($0[0] * $0[1]).sum() }
            var recorded = RecordedFunction(at: [x, s], of: f)
            let replay = recorded.valueWithGradient(at: [x, s])
            let eager = valueWithGradient(at: [x, s], of: f)
            #expect(replay.value.scalars == eager.value.scalars, "\(dtype)")
            #expect(replay.gradient[1].scalars == eager.gradient[1].scalars, "\(dtype)")
            #expect(replay.gradient[0].scalars == eager.gradient[0].scalars, "\(dtype)")
        }
        let random = Tensor(testValues(90_000, seed: 5), shape: [300, 300], dtype: .float64)
        var total = RecordedFunction(at: random) { $0.sum() }
        #expect(total.value(at: [random]).scalars == random.sum().scalars)
    }
}
