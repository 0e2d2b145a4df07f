import Autograd

// Loss functions, composed from the engine's differentiable operations (no backward code here).
// Each is written in its numerically stable form: log-softmax rather than log(softmax), and the
// logits forms of the binary losses.

/// How a loss turns per-element losses into its result.
public enum LossReduction: Sendable, Hashable {
    /// The mean over all elements (a 0-d tensor): the default, as in PyTorch.
    case mean
    /// The sum over all elements (a 0-d tensor).
    case sum
    /// No reduction: one loss per element.
    case none

    /// `losses` reduced this way.
    func apply(_ losses: Tensor) -> Tensor {
        switch self {
        case .mean: losses.mean()
        case .sum: losses.sum()
        case .none: losses
        }
    }
}

/// The mean squared error between `predictions` and `targets`, which must have one shape.
///
/// Not broadcast, unlike `-`: predictions of shape (batch, 1) against targets of shape (batch)
/// would broadcast to (batch, batch) and give a wrong loss without a word (PyTorch warns there);
/// here it stops and names both shapes.
public func meanSquaredError(
    _ predictions: Tensor, _ targets: Tensor, reduction: LossReduction = .mean,
    file: StaticString = #fileID, line: UInt = #line
) -> Tensor {
    requireOneShape("meanSquaredError", ("predictions", predictions), ("targets", targets), file: file, line: line)
    let difference = predictions - targets
    return reduction.apply(difference * difference)
}

/// Stops unless a loss's two operands have one shape, naming the loss, both shapes and the caller.
private func requireOneShape(
    _ loss: String, _ first: (name: String, tensor: Tensor), _ second: (name: String, tensor: Tensor),
    file: StaticString, line: UInt
) {
    require(
        first.tensor.shape == second.tensor.shape,
        "\(loss): \(first.name) of shape \(first.tensor.shape) and \(second.name) of shape \(second.tensor.shape) differ",
        file: file, line: line)
}

/// Softmax cross-entropy of `logits` (batch, classes) against integer class `labels` (batch).
///
/// `labels` holds class indices as whole numbers (of any element type). The loss of one row is
/// −log softmax(logits)[label] = logsumexp(logits) − logits[label], computed with `logSoftmax` so
/// that large logits neither overflow nor lose precision.
public func crossEntropy(
    logits: Tensor, labels: Tensor, reduction: LossReduction = .mean,
    file: StaticString = #fileID, line: UInt = #line
) -> Tensor {
    require(
        logits.rank == 2, "crossEntropy: logits must be (batch, classes), not of shape \(logits.shape)",
        file: file, line: line)
    require(
        labels.shape == [logits.shape[0]],
        "crossEntropy: labels of shape \(labels.shape) do not match logits of shape \(logits.shape); one class index per row is needed",
        file: file, line: line)
    let classes = logits.shape[1], values = labels.scalars
    if let bad = values.firstIndex(where: { !($0 >= 0 && $0 < Double(classes) && $0.rounded(.towardZero) == $0) }) {
        fatalError(
            "crossEntropy: label \(values[bad]) at position \(bad) is not a class index in 0..<\(classes) (logits of shape \(logits.shape))",
            file: file, line: line)
    }
    let indices = labels.detached().reshaped(to: [logits.shape[0], 1])
    let picked = logits.logSoftmax(axis: 1).gather(axis: 1, indices: indices, file: file, line: line)
    return reduction.apply(-picked.reshaped(to: [logits.shape[0]]))
}

/// Binary cross-entropy of `logits` against `targets` in [0, 1] (the same shape), computed from
/// logits, finite for any logit: log(1 + eˣ) − x·t, taken on each side of 0 in the form that keeps
/// its precision, x(1 − t) + log1p(e⁻ˣ) above and log1p(eˣ) − x·t at and below (as ``softplus(_:)``,
/// with `where` on inputs the other side clamps to 0).
///
/// So its gradient is σ(x) − t and its second derivative σ′(x) everywhere, x = 0 included: the form
/// max(x, 0) − x·t + log(1 + e^−|x|) has kinks at 0 whose slopes are 0 by PyTorch's convention,
/// which give −t there (a model whose logits start at exactly 0 would start with a wrong gradient).
/// And a confident right answer keeps its small loss: 4.1e-8 in float for x = 17, t = 1, where
/// softplus(x) − x·t cancels to 0.
public func binaryCrossEntropy(
    logits: Tensor, targets: Tensor, reduction: LossReduction = .mean,
    file: StaticString = #fileID, line: UInt = #line
) -> Tensor {
    requireOneShape("binaryCrossEntropy", ("logits", logits), ("targets", targets), file: file, line: line)
    let (positive, above, atOrBelow) = splitAtZero(logits)
    let losses = Tensor.where(
        positive, above * (1 - targets) + log1p(exp(-above)), log1p(exp(atOrBelow)) - atOrBelow * targets)
    return reduction.apply(losses)
}

/// The hinge (max-margin) loss relu(1 − y·score) of `scores` against labels `labels` in {−1, +1}, as
/// in micrograd's demo.
///
/// `scores` may have a trailing axis of size 1 (a model's (batch, 1) output against (batch) labels);
/// it is reshaped to the labels' shape.
public func hingeLoss(
    scores: Tensor, labels: Tensor, reduction: LossReduction = .mean,
    file: StaticString = #fileID, line: UInt = #line
) -> Tensor {
    require(
        scores.count == labels.count,
        "hingeLoss: \(scores.count) scores for \(labels.count) labels", file: file, line: line)
    let margins = 1 - scores.reshaped(to: labels.shape) * labels
    return reduction.apply(relu(margins))
}

/// Σ p² over every element of every parameter (add `λ · l2Penalty(…)` to a loss for weight decay);
/// a 0-d tensor of the first parameter's element type, 0 for no parameters.
public func l2Penalty(parameters: [Parameter]) -> Tensor {
    guard let first = parameters.first else { return Tensor(0.0) }
    var total = (first.value * first.value).sum()
    for parameter in parameters.dropFirst() {
        total = total + (parameter.value * parameter.value).sum()
    }
    return total
}
