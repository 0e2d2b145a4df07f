/// Derivatives as functions, for functions of ``Scalar``s, with the shapes of Swift's own
/// differentiation API (`gradient(at:of:)`, `valueWithGradient(at:of:)`, `pullback(at:of:)`).
///
/// The functions you pass are ordinary Swift closures over `Scalar`; the transform records them on a
/// fresh tape, so they can use any scalar operation. Transforms compose: the gradient of a function
/// that itself calls `gradient(at:of:)` on a `Scalar` is a second derivative.

// MARK: - Gradients

/// The derivative of `f` at `x`.
public func gradient(at x: Double, of f: (Scalar) -> Scalar) -> Double {
    valueWithGradient(at: x, of: f).gradient
}

/// The value and derivative of `f` at `x`.
public func valueWithGradient(at x: Double, of f: (Scalar) -> Scalar) -> (value: Double, gradient: Double) {
    let input = Scalar(x)
    let output = f(input)
    return (output.data, output.gradients(withRespectTo: [input])[0])
}

/// The gradient of `f` at `x` (one partial derivative per input).
public func gradient(at x: [Double], of f: ([Scalar]) -> Scalar) -> [Double] {
    valueWithGradient(at: x, of: f).gradient
}

/// The value and gradient of `f` at `x`.
public func valueWithGradient(at x: [Double], of f: ([Scalar]) -> Scalar) -> (value: Double, gradient: [Double]) {
    let inputs = x.map { Scalar($0) }
    let output = f(inputs)
    return (output.data, output.gradients(withRespectTo: inputs))
}

/// The partial derivatives of a function of two inputs.
public func gradient(at x: Double, _ y: Double, of f: (Scalar, Scalar) -> Scalar) -> (Double, Double) {
    let g = gradient(at: [x, y]) { f($0[0], $0[1]) }
    return (g[0], g[1])
}

/// The derivative of `f` at a recorded value, itself recorded: differentiate it again for higher
/// derivatives (`gradient(at: 1.0) { x in gradient(at: x, of: f) }` is f'').
public func gradient(at x: Scalar, of f: (Scalar) -> Scalar) -> Scalar {
    f(x).differentiableGradients(withRespectTo: [x])[0]
}

/// The gradient of `f` at recorded values, itself recorded.
public func gradient(at x: [Scalar], of f: ([Scalar]) -> Scalar) -> [Scalar] {
    f(x).differentiableGradients(withRespectTo: x)
}

// MARK: - Pullbacks (vector-Jacobian products)

/// The value of `f` at `x` and its pullback: v ↦ v · ∂f/∂x for every input.
public func valueWithPullback(at x: [Double], of f: ([Scalar]) -> Scalar) -> (value: Double, pullback: (Double) -> [Double]) {
    let (value, gradient) = valueWithGradient(at: x, of: f)
    return (value, { seed in gradient.map { $0 * seed } })
}

/// The pullback of `f` at `x`.
public func pullback(at x: [Double], of f: ([Scalar]) -> Scalar) -> (Double) -> [Double] {
    valueWithPullback(at: x, of: f).pullback
}

// MARK: - Forward mode

/// J·v for a function of several inputs and outputs, by one forward sweep of tangents through the
/// recorded primitives.
public func jvp(at x: [Double], tangent v: [Double], of f: ([Scalar]) -> [Scalar]) -> (value: [Double], tangent: [Double]) {
    require(x.count == v.count, "jvp: \(x.count) inputs but \(v.count) tangent components")
    let tape = ForwardModeRecording(inputs: x, f)
    return (tape.outputs.map(\.data), tape.tangents(along: v))
}

/// The differential of `f` at `x`: v ↦ J·v, computed by forward sweeps over one recording.
public func differential(at x: [Double], of f: ([Scalar]) -> [Scalar]) -> ([Double]) -> [Double] {
    let tape = ForwardModeRecording(inputs: x, f)
    return { v in tape.tangents(along: v) }
}

/// One recording of `f` on a single tape, ready for tangent sweeps.
struct ForwardModeRecording {
    let storage: TapeStorage
    let leaves: [Scalar]
    let inputRows: [Int32]
    let outputs: [Scalar]
    let outputRows: [Int32]

