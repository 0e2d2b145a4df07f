// The in-place loops of a replay's fast steps: raw pointers into the program's preallocated arenas,
// specialised per rule and element type, with no allocation, closure or bounds check per element.
//
// A gradient is stored with `=` by the first step that reaches it in a backward pass and added
// with `+=` by the others (the choice is made once, when the trace is compiled), so no gradient
// buffer needs clearing between replays.

enum ReplayLoops {
    /// Stores or adds `value` at `gradient[index]`.
    @inline(__always)
    static func deliver<T: TensorFloat>(_ value: T, to gradient: UnsafeMutablePointer<T>, at index: Int, accumulating: Bool) {
        if accumulating { gradient[index] += value } else { gradient[index] = value }
    }

    // MARK: - Unary

    /// y = R(x) over `count` elements.
    @inline(__always)
    static func unaryForward<R: ReplayUnaryRule, T: TensorFloat>(
        _: R.Type, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int
    ) {
        ElementwiseKernels.unaryLoop(R.Forward.self, x, y, 0..<count)
    }

    /// gx (+)= R′ applied to the output's gradient g.
    @inline(__always)
    static func unaryBackward<R: ReplayUnaryRule, T: TensorFloat>(
        _: R.Type, x: UnsafePointer<T>, y: UnsafePointer<T>, g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>,
        count: Int, accumulating: Bool
    ) {
        for i in 0..<count { deliver(R.gradient(g[i], x: x[i], y: y[i]), to: gx, at: i, accumulating: accumulating) }
    }

    /// y = xᶜ.
    static func powerForward<T: TensorFloat>(_ exponent: Double, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) {
        for i in 0..<count { y[i] = replayPower(x[i], exponent) }
    }

    /// gx (+)= g · c·x^(c−1), NaN-safe; 0 for c = 0 (as eager).
    static func powerBackward<T: TensorFloat>(
        _ exponent: Double, x: UnsafePointer<T>, g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, count: Int, accumulating: Bool
    ) {
        let c = T(exponent)
        for i in 0..<count {
            let value: T = exponent == 0 ? 0 : scaledNoNaN(g[i], c * replayPower(x[i], exponent - 1))
            deliver(value, to: gx, at: i, accumulating: accumulating)
        }
    }

    // MARK: - Binary

    /// y = R(a, b) over `count` elements. An operand with fewer elements is broadcast: one element
    /// everywhere, or a row (the output's trailing axes) repeated down the leading ones, so operand
    /// element `i % operandCount` meets output element `i`.
    @inline(__always)
    static func binaryForward<R: ReplayBinaryRule, T: TensorFloat>(
        _: R.Type, _ a: UnsafePointer<T>, aCount: Int, _ b: UnsafePointer<T>, bCount: Int, _ y: UnsafeMutablePointer<T>, count: Int
    ) {
        if aCount == count && bCount == count {
            for i in 0..<count { y[i] = R.value(a[i], b[i]) }
        } else if aCount == count && bCount == 1 {
            let scalar = b[0]
            for i in 0..<count { y[i] = R.value(a[i], scalar) }
        } else if bCount == count && aCount == 1 {
            let scalar = a[0]
            for i in 0..<count { y[i] = R.value(scalar, b[i]) }
        } else if aCount == count {
            for row in stride(from: 0, to: count, by: bCount) {
                for j in 0..<bCount { y[row + j] = R.value(a[row + j], b[j]) }
            }
        } else {
            for row in stride(from: 0, to: count, by: aCount) {
                for j in 0..<aCount { y[row + j] = R.value(a[j], b[row + j]) }
            }
        }
    }

