// The system's BLAS, found at run time: the build never links one, and without one (or with
// AUTOGRAD_BLAS=none) the matrix product uses the built-in kernel of MatrixKernels.swift.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `cblas_sgemm`: C = α·op(A)·op(B) + β·C. The order and transpose enums are C `int`s, and the sizes
/// are the LP64 interface's 32-bit `int` (what libopenblas.so.0, BLIS, mkl_rt and Accelerate export).
typealias CBLASSgemm = @convention(c) (
    Int32, Int32, Int32, Int32, Int32, Int32,
    Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
    Float, UnsafeMutablePointer<Float>?, Int32) -> Void

/// `cblas_dgemm`, as `CBLASSgemm` in doubles.
typealias CBLASDgemm = @convention(c) (
    Int32, Int32, Int32, Int32, Int32, Int32,
    Double, UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32,
    Double, UnsafeMutablePointer<Double>?, Int32) -> Void

/// `openblas_get_num_threads`: the threads OpenBLAS's gemm uses.
typealias OpenBLASGetThreads = @convention(c) () -> Int32
/// `openblas_set_num_threads`: a process-wide setting of OpenBLAS.
typealias OpenBLASSetThreads = @convention(c) (Int32) -> Void

/// A CBLAS library opened with `dlopen`: its name and the two matrix products the kernels use.
///
/// `BLASLibrary.loaded` looks once, at first use, in this order: the library `AUTOGRAD_BLAS` names (a
/// path or a file name for `dlopen`; `none` disables BLAS), then `libopenblas.so.0`,
/// `libopenblas.so`, `libblis.so.4`, `libblis.so`, `libmkl_rt.so`, `libcblas.so.3` and
/// `libblas.so.3` on Linux, or Accelerate on Darwin. The first that loads and exports both
/// `cblas_sgemm` and `cblas_dgemm` is used, and never unloaded.
///
/// `@unchecked Sendable`: the stored function pointers are immutable after initialisation, point
/// into a library that stays loaded for the life of the process, and CBLAS gemm may be called from
/// any thread at once; Swift cannot see that through `@convention(c)` function types.
public struct BLASLibrary: @unchecked Sendable {
    /// The backend, for benchmark records: `"openblas"`, `"blis"`, `"mkl"`, `"accelerate"` or
    /// `"blas"` (another CBLAS).
    public let name: String
    /// What was passed to `dlopen`.
    public let path: String
    let sgemm: CBLASSgemm
    let dgemm: CBLASDgemm
    /// `openblas_get_num_threads` and `openblas_set_num_threads`, when the library is OpenBLAS.
    let threadControl: (get: OpenBLASGetThreads, set: OpenBLASSetThreads)?

    /// CBLAS enum values.
    static let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112

    /// The library in use, or nil for the built-in kernel; looked up once, thread-safely (a global
    /// `static let` is initialised lazily under `swift_once`).
    public static let loaded: BLASLibrary? = find(setting: getenv("AUTOGRAD_BLAS").map { String(cString: $0) })

    /// The name of the matrix-product backend in use: the library's, or `"builtin"`.
    public static var backendName: String { loaded?.name ?? "builtin" }

    /// The backend an m×k by k×n product runs on: small products stay built-in even with a BLAS.
    public static func backendName(m: Int, n: Int, k: Int) -> String {
        MatrixKernels.blas(m: m, n: n, k: k)?.name ?? "builtin"
    }

    /// The libraries tried after `AUTOGRAD_BLAS`, in order.
    static var candidates: [String] {
        #if canImport(Darwin)
        ["/System/Library/Frameworks/Accelerate.framework/Accelerate"]
        #else
        ["libopenblas.so.0", "libopenblas.so", "libblis.so.4", "libblis.so", "libmkl_rt.so", "libcblas.so.3", "libblas.so.3"]
        #endif
    }