    init(inputs x: [Double], _ f: ([Scalar]) -> [Scalar]) {
        // All inputs start on one implicit tape; f may move that tape into a larger one, so the
        // rows are looked up after it ran.
        let start = TapeStorage.implicit()
        let leaves = x.map { Scalar(storage: start, row: start.columns.pointee.append($0, .leaf, -1, -1)) }
        let results = f(leaves)
        let home = leaves.first?.location.storage ?? start
        storage = home
        self.leaves = leaves
        inputRows = leaves.map(\.location.row)
        outputs = results
        outputRows = results.map { output in
            let (tape, row) = output.location
            return tape === home ? row : -1  // recorded elsewhere: independent of the inputs
        }
    }

    func tangents(along v: [Double]) -> [Double] {
        require(v.count == inputRows.count, "differential: \(inputRows.count) inputs but \(v.count) tangent components")
        let last = Swift.max(outputRows.max() ?? 0, 0)
        let tangents = storage.tangents(seeds: zip(inputRows, v).map { ($0, $1) }, through: last)
        return outputRows.map { $0 >= 0 ? tangents[Int($0)] : 0 }
    }
}

// MARK: - Jacobians and Hessians

/// How a Jacobian is computed.
public enum JacobianMode: Sendable {
    /// Forward mode when there are fewer inputs than outputs, reverse mode otherwise.
    case automatic
    /// One forward sweep per input.
    case forward
    /// One reverse sweep per output.
    case reverse
}

/// The Jacobian of `f` at `x`: row i holds the partial derivatives of output i. `f` is recorded once;
/// forward mode sweeps tangents through the record once per input, reverse mode sweeps adjoints once
/// per output.
public func jacobian(at x: [Double], mode: JacobianMode = .automatic, of f: ([Scalar]) -> [Scalar]) -> [[Double]] {
    let tape = ForwardModeRecording(inputs: x, f)
    let useForward: Bool
    switch mode {
    case .forward: useForward = true
    case .reverse: useForward = false
    case .automatic: useForward = x.count < tape.outputs.count
    }
    if useForward {
        let columns = x.indices.map { input in
            tape.tangents(along: x.indices.map { $0 == input ? 1 : 0 })
        }
        return tape.outputs.indices.map { output in columns.map { $0[output] } }
    }
    return tape.outputs.map { $0.gradients(withRespectTo: tape.leaves) }
}

/// The Hessian of `f` at `x`, by forward mode over the recorded gradient: one vector sweep carries
/// all n unit tangents through a single recording of f and its gradient.
public func hessian(at x: [Double], of f: ([Scalar]) -> Scalar) -> [[Double]] {
    let recording = GradientRecording(x, f).recording
    let units = x.indices.map { direction in x.indices.map { $0 == direction ? 1.0 : 0.0 } }
    // Row i of the result holds ∂(∂f/∂x_i)/∂x_d along every direction d: the Hessian's row i.
    return recording.storage.tangents(inputRows: recording.inputRows, directions: units, outputRows: recording.outputRows)
}

/// H·v for the Hessian H of `f` at `x`, forward-over-reverse: record f and its gradient once, then
/// carry the tangent v through the gradient's recording in one forward sweep.
public func hessianVectorProduct(at x: [Double], _ v: [Double], of f: ([Scalar]) -> Scalar) -> [Double] {
    require(x.count == v.count, "hessianVectorProduct: \(x.count) inputs but a vector of \(v.count)")
    return GradientRecording(x, f).hessianVectorProduct(v)
}

/// f and its recorded gradient on one tape.
struct GradientRecording {
    let recording: ForwardModeRecording

    init(_ x: [Double], _ f: ([Scalar]) -> Scalar) {
        recording = ForwardModeRecording(inputs: x) { inputs in
            f(inputs).differentiableGradients(withRespectTo: inputs)
        }
    }

    func hessianVectorProduct(_ v: [Double]) -> [Double] {
        recording.tangents(along: v)
    }
}
