import Testing
@testable import Autograd

@Suite("Tensor core")
struct TensorCoreTests {
    @Test("prints like the tutorial's tensors")
    func printing() {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        #expect((x + x).description == "Tensor([2.0, 4.0, 6.0], grad_fn=Add)")
        #expect(x.description == "Tensor([1.0, 2.0, 3.0], requires_grad=true)")
        #expect(Tensor([1.5, 2.5], dtype: .float64).description == "Tensor([1.5, 2.5], dtype=float64)")
        #expect(Tensor(3.0).description == "Tensor(3.0)")
        let big = Tensor.arange(0, 2000)
        #expect(big.description == "Tensor([0.0, 1.0, 2.0, ..., 1997.0, 1998.0, 1999.0], shape=[2000])")
    }

    @Test("broadcasting: values, and gradients summed back to each input's shape")
    func broadcasting() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64, requiresGrad: true)
        let b = Tensor([10, 20, 30], shape: [3], dtype: .float64, requiresGrad: true)
        let c = Tensor([2, 3], shape: [2, 1], dtype: .float64, requiresGrad: true)
        let y = (a * b + c).sum()
        let expected: Double = 10 + 40 + 90 + 40 + 100 + 180 + 3 * 2 + 3 * 3
        #expect(y.item() == expected)
        y.backward()
        #expect(a.grad?.scalars == [10, 20, 30, 10, 20, 30])
        #expect(a.grad?.shape == [2, 3])
        #expect(b.grad?.scalars == [5, 7, 9])
        #expect(b.grad?.shape == [3])
        #expect(c.grad?.scalars == [3, 3])
        #expect(c.grad?.shape == [2, 1])
    }

    @Test("gradients accumulate over backward calls; zeroGrad resets")
    func accumulation() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        (x * 3).sum().backward()
        (x * 3).sum().backward()
        #expect(x.grad?.scalars == [6, 6])
        x.zeroGrad()
        #expect(x.grad == nil)
    }

    @Test("second derivatives through createGraph: d²/dx² of x³ is 6x")
    func doubleBackward() {
        let x = Tensor([1.0, -2.0], dtype: .float64, requiresGrad: true)
        let y = (x * x * x).sum()
        let first = y.gradients(withRespectTo: [x], createGraph: true)[0]!
        #expect(first.scalars == [3, 12])
        let second = first.sum().gradients(withRespectTo: [x])[0]!
        #expect(second.scalars == [6, -12])
    }

    @Test("float32 and float64 mix by promoting to float64, and gradients come back in each input's type")
    func promotion() {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        let b = Tensor([3.0, 4.0], dtype: .float64, requiresGrad: true)
        let y = (a * b).sum()
        #expect(y.dtype == .float64)
        y.backward()
        #expect(a.grad?.dtype == .float32 && b.grad?.dtype == .float64)
        #expect(a.grad?.scalars == [3, 4])
    }

    @Test("withoutGradients records nothing; detached() cuts the graph")
    func noGrad() {
        let x = Tensor([1.0], requiresGrad: true)
        let y = withoutGradients { x * 2 }
        #expect(!y.requiresGrad)
        #expect(!(x.detached() * 2).requiresGrad)
        #expect((x * 2).requiresGrad)
    }

    @Test("a 1,000,000-operation chain differentiates and is freed at the default stack size")
    func deepChain() {
        let x = Tensor([1.0], dtype: .float64, requiresGrad: true)
        do {
            var y = x
            for _ in 0..<1_000_000 { y = -y }
            y.backward()
        }
        #expect(x.grad?.scalars == [1])
    }

    @Test("values saved by a graph are not changed when the tensor is mutated afterwards")
    func valueSemantics() {
        var w = Tensor([2.0], dtype: .float64, requiresGrad: true)
        let y = (w * w).sum()
        withoutGradients { w = w - 1 }  // an optimizer step: a new value
        y.backward()
        #expect(y.item() == 4)
    }
}

@Suite("Tensor graphs")
struct TensorGraphTests {
    @Test("the graph lists leaves and operations in order, each with operation, shape and dtype")
    func description() {
        let w = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        w.label = "w"
        let x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        let y = (x * w).sum(axis: 1)
        let graph = y.graph
        #expect(graph.nodes.map(\.operation) == [nil, "Multiply", "Sum"])
        #expect(graph.nodes[0].label == "w")
        #expect(graph.nodes[0].fields == ["leaf", "shape [3]", "float32"])
        #expect(graph.nodes[1].fields == ["Multiply", "shape [2, 3]", "float32"])
        #expect(graph.nodes[2].fields == ["Sum", "shape [2]", "float32"])
        #expect(graph.nodes[2].inputs == [1] && graph.nodes[1].inputs == [0])
        #expect(x.graph.nodes.isEmpty)
    }
}

@Suite("Tensor arithmetic with numbers")
struct TensorNumberTests {
    @Test("Double, Float and integer literals on either side")
    func numbers() {
        let x = Tensor([1.0, 2.0])
        let f: Float = 0.5
        #expect((x * 2).scalars == [2, 4])
        #expect((2.5 - x).scalars == [1.5, 0.5])
        #expect((x * f).scalars == [0.5, 1])
        #expect((f / x).scalars == [0.5, 0.25])
        #expect((x + Float(1)).dtype == .float32)
    }
}
