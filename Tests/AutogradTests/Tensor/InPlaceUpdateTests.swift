import Testing
@testable import Autograd

/// `Tensor.subtract(_:scaledBy:)`: the bits of `x - s * y`, in place when the elements are not
/// shared, and a copy (value semantics) when they are.
@Suite("in-place updates")
struct InPlaceUpdateTests {
    /// The address of a float tensor's first element.
    static func address(_ tensor: Tensor) -> UnsafeRawPointer? {
        switch tensor.storage {
        case .float32(let values): values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        case .float64(let values): values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
    }

    @Test("the same bits as x − s·y, on one and on two threads", arguments: [DType.float32, .float64])
    func matchesSeparateOperations(_ dtype: DType) {
        // Above the split threshold, so that two threads take a part each.
        let count = ParallelLoop.elementThreshold * 2 + 3
        let x = (0..<count).map { Double(($0 * 7919) % 1000) / 333 - 1.5 }
        let y = (0..<count).map { Double(($0 * 104_729) % 1000) / 77 - 6.5 }
        let (a, b) = (Tensor(x, shape: [count], dtype: dtype), Tensor(y, shape: [count], dtype: dtype))
        let expected = (a - 0.01 * b).storage.doubles
        for threads in [1, 2] {
            var updated = Tensor(x, shape: [count], dtype: dtype)
            withComputeThreads(threads) { updated.subtract(b, scaledBy: 0.01) }
            #expect(updated.storage.doubles == expected, "\(dtype) on \(threads) threads")
        }
    }

    @Test("unshared elements are overwritten where they are; shared ones are copied first")
    func inPlaceUnlessShared() {
        var x = Tensor([1.0, 2.0, 3.0], dtype: .float32)
        let step = Tensor([1.0, 1.0, 1.0], dtype: .float32)
        let before = Self.address(x)
        x.subtract(step, scaledBy: 0.5)
        #expect(Self.address(x) == before)
        #expect(x.scalars == [0.5, 1.5, 2.5])
        let copy = x
        x.subtract(step, scaledBy: 0.5)
        #expect(copy.scalars == [0.5, 1.5, 2.5], "a copy keeps its values")
        #expect(x.scalars == [0, 1, 2])
        #expect(Self.address(x) != Self.address(copy))
    }

    @Test("a leaf stays the same leaf: its gradient, and a graph that saved its old values, are kept")
    func leafIdentityAndSavedValues() {
        var w = Tensor([2.0, 3.0], dtype: .float64, requiresGrad: true)
        let loss = (w * w).sum()  // saves w's values [2, 3]
        w.subtract(Tensor([1.0, 1.0], dtype: .float64), scaledBy: 1)
        #expect(w.scalars == [1, 2] && w.isLeaf && w.requiresGrad)
        loss.backward()
        #expect(w.grad?.scalars == [4, 6], "the graph used the values it saved, and reached the same leaf")
    }
}
