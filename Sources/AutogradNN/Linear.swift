import Autograd

/// A fully connected layer: `y = x·W + b`.
///
/// The weight is stored as (inputSize, outputSize), so a batch of row vectors multiplies it directly
/// (`[batch, in] · [in, out]`), as WORKLOADS T2 stores its weights; PyTorch's `nn.Linear` keeps the
/// transpose. An input of shape `[in]` gives `[out]`; any leading axes are kept.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let layer = Linear(inputSize: 3, outputSize: 2, generator: &generator)
/// let y = layer(Tensor.ones(shape: [5, 3]))     // shape [5, 2]
/// ```
public final class Linear: Module {
    /// The weight, of shape (inputSize, outputSize).
    public let weight: Parameter
    /// The bias, of shape (outputSize); nil for a layer without one.
    public let bias: Parameter?

    /// The number of input features.
    public var inputSize: Int { weight.shape[0] }
    /// The number of output features.
    public var outputSize: Int { weight.shape[1] }

    /// Creates a layer with weights drawn by `initializer` (Kaiming uniform by default) and a bias
    /// drawn by `biasInitializer` (zeros by default).
    public init(
        inputSize: Int, outputSize: Int, bias: Bool = true,
        initializer: Initializer = .kaimingUniform(), biasInitializer: Initializer = .zeros,
        dtype: DType = .float32, generator: inout RandomGenerator, file: StaticString = #fileID, line: UInt = #line
    ) {
        require(
            inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, not \(inputSize) → \(outputSize)",
            file: file, line: line)
        weight = Parameter(initializer(
            shape: [inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, dtype: dtype, using: &generator))
        self.bias = bias
            ? Parameter(biasInitializer(shape: [outputSize], fanIn: inputSize, fanOut: outputSize, dtype: dtype, using: &generator))
            : nil
    }

    /// Creates a layer from given values: `weight` of shape (in, out) and `bias` of shape (out).
    public convenience init(weight: Tensor, bias: Tensor?, file: StaticString = #fileID, line: UInt = #line) {
        self.init(weight: Parameter(weight), bias: bias.map { Parameter($0) }, file: file, line: line)
    }

    /// Creates a layer over existing parameters (shared with another layer, say, to tie weights).
    public init(weight: Parameter, bias: Parameter?, file: StaticString = #fileID, line: UInt = #line) {
        require(
            weight.shape.count == 2, "Linear: the weight must be a matrix (in, out), not of shape \(weight.shape)",
            file: file, line: line)
        if let bias {
            require(
                bias.shape == [weight.shape[1]],
                "Linear: a bias of shape \(bias.shape) does not fit a weight of shape \(weight.shape)", file: file, line: line)
        }
        self.weight = weight
        self.bias = bias
    }

    /// `input·W + b`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        // Named here rather than by matmul, whose message would name this file as the caller (a
        // module's call takes no caller location: `layer(x)` is the protocol's requirement).
        require(
            input.rank >= 1 && input.shape.last == weight.shape[0],
            "Linear: an input of shape \(input.shape) for a layer of \(weight.shape[0]) inputs (weight \(weight.shape))")
        let product = matmul(input, weight.value)
        guard let bias else { return product }
        return product + bias.value
    }
}