    /// Each operand's gradient (+)= its rule applied to g, summed over the positions it was
    /// broadcast to. Each sum runs from the first row down in a double accumulator and is delivered
    /// once, as eager's `summedBack` sums before adding, so the results are the same bit for bit.
    @inline(__always)
    static func binaryBackward<R: ReplayBinaryRule, T: TensorFloat>(
        _: R.Type, a: UnsafePointer<T>, _ first: ReplayOperand, ga: UnsafeMutablePointer<T>,
        b: UnsafePointer<T>, _ second: ReplayOperand, gb: UnsafeMutablePointer<T>, g: UnsafePointer<T>, count: Int
    ) {
        let (aPeriod, bPeriod) = (first.count, second.count)
        if first.takesGradient {
            for j in 0..<aPeriod {
                if aPeriod == count {
                    deliver(R.firstGradient(g[j], a: a[j], b: b[j % bPeriod]), to: ga, at: j, accumulating: first.accumulates)
                } else {
                    var total = aPeriod == 1 ? EagerOrderSum(count: count) : .sequential
                    for i in stride(from: j, to: count, by: aPeriod) { total.add(Double(R.firstGradient(g[i], a: a[j], b: b[i % bPeriod]))) }
                    deliver(T(total.value), to: ga, at: j, accumulating: first.accumulates)
                }
            }
        }
        if second.takesGradient {
            for j in 0..<bPeriod {
                if bPeriod == count {
                    deliver(R.secondGradient(g[j], a: a[j % aPeriod], b: b[j]), to: gb, at: j, accumulating: second.accumulates)
                } else {
                    var total = bPeriod == 1 ? EagerOrderSum(count: count) : .sequential
                    for i in stride(from: j, to: count, by: bPeriod) { total.add(Double(R.secondGradient(g[i], a: a[i % aPeriod], b: b[j]))) }
                    deliver(T(total.value), to: gb, at: j, accumulating: second.accumulates)
                }
            }
        }
    }

    // MARK: - Sum

    /// y[0] = Σ x, in index order from 0, grouped as eager's sum kernel groups it.
    static func sumForward<T: TensorFloat>(_ x: UnsafePointer<T>, count: Int, into y: UnsafeMutablePointer<T>) {
        var total = EagerOrderSum(count: count)
        for i in 0..<count { total.add(Double(x[i])) }
        y[0] = T(total.value)
    }

    /// gx (+)= g[0] everywhere.
    static func sumBackward<T: TensorFloat>(g: UnsafePointer<T>, gx: UnsafeMutablePointer<T>, count: Int, accumulating: Bool) {
        let value = g[0]
        for i in 0..<count { deliver(value, to: gx, at: i, accumulating: accumulating) }
    }
}

// MARK: - Dispatch on the operation

extension ReplayLoops {
    /// y = op(x).
    static func unaryForward<T: TensorFloat>(_ operation: ReplayUnaryOperation, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) {
        switch operation {
        case .negate: unaryForward(ReplayNegate.self, x, y, count: count)
        case .exp: unaryForward(ReplayExp.self, x, y, count: count)
        case .log: unaryForward(ReplayLog.self, x, y, count: count)
        case .sin: unaryForward(ReplaySin.self, x, y, count: count)
        case .cos: unaryForward(ReplayCos.self, x, y, count: count)
        case .tan: unaryForward(ReplayTan.self, x, y, count: count)
        case .tanh: unaryForward(ReplayTanh.self, x, y, count: count)
        case .sigmoid: unaryForward(ReplaySigmoid.self, x, y, count: count)
        case .relu: unaryForward(ReplayReLU.self, x, y, count: count)
        case .sqrt: unaryForward(ReplaySqrt.self, x, y, count: count)
        case .abs: unaryForward(ReplayAbs.self, x, y, count: count)
        case .power(let exponent): powerForward(exponent, x, y, count: count)
        case .multiplyScalar(let factor, let keepsZeros):
            if keepsZeros {
                ElementwiseKernels.scalarLoop(MultiplyNoNaNKernel.self, x, T(factor), y, 0..<count)
            } else {
                ElementwiseKernels.scalarLoop(MultiplyKernel.self, x, T(factor), y, 0..<count)
            }
        case .addScalar(let offset): ElementwiseKernels.scalarLoop(AddKernel.self, x, T(offset), y, 0..<count)
        }
    }

