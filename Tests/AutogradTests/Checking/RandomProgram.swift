import Testing
import Autograd
import AutogradTestSupport

// MARK: - Programs

/// A random straight-line program over Float64 tensors: inputs v0…, then steps that each compute one
/// new value from earlier ones, and a scalar read-out (the sum or mean of every value no step reads,
/// added up).
struct RandomProgram: Sendable, CustomStringConvertible {
    /// The kinds of step the generator draws from.
    enum Operation: String, CaseIterable, Sendable {
        case exp, log, sqrt, sin, cos, tan, tanh, sigmoid, relu, abs, negate, constantPower, scalarArithmetic
        case add, subtract, multiply, divide, maximum, minimum, power, select
        case sum, mean, sumAll, meanAll, max, min, logsumexp, softmax, logSoftmax
        case reshape, permute, transpose, expand, slice, sliceAssign, concatenate, gather, scatterAdd, matmul
    }

    struct Step: Sendable {
        let operation: Operation
        /// The right-hand side, as Swift (`tanh(v3)`).
        let text: String
        let shape: [Int]
        /// Computes the step from the values so far (inputs first).
        let run: @Sendable ([Tensor]) -> Tensor
    }

    struct ReadOut: Sendable {
        let value: Int
        let mean: Bool
    }

    let seed: UInt64
    let inputShapes: [[Int]]
    let inputValues: [[Double]]
    let steps: [Step]
    let readOuts: [ReadOut]

    init(seed: UInt64) {
        var generator = RandomProgramGenerator(seed: seed)
        generator.generate()
        self.seed = seed
        (inputShapes, inputValues, steps) = (generator.inputShapes, generator.inputValues, generator.steps)
        readOuts = generator.readOuts
    }

    /// The program's scalar output.
    func callAsFunction(_ inputs: [Tensor]) -> Tensor {
        var values = inputs
        for step in steps { values.append(step.run(values)) }
        func readOut(_ r: ReadOut) -> Tensor { r.mean ? values[r.value].mean() : values[r.value].sum() }
        return readOuts.dropFirst().reduce(readOut(readOuts[0])) { $0 + readOut($1) }
    }

    var description: String {
        var lines = ["program of seed \(seed) (RandomProgram(seed: \(seed))):"]
        for (index, (shape, values)) in zip(inputShapes, inputValues).enumerated() {
            lines.append("  v\(index) = input \(shape) \(values)")
        }
        for (index, step) in steps.enumerated() {
            lines.append("  v\(inputShapes.count + index) = \(step.text)    // \(step.shape)")
        }
        lines.append("  output = " + readOuts.map { "v\($0.value).\($0.mean ? "mean" : "sum")()" }.joined(separator: " + "))
        return lines.joined(separator: "\n")
    }
}

/// Builds a random program step by step, evaluating each candidate at the program's point and
/// keeping it only where finite differences stay valid (see the suite's description).
struct RandomProgramGenerator {
    typealias Operation = RandomProgram.Operation
    static let maxCount = 36
    static let maxMagnitude = 10.0
    /// The least distance from a kink, tie or threshold.
    static let margin = 0.02
    /// The least |x| where x is divided by, or a log, sqrt or fractional power's operand.
    static let awayFromZero = 0.25

