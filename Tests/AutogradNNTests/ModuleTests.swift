import Testing
import Autograd
import AutogradNN

/// A model with every kind of stored property the parameter walk must handle, or ignore.
private final class Composite: Module {
    let encoder: MLP
    let head: Linear
    let blocks: [Sequential]
    let scale: Parameter
    let optionalShift: Parameter?
    let missing: Parameter?
    let buffer: Tensor
    let note = "not a parameter"

    init(generator: inout RandomGenerator) {
        encoder = MLP(sizes: [3, 4, 2], dtype: .float64, generator: &generator)
        head = Linear(inputSize: 2, outputSize: 1, bias: false, dtype: .float64, generator: &generator)
        blocks = [
            Sequential(Linear(inputSize: 1, outputSize: 1, dtype: .float64, generator: &generator), Tanh()),
            Sequential(GELU(), Linear(inputSize: 1, outputSize: 1, dtype: .float64, generator: &generator)),
        ]
        scale = Parameter(Tensor(2.0, dtype: .float64))
        optionalShift = Parameter(Tensor(0.5, dtype: .float64))
        missing = nil
        buffer = Tensor([1, 2, 3], dtype: .float64)
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        let hidden = head(encoder(input))
        return blocks.reduce(hidden) { $1($0) } * scale.value + optionalShift!.value
    }
}

/// Two layers holding the same weight.
private struct Tied: Module {
    let first: Linear
    let second: Linear
    func callAsFunction(_ input: Tensor) -> Tensor { second(first(input)) }
}

/// A module whose second weight is a `lazy var`.
private final class LazyWeights: Module {
    let first = Parameter(Tensor([1.0], dtype: .float64))
    lazy var second = Parameter(Tensor([2.0], dtype: .float64))
    func callAsFunction(_ input: Tensor) -> Tensor { input * first.value }
}

