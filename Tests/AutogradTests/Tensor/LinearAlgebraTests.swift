import Testing
@testable import Autograd

/// The product of row-major m×k and k×n matrices by the textbook triple loop, in doubles: the oracle.
private func naiveProduct(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] }
        }
    }
    return c
}

/// The largest absolute difference between two arrays of the same length (infinity for a NaN).
private func largestDifference(_ x: [Double], _ y: [Double]) -> Double {
    require(x.count == y.count, "\(x.count) and \(y.count) values")
    var largest = 0.0
    for (u, v) in zip(x, y) {
        let difference = Swift.abs(u - v)
        if difference.isNaN { return .infinity }  // an element never written, or a NaN computed
        largest = Swift.max(largest, difference)
    }
    return largest
}

/// The accepted error of a length-k sum of products of numbers in [-1, 1].
private func productTolerance(_ dtype: DType, depth: Int) -> Double {
    (dtype == .float32 ? 1e-6 : 1e-14) * Double(Swift.max(depth, 1)) * 4
}

/// A·B in the kernel's element type, through one of the kernel's paths, as doubles (C starts as NaN so
/// that an element the kernel forgets to write shows up).
private func kernelProduct<K: MatrixMicroKernel>(
    _: K.Type, blocked: Bool, _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int
) -> [Double] {
    let x = a.map { K.Scalar($0) }, y = b.map { K.Scalar($0) }
    var c = [K.Scalar](repeating: .nan, count: m * n)
    let scratch = MatrixScratch(for: K.self)
    defer { scratch.deallocate() }
    x.withUnsafeBufferPointer { x in
        y.withUnsafeBufferPointer { y in
            c.withUnsafeMutableBufferPointer { c in
                if blocked {
                    MatrixKernels.multiplyBlocked(K.self, x.baseAddress!, y.baseAddress!, into: c.baseAddress!, m: m, n: n, k: k, scratch: scratch)
                } else {
                    MatrixKernels.multiplyDirect(x.baseAddress!, y.baseAddress!, into: c.baseAddress!, m: m, n: n, k: k)
                }
            }
        }
    }
    return c.map { Double($0) }
}

