/// The names of every differentiable tensor primitive the library defines.
///
/// The test suite's gradient-check table must cover each one (first and second order); adding a
/// primitive means adding its name here and its cases there.
enum TensorPrimitiveCatalog {
    static let names: [String] = [
        // Arithmetic
        "Add", "Subtract", "Multiply", "Divide", "Negate", "Convert", "MultiplyScalar", "AddScalar",
        // Shape
        "Reshape", "Expand", "Sum",
        // Elementwise math
        "Exp", "Log", "Log1p", "Sin", "Cos", "Tan", "Tanh", "Sigmoid", "ReLU", "ReLUGradient", "Sqrt", "Abs",
        "ConstantPower", "Power", "Maximum", "Minimum", "Select", "MultiplyNoNaN",
        "TanhBackward", "SigmoidBackward",
        // Reductions
        "Max", "Min", "LogSumExp", "Softmax", "LogSoftmax",
        // Linear algebra
        "Matmul", "MatrixTranspose",
        // Layout and indexing
        "Permute", "Slice", "SliceScatter", "Concatenate", "Gather", "ScatterAdd",
    ]
}