    /// gx (+)= op′ applied to g.
    static func unaryBackward<T: TensorFloat>(
        _ operation: ReplayUnaryOperation, x: UnsafePointer<T>, y: UnsafePointer<T>, g: UnsafePointer<T>,
        gx: UnsafeMutablePointer<T>, count: Int, accumulating: Bool
    ) {
        switch operation {
        case .negate: unaryBackward(ReplayNegate.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .exp: unaryBackward(ReplayExp.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .log: unaryBackward(ReplayLog.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .sin: unaryBackward(ReplaySin.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .cos: unaryBackward(ReplayCos.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .tan: unaryBackward(ReplayTan.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .tanh: unaryBackward(ReplayTanh.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .sigmoid: unaryBackward(ReplaySigmoid.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .relu: unaryBackward(ReplayReLU.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .sqrt: unaryBackward(ReplaySqrt.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .abs: unaryBackward(ReplayAbs.self, x: x, y: y, g: g, gx: gx, count: count, accumulating: accumulating)
        case .power(let exponent): powerBackward(exponent, x: x, g: g, gx: gx, count: count, accumulating: accumulating)
        case .multiplyScalar(let factor, _):
            // g ⊙̃ c, as eager's rule.
            let c = T(factor)
            for i in 0..<count { deliver(scaledNoNaN(g[i], c), to: gx, at: i, accumulating: accumulating) }
        case .addScalar:
            for i in 0..<count { deliver(g[i], to: gx, at: i, accumulating: accumulating) }
        }
    }

    /// y = op(a, b).
    static func binaryForward<T: TensorFloat>(
        _ operation: ReplayBinaryOperation, _ a: UnsafePointer<T>, aCount: Int, _ b: UnsafePointer<T>, bCount: Int,
        _ y: UnsafeMutablePointer<T>, count: Int
    ) {
        switch operation {
        case .add: binaryForward(ReplayAdd.self, a, aCount: aCount, b, bCount: bCount, y, count: count)
        case .subtract: binaryForward(ReplaySubtract.self, a, aCount: aCount, b, bCount: bCount, y, count: count)
        case .multiply: binaryForward(ReplayMultiply.self, a, aCount: aCount, b, bCount: bCount, y, count: count)
        case .multiplyNoNaN: binaryForward(ReplayMultiplyNoNaN.self, a, aCount: aCount, b, bCount: bCount, y, count: count)
        case .divide: binaryForward(ReplayDivide.self, a, aCount: aCount, b, bCount: bCount, y, count: count)
        }
    }

    /// The operands' gradients of op(a, b) given g.
    static func binaryBackward<T: TensorFloat>(
        _ operation: ReplayBinaryOperation, a: UnsafePointer<T>, _ first: ReplayOperand, ga: UnsafeMutablePointer<T>,
        b: UnsafePointer<T>, _ second: ReplayOperand, gb: UnsafeMutablePointer<T>, g: UnsafePointer<T>, count: Int
    ) {
        switch operation {
        case .add: binaryBackward(ReplayAdd.self, a: a, first, ga: ga, b: b, second, gb: gb, g: g, count: count)
        case .subtract: binaryBackward(ReplaySubtract.self, a: a, first, ga: ga, b: b, second, gb: gb, g: g, count: count)
        case .multiply: binaryBackward(ReplayMultiply.self, a: a, first, ga: ga, b: b, second, gb: gb, g: g, count: count)
        case .multiplyNoNaN: binaryBackward(ReplayMultiplyNoNaN.self, a: a, first, ga: ga, b: b, second, gb: gb, g: g, count: count)
        case .divide: binaryBackward(ReplayDivide.self, a: a, first, ga: ga, b: b, second, gb: gb, g: g, count: count)
        }
    }
}
