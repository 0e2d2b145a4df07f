import Foundation
import Testing

@testable import Autograd

/// `Tensor(NumPyArray)` and `NumPyArray(Tensor)`.
@Suite("NumPy arrays and tensors")
struct TensorConversionTests {
    @Test("floats keep their type and shape both ways")
    func floats() throws {
        let doubles = try NumPyArray([1, 2, 3, 4, 5, 6] as [Double], shape: [2, 3])
        let tensor = Tensor(doubles)
        #expect(tensor.dtype == .float64 && tensor.shape == [2, 3] && tensor.scalars == [1, 2, 3, 4, 5, 6])
        #expect(NumPyArray(tensor) == doubles)
        let floats = try NumPyArray([0.1, -2] as [Float])
        #expect(Tensor(floats).dtype == .float32)
        #expect(NumPyArray(Tensor(floats)) == floats)
        let scalar = Tensor(try NumPyArray(shape: [], elements: .float32([2.5])))
        #expect(scalar.shape == [] && scalar.scalars == [2.5])
    }

    @Test("integers and booleans become float64")
    func integers() throws {
        let ints = Tensor(try NumPyArray(shape: [3], elements: .int32([.min, .max, -1])))
        #expect(ints.dtype == .float64 && ints.scalars == [-2_147_483_648, 2_147_483_647, -1])
        let longs = Tensor(try NumPyArray(shape: [2], elements: .int64([1 << 53, (1 << 60) + 1])))
        #expect(longs.scalars == [9_007_199_254_740_992, 1_152_921_504_606_846_976])
        let flags = Tensor(try NumPyArray(shape: [1, 2], elements: .bool([true, false])))
        #expect(flags.dtype == .float64 && flags.shape == [1, 2] && flags.scalars == [1, 0])
    }

    @Test("a tensor with a graph converts its values only")
    func detached() {
        let x = Tensor([1, 2], dtype: .float64, requiresGrad: true)
        let array = NumPyArray(x * 3)
        #expect(array.elements == .float64([3, 6]))
    }
}