    private var random: SplitMix64
    private(set) var inputShapes: [[Int]] = []
    private(set) var inputValues: [[Double]] = []
    private(set) var steps: [RandomProgram.Step] = []
    private(set) var readOuts: [RandomProgram.ReadOut] = []
    /// Every value so far at the program's point (no graph).
    private var values: [Tensor] = []
    private var isRead: [Bool] = []

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func generate() {
        // A base shape of rank 0–3 (rarely 0); each input a suffix of it (usually all of it) with
        // some sizes 1, so that the inputs broadcast against each other.
        let baseRank = chance(0.1) ? 0 : int(1...3)
        let base = repeated(baseRank) { $0.int(1...3) }
        for _ in 0..<int(1...3) {
            var shape: [Int] = []
            for size in base.suffix(chance(0.6) ? baseRank : int(0...baseRank)) { shape.append(chance(0.25) ? 1 : size) }
            let scalars = repeated(shape.reduce(1, *)) { ($0.random.uniform(-1.5...1.5) * 1000).rounded() / 1000 }
            inputShapes.append(shape)
            inputValues.append(scalars)
            values.append(Tensor(scalars, shape: shape, dtype: .float64))
            isRead.append(false)
        }
        let target = int(4...10)
        var attempts = 0
        while steps.count < target && attempts < 1000 {
            attempts += 1
            _ = attempt(element(Operation.allCases))
        }
        for index in values.indices where !isRead[index] {
            readOuts.append(RandomProgram.ReadOut(value: index, mean: chance(0.5)))
        }
    }

    // MARK: Random choices

