import Testing
import Autograd

/// x³, defined by a user the way the built-in primitives are defined.
private struct Cube: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) {
        (inputs[0] * inputs[0] * inputs[0], ())
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        let x = context.inputs[0]
        return [gradient * 3 * x * x]
    }
}

/// The seed's `PowConst`: x^c, with no gradient for the constant exponent, saving c as a typed value.
private struct ScaledPower: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Double) {
        let exponent = inputs[1].item()
        var product = Tensor.ones(shape: inputs[0].shape, dtype: inputs[0].dtype)
        for _ in 0..<Int(exponent) { product = product * inputs[0] }
        return (product, exponent)
    }
    func backward(_ gradient: Tensor, context: FunctionContext<Double>) -> [Tensor?] {
        let c = context.saved
        var power = Tensor.ones(shape: context.inputs[0].shape, dtype: context.inputs[0].dtype)
        for _ in 0..<(Int(c) - 1) { power = power * context.inputs[0] }
        return [gradient * c * power, nil]
    }
}

/// Records which inputs backward was asked for.
private struct Probe: DifferentiableFunction {
    func forward(_ inputs: [Tensor]) -> (output: Tensor, saved: Void) { (inputs[0] + inputs[1], ()) }
    func backward(_ gradient: Tensor, context: FunctionContext<Void>) -> [Tensor?] {
        require(context.needsGradient == [true, false], "needsGradient was \(context.needsGradient)")
        return [gradient, nil]
    }
}

@Suite("User-defined differentiable functions")
struct CustomFunctionTests {
    @Test("a custom function records, differentiates and prints its name")
    func cube() {
        let x = Tensor([1.0, -2.0], dtype: .float64, requiresGrad: true)
        let y = Cube().applied(to: [x])
        #expect(y.gradFunctionName == "Cube")
        #expect(y.scalars == [1, -8])
        y.sum().backward()
        #expect(x.grad?.scalars == [3, 12])
    }

    @Test("its backward, written with tensor operations, differentiates again")
    func cubeSecondOrder() {
        let x = Tensor([1.0, -2.0], dtype: .float64, requiresGrad: true)
        let first = Cube().applied(to: [x]).sum().gradients(withRespectTo: [x], createGraph: true)[0]!
        let second = first.sum().gradients(withRespectTo: [x])[0]!
        #expect(second.scalars == [6, -12])
    }

    @Test("an input that takes no gradient returns nil, and typed saved values reach backward")
    func noGradientForConstant() {
        let x = Tensor([2.0, 3.0], dtype: .float64, requiresGrad: true)
        let c = Tensor(3.0, dtype: .float64, requiresGrad: true)
        let y = ScaledPower().applied(to: [x, c])
        #expect(y.scalars == [8, 27])
        y.sum().backward()
        #expect(x.grad?.scalars == [12, 27])
        #expect(c.grad == nil)
    }

    @Test("backward is told which inputs need a gradient")
    func needsGradient() {
        let a = Tensor([1.0], requiresGrad: true), b = Tensor([2.0])
        Probe().applied(to: [a, b]).sum().backward()
        #expect(a.grad?.scalars == [1])
    }

    @Test("with no input requiring gradients nothing is recorded")
    func constantsOnly() {
        let y = Cube().applied(to: [Tensor([2.0])])
        #expect(!y.requiresGrad && y.scalars == [8])
    }
}
