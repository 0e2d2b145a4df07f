@testable import Autograd

/// Gradient-check cases for the matrix product (every NumPy promotion and batch broadcasting) and
/// the transpose of the last two axes.
enum LinearAlgebraCases {
    static let matrix = (values: testValues(6, seed: 21), shape: [2, 3])
    static let wide = (values: testValues(12, seed: 22), shape: [3, 4])
    static let vector = (values: testValues(3, seed: 23), shape: [3])
    static let square = (values: testValues(9, seed: 24), shape: [3, 3])
    static let stack = (values: testValues(12, seed: 25), shape: [2, 2, 3])

    static let all: [TensorPrimitiveCase] = [
        .init("Matmul", "matmul [2,3]·[3,4]", [matrix, wide]) { matmul($0[0], $0[1]) },
        .init("Matmul", "matrix·vector [2,3]·[3]", [matrix, vector]) { matmul($0[0], $0[1]) },
        .init("Matmul", "vector·matrix [3]·[3,4]", [vector, wide]) { matmul($0[0], $0[1]) },
        .init("Matmul", "dot [3]·[3]", [vector, (testValues(3, seed: 26), [3])]) { dot($0[0], $0[1]) },
        .init("Matmul", "a·a (an input used twice)", [square]) { $0[0].matmul($0[0]) },
        .init("Matmul", "batched, broadcasting [2,1,2,3]·[3,3,2]", [(testValues(12, seed: 27), [2, 1, 2, 3]), (testValues(18, seed: 28), [3, 3, 2])]) {
            matmul($0[0], $0[1])
        },
        .init("Matmul", "batch · matrix [2,2,3]·[3,4]", [stack, wide]) { matmul($0[0], $0[1]) },
        .init("Matmul", "vector · batch [3]·[2,3,2]", [vector, (testValues(12, seed: 29), [2, 3, 2])]) { matmul($0[0], $0[1]) },
        .init("Matmul", "aᵀ·b read in place, [3,2]ᵀ·[3,4]", [(testValues(6, seed: 30), [3, 2]), wide]) {
            MatmulFunction(transposed: MatrixTransposition(a: true, b: false)).applied(to: [$0[0], $0[1]])
        },
        .init("Matmul", "a·bᵀ read in place, [2,3]·[4,3]ᵀ", [matrix, (testValues(12, seed: 31), [4, 3])]) {
            MatmulFunction(transposed: MatrixTransposition(a: false, b: true)).applied(to: [$0[0], $0[1]])
        },
        .init("Matmul", "aᵀ·bᵀ batched, broadcasting [2,1,3,2]ᵀ·[3,4,3]ᵀ", [(testValues(12, seed: 32), [2, 1, 3, 2]), (testValues(36, seed: 33), [3, 4, 3])]) {
            MatmulFunction(transposed: MatrixTransposition(a: true, b: true)).applied(to: [$0[0], $0[1]])
        },
        .init("MatrixTranspose", "transpose [3,4]", [wide]) { $0[0].matrixTransposed() * $0[0].matrixTransposed() },
        .init("MatrixTranspose", "transpose each of [2,2,3]", [stack]) { matmul($0[0].matrixTransposed(), $0[0]) },
    ]
}
