// The three kernels a matrix product can run on, best first: the system's BLAS (BLASLibrary.swift),
// the AVX2+FMA C kernel of CAutogradKernels (the built-in kernel on CPUs that have those
// instructions: Swift alone cannot use them without raising the whole package's target CPU), and the
// portable Swift kernel (MatrixMicroKernels.swift) everywhere else.
import CAutogradKernels

/// Which kernel runs a matrix product.
enum MatrixBackend: Sendable {
    /// The system's BLAS gemm.
    case blas(BLASLibrary)
    /// The built-in AVX2+FMA kernel (CAutogradKernels).
    case simd
    /// The built-in portable Swift kernel.
    case portable

    /// Whether this CPU (and OS) runs the AVX2+FMA kernel; checked once.
    static let simdAvailable = autograd_simd_available() != 0

    /// The built-in kernel for this CPU.
    static var builtin: MatrixBackend { simdAvailable ? .simd : .portable }

    /// The kernel for an m×k by k×n product: the BLAS when one is loaded and the product large enough
    /// to gain from it, else the built-in kernel.
    static func choose(m: Int, n: Int, k: Int) -> MatrixBackend {
        MatrixKernels.blas(m: m, n: n, k: k).map { .blas($0) } ?? builtin
    }
}

/// Stops with a message when the C kernel could not allocate its packing memory.
private func checkSIMDStatus(_ status: Int32) {
    require(status == 0, "matmul: the AVX2 kernel failed (status \(status): out of memory for its packing buffers)")
}

extension FloatMicroKernel {
    static func multiplySIMD(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, aStrides: (row: Int, column: Int),
        b: UnsafePointer<Float>, bStrides: (row: Int, column: Int), c: UnsafeMutablePointer<Float>, cRowStride: Int
    ) {
        checkSIMDStatus(autograd_sgemm(m, n, k, a, aStrides.row, aStrides.column, b, bStrides.row, bStrides.column, c, cRowStride, 0))
    }

    static func multiplySmallSIMD(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, aStrides: (row: Int, column: Int),
        b: UnsafePointer<Float>, bStrides: (row: Int, column: Int), c: UnsafeMutablePointer<Float>
    ) {
        autograd_sgemm_small(m, n, k, a, aStrides.row, aStrides.column, b, bStrides.row, bStrides.column, c, n)
    }

    static func multiplyBLAS(
        _ library: BLASLibrary, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, transposed: MatrixTransposition
    ) {
        library.multiply(a, b, into: c, m: m, n: n, k: k, transposed: transposed)
    }
}

extension DoubleMicroKernel {
    static func multiplySIMD(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, aStrides: (row: Int, column: Int),
        b: UnsafePointer<Double>, bStrides: (row: Int, column: Int), c: UnsafeMutablePointer<Double>, cRowStride: Int
    ) {
        checkSIMDStatus(autograd_dgemm(m, n, k, a, aStrides.row, aStrides.column, b, bStrides.row, bStrides.column, c, cRowStride, 0))
    }

    static func multiplySmallSIMD(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, aStrides: (row: Int, column: Int),
        b: UnsafePointer<Double>, bStrides: (row: Int, column: Int), c: UnsafeMutablePointer<Double>
    ) {
        autograd_dgemm_small(m, n, k, a, aStrides.row, aStrides.column, b, bStrides.row, bStrides.column, c, n)
    }

    static func multiplyBLAS(
        _ library: BLASLibrary, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, transposed: MatrixTransposition
    ) {
        library.multiply(a, b, into: c, m: m, n: n, k: k, transposed: transposed)
    }
}
