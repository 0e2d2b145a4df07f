import Autograd

/// A multilayer perceptron: ``Linear`` layers with an activation between them and none after the
/// last, as micrograd's `MLP`.
///
/// ```swift
/// var generator = RandomGenerator(seed: 1337)
/// let model = MLP(sizes: [2, 16, 16, 1], dtype: .float64, generator: &generator)
/// let scores = model(inputs)              // [batch, 2] → [batch, 1]
/// ```
///
/// Parameters are named `layers.0.weight`, `layers.0.bias`, `layers.1.weight`, …
public final class MLP: Module {
    /// The fully connected layers, first to last.
    public let layers: [Linear]
    /// The activation applied after every layer but the last.
    private let activation: (Tensor) -> Tensor

    /// Creates layers of the given sizes (`[2, 16, 16, 1]` is 2 inputs, two hidden layers of 16, one
    /// output), with weights drawn by `initializer` and zero biases.
    public init(
        sizes: [Int], activation: @escaping (Tensor) -> Tensor = relu,
        initializer: Initializer = .kaimingUniform(), dtype: DType = .float32,
        generator: inout RandomGenerator, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(sizes.count >= 2, "MLP: sizes must name the input and at least one layer, not \(sizes)", file: file, line: line)
        var layers: [Linear] = []
        for (input, output) in zip(sizes, sizes.dropFirst()) {
            layers.append(Linear(
                inputSize: input, outputSize: output, initializer: initializer, dtype: dtype, generator: &generator,
                file: file, line: line))
        }
        self.layers = layers
        self.activation = activation
    }

    /// Creates a perceptron from existing layers (loaded weights, say).
    public init(
        layers: [Linear], activation: @escaping (Tensor) -> Tensor = relu, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(!layers.isEmpty, "MLP: at least one layer is needed", file: file, line: line)
        for (previous, next) in zip(layers, layers.dropFirst()) {
            require(
                previous.outputSize == next.inputSize,
                "MLP: a layer with \(previous.outputSize) outputs cannot feed one with \(next.inputSize) inputs", file: file, line: line)
        }
        self.layers = layers
        self.activation = activation
    }

    /// The layer sizes, input first.
    public var sizes: [Int] { [layers[0].inputSize] + layers.map(\.outputSize) }

    /// The last layer's output.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var output = input
        for (index, layer) in layers.enumerated() {
            output = layer(output)
            if index < layers.count - 1 { output = activation(output) }
        }
        return output
    }
}
