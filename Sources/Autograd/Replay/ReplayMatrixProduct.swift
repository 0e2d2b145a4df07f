// The matrix product step of a replay: forward and backward into preallocated buffers through the
// library's own kernels (MatrixKernels.swift, MatrixBackend.swift), chosen exactly as eager's
// single-threaded product chooses them (a loaded BLAS for large products, the plain loop for small
// ones, the AVX2 or the portable packed kernel between), so a replay's product and its gradients
// equal eager's bit for bit. A replay runs on one thread.

/// An element type with the library's matrix micro-kernel (which also reaches the BLAS gemm and the
/// AVX2 kernel for that type).
protocol ReplayMatrixScalar: TensorFloat {
    associatedtype MicroKernel: MatrixMicroKernel where MicroKernel.Scalar == Self
}

extension Float: ReplayMatrixScalar {
    typealias MicroKernel = FloatMicroKernel
}

extension Double: ReplayMatrixScalar {
    typealias MicroKernel = DoubleMicroKernel
}

enum ReplayMatrixProduct {
    /// The scratch elements a product step needs for backward: a transposed operand and a product
    /// to add when the gradient accumulates.
    static func scratchCount(m: Int, n: Int, k: Int) -> Int {
        Swift.max(n * k, k * m) + Swift.max(m * k, k * n)
    }

    /// Whether an m×k by k×n product uses the packed kernel (and so needs packing scratch).
    static func needsPacking(m: Int, n: Int, k: Int) -> Bool {
        guard case .portable = MatrixBackend.choose(m: m, n: n, k: k) else { return false }
        return m * n * k > MatrixKernels.packingThreshold
    }

    /// C = A·B, dispatched as eager's batched product dispatches one matrix.
    static func multiply<T: ReplayMatrixScalar>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, into c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int,
        packing: MatrixScratch<T>?
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 { return c.update(repeating: 0, count: m * n) }
        let backend = MatrixBackend.choose(m: m, n: n, k: k)
        if case .blas(let library) = backend {
            T.MicroKernel.multiplyBLAS(library, a, b, into: c, m: m, n: n, k: k)
        } else if m * n * k <= MatrixKernels.packingThreshold {
            if case .simd = backend {
                T.MicroKernel.multiplySmallSIMD(m: m, n: n, k: k, a: a, aStrides: (k, 1), b: b, bStrides: (n, 1), c: c)
            } else {
                MatrixKernels.multiplyDirect(a, b, into: c, m: m, n: n, k: k)
            }
        } else if case .simd = backend {
            T.MicroKernel.multiplySIMD(m: m, n: n, k: k, a: a, aStrides: (k, 1), b: b, bStrides: (n, 1), c: c, cRowStride: n)
        } else {
            guard let packing else { fatalError("replay: a packed product without packing scratch") }
            MatrixKernels.multiplyBlocked(T.MicroKernel.self, a, b, into: c, m: m, n: n, k: k, scratch: packing)
        }
    }

    /// The operands' gradients: ∂A = G·Bᵀ and ∂B = Aᵀ·G, stored or added.
    static func backward<T: ReplayMatrixScalar>(
        a: UnsafePointer<T>, _ first: ReplayOperand, ga: UnsafeMutablePointer<T>,
        b: UnsafePointer<T>, _ second: ReplayOperand, gb: UnsafeMutablePointer<T>,
        g: UnsafePointer<T>, m: Int, n: Int, k: Int, scratch: UnsafeMutablePointer<T>, packing: MatrixScratch<T>?
    ) {
        let transposed = scratch
        let product = scratch + Swift.max(n * k, k * m)
        if first.takesGradient {
            MatrixKernels.transpose(b, rows: k, columns: n, into: transposed)
            let target = first.accumulates ? product : ga
            multiply(g, transposed, into: target, m: m, n: k, k: n, packing: packing)
            if first.accumulates { for i in 0..<(m * k) { ga[i] += product[i] } }
        }
        if second.takesGradient {
            MatrixKernels.transpose(a, rows: m, columns: k, into: transposed)
            let target = second.accumulates ? product : gb
            multiply(transposed, g, into: target, m: k, n: n, k: m, packing: packing)
            if second.accumulates { for i in 0..<(k * n) { gb[i] += product[i] } }
        }
    }
}