    private mutating func repeated<T>(_ count: Int, _ make: (inout RandomProgramGenerator) -> T) -> [T] {
        var result: [T] = []
        for _ in 0..<count { result.append(make(&self)) }
        return result
    }
    private mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + random.next(below: range.count) }
    private mutating func chance(_ p: Double) -> Bool { random.uniform(0...1) < p }
    private mutating func element<T>(_ items: [T]) -> T { items[random.next(below: items.count)] }
    /// A constant for scalar arithmetic, two decimals, at least 0.25 from 0.
    private mutating func constant() -> Double {
        let c = (random.uniform(-2...2) * 100).rounded() / 100
        return Swift.abs(c) < 0.25 ? 0.75 : c
    }
    /// An operand: the newest value half the time (long chains), else one nothing reads yet, or any.
    private mutating func operand() -> Int {
        let unread = values.indices.filter { !isRead[$0] }
        if chance(0.5) { return values.count - 1 }
        return !unread.isEmpty && chance(0.6) ? element(unread) : int(0...(values.count - 1))
    }
    /// A second operand whose shape passes `fits`, preferring values nothing reads yet.
    private mutating func partner(_ fits: ([Int]) -> Bool) -> Int? {
        let candidates = values.indices.filter { fits(values[$0].shape) }
        let unread = candidates.filter { !isRead[$0] }
        if !unread.isEmpty && chance(0.5) { return element(unread) }
        return candidates.isEmpty ? nil : element(candidates)
    }
    private mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        for index in items.indices.reversed() where index > 0 { items.swapAt(index, int(0...index)) }
        return items
    }

    // MARK: Facts about values

    private func minimumMagnitude(_ index: Int) -> Double { values[index].scalars.map { Swift.abs($0) }.min() ?? 0 }
    private func smallest(_ index: Int) -> Double { values[index].scalars.min() ?? 0 }
    private func maximumMagnitude(_ index: Int) -> Double { values[index].scalars.map { Swift.abs($0) }.max() ?? 0 }
    private func shape(_ index: Int) -> [Int] { values[index].shape }

    /// NumPy's broadcast of two shapes, nil when they do not broadcast.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result: [Int] = []
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            result.append(x == 1 ? y : x)
        }
        return result
    }

    /// NumPy's matmul shape, nil when the shapes do not multiply.
    static func matmulShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let left = a.count == 1 ? [1] + a : a, right = b.count == 1 ? b + [1] : b
        guard left[left.count - 1] == right[right.count - 2],
              let batch = broadcast(Array(left.dropLast(2)), Array(right.dropLast(2))) else { return nil }
        var result = batch + [left[left.count - 2], right[right.count - 1]]
        if b.count == 1 { result.removeLast() }
        if a.count == 1 { result.remove(at: result.count - (b.count == 1 ? 1 : 2)) }
        return result.count <= 3 ? result : nil
    }

    /// The flat positions of each slice along `axis` (for ties in max and min).
    static func lines(of shape: [Int], axis: Int) -> [[Int]] {
        let size = shape[axis], inner = shape[(axis + 1)...].reduce(1, *), outer = shape[..<axis].reduce(1, *)
        return (0..<outer).flatMap { o in (0..<inner).map { i in (0..<size).map { k in (o * size + k) * inner + i } } }
    }

    /// The smallest gap between the largest (or smallest) element of a slice along `axis` and the next.
    private func extremumGap(_ index: Int, axis: Int, largest: Bool) -> Double {
        let scalars = values[index].scalars
        return Self.lines(of: shape(index), axis: axis).map { line in
            let sorted = line.map { scalars[$0] }.sorted(by: largest ? (>) : (<))
            return sorted.count < 2 ? .infinity : Swift.abs(sorted[0] - sorted[1])
        }.min() ?? .infinity
    }

    // MARK: Steps

    /// Evaluates a candidate step at the point and keeps it when its values are finite and bounded.
    private mutating func emit(
        _ operation: Operation, _ text: String, reads: [Int], _ run: @escaping @Sendable ([Tensor]) -> Tensor
    ) -> Bool {
        let result = run(values)
        guard result.count > 0, result.count <= Self.maxCount, result.rank <= 3,
              result.scalars.allSatisfy({ $0.isFinite && Swift.abs($0) <= Self.maxMagnitude }) else { return false }
        steps.append(RandomProgram.Step(operation: operation, text: text, shape: result.shape, run: run))
        values.append(result)
        isRead.append(false)
        for index in reads { isRead[index] = true }
        return true
    }

    /// The element-wise operand `x`, or `1 + x·x` when x comes near 0 (`needsPositive`: near or below).
    private func safe(_ x: Int, needsPositive: Bool) -> (text: String, make: @Sendable (Tensor) -> Tensor) {
        let fine = needsPositive ? smallest(x) > Self.awayFromZero : minimumMagnitude(x) > Self.awayFromZero
        return fine ? ("v\(x)", { $0 }) : ("(1 + v\(x) * v\(x))", { 1 + $0 * $0 })
    }

    private mutating func attempt(_ operation: Operation) -> Bool {
        let a = operand()
        let rank = shape(a).count
        switch operation {
        case .exp: return emit(operation, "exp(v\(a))", reads: [a]) { exp($0[a]) }
        case .log:
            let (text, make) = safe(a, needsPositive: true)
            return emit(operation, "log(\(text))", reads: [a]) { log(make($0[a])) }
        case .sqrt:
            let (text, make) = safe(a, needsPositive: true)
            return emit(operation, "sqrt(\(text))", reads: [a]) { sqrt(make($0[a])) }
        case .sin: return emit(operation, "sin(v\(a))", reads: [a]) { sin($0[a]) }
        case .cos: return emit(operation, "cos(v\(a))", reads: [a]) { cos($0[a]) }
        case .tan:
            guard maximumMagnitude(a) < 1.2 else { return false }
            return emit(operation, "tan(v\(a))", reads: [a]) { tan($0[a]) }
        case .tanh: return emit(operation, "tanh(v\(a))", reads: [a]) { tanh($0[a]) }
        case .sigmoid: return emit(operation, "sigmoid(v\(a))", reads: [a]) { sigmoid($0[a]) }
        case .relu:
            guard minimumMagnitude(a) > Self.margin else { return false }
            return emit(operation, "relu(v\(a))", reads: [a]) { relu($0[a]) }
        case .abs:
            guard minimumMagnitude(a) > Self.margin else { return false }
            return emit(operation, "abs(v\(a))", reads: [a]) { abs($0[a]) }
        case .negate: return emit(operation, "-v\(a)", reads: [a]) { -$0[a] }
        case .constantPower:
            let exponent = element([2, 3, -1, 0.5, -1.5, 1.5])
            let integral = exponent == exponent.rounded()
            let (text, make) = safe(a, needsPositive: !integral)
            return emit(operation, "pow(\(text), \(exponent))", reads: [a]) { pow(make($0[a]), exponent) }
        case .scalarArithmetic:
            let c = constant()
            switch int(0...6) {
            case 0: return emit(operation, "v\(a) + \(c)", reads: [a]) { $0[a] + c }
            case 1: return emit(operation, "\(c) + v\(a)", reads: [a]) { c + $0[a] }
            case 2: return emit(operation, "v\(a) - \(c)", reads: [a]) { $0[a] - c }
            case 3: return emit(operation, "\(c) - v\(a)", reads: [a]) { c - $0[a] }
            case 4: return emit(operation, "v\(a) * \(c)", reads: [a]) { $0[a] * c }
            case 5: return emit(operation, "v\(a) / \(c)", reads: [a]) { $0[a] / c }
            default:
                let (text, make) = safe(a, needsPositive: false)
                return emit(operation, "\(c) / \(text)", reads: [a]) { c / make($0[a]) }
            }
        case .add, .subtract, .multiply, .divide, .maximum, .minimum, .power:
            let aShape = shape(a)
            guard let b = partner({ Self.broadcast(aShape, $0) != nil }) else { return false }
            switch operation {
            case .add: return emit(operation, "v\(a) + v\(b)", reads: [a, b]) { $0[a] + $0[b] }
            case .subtract: return emit(operation, "v\(a) - v\(b)", reads: [a, b]) { $0[a] - $0[b] }
            case .multiply: return emit(operation, "v\(a) * v\(b)", reads: [a, b]) { $0[a] * $0[b] }
            case .divide:
                let (text, make) = safe(b, needsPositive: false)
                return emit(operation, "v\(a) / \(text)", reads: [a, b]) { $0[a] / make($0[b]) }
            case .maximum, .minimum:
                let gap = (values[a] - values[b]).scalars.map { Swift.abs($0) }.min() ?? 0
                guard gap > Self.margin else { return false }
                return operation == .maximum
                    ? emit(operation, "maximum(v\(a), v\(b))", reads: [a, b]) { maximum($0[a], $0[b]) }
                    : emit(operation, "minimum(v\(a), v\(b))", reads: [a, b]) { minimum($0[a], $0[b]) }
            default:
                let (text, make) = safe(a, needsPositive: true)
                return emit(operation, "pow(\(text), v\(b))", reads: [a, b]) { pow(make($0[a]), $0[b]) }
            }
        case .select:
            guard minimumMagnitude(a) > Self.margin else { return false }
            let aShape = shape(a)
            guard let b = partner({ Self.broadcast(aShape, $0) != nil }),
                  let both = Self.broadcast(aShape, shape(b)),
                  let c = partner({ Self.broadcast(both, $0) != nil }) else { return false }
            return emit(operation, "Tensor.where(v\(a) .> 0, v\(b), v\(c))", reads: [a, b, c]) {
                Tensor.where($0[a] .> 0, $0[b], $0[c])
            }
        case .sum, .mean:
            guard rank > 0 else { return false }
            let keepDims = chance(0.5)
            let axes = shuffled(Array(0..<rank)).prefix(int(1...rank)).sorted()
            if axes.count == 1 {
                let axis = chance(0.3) ? axes[0] - rank : axes[0]
                return operation == .sum
                    ? emit(operation, "v\(a).sum(axis: \(axis), keepDims: \(keepDims))", reads: [a]) { $0[a].sum(axis: axis, keepDims: keepDims) }
                    : emit(operation, "v\(a).mean(axis: \(axis), keepDims: \(keepDims))", reads: [a]) { $0[a].mean(axis: axis, keepDims: keepDims) }
            }
            return operation == .sum
                ? emit(operation, "v\(a).sum(axes: \(axes), keepDims: \(keepDims))", reads: [a]) { $0[a].sum(axes: axes, keepDims: keepDims) }
                : emit(operation, "v\(a).mean(axes: \(axes), keepDims: \(keepDims))", reads: [a]) { $0[a].mean(axes: axes, keepDims: keepDims) }
        case .sumAll:
            guard rank > 0 else { return false }
            return emit(operation, "v\(a).sum()", reads: [a]) { $0[a].sum() }
        case .meanAll:
            guard rank > 0 else { return false }
            return emit(operation, "v\(a).mean()", reads: [a]) { $0[a].mean() }
        case .max, .min:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1)), keepDims = chance(0.5)
            guard extremumGap(a, axis: axis, largest: operation == .max) > Self.margin else { return false }
            return operation == .max
                ? emit(operation, "v\(a).max(axis: \(axis), keepDims: \(keepDims))", reads: [a]) { $0[a].max(axis: axis, keepDims: keepDims) }
                : emit(operation, "v\(a).min(axis: \(axis), keepDims: \(keepDims))", reads: [a]) { $0[a].min(axis: axis, keepDims: keepDims) }
        case .logsumexp:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1)), keepDims = chance(0.5)
            return emit(operation, "v\(a).logsumexp(axis: \(axis), keepDims: \(keepDims))", reads: [a]) {
                $0[a].logsumexp(axis: axis, keepDims: keepDims)
            }
        case .softmax, .logSoftmax:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1))
            return operation == .softmax
                ? emit(operation, "v\(a).softmax(axis: \(axis))", reads: [a]) { $0[a].softmax(axis: axis) }
                : emit(operation, "v\(a).logSoftmax(axis: \(axis))", reads: [a]) { $0[a].logSoftmax(axis: axis) }
        case .reshape:
            let count = values[a].count
            var factors: [Int] = []
            var rest = count
            for prime in [2, 3, 5, 7] { while rest % prime == 0 { factors.append(prime); rest /= prime } }
            if rest > 1 { factors.append(rest) }
            var newShape = [Int](repeating: 1, count: int((count == 1 ? 0 : 1)...3))
            for factor in factors { newShape[int(0...(newShape.count - 1))] *= factor }
            if !newShape.isEmpty && chance(0.3) { newShape[int(0...(newShape.count - 1))] = -1 }
            let target = newShape
            return emit(operation, "v\(a).reshaped(to: \(target))", reads: [a]) { $0[a].reshaped(to: target) }
        case .permute:
            guard rank >= 2 else { return false }
            let axes = shuffled(Array(0..<rank))
            guard axes != Array(0..<rank) else { return false }
            return emit(operation, "v\(a).permuted(\(axes))", reads: [a]) { $0[a].permuted(axes) }
        case .transpose:
            guard rank >= 2 else { return false }
            if chance(0.5) { return emit(operation, "v\(a).transposed()", reads: [a]) { $0[a].transposed() } }
            let first = int(0...(rank - 1)), second = int(0...(rank - 1))
            return emit(operation, "v\(a).transposed(\(first), \(second))", reads: [a]) { $0[a].transposed(first, second) }
        case .expand:
            var target: [Int] = []
            for size in shape(a) { target.append(size == 1 ? int(1...3) : size) }
            if target.count < 3 && (chance(0.5) || target == shape(a)) { target.insert(int(2...3), at: 0) }
            let newShape = target
            return emit(operation, "v\(a).expanded(to: \(newShape))", reads: [a]) { $0[a].expanded(to: newShape) }
        case .slice:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1))
            let index = randomIndex(size: shape(a)[axis])
            return emit(operation, "v\(a)\(Self.subscriptText(axis: axis, index))", reads: [a]) { Self.select($0[a], axis: axis, index) }
        case .sliceAssign:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1))
            let index = randomIndex(size: shape(a)[axis])
            let selected = Self.select(values[a], axis: axis, index).shape
            guard let b = partner({ Self.broadcast($0, selected) == selected }) else { return false }
            return emit(operation, "v\(a) with \(Self.subscriptText(axis: axis, index)) = v\(b)", reads: [a, b]) {
                var result = $0[a]
                Self.assign(&result, axis: axis, index, $0[b])
                return result
            }
        case .concatenate:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1)), aShape = shape(a)
            let fits = { (other: [Int]) in
                other.count == aShape.count && zip(other, aShape).enumerated().allSatisfy { $0.offset == axis || $0.element.0 == $0.element.1 }
            }
            guard let b = partner(fits) else { return false }
            let order = chance(0.5) ? [a, b] : [b, a]
            let axisText = chance(0.3) ? axis - rank : axis
            return emit(operation, "Tensor.concatenate([v\(order[0]), v\(order[1])], axis: \(axisText))", reads: [a, b]) { values in
                Tensor.concatenate(order.map { values[$0] }, axis: axisText)
            }
        case .gather:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1)), aShape = shape(a)
            var sizes: [Int] = []
            for (other, size) in aShape.enumerated() { sizes.append(other == axis ? int(1...3) : int(1...size)) }
            let indexShape = sizes
            let indices = repeated(indexShape.reduce(1, *)) { Double($0.int(0...(aShape[axis] - 1))) }
            return emit(operation, "v\(a).gather(axis: \(axis), indices: \(indices) as \(indexShape))", reads: [a]) {
                $0[a].gather(axis: axis, indices: Tensor(indices, shape: indexShape, dtype: .float64))
            }
        case .scatterAdd:
            guard rank > 0 else { return false }
            let axis = int(0...(rank - 1)), aShape = shape(a)
            let fits = { (other: [Int]) in
                other.count == aShape.count && zip(other, aShape).enumerated().allSatisfy { $0.offset == axis || $0.element.0 <= $0.element.1 }
            }
            guard let b = partner(fits) else { return false }
            let indexShape = shape(b)
            let indices = repeated(indexShape.reduce(1, *)) { Double($0.int(0...(aShape[axis] - 1))) }
            return emit(operation, "v\(a).scatterAdd(axis: \(axis), indices: \(indices) as \(indexShape), source: v\(b))", reads: [a, b]) {
                $0[a].scatterAdd(axis: axis, indices: Tensor(indices, shape: indexShape, dtype: .float64), source: $0[b])
            }
        case .matmul:
            let aShape = shape(a)
            let transposeRight = chance(0.4)
            func transposedShape(_ s: [Int]) -> [Int]? { s.count < 2 ? nil : s.dropLast(2) + [s[s.count - 1], s[s.count - 2]] }
            guard let b = partner({ other in
                let right = transposeRight ? transposedShape(other) : other
                return right.flatMap { Self.matmulShape(aShape, $0) } != nil
            }) else { return false }
            return transposeRight
                ? emit(operation, "matmul(v\(a), v\(b).transposed())", reads: [a, b]) { matmul($0[a], $0[b].transposed()) }
                : emit(operation, "matmul(v\(a), v\(b))", reads: [a, b]) { matmul($0[a], $0[b]) }
        }
    }

    /// One subscript along an axis of `size`: a position (negative half the time), a range, or a
    /// strided or reversed slice; never empty.
    private mutating func randomIndex(size: Int) -> TensorIndex {
        switch int(0...4) {
        case 0:
            let position = int(0...(size - 1))
            return (chance(0.5) ? position - size : position).tensorIndex
        case 1:
            let lower = int(0...(size - 1))
            return (lower..<int((lower + 1)...size)).tensorIndex
        case 2: return (int(0...(size - 1))...).tensorIndex
        case 3: return TensorIndex.slice(int(0...(size - 1)), nil, step: 2)
        default: return TensorIndex.slice(nil, nil, step: element([-1, -2]))
        }
    }

    static func subscriptText(axis: Int, _ index: TensorIndex) -> String {
        "[" + ([String](repeating: ".all", count: axis) + ["\(index)"]).joined(separator: ", ") + "]"
    }

    static func select(_ x: Tensor, axis: Int, _ index: TensorIndex) -> Tensor {
        switch axis {
        case 0: x[index]
        case 1: x[TensorIndex.all, index]
        default: x[TensorIndex.all, TensorIndex.all, index]
        }
    }

    static func assign(_ x: inout Tensor, axis: Int, _ index: TensorIndex, _ value: Tensor) {
        switch axis {
        case 0: x[index] = value
        case 1: x[TensorIndex.all, index] = value
        default: x[TensorIndex.all, TensorIndex.all, index] = value
        }
    }
}
