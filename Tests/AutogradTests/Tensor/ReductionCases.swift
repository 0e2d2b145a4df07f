import Autograd

/// Gradient-check cases for max, min, log-sum-exp, softmax and log-softmax, over several axes.
///
/// The points have no ties (finite differences cannot see an even split at a kink). Max and min are
/// piecewise linear, so their cases square the result: the second derivative then goes through the
/// rule's shares, which a wrong split would fail.
enum ReductionCases {
    static let cube = (values: testValues(24, seed: 21, in: -2...2), shape: [2, 3, 4])
    static let matrix = (values: testValues(6, seed: 22, in: -2...2), shape: [2, 3])

    static let all: [TensorPrimitiveCase] = [
        .init("Max", "max over all, squared", [cube]) { $0[0].max() * $0[0].max() },
        .init("Max", "max over axis 1, keepDims", [cube]) { $0[0].max(axis: 1, keepDims: true) * $0[0].max(axis: 1, keepDims: true) },
        .init("Max", "max over axes [0, −1]", [cube]) { $0[0].max(axes: [0, -1]) * $0[0].max(axes: [0, -1]) },
        .init("Max", "max over axis 0 of x²", [matrix]) { ($0[0] * $0[0]).max(axis: 0) },
        .init("Min", "min over all, squared", [cube]) { $0[0].min() * $0[0].min() },
        .init("Min", "min over axis −1", [cube]) { $0[0].min(axis: -1) * $0[0].min(axis: -1) },
        .init("Min", "min over axes [1, 2], keepDims", [cube]) { $0[0].min(axes: [1, 2], keepDims: true) * $0[0] },
        .init("LogSumExp", "logsumexp over all", [cube]) { $0[0].logsumexp() },
        .init("LogSumExp", "logsumexp over axis 1, keepDims", [cube]) { $0[0].logsumexp(axis: 1, keepDims: true) },
        .init("LogSumExp", "logsumexp over axes [0, 2]", [cube]) { $0[0].logsumexp(axes: [0, -1]) },
        .init("LogSumExp", "logsumexp of x² over axis 0", [matrix]) { ($0[0] * $0[0]).logsumexp(axis: 0) },
        .init("Softmax", "softmax over the last axis", [cube]) { $0[0].softmax() },
        .init("Softmax", "softmax over axis 0", [cube]) { $0[0].softmax(axis: 0) },
        .init("Softmax", "softmax over axis 1 of a matrix", [matrix]) { $0[0].softmax(axis: 1) },
        .init("LogSoftmax", "logSoftmax over the last axis", [cube]) { $0[0].logSoftmax() },
        .init("LogSoftmax", "logSoftmax over axis 1", [cube]) { $0[0].logSoftmax(axis: 1) },
        .init("LogSoftmax", "logSoftmax over axis −2 of a matrix", [matrix]) { $0[0].logSoftmax(axis: -2) },
    ]
}
