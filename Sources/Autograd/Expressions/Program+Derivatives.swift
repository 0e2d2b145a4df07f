/// What differentiating a ``Program`` at a point gives: its value, gradient, optional Hessian and the
/// recorded graph.
public struct ProgramDerivatives {
    /// The input names, in the order given.
    public var inputNames: [String]
    /// The program's output.
    public var value: Double
    /// ∂output/∂input for each input.
    public var gradient: [Double]
    /// ∂²output/∂input_i∂input_j, when asked for.
    public var hessian: [[Double]]?
    /// The recorded computation, labelled with the program's names.
    public var graph: GraphDescription
}

extension Program {
    /// Evaluates the program at `inputs` on the scalar engine and differentiates it (reverse mode;
    /// the Hessian by differentiating the recorded gradient).
    public func derivatives(at inputs: [(name: String, value: Double)], hessian: Bool = false) throws(ExpressionError) -> ProgramDerivatives {
        let tape = Tape()
        let leaves = inputs.map { tape.variable($0.value, label: $0.name) }
        let bindings = Dictionary(uniqueKeysWithValues: zip(inputs.map(\.name), leaves))
        let output = try evaluate(inputs: bindings) { name, value in
            if !value.isLeaf { value.label = name }
        }
        let names = inputs.map(\.name)
        switch output {
        case .constant(let constant):
            let zeros = [Double](repeating: 0, count: inputs.count)
            return ProgramDerivatives(
                inputNames: names, value: constant, gradient: zeros,
                hessian: hessian ? [[Double]](repeating: zeros, count: inputs.count) : nil,
                graph: tape.constant(constant).graph)
        case .variable(let scalar):
            var second: [[Double]]?
            if hessian {
                // The function transform: forward-over-reverse on one recording of the program.
                second = Autograd.hessian(at: inputs.map(\.value)) { leaves in
                    let bindings = Dictionary(uniqueKeysWithValues: zip(names, leaves))
                    // The program already evaluated without error at this point, and evaluation
                    // depends only on the program's structure, not on the values.
                    guard case .variable(let output)? = try? evaluate(inputs: bindings) else { return leaves[0] * 0.0 }
                    return output
                }
            }
            let gradient = scalar.gradients(withRespectTo: leaves)
            scalar.backward()  // fills the graph's grad fields for pictures
            return ProgramDerivatives(
                inputNames: names, value: scalar.data, gradient: gradient, hessian: second, graph: scalar.graph)
        }
    }

    /// The program's value at `inputs`, computed with plain doubles.
    public func value(at inputs: [(name: String, value: Double)]) throws(ExpressionError) -> Double {
        try evaluate(inputs: Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0.value) })).value
    }

    /// Central finite differences (f(x + h) − f(x − h)) / 2h of the program in each input, with
    /// h = cbrt(ε)·max(1, |x|), the step that balances truncation against rounding.
    public func centralDifferences(at inputs: [(name: String, value: Double)]) throws(ExpressionError) -> [Double] {
        var estimates: [Double] = []
        for index in inputs.indices {
            let x = inputs[index].value
            let h = 6.055454452393343e-06 * Swift.max(1, Swift.abs(x))  // cbrt(2^-52)
            var plus = inputs, minus = inputs
            plus[index].value = x + h
            minus[index].value = x - h
            estimates.append((try value(at: plus) - value(at: minus)) / ((x + h) - (x - h)))
        }
        return estimates
    }
}
