import Testing
import Autograd

/// Programmer errors found by a review that stopped with a bare runtime trap (an overflow, an array
/// built with a negative count) or gave a wrong result without a word: each now stops with a message
/// that names the operation, the shapes and, where the call takes one, the caller's line.
@Suite("Programmer errors: traps and silent results")
struct ProgrammerErrorTests {
    @Test("a shape with a negative size, or more elements than an Int counts, is named with the caller's line")
    func invalidShapes() async {
        let overflowLine = #line + 1
        let overflow = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor([1], shape: [Int.max, 2]) }
        expectStandardError(overflow, contains: ["Tensor(_:shape:): 1 elements do not fill shape [\(Int.max), 2]", "ProgrammerErrorTests.swift:\(overflowLine))"])
        let negativeLine = #line + 1
        let negative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.zeros(shape: [-2, 3]) }
        expectStandardError(negative, contains: ["full(_:shape:): [-2, 3] is not a valid shape", "ProgrammerErrorTests.swift:\(negativeLine))"])
        let eyeLine = #line + 1
        let eye = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.eye(-1) }
        expectStandardError(eye, contains: ["eye: [-1, -1] is not a valid shape", "ProgrammerErrorTests.swift:\(eyeLine))"])
        let arangeLine = #line + 1
        let arange = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.arange(0, .infinity) }
        expectStandardError(arange, contains: ["arange: needs finite ends and a finite step other than 0, not 0.0 to inf by 1.0", "ProgrammerErrorTests.swift:\(arangeLine))"])
        let hugeLine = #line + 1
        let huge = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.arange(0, 1e300) }
        expectStandardError(huge, contains: ["arange: 0.0 to 1e+300 by 1.0 is 1e+300 values, more than any tensor can hold", "ProgrammerErrorTests.swift:\(hugeLine))"])
        let reshapeLine = #line + 1
        let reshape = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.zeros(shape: [4]).reshaped(to: [Int.max, 2]) }
        expectStandardError(reshape, contains: ["reshape: cannot reshape [4] (4 elements) to [\(Int.max), 2]", "ProgrammerErrorTests.swift:\(reshapeLine))"])
    }

    @Test("slices with the largest steps select what they should; a closed range to Int.max is out of range")
    func extremeSlices() async {
        let m = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64)
        #expect(m[.all, .slice(step: Int.max)].scalars == [1, 4])
        #expect(m[.all, .slice(step: Int.min)].scalars == [3, 6])
        #expect(m[.all, .slice(step: -2)].scalars == [3, 1, 6, 4])
        #expect(m[.all, .slice(step: 2)].scalars == [1, 3, 4, 6])
        let rangeLine = #line + 1
        let range = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) { _ = Tensor.zeros(shape: [2, 3])[.all, 0...Int.max] }
        expectStandardError(range, contains: ["is out of range for axis 1 of size 3", "ProgrammerErrorTests.swift:\(rangeLine))"])
    }

    @Test("a seed of the wrong shape for gradients(withRespectTo:seed:) or a pullback stops, naming both shapes")
    func seedShapes() async {
        let gradientsLine = #line + 1  // inside an exit test a call reports the line of its #expect
        let gradients = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1, 2, 3], requiresGrad: true)
            _ = (x * 2).gradients(withRespectTo: [x], seed: Tensor([1, 1]))
        }
        expectStandardError(gradients, contains: ["gradients(withRespectTo:): seed of shape [2] for a tensor of shape [3]", "ProgrammerErrorTests.swift:\(gradientsLine))"])
        let pullback = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Autograd.pullback(at: Tensor([1, 2, 3])) { $0 * 2 }(Tensor([1, 1]))
        }
        expectStandardError(pullback, contains: ["pullback: a cotangent of shape [2] for an output of shape [3]"])
    }

    /// A user function whose backward returns `gradients` for its inputs.
    struct Returning: DifferentiableFunction {
        let gradients: @Sendable (Tensor) -> [Tensor?]
        func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (inputs[0] * 2, ()) }
        func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] { gradients(gradient) }
    }

    @Test("a user's backward rule returning too few gradients, or one of the wrong shape, stops, naming the function")
    func userBackwardResults() async {
        let count = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let a = Tensor([1, 2, 3], requiresGrad: true), b = Tensor([1, 2, 3], requiresGrad: true)
            Returning { [$0] }.applied(to: [a, b]).sum().backward()
        }
        expectStandardError(count, contains: ["the backward rule of 'Returning' returned 1 gradients for its 2 inputs"])
        let shape = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let a = Tensor([1, 2, 3], requiresGrad: true)
            Returning { _ in [Tensor.ones(shape: [5])] }.applied(to: [a]).sum().backward()
        }
        expectStandardError(shape, contains: ["the backward rule of 'Returning' returned shape [5] for input 0, of shape [3]"])
        // The right number and shapes pass.
        let a = Tensor([1, 2, 3], requiresGrad: true)
        Returning { [$0 * 2] }.applied(to: [a]).sum().backward()
        #expect(a.grad?.scalars == [2, 2, 2])
    }

    @Test("hessian and hessianVectorProduct name their caller's line, not the library's")
    func transformLocations() async {
        let hessianLine = #line + 1  // inside an exit test a call reports the line of its #expect
        let nonScalar = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = hessian(at: Tensor([1, 2], dtype: .float64)) { $0 * $0 }
        }
        expectStandardError(nonScalar, contains: ["not a single value", "ProgrammerErrorTests.swift:\(hessianLine))"])
        let productLine = #line + 1
        let product = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = hessianVectorProduct(at: Tensor([1, 2], dtype: .float64), Tensor([1, 2, 3], dtype: .float64)) { ($0 * $0).sum() }
        }
        expectStandardError(product, contains: ["tangent 0 has shape [3], its input [2]", "ProgrammerErrorTests.swift:\(productLine))"])
    }

    @Test("a second backward through a freed graph names the caller's line; a gradient of another shape cannot be assigned")
    func releasedGraphAndGradientShape() async {
        let secondLine = #line + 1  // inside an exit test a call reports the line of its #expect
        let second = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1, 2], dtype: .float64, requiresGrad: true)
            let y = (exp(x) * x).sum()
            y.backward()
            y.backward()
        }
        expectStandardError(second, contains: [
            "backward through the graph of 'Sum' a second time", "pass retainGraph: true", "ProgrammerErrorTests.swift:\(secondLine))",
        ])
        let assigned = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1, 2], requiresGrad: true)
            x.grad = Tensor([[1, 1], [1, 1]])
        }
        expectStandardError(assigned, contains: ["grad: a gradient of shape [2, 2] assigned to a tensor of shape [2]"])
        // One of the right shape is kept, in the tensor's element type, and backward adds to it.
        let x = Tensor([1, 2], dtype: .float64, requiresGrad: true)
        x.grad = Tensor([10, 20])
        #expect(x.grad?.dtype == .float64)
        (x * x).sum().backward()
        #expect(x.grad?.scalars == [12, 24])
    }
}
