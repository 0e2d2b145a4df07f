import Testing
import Autograd

@Suite("Gradient hooks")
struct GradientHookTests {
    @Test("a hook on a leaf sees the total gradient before it reaches grad, and may replace it")
    func leafHookReplaces() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        var seen: [[Double]] = []
        x.registerHook { gradient in
            seen.append(gradient.scalars)
            return gradient * 10
        }
        let y = (x * x + x).sum()       // two paths into x: the hook sees their sum, once
        y.backward()
        #expect(seen == [[3, 5]])
        #expect(x.grad?.scalars == [30, 50])
    }

    @Test("a hook on an intermediate result changes what flows on to the inputs")
    func intermediateHookReplaces() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let h = x * 2
        h.registerHook { $0 * 10 }
        (h * h).sum().backward()
        // dy/dh = 2h = 4x, times 10 from the hook, times dh/dx = 2: 80x.
        #expect(x.grad?.scalars == [80, 160])
    }

    @Test("returning nil keeps the gradient; hooks run in order, each seeing the previous result")
    func hooksCompose() {
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        var order: [String] = []
        x.registerHook { _ in order.append("inspect"); return nil }
        x.registerHook { order.append("double"); return $0 * 2 }
        x.registerHook { order.append("add one"); return $0 + 1 }
        (x * 3).sum().backward()
        #expect(order == ["inspect", "double", "add one"])
        #expect(x.grad?.scalars == [7, 7])
    }

    @Test("a removed hook is not called again")
    func removal() {
        let x = Tensor([1.0], requiresGrad: true)
        var calls = 0
        let registration = x.registerHook { calls += 1; return $0 * 100 }
        (x * 2).sum().backward()
        registration.remove()
        x.zeroGrad()
        (x * 2).sum().backward()
        #expect(calls == 1)
        #expect(x.grad?.scalars == [2])
    }

    @Test("hooks apply to gradients(withRespectTo:) and to recorded (createGraph) backward passes")
    func hooksWithGradientsAndCreateGraph() throws {
        let x = Tensor([3.0], dtype: .float64, requiresGrad: true)
        let h = x * x
        h.registerHook { $0 * x }       // a hook may use other tensors, recorded like any operation
        let y = h.sum()
        let g = try #require(y.gradients(withRespectTo: [x], createGraph: true)[0])
        // dy/dx through the hook: (1 · x) · 2x = 2x² = 18; its derivative 4x = 12.
        #expect(g.scalars == [18])
        g.sum().backward()
        #expect(x.grad?.scalars == [12])
    }

    @Test("registering a hook on a tensor that requires no gradient stops with the caller's line")
    func hookOnConstant() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor([1.0]).registerHook { $0 }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("registerHook(_:): the tensor does not require gradients"), "stderr: \(message)")
        #expect(message.contains("GradientHookTests.swift:"), "stderr: \(message)")
    }

    @Test("a hook returning the wrong shape stops naming both shapes and the line that registered it")
    func hookWrongShape() async {
        let line = #line + 1
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor([1.0, 2.0], requiresGrad: true)
            x.registerHook { $0.sum() }
            (x * 2).sum().backward()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("registerHook(_:): the hook on a leaf returned shape [] for a gradient of shape [2]"), "stderr: \(message)")
        #expect(message.contains("GradientHookTests.swift:\(line))"), "stderr: \(message)")
    }
}
