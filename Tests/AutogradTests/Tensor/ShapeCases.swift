import Autograd

/// Gradient-check cases for reshape, broadcast and sum.
enum ShapeCases {
    static let cube = (values: testValues(24, seed: 11), shape: [2, 3, 4])

    static let all: [TensorPrimitiveCase] = [
        .init("Reshape", "reshape [2,3,4] → [6,4]", [cube]) { $0[0].reshaped(to: [6, 4]) * $0[0].reshaped(to: [6, 4]) },
        .init("Expand", "expand [3,1] → [2,3,4]", [(testValues(3, seed: 12), [3, 1])]) { $0[0].expanded(to: [2, 3, 4]) * $0[0].expanded(to: [2, 3, 4]) },
        .init("Sum", "sum over all", [cube]) { ($0[0] * $0[0]).sum() },
        .init("Sum", "sum over axis 1, keepDims", [cube]) { ($0[0] * $0[0]).sum(axis: 1, keepDims: true) },
        .init("Sum", "sum over axes [0, 2]", [cube]) { ($0[0] * $0[0]).sum(axes: [0, -1]) },
    ]
}
