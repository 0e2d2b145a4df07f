import Autograd

/// Gradient-check cases for permute, slice and its scatter, concatenate, gather and scatter-add.
///
/// These primitives are linear, so each case squares its output: the second-order check then runs
/// through the primitive's backward rule recorded as a graph (its double backward).
enum LayoutCases {
    static let matrix = (values: testValues(12, seed: 21), shape: [3, 4])
    static let wide = (values: testValues(6, seed: 22), shape: [2, 3])
    static let narrow = (values: testValues(4, seed: 23), shape: [2, 2])
    static let cube = (values: testValues(24, seed: 24), shape: [2, 3, 4])
    static let pair = (values: testValues(6, seed: 25), shape: [3, 2])
    static let row = (values: testValues(2, seed: 26), shape: [2])

    /// Class labels per row of a 3×4 matrix, one per row and two per row (with a repeat).
    static func labels() -> Tensor { Tensor([1, 3, 0], shape: [3, 1]) }
    static func repeatedLabels() -> Tensor { Tensor([0, 0, 2, 1, 3, 3], shape: [3, 2]) }

    static let all: [TensorPrimitiveCase] = [
        .init("Permute", "permute [2,3,4] by [2,0,1]", [cube]) { square($0[0].permuted([2, 0, 1])) },
        .init("Permute", "transpose [2,3] times a row", [wide, (testValues(2, seed: 27), [2])]) {
            square($0[0].transposed() * $0[1])
        },
        .init("Slice", "x[1..<3, 1...]", [matrix]) { square($0[0][1..<3, 1...]) },
        .init("Slice", "x[1, .slice(step: 2), -2...] drops axis 0", [cube]) { square($0[0][1, .slice(step: 2), (-2)...]) },
        .init("Slice", "x[.all, .slice(step: -1)] reverses", [matrix]) { square($0[0][.all, .slice(step: -1)]) },
        .init("SliceScatter", "z[.all, 1..<3] = v", [matrix, pair]) { inputs in
            var z = inputs[0]
            z[.all, 1..<3] = inputs[1]
            return square(z)
        },
        .init("SliceScatter", "z[.slice(step: 2), -1] = v, a dropped axis", [matrix, row]) { inputs in
            var z = inputs[0]
            z[.slice(step: 2), -1] = inputs[1]
            return square(z)
        },
        .init("SliceScatter", "z[.all, .slice(1, nil, step: 2)] = row, broadcast to [3,2]", [matrix, row]) { inputs in
            var z = inputs[0]
            z[.all, .slice(1, nil, step: 2)] = inputs[1]
            return square(z)
        },
        .init("Concatenate", "[2,3] ++ [2,2] along axis 1", [wide, narrow]) {
            square(Tensor.concatenate([$0[0], $0[1]], axis: 1))
        },
        .init("Concatenate", "[2,3] ++ [1,3] ++ [2,3] along axis 0, an input used twice", [wide, (testValues(3, seed: 28), [1, 3])]) {
            square(Tensor.concatenate([$0[0], $0[1], $0[0]]))
        },
        .init("Gather", "gather axis 1 of [3,4] by labels", [matrix]) { square($0[0].gather(axis: 1, indices: labels())) },
        .init("Gather", "gather axis 1 with repeated indices", [matrix]) { square($0[0].gather(axis: 1, indices: repeatedLabels())) },
        .init("Gather", "gather axis 0 of [3,4]", [matrix]) {
            square($0[0].gather(axis: 0, indices: Tensor([2, 0, 1, 1, 0, 0, 2, 2], shape: [2, 4])))
        },
        .init("ScatterAdd", "scatterAdd axis 1, repeated indices", [matrix, pair]) {
            square($0[0].scatterAdd(axis: 1, indices: repeatedLabels(), source: $0[1]))
        },
        .init("ScatterAdd", "scatterAdd axis 0 into zeros", [wide]) {
            square(Tensor.zeros(shape: [3, 3], dtype: .float64).scatterAdd(axis: 0, indices: Tensor([2, 0, 2, 1, 1, 2], shape: [2, 3]), source: $0[0]))
        },
    ]

    static func square(_ x: Tensor) -> Tensor { x * x }
}