@Suite("Modules and parameters")
struct ModuleTests {
    @Test("an MLP's parameters are found in declaration order with dotted names")
    func mlpParameterNames() {
        var generator = RandomGenerator(seed: 7)
        let model = MLP(sizes: [3, 4, 5, 2], generator: &generator)
        let named = model.namedParameters
        #expect(named.map(\.name) == [
            "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias",
        ])
        #expect(named.map(\.parameter.shape) == [[3, 4], [4], [4, 5], [5], [5, 2], [2]])
        #expect(model.parameterCount == 3 * 4 + 4 + 4 * 5 + 5 + 5 * 2 + 2)
        #expect(model.parameters.map(ObjectIdentifier.init) == named.map { ObjectIdentifier($0.parameter) })
        // Asking again walks the same properties again: the same objects, the same names.
        #expect(model.namedParameters.map(\.name) == named.map(\.name))
        #expect(zip(model.parameters, named).allSatisfy { $0 === $1.parameter })
        #expect(model.parameters[0] === model.layers[0].weight)
    }

    @Test("nested modules, arrays of modules and optionals are walked; other properties are ignored")
    func nestedDiscovery() {
        var generator = RandomGenerator(seed: 1)
        let model = Composite(generator: &generator)
        #expect(model.namedParameters.map(\.name) == [
            "encoder.layers.0.weight", "encoder.layers.0.bias", "encoder.layers.1.weight", "encoder.layers.1.bias",
            "head.weight",
            "blocks.0.layers.0.weight", "blocks.0.layers.0.bias",
            "blocks.1.layers.1.weight", "blocks.1.layers.1.bias",
            "scale", "optionalShift",
        ])
        #expect(model.parameters[4] === model.head.weight)
        #expect(model.parameters[9] === model.scale)
    }

    @Test("every parameter gets its gradient from one backward, and zeroGrad clears them all")
    func gradientsReachEveryParameter() {
        var generator = RandomGenerator(seed: 2)
        let model = Composite(generator: &generator)
        let output = model(Tensor([[0.1, -0.2, 0.3], [1, 2, 3]], dtype: .float64)).sum()
        output.backward()
        for (name, parameter) in model.namedParameters {
            #expect(parameter.grad?.shape == parameter.shape, "\(name)")
        }
        model.zeroGrad()
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }

    @Test("a parameter shared by two layers is listed once, under its first name")
    func sharedParameterListedOnce() {
        var generator = RandomGenerator(seed: 3)
        let first = Linear(inputSize: 2, outputSize: 2, dtype: .float64, generator: &generator)
        let model = Tied(first: first, second: Linear(weight: first.weight, bias: nil))
        #expect(model.namedParameters.map(\.name) == ["first.weight", "first.bias"])
        model(Tensor([[1.0, 2.0]], dtype: .float64)).sum().backward()
        // Both uses of the weight add into its one gradient.
        #expect(first.weight.grad?.shape == [2, 2])
        let tiedGradient = first.weight.grad!.scalars
        let optimizer = SGD(parameters: model.parameters + [first.weight], learningRate: 0.1)
        #expect(optimizer.parameters.count == 2, "repeats are dropped, so a step never updates twice")
        let before = first.weight.value.scalars
        optimizer.step()
        #expect(isClose(first.weight.value.scalars, zip(before, tiedGradient).map { $0 - 0.1 * $1 }))
    }

    @Test("Sequential names parameters by position under layers, as PyTorch does under its own name")
    func sequentialNames() {
        var generator = RandomGenerator(seed: 4)
        let model = Sequential(
            Linear(inputSize: 2, outputSize: 3, generator: &generator), ReLU(),
            Linear(inputSize: 3, outputSize: 1, generator: &generator), Sigmoid())
        #expect(model.namedParameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
        #expect(model(Tensor.ones(shape: [5, 2])).shape == [5, 1])
    }

    @Test("Linear computes x·W + b with W stored (in, out), and its gradients")
    func linearValues() {
        let layer = Linear(weight: matrix([[1, 2], [3, 4], [5, 6]]), bias: vector([0.5, -1]))
        #expect(layer.inputSize == 3 && layer.outputSize == 2)
        let x = matrix([[1, 0, -1], [2, 1, 0]])
        let y = layer(x)
        #expect(y.shape == [2, 2])
        #expect(y.scalars == [-3.5, -5, 5.5, 7])
        y.sum().backward()
        #expect(layer.weight.grad?.scalars == [3, 3, 1, 1, -1, -1])
        #expect(layer.bias?.grad?.scalars == [2, 2])
        // A single vector in, a vector out.
        #expect(layer(vector([1, 1, 1])).scalars == [9.5, 11])
        #expect(layer(vector([1, 1, 1])).shape == [2])
    }

    @Test("Linear draws its weights from the seeded generator: same seed, same layer")
    func linearInitialisation() {
        var a = RandomGenerator(seed: 11), b = RandomGenerator(seed: 11)
        let first = Linear(inputSize: 4, outputSize: 3, generator: &a)
        let second = Linear(inputSize: 4, outputSize: 3, generator: &b)
        #expect(first.weight.value.scalars == second.weight.value.scalars)
        #expect(first.bias?.value.scalars == [0, 0, 0])
        let bound = (6.0 / 4).squareRoot()
        #expect(first.weight.value.scalars.allSatisfy { Swift.abs($0) <= bound })
        let noBias = Linear(inputSize: 4, outputSize: 3, bias: false, generator: &a)
        #expect(noBias.bias == nil && noBias.namedParameters.map(\.name) == ["weight"])
    }

    @Test("Parameter.assign replaces the values, keeps the gradient and records no graph")
    func parameterAssign() {
        let leaf = Tensor([1.0, 2.0], dtype: .float64, requiresGrad: true)
        let parameter = Parameter(leaf)
        #expect(parameter.value.isLeaf && parameter.value.requiresGrad)
        (parameter.value * parameter.value).sum().backward()
        #expect(leaf.grad?.scalars == [2, 4], "a leaf passed in keeps its identity")
        parameter.update { $0 - 0.5 * parameter.grad! }
        #expect(parameter.value.scalars == [0, 0])
        #expect(parameter.value.isLeaf && parameter.value.gradFunctionName == nil)
        #expect(parameter.grad?.scalars == [2, 4])
        // Gradients keep accumulating on the new values until cleared.
        (parameter.value + 1).sum().backward()
        #expect(parameter.grad?.scalars == [3, 5])
        parameter.zeroGrad()
        #expect(parameter.grad == nil)
        // A computed tensor becomes a fresh leaf.
        let computed = Parameter(leaf * 2)
        #expect(computed.value.isLeaf && computed.value.requiresGrad && computed.value.scalars == [2, 4])
    }

    @Test("hooks on a parameter outlive assign, and every optimizer's steps")
    func hooksSurviveUpdates() {
        let optimizers: [(String, (Parameter) -> any Optimizer)] = [
            ("SGD", { SGD(parameters: [$0], learningRate: 0.1) }),
            ("Adam", { Adam(parameters: [$0], learningRate: 0.1) }),
            ("AdamW", { AdamW(parameters: [$0], learningRate: 0.1) }),
        ]
        for (name, make) in optimizers {
            let parameter = Parameter(Tensor([1.0, 2.0], dtype: .float64))
            parameter.value.label = "p"
            var calls = 0
            // A hook that drops the gradient: the parameter must never move.
            _ = parameter.value.registerHook { gradient in
                calls += 1
                return gradient * 0
            }
            let optimizer = make(parameter)
            for _ in 0..<3 {
                optimizer.zeroGrad()
                (parameter.value * parameter.value).sum().backward()
                optimizer.step()
            }
            parameter.assign(Tensor([5.0, 6.0], dtype: .float64))
            (parameter.value * parameter.value).sum().backward()
            #expect(calls == 4, "\(name)")
            #expect(parameter.grad?.scalars == [0, 0], "\(name)")
            #expect(parameter.value.scalars == [5, 6] && parameter.value.label == "p", "\(name)")
        }
    }

    @Test("a lazy var parameter counts once it has been read")
    func lazyParameters() {
        let model = LazyWeights()
        #expect(model.namedParameters.map(\.name) == ["first"])
        _ = model.second
        #expect(model.namedParameters.map(\.name) == ["first", "second"])
    }
}
