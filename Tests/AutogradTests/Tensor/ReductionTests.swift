import Foundation
import Testing
@testable import Autograd

@Suite("Reductions: max, min, arg-extrema, logsumexp, softmax, logSoftmax")
struct ReductionTests {
    static let matrix: [Double] = [1, 5, 3, 4, 2, 6]  // [[1, 5, 3], [4, 2, 6]]

    /// Whether two lists of numbers agree within `tolerance` (absolute).
    private static func close(_ actual: [Double], _ expected: [Double], _ tolerance: Double = 1e-12) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { Swift.abs($0 - $1) <= tolerance }
    }

    /// What a child process that stopped wrote to standard error.
    private static func standardError(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    // MARK: - Max and min

    @Test("max and min over all, one axis, negative axes and several axes, with keepDims shapes", arguments: [DType.float32, .float64])
    func extremumValues(_ dtype: DType) {
        let x = Tensor(Self.matrix, shape: [2, 3], dtype: dtype)
        #expect(x.max().scalars == [6] && x.max().shape == [])
        #expect(x.min().scalars == [1])
        #expect(x.max(axis: 0).scalars == [4, 5, 6] && x.max(axis: 0).shape == [3])
        #expect(x.max(axis: -1).scalars == [5, 6])
        #expect(x.min(axis: 0).scalars == [1, 2, 3])
        #expect(x.min(axis: -1, keepDims: true).scalars == [1, 2] && x.min(axis: -1, keepDims: true).shape == [2, 1])
        #expect(x.max(axes: [0, -1], keepDims: true).shape == [1, 1])
        #expect(x.max(keepDims: true).scalars == [6] && x.max(keepDims: true).shape == [1, 1])
        #expect(x.max().dtype == dtype)
        let cube = Tensor((0..<24).map { Double(($0 * 7) % 24) }, shape: [2, 3, 4], dtype: dtype)
        // Element (i, j, k) is 7·(12i + 4j + k) mod 24.
        #expect(cube.max(axes: [0, 2]).scalars == [21, 23, 22])
        #expect(cube.min(axes: [-3, -1], keepDims: true).shape == [1, 3, 1])
        #expect(cube.min(axes: [0, 2]).scalars == [0, 1, 3])
    }

    @Test("the gradient of max is split evenly among ties: max of [1, 3, 3] gives [0, 0.5, 0.5]")
    func tiesSplitTheGradient() {
        let x = Tensor([1.0, 3.0, 3.0], requiresGrad: true)
        x.max().backward()
        #expect(x.grad?.scalars == [0, 0.5, 0.5])

        let y = Tensor([2, 2, 5, 2], dtype: .float64, requiresGrad: true)
        (y.min() * 3).backward()
        #expect(Self.close(y.grad!.scalars, [1, 1, 0, 1]))

        // Per slice: row 0 ties, row 1 does not.
        let z = Tensor([1, 1, 2, 0], shape: [2, 2], dtype: .float64, requiresGrad: true)
        let rowMaxima = z.max(axis: 1)
        rowMaxima.backward(Tensor([10, 20], dtype: .float64))
        #expect(z.grad?.scalars == [5, 5, 20, 0])
        #expect(z.grad?.shape == [2, 2])
    }

    @Test("max and min gradients land on the extremum, in each input's shape and type")
    func extremumGradients() {
        let x = Tensor(Self.matrix, shape: [2, 3], dtype: .float64, requiresGrad: true)
        x.max(axis: 0, keepDims: true).sum().backward()
        #expect(x.grad?.scalars == [0, 1, 0, 1, 0, 1])
        let y = Tensor(Self.matrix, shape: [2, 3], requiresGrad: true)
        y.min(axis: -1).sum().backward()
        #expect(y.grad?.scalars == [1, 0, 0, 0, 1, 0] && y.grad?.dtype == .float32)
    }

    @Test("a NaN makes max and min NaN, only in its own slice")
    func nanPropagates() {
        let x = Tensor([1, .nan, 3, 4, 5, 6], shape: [2, 3], dtype: .float64)
        #expect(x.max().item().isNaN && x.min().item().isNaN)
        let rows = x.max(axis: 1).scalars
        #expect(rows[0].isNaN && rows[1] == 6)
        let columns = x.min(axis: 0).scalars
        #expect(columns[0] == 1 && columns[1].isNaN && columns[2] == 3)
        let last = Tensor([1, 2, .nan], dtype: .float64)  // the NaN comes after the numbers it must beat
        #expect(last.max().item().isNaN && last.min().item().isNaN)
        #expect(Tensor([-Double.infinity, -.infinity], dtype: .float64).max().item() == -.infinity)
    }

    // MARK: - Arg-extrema

    @Test("argmax and argmin give the first extremum's index, as numbers, and record nothing")
    func argumentsOfExtrema() {
        let x = Tensor(Self.matrix, shape: [2, 3], requiresGrad: true)
        #expect(x.argmax(axis: 1).scalars == [1, 2] && x.argmax(axis: 1).shape == [2])
        #expect(x.argmax(axis: 0).scalars == [1, 0, 1])
        #expect(x.argmin(axis: -1).scalars == [0, 1])
        #expect(x.argmin(axis: 0, keepDims: true).scalars == [0, 1, 0] && x.argmin(axis: 0, keepDims: true).shape == [1, 3])
        #expect(x.argmax().scalars == [5] && x.argmax().shape == [])
        #expect(x.argmin(keepDims: true).shape == [1, 1])
        #expect(!x.argmax(axis: 1).requiresGrad && x.argmax(axis: 1).dtype == .float32)
        #expect(Tensor([3, 1, 3, 1], dtype: .float64).argmax().scalars == [0])
        #expect(Tensor([3, 1, 3, 1], dtype: .float64).argmin().scalars == [1])
        #expect(Tensor([1, .nan, 7, .nan], dtype: .float64).argmax().scalars == [1])
        let cube = Tensor((0..<24).map { Double(($0 * 7) % 24) }, shape: [2, 3, 4], dtype: .float64)
        // Along axis 1 the values are 7·(12i + 4j + k) mod 24 for j = 0, 1, 2.
        #expect(cube.argmax(axis: 1).scalars == [2, 2, 2, 0, 2, 1, 2, 2])
        // Accuracy, the use it exists for: predicted class against labels.
        let logits = Tensor([0.1, 2.0, -1.0, 3.0, 0.5, 0.2], shape: [2, 3])
        let labels = Tensor([1.0, 1.0])
        #expect((logits.argmax(axis: 1) - labels).scalars.filter { $0 == 0 }.count == 1)
    }

    // MARK: - logsumexp

    @Test("logsumexp matches hand-computed values and stays finite at large magnitudes", arguments: [DType.float32, .float64])
    func logSumExpValues(_ dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-4 : 1e-12
        #expect(Self.close(Tensor([1, 2, 3], dtype: dtype).logsumexp().scalars, [3.4076059644443806], tolerance))
        #expect(Self.close(Tensor([1000, 1000], dtype: dtype).logsumexp().scalars, [1000 + log(2.0)], tolerance))
        #expect(Self.close(Tensor([-1000, -1000], dtype: dtype).logsumexp().scalars, [-1000 + log(2.0)], tolerance))
        let x = Tensor([0, log(3.0), 1000, -1000], shape: [2, 2], dtype: dtype)
        let rows = x.logsumexp(axis: -1, keepDims: true)
        #expect(rows.shape == [2, 1] && rows.dtype == dtype)
        #expect(Self.close(rows.scalars, [log(4.0), 1000], tolerance))
        #expect(x.logsumexp(axes: [0, 1]).shape == [])
        #expect(Self.close(Tensor([1, 2, 3], dtype: dtype).logsumexp(axes: []).scalars, [1, 2, 3], tolerance))
    }

    @Test("logsumexp of −∞s is −∞, with +∞ it is +∞, with a NaN it is NaN")
    func logSumExpInfinities() {
        #expect(Tensor([-Double.infinity, -.infinity], dtype: .float64).logsumexp().item() == -.infinity)
        #expect(Tensor([1, .infinity], dtype: .float64).logsumexp().item() == .infinity)
        #expect(Tensor([1, .nan], dtype: .float64).logsumexp().item().isNaN)
    }

    @Test("the gradient of logsumexp is the softmax, stable at large magnitudes")
    func logSumExpGradient() {
        let x = Tensor([1000.0, 1000.0], requiresGrad: true)
        x.logsumexp().backward()
        #expect(x.grad?.scalars == [0.5, 0.5])
        let y = Tensor([1, 2, 3, 0, 0, 0], shape: [2, 3], dtype: .float64, requiresGrad: true)
        y.logsumexp(axis: 1).sum().backward()
        #expect(Self.close(y.grad!.scalars, y.softmax(axis: 1).scalars))
    }

    // MARK: - Softmax and logSoftmax

    @Test("softmax matches hand-computed values; [1000, 0] is [1, 0] with no NaN", arguments: [DType.float32, .float64])
    func softmaxValues(_ dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-6 : 1e-12
        let y = Tensor([1, 2, 3], dtype: dtype).softmax()
        #expect(y.dtype == dtype)
        #expect(Self.close(y.scalars, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219], tolerance))
        #expect(Tensor([1000, 0], dtype: dtype).softmax().scalars == [1, 0])
        #expect(Tensor([-1000, -1000], dtype: dtype).softmax().scalars == [0.5, 0.5])
        #expect(Tensor(3.0, dtype: dtype).softmax().scalars == [1])
    }

    @Test("softmax sums to 1 along its axis at any magnitude, and is non-negative", arguments: [0, 1, -1])
    func softmaxNormalises(_ axis: Int) {
        let values = testValues(12, seed: 5, in: -800...800)
        for dtype in [DType.float32, .float64] {
            let x = Tensor(values, shape: [3, 4], dtype: dtype)
            let y = x.softmax(axis: axis)
            #expect(y.shape == [3, 4])
            #expect(y.scalars.allSatisfy { $0.isFinite && $0 >= 0 })
            #expect(Self.close(y.sum(axis: axis).scalars, [Double](repeating: 1, count: axis == 0 ? 4 : 3), 1e-6))
        }
    }

    @Test("logSoftmax is log(softmax) where both are finite, and stays finite where softmax underflows", arguments: [DType.float32, .float64])
    func logSoftmaxValues(_ dtype: DType) {
        let tolerance = dtype == .float32 ? 1e-5 : 1e-12
        let x = Tensor(testValues(12, seed: 6, in: -5...5), shape: [3, 4], dtype: dtype)
        for axis in [0, -1] {
            let logs = x.logSoftmax(axis: axis).scalars
            #expect(Self.close(logs, x.softmax(axis: axis).scalars.map { log($0) }, tolerance))
        }
        // softmax([1000, 0]) is [1, 0], whose log is −∞; the log-softmax is exact.
        #expect(Tensor([1000, 0], dtype: dtype).logSoftmax().scalars == [0, -1000])
        // At large equal logits the shift keeps float32's precision: −log 2 each.
        #expect(Self.close(Tensor([1000, 1000], dtype: dtype).logSoftmax().scalars, [-log(2.0), -log(2.0)], tolerance))
        #expect(Tensor([1, 2], shape: [1, 2], dtype: dtype).logSoftmax(axis: 0).scalars == [0, 0])
    }

    @Test("softmax's gradient: a sum of probabilities does not change; logSoftmax's matches g − softmax · Σg")
    func softmaxGradients() {
        let x = Tensor([0.5, -1, 2], dtype: .float64, requiresGrad: true)
        x.softmax().sum().backward()
        #expect(Self.close(x.grad!.scalars, [0, 0, 0]))
        let z = Tensor([0.5, -1, 2], dtype: .float64, requiresGrad: true)
        z.logSoftmax().backward(Tensor([1, 0, 0], dtype: .float64))
        let p = z.softmax().scalars
        #expect(Self.close(z.grad!.scalars, [1 - p[0], -p[1], -p[2]]))
        let big = Tensor([1000.0, 0.0], requiresGrad: true)
        big.logSoftmax().backward(Tensor([1.0, 0.0]))
        #expect(big.grad?.scalars == [0, 0])
    }

    @Test("float sums accumulate in double: a million 0.1s sum to 100,000 along any axis, not 100,958")
    func floatSumsStayAccurate() {
        let tenth = Double(Float(0.1))
        let expected = Double(Float(1_000_000 * tenth))
        #expect(expected == 100_000)
        let rows = Tensor.full(0.1, shape: [2, 1_000_000])
        #expect(rows.sum(axis: 1).scalars == [expected, expected])
        #expect(rows.mean(axis: 1).scalars == [Double(Float(0.1)), Double(Float(0.1))])
        #expect(rows.sum().item() == Double(Float(2_000_000 * tenth)))
        let columns = Tensor.full(0.1, shape: [1_000_000, 2])
        #expect(columns.sum(axis: 0).scalars == [expected, expected])
        // Recorded and replayed sums agree with eager.
        var replay = RecordedFunction(at: Tensor.full(0.1, shape: [1_000_000])) { $0.sum() }
        #expect(replay.value(at: [Tensor.full(0.1, shape: [1_000_000])]).item() == expected)
    }

    @Test("a 0-d tensor reduces over its one implicit axis, 0 or -1, to itself (as PyTorch)")
    func zeroDimensionalAxis() {
        let s = Tensor(3.0, dtype: .float64, requiresGrad: true)
        let reductions: [(String, (Int) -> Tensor)] = [
            ("sum", { s.sum(axis: $0) }), ("mean", { s.mean(axis: $0) }), ("max", { s.max(axis: $0) }),
            ("min", { s.min(axis: $0) }), ("logsumexp", { s.logsumexp(axis: $0) }),
            ("sum keepDims", { s.sum(axis: $0, keepDims: true) }), ("max keepDims", { s.max(axis: $0, keepDims: true) }),
        ]
        for (name, reduce) in reductions {
            for axis in [0, -1] {
                let result = reduce(axis)
                #expect(result.shape == [] && result.item() == 3, "\(name) over axis \(axis)")
                s.zeroGrad()
                result.backward()
                #expect(s.grad?.item() == 1, "\(name) over axis \(axis)")
            }
        }
        #expect(s.argmax(axis: -1).item() == 0 && s.softmax(axis: -1).item() == 1)
    }

    // MARK: - Programmer errors

    @Test("a bad axis stops with the operation, the axis, the rank and the caller's line")
    func badAxis() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, 2.0, 3.0, 4.0], shape: [2, 2]).max(axis: 2)
        }
        let message = Self.standardError(result)
        #expect(message.contains("max: axis 2 is out of range for a tensor of rank 2"))
        #expect(message.contains("ReductionTests.swift:"))
    }

    @Test("softmax and argmax name themselves in a bad-axis message; max over an empty axis stops")
    func otherBadAxes() async {
        let softmax = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, 2.0]).softmax(axis: -2)
        }
        #expect(Self.standardError(softmax).contains("softmax: axis -2 is out of range"))
        let argmax = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([1.0, 2.0]).argmax(axis: 1)
        }
        #expect(Self.standardError(argmax).contains("argmax: axis 1 is out of range"))
        let empty = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 0]).max(axis: 1)
        }
        #expect(Self.standardError(empty).contains("max: axis 1 of shape [2, 0] is empty"))
    }
}
