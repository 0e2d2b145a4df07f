import Autograd

/// Modules applied one after another, each to the previous one's output.
///
/// Parameters are named by position, as in PyTorch, under the property `layers`: in
/// `Sequential(Linear(…), ReLU(), Linear(…))` the weights are `layers.0.weight` and
/// `layers.2.weight`, where a PyTorch `nn.Sequential` saved on its own names them `0.weight` and
/// `2.weight` (and stores a `Linear` weight as (out, in), where ``Linear`` keeps (in, out)): a file
/// saved by PyTorch needs its names prefixed and its weights transposed to load here.
public final class Sequential: Module {
    /// The modules, in the order they are applied.
    public let layers: [any Module]

    /// Creates a chain of `layers`.
    public init(_ layers: [any Module]) {
        self.layers = layers
    }

    /// Creates a chain of the given modules.
    public convenience init(_ layers: any Module...) {
        self.init(layers)
    }

    /// The last module's output.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        layers.reduce(input) { output, layer in layer(output) }
    }
}
