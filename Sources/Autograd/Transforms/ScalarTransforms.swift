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

// The transforms below record `f` once and sweep that recording. Where `f` mixes its inputs with a
// value it computed on another tape (a captured `c * c`) in a way that merges the two tapes, `f` is
// recorded a second time with the inputs held apart (see `ForwardModeRecording`): a function with
// side effects sees them twice then.

/// J·v for a function of several inputs and outputs, by one forward sweep of tangents through the
/// recorded primitives.
///
/// `f` runs once, or twice when it combines its inputs with values it computed on another tape in a
/// way that merges the two (the second recording keeps each input at one row).
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

/// One recording of `f`, ready for tangent sweeps.
///
/// The inputs are first recorded as leaves of one fresh tape, where a function of them alone is
/// recorded whole (one tape, no imports: the fast case, a Hessian of Rosenbrock's function, say).
/// But `f` may combine an input with a value computed on another tape (a captured `c * c`), which
/// records there with the input imported; if that tape and the inputs' tape later merge, an input
/// can stand at two rows of one tape (moved, and imported), and a sweep would seed only one. So
/// when the inputs' tape was absorbed, or imported its own leaves back, `f` is recorded again on
/// inputs that are leaves of tapes of their own, as `gradient(at:of:)` makes them: such a tape
/// never moves, so every tape that uses an input holds it as one import. (`f` then runs twice.)
///
/// Each output's tangent is swept on the tape where the output lives, seeded at the rows that stand
/// for the inputs there. (Only leaves cross tapes; computed values move tapes whole, so every path
/// from an input to an output runs inside the output's tape.)
struct ForwardModeRecording {
    let leaves: [Scalar]
    let outputs: [Scalar]

    init(inputs x: [Double], _ f: ([Scalar]) -> [Scalar]) {
        let start = TapeStorage.implicit()
        let shared = x.map { Scalar(storage: start, row: start.columns.pointee.append($0, .leaf, -1, -1)) }
        let sharedOutputs = f(shared)
        if start.forward == nil && !start.importedRows.keys.contains(where: { $0.storage == ObjectIdentifier(start) }) {
            (leaves, outputs) = (shared, sharedOutputs)
        } else {
            let own = x.map { Scalar($0) }
            (leaves, outputs) = (own, f(own))
        }
    }

    /// The outputs grouped by the tape they live on: each tape with the outputs' indices and rows
    /// there, and the rows standing for the inputs there (with the inputs' indices).
    private func sweeps() -> [(storage: TapeStorage, outputs: [(index: Int, row: Int32)], inputs: [(index: Int, row: Int32)])] {
        let leafLocations = leaves.map(\.location)
        var groups: [(storage: TapeStorage, outputs: [(index: Int, row: Int32)], inputs: [(index: Int, row: Int32)])] = []
        for (index, output) in outputs.enumerated() {
            let (storage, row) = output.location
            if let group = groups.firstIndex(where: { $0.storage === storage }) {
                groups[group].outputs.append((index, row))
                continue
            }
            let inputs = leafLocations.enumerated().compactMap { input, leaf in
                storage.localRow(of: leaf.row, in: leaf.storage, atOrBelow: .max).map { (input, $0) }
            }
            groups.append((storage, [(index, row)], inputs))
        }
        return groups
    }

    /// J·v: each output's tangent along the input tangent `v`.
    func tangents(along v: [Double]) -> [Double] {
        require(v.count == leaves.count, "differential: \(leaves.count) inputs but \(v.count) tangent components")
        var result = [Double](repeating: 0, count: outputs.count)
        for sweep in sweeps() where !sweep.inputs.isEmpty {
            let last = sweep.outputs.map(\.row).max()!
            let tangents = sweep.storage.tangents(seeds: sweep.inputs.map { ($0.row, v[$0.index]) }, through: last)
            for output in sweep.outputs { result[output.index] = tangents[Int(output.row)] }
        }
        return result
    }

    /// Tangents along several directions at once: `result[output][d]` is output's tangent along
    /// `directions[d]` (each with one component per input).
    func tangents(along directions: [[Double]]) -> [[Double]] {
        let sweeps = sweeps()
        // The usual case, every output on one tape with every input: one sweep, no regrouping.
        if sweeps.count == 1, sweeps[0].inputs.count == leaves.count {
            return sweeps[0].storage.tangents(
                inputRows: sweeps[0].inputs.map(\.row), directions: directions, outputRows: sweeps[0].outputs.map(\.row))
        }
        var result = outputs.map { _ in [Double](repeating: 0, count: directions.count) }
        for sweep in sweeps where !sweep.inputs.isEmpty {
            let tangents = sweep.storage.tangents(
                inputRows: sweep.inputs.map(\.row),
                directions: directions.map { direction in sweep.inputs.map { direction[$0.index] } },
                outputRows: sweep.outputs.map(\.row))
            for (output, values) in zip(sweep.outputs, tangents) { result[output.index] = values }
        }
        return result
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
        return tape.tangents(along: x.indices.map { input in x.indices.map { $0 == input ? 1.0 : 0.0 } })
    }
    return tape.outputs.map { $0.gradients(withRespectTo: tape.leaves) }
}

/// The Hessian of `f` at `x`, by forward mode over the recorded gradient: one vector sweep carries
/// all n unit tangents through a single recording of f and its gradient.
///
/// `f` runs once, or twice when it combines its inputs with values it computed on another tape in a
/// way that merges the two (the second recording keeps each input at one row).
public func hessian(at x: [Double], of f: ([Scalar]) -> Scalar) -> [[Double]] {
    let units = x.indices.map { direction in x.indices.map { $0 == direction ? 1.0 : 0.0 } }
    // Row i of the result holds ∂(∂f/∂x_i)/∂x_d along every direction d: the Hessian's row i.
    return GradientRecording(x, f).recording.tangents(along: units)
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