    /// The first usable library for an `AUTOGRAD_BLAS` value (nil or empty: unset).
    static func find(setting: String?) -> BLASLibrary? {
        var paths = candidates
        if let setting = setting?.trimmingSpaces, !setting.isEmpty {
            if setting.lowercased() == "none" { return nil }
            paths.insert(setting, at: 0)
        }
        for path in paths {
            if let library = open(path) { return library }
        }
        return nil
    }

    /// Opens `path` and resolves the products; nil (and the handle closed) when either is missing.
    static func open(_ path: String) -> BLASLibrary? {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let s = dlsym(handle, "cblas_sgemm"), let d = dlsym(handle, "cblas_dgemm") else {
            dlclose(handle)
            return nil
        }
        var threadControl: (get: OpenBLASGetThreads, set: OpenBLASSetThreads)?
        if let get = dlsym(handle, "openblas_get_num_threads"), let set = dlsym(handle, "openblas_set_num_threads") {
            threadControl = (unsafeBitCast(get, to: OpenBLASGetThreads.self), unsafeBitCast(set, to: OpenBLASSetThreads.self))
        }
        return BLASLibrary(
            name: identify(handle, path: path), path: path,
            sgemm: unsafeBitCast(s, to: CBLASSgemm.self), dgemm: unsafeBitCast(d, to: CBLASDgemm.self),
            threadControl: threadControl)
    }

    /// The backend's name, from a symbol only that implementation exports (libblas.so.3 is often
    /// OpenBLAS behind Debian's alternatives), else from the file name.
    private static func identify(_ handle: UnsafeMutableRawPointer, path: String) -> String {
        if dlsym(handle, "openblas_get_config") != nil { return "openblas" }
        if dlsym(handle, "bli_info_get_version_str") != nil { return "blis" }
        if dlsym(handle, "mkl_get_version") != nil || dlsym(handle, "MKL_Get_Version") != nil { return "mkl" }
        let lowered = path.lowercased()
        for name in ["openblas", "blis", "mkl", "accelerate"] where lowered.contains(name) { return name }
        return "blas"
    }

    // MARK: - Products

    /// Makes the library's own threading use `threads` threads (OpenBLAS only; others keep their
    /// default). OpenBLAS keeps the count process-wide, so it is set only when it differs: tasks
    /// running products concurrently with different settings may see each other's.
    func useThreads(_ threads: Int) {
        guard let control = threadControl else { return }
        let wanted = Int32(clamping: threads)
        if control.get() != wanted { control.set(wanted) }
    }

    /// C = A·B for row-major m×k A and k×n B, densely stored; with `transposed`, A is stored k×m
    /// or B n×k and read transposed (BLAS's own flags: no copy). The sizes must fit in `Int32`.
    func multiply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
        transposed: MatrixTransposition = .none
    ) {
        let flags = Self.flags(transposed, m: m, n: n, k: k)
        sgemm(Self.rowMajor, flags.a, flags.b, Int32(m), Int32(n), Int32(k), 1, a, flags.lda, b, flags.ldb, 0, c, Int32(n))
    }

    /// C = A·B in doubles (see the `Float` overload).
    func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>, m: Int, n: Int, k: Int,
        transposed: MatrixTransposition = .none
    ) {
        let flags = Self.flags(transposed, m: m, n: n, k: k)
        dgemm(Self.rowMajor, flags.a, flags.b, Int32(m), Int32(n), Int32(k), 1, a, flags.lda, b, flags.ldb, 0, c, Int32(n))
    }

    /// The CBLAS transpose flags and leading dimensions (row lengths as stored) for a product.
    private static func flags(
        _ transposed: MatrixTransposition, m: Int, n: Int, k: Int
    ) -> (a: Int32, b: Int32, lda: Int32, ldb: Int32) {
        (transposed.a ? transpose : noTranspose, transposed.b ? transpose : noTranspose,
         Int32(transposed.a ? m : k), Int32(transposed.b ? k : n))
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation here).
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
