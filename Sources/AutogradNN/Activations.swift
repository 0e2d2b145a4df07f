import Autograd

// Activation functions as modules, for Sequential models. ReLU, tanh and the sigmoid are engine
// primitives; GELU is composed from them here, so it needs no backward code of its own.

/// GELU with the tanh approximation: ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))), elementwise.
///
/// This is the approximation GPT-2 and BERT use (PyTorch's `gelu(approximate="tanh")`); it is within
/// about 1e-3 of the exact x·Φ(x).
public func gelu(_ x: Tensor) -> Tensor {
    let scale = (2 / Double.pi).squareRoot()
    let inner = scale * (x + 0.044715 * (x * x * x))
    return 0.5 * x * (1 + tanh(inner))
}

/// log(1 + eˣ), elementwise: a smooth ReLU, finite for every x (PyTorch's `softplus`).
///
/// Each side of 0 takes its own stable form, x + log1p(e⁻ˣ) above and log1p(eˣ) at and below,
/// chosen with `Tensor.where` on inputs that the other side clamps to 0: no exponential overflows,
/// and at 0 the first and second derivatives are the smooth function's (½ and ¼). The form
/// max(x, 0) + log(1 + e^−|x|) has the same values, but its kinks make both derivatives wrong at 0.
/// `log1p` keeps the small values: softplus(−17) in float is 4.1e-8, where log(1 + e⁻¹⁷) rounds to 0.
public func softplus(_ x: Tensor) -> Tensor {
    let (positive, above, atOrBelow) = splitAtZero(x)
    return Tensor.where(positive, above + log1p(exp(-above)), log1p(exp(atOrBelow)))
}

/// `x` split for a function taken in one form above 0 and another at and below: the mask x > 0,
/// and `x` where it holds (0 elsewhere) and where it does not (0 elsewhere), so that neither form
/// sees the other side's values (an exponential there could overflow into the unused branch).
func splitAtZero(_ x: Tensor) -> (positive: Tensor, above: Tensor, atOrBelow: Tensor) {
    let positive = x .> 0
    return (positive, Tensor.where(positive, x, 0), Tensor.where(positive, 0, x))
}

/// max(x, 0), elementwise, as a module.
public struct ReLU: Module {
    /// Creates the activation.
    public init() {}
    /// max(input, 0).
    public func callAsFunction(_ input: Tensor) -> Tensor { relu(input) }
}

/// The hyperbolic tangent, elementwise, as a module.
public struct Tanh: Module {
    /// Creates the activation.
    public init() {}
    /// tanh(input).
    public func callAsFunction(_ input: Tensor) -> Tensor { tanh(input) }
}

/// The logistic function 1 / (1 + e⁻ˣ), elementwise, as a module.
public struct Sigmoid: Module {
    /// Creates the activation.
    public init() {}
    /// sigmoid(input).
    public func callAsFunction(_ input: Tensor) -> Tensor { sigmoid(input) }
}

/// GELU (tanh approximation), elementwise, as a module; see ``gelu(_:)``.
public struct GELU: Module {
    /// Creates the activation.
    public init() {}
    /// gelu(input).
    public func callAsFunction(_ input: Tensor) -> Tensor { gelu(input) }
}

/// Any function of a tensor, as a module with no parameters.
public struct Lambda: Module {
    private let function: (Tensor) -> Tensor
    /// Wraps `function`.
    public init(_ function: @escaping (Tensor) -> Tensor) { self.function = function }
    /// function(input).
    public func callAsFunction(_ input: Tensor) -> Tensor { function(input) }
}
