// Gradient hooks: functions that see, and may replace, the gradient flowing into a tensor during
// backward (PyTorch's `Tensor.register_hook`).

/// One function added by ``Tensor/registerHook(file:line:_:)``.
final class GradientHook {
    let body: (Tensor) -> Tensor?
    /// Where the hook was registered, named when it returns a gradient of the wrong shape.
    let registeredAt: CallerLocation
    init(_ body: @escaping (Tensor) -> Tensor?, registeredAt: CallerLocation) {
        self.body = body
        self.registeredAt = registeredAt
    }
}

/// A hook added by ``Tensor/registerHook(file:line:_:)``; ``remove()`` takes it away again.
public struct GradientHookRegistration {
    /// The node holding the hook, and the hook (weak: a registration keeps neither a graph nor
    /// what the hook captured alive).
    weak var node: AutogradNode?
    weak var hook: GradientHook?

    /// Removes the hook; later backward passes no longer call it (nothing happens if it is gone).
    public func remove() {
        guard let node, let hook else { return }
        node.hooks.removeAll { $0 === hook }
    }
}

extension Tensor {
    /// Adds a function that backward calls with the total gradient flowing into this tensor, before it
    /// reaches the leaf's ``grad`` or the operation's backward rule; return a tensor of the same
    /// shape to replace the gradient, or nil to keep it.
    ///
    /// The tensor must require gradients; it may be a leaf or an intermediate result. Hooks run in the
    /// order they were added, each seeing the previous one's result. A hook on an intermediate result
    /// is dropped when backward releases that operation (unless `retainGraph` is set); a leaf's hooks
    /// last as long as the leaf.
    ///
    /// ```swift
    /// let h = x * 2
    /// h.registerHook { gradient in gradient * 0.5 }   // halve what flows back through h
    /// ```
    ///
    /// A hook should not capture this tensor (or a copy of it): the hook is stored with the tensor's
    /// node, so that makes a reference cycle. For an intermediate result the cycle lasts until
    /// backward releases the operation (forever if backward never runs); for a leaf, until the
    /// registration's ``GradientHookRegistration/remove()``. Capture what the hook needs by value
    /// instead (`let values = x.detached()`, a shape, a number).
    @discardableResult
    public func registerHook(
        file: StaticString = #fileID, line: UInt = #line, _ hook: @escaping (Tensor) -> Tensor?
    ) -> GradientHookRegistration {
        let location = CallerLocation(file: file, line: line)
        tensorPrecondition(
            requiresGrad, "registerHook(_:)", "the tensor does not require gradients, so no gradient flows into it", at: location)
        let hook = GradientHook(hook, registeredAt: location)
        node!.hooks.append(hook)
        return GradientHookRegistration(node: node, hook: hook)
    }
}

extension AutogradNode {
    /// `gradient` after every hook (each may replace it with a tensor of the same shape).
    func applyingHooks(to gradient: Tensor) -> Tensor {
        var gradient = gradient
        for hook in hooks {
            guard let replacement = hook.body(gradient) else { continue }
            tensorPrecondition(
                replacement.shape == shape, "registerHook(_:)",
                "the hook on \(isLeaf ? "a leaf" : "the result of \(name)") returned shape \(replacement.shape) "
                    + "for a gradient of shape \(shape)", at: hook.registeredAt)
            gradient = replacement.converted(to: dtype)
        }
        return gradient
    }
}