@Suite("Linear algebra")
struct LinearAlgebraTests {
    static let sizes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (3, 5, 2), (17, 33, 9), (64, 64, 64)]

    @Test("matmul of 2-d tensors matches the triple loop", arguments: sizes, [DType.float32, .float64])
    func matrixProduct(_ size: (m: Int, k: Int, n: Int), _ dtype: DType) {
        let (m, k, n) = size
        let a = testValues(m * k, seed: 31), b = testValues(k * n, seed: 32)
        let c = matmul(Tensor(a, shape: [m, k], dtype: dtype), Tensor(b, shape: [k, n], dtype: dtype))
        #expect(c.shape == [m, n])
        #expect(c.dtype == dtype)
        let expected = naiveProduct(a.map { dtype == .float32 ? Double(Float($0)) : $0 }, b.map { dtype == .float32 ? Double(Float($0)) : $0 }, m: m, k: k, n: n)
        #expect(largestDifference(c.scalars, expected) < productTolerance(dtype, depth: k))
    }

    /// Sizes that cross the depth, row and column blocks of both kernels, with ragged edge tiles.
    static let kernelSizes: [(m: Int, k: Int, n: Int)] = [
        (1, 1, 1), (6, 8, 8), (6, 4, 4), (7, 300, 13), (12, 600, 16), (125, 5, 11), (5, 3, 1030),
    ]

    @Test("the blocked and direct kernels match the triple loop at block and tile edges", arguments: kernelSizes)
    func kernelPaths(_ size: (m: Int, k: Int, n: Int)) {
        let (m, k, n) = size
        let a = testValues(m * k, seed: 33).map { Double(Float($0)) }, b = testValues(k * n, seed: 34).map { Double(Float($0)) }
        let expected = naiveProduct(a, b, m: m, k: k, n: n)
        for blocked in [true, false] {
            let single = kernelProduct(FloatMicroKernel.self, blocked: blocked, a, b, m: m, k: k, n: n)
            #expect(largestDifference(single, expected) < productTolerance(.float32, depth: k), "float32, blocked: \(blocked)")
            let double = kernelProduct(DoubleMicroKernel.self, blocked: blocked, a, b, m: m, k: k, n: n)
            #expect(largestDifference(double, expected) < productTolerance(.float64, depth: k), "float64, blocked: \(blocked)")
        }
    }

    @Test("empty operands: an empty product, and zeros when the inner dimension is 0")
    func emptyOperands() {
        let empty = matmul(Tensor.ones(shape: [0, 3]), Tensor.ones(shape: [3, 4]))
        #expect(empty.shape == [0, 4])
        #expect(empty.count == 0)
        for dtype in [DType.float32, .float64] {
            let zeros = matmul(Tensor.ones(shape: [2, 0], dtype: dtype), Tensor.ones(shape: [0, 3], dtype: dtype))
            #expect(zeros.shape == [2, 3])
            #expect(zeros.scalars == [0, 0, 0, 0, 0, 0])
        }
    }

    @Test("batch axes broadcast: [2,1,3,4]·[5,4,6] is [2,5,3,6], each matrix its pair's product")
    func batchedBroadcasting() {
        let a = testValues(24, seed: 35), b = testValues(120, seed: 36)
        let c = matmul(Tensor(a, shape: [2, 1, 3, 4], dtype: .float64), Tensor(b, shape: [5, 4, 6], dtype: .float64))
        #expect(c.shape == [2, 5, 3, 6])
        let values = c.scalars
        for i in 0..<2 {
            for j in 0..<5 {
                let expected = naiveProduct(Array(a[(i * 12)..<(i * 12 + 12)]), Array(b[(j * 24)..<(j * 24 + 24)]), m: 3, k: 4, n: 6)
                let start = (i * 5 + j) * 18
                #expect(largestDifference(Array(values[start..<(start + 18)]), expected) < 1e-13, "matrix [\(i), \(j)]")
            }
        }
    }

    @Test("gradients of a broadcast batch are summed back to each operand's shape")
    func batchedGradients() {
        let a = Tensor(testValues(24, seed: 37), shape: [2, 1, 3, 4], dtype: .float64, requiresGrad: true)
        let b = Tensor(testValues(120, seed: 38), shape: [5, 4, 6], dtype: .float64, requiresGrad: true)
        matmul(a, b).sum().backward()
        #expect(a.grad?.shape == [2, 1, 3, 4])
        #expect(b.grad?.shape == [5, 4, 6])
        // ∂/∂a[i,0,r,p] = Σ_j Σ_c b[j,p,c];  ∂/∂b[j,p,c] = Σ_i Σ_r a[i,0,r,p].
        let (aValues, bValues) = (a.scalars, b.scalars)
        var bRowSums = [Double](repeating: 0, count: 4), aColumnSums = [Double](repeating: 0, count: 4)
        for j in 0..<5 { for p in 0..<4 { for c in 0..<6 { bRowSums[p] += bValues[j * 24 + p * 6 + c] } } }
        for i in 0..<2 { for r in 0..<3 { for p in 0..<4 { aColumnSums[p] += aValues[i * 12 + r * 4 + p] } } }
        #expect(largestDifference(a.grad!.scalars, (0..<24).map { bRowSums[$0 % 4] }) < 1e-12)
        #expect(largestDifference(b.grad!.scalars, (0..<120).map { aColumnSums[($0 / 6) % 4] }) < 1e-12)
    }

    @Test("backward reads transposed operands in place: no transpose is recorded, and a constant operand gets no product")
    func backwardTransposesInPlace() {
        let x = Tensor(testValues(12, seed: 39), shape: [4, 3], dtype: .float64)
        let w = Tensor(testValues(6, seed: 40), shape: [3, 2], dtype: .float64, requiresGrad: true)
        let y = matmul(x, w)
        // ∂/∂w Σ y² = 2 xᵀ·y, recorded (it depends on w), with x read transposed in place.
        let gradient = (y * y).sum().gradients(withRespectTo: [w], createGraph: true)[0]!
        let names = Tensor.topologicalOrder(from: gradient.node!).filter { !$0.isLeaf }.map(\.name)
        #expect(names.contains("Matmul"), "\(names)")
        #expect(!names.contains("MatrixTranspose"), "\(names)")
        let (xValues, yValues) = (x.scalars, y.scalars)
        var expected = [Double](repeating: 0, count: 6)
        for row in 0..<4 {
            for p in 0..<3 {
                for c in 0..<2 {
                    let term: Double = 2 * xValues[row * 3 + p] * yValues[row * 2 + c]
                    expected[p * 2 + c] += term
                }
            }
        }
        #expect(largestDifference(gradient.scalars, expected) < 1e-13)
    }

    @Test("1-d operands are promoted and the added axes removed, as in NumPy")
    func vectorPromotion() {
        let v = Tensor([1, 2, 3], dtype: .float64)
        let m = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64)
        #expect(matmul(m, v).shape == [2])
        #expect(matmul(m, v).scalars == [14, 32])
        #expect(matmul(Tensor([1, -1], dtype: .float64), m).scalars == [-3, -3, -3])
        #expect(matmul(v, v).shape == [])
        #expect(matmul(v, v).item() == 14)
        let stack = Tensor((0..<24).map(Double.init), shape: [2, 3, 4], dtype: .float64)
        #expect(matmul(v, stack).shape == [2, 4])
        #expect(matmul(v, stack).scalars == [32, 38, 44, 50, 104, 110, 116, 122])
        #expect(matmul(stack, Tensor([1, 0, 0, 1], dtype: .float64)).scalars == [3, 11, 19, 27, 35, 43])
    }

    @Test("mixed element types compute in float64; each gradient comes back in its operand's type")
    func mixedTypes() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], requiresGrad: true)
        let b = Tensor([1, 0, -1], dtype: .float64, requiresGrad: true)
        let y = a.matmul(b)
        #expect(y.dtype == .float64)
        #expect(y.scalars == [-2, -2])
        #expect(y.gradFunctionName == "Matmul")
        y.sum().backward()
        #expect(a.grad?.dtype == .float32)
        #expect(a.grad?.scalars == [1, 0, -1, 1, 0, -1])
        #expect(b.grad?.dtype == .float64)
        #expect(b.grad?.scalars == [5, 7, 9])
    }

    @Test("dot: the seed tutorial's Dot, value and gradients")
    func dotProduct() {
        let a = Tensor([1, 2, 3], requiresGrad: true), b = Tensor([4, 5, 6], requiresGrad: true)
        let y = dot(a, b)
        #expect(y.shape == [])
        #expect(y.item() == 32)
        y.backward()
        #expect(a.grad?.scalars == [4, 5, 6])
        #expect(b.grad?.scalars == [1, 2, 3])
    }

    @Test("outer: values and gradients")
    func outerProduct() {
        let a = Tensor([1, 2], requiresGrad: true), b = Tensor([3, 4, 5], requiresGrad: true)
        let y = outer(a, b)
        #expect(y.shape == [2, 3])
        #expect(y.scalars == [3, 4, 5, 6, 8, 10])
        y.sum().backward()
        #expect(a.grad?.scalars == [12, 12])
        #expect(b.grad?.scalars == [3, 3, 3])
    }

    @Test("the transpose of the last two axes, in both element types")
    func transpose() {
        for dtype in [DType.float32, .float64] {
            let x = Tensor((0..<12).map(Double.init), shape: [2, 2, 3], dtype: dtype)
            let t = x.matrixTransposed()
            #expect(t.shape == [2, 3, 2])
            #expect(t.dtype == dtype)
            #expect(t.scalars == [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11])
        }
        let big = Tensor(testValues(40 * 70, seed: 39), shape: [40, 70], dtype: .float64)
        let values = big.scalars, transposed = big.matrixTransposed().scalars
        var expected = [Double](repeating: 0, count: values.count)
        for i in 0..<40 { for j in 0..<70 { expected[j * 40 + i] = values[i * 70 + j] } }
        #expect(transposed == expected)
    }

    @Test("mismatched shapes stop the program, naming matmul, both shapes and the caller's line")
    func shapeError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.ones(shape: [2, 3]), Tensor.ones(shape: [2, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("matmul of [2, 3] and [2, 3]: the inner dimensions 3 and 2 differ"))
        #expect(message.contains("LinearAlgebraTests.swift:"))
    }

    @Test("batch axes that do not broadcast, 0-d operands and bad dot operands stop the program")
    func otherShapeErrors() async {
        await #expect(processExitsWith: .failure) {
            _ = matmul(Tensor.ones(shape: [2, 3, 4]), Tensor.ones(shape: [5, 4, 6]))
        }
        await #expect(processExitsWith: .failure) {
            _ = matmul(Tensor(2.0), Tensor.ones(shape: [3]))
        }
        await #expect(processExitsWith: .failure) {
            _ = dot(Tensor.ones(shape: [3]), Tensor.ones(shape: [4]))
        }
        await #expect(processExitsWith: .failure) {
            _ = dot(Tensor.ones(shape: [2, 3]), Tensor.ones(shape: [3]))
        }
    }
}
