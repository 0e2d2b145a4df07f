import Autograd

/// A differentiable function with trainable state: a layer, an activation or a whole model.
///
/// A module only says how it maps an input to an output. Its ``parameters`` and
/// ``namedParameters`` are found for it, at the time you ask, by walking its stored properties with
/// `Mirror`; no module keeps a hand-written list that could fall out of date.
///
/// ## How parameters are found
///
/// The stored properties of a module (and of its superclasses) are visited in declaration order:
///
/// - a ``Parameter`` is a parameter, named after the property (`weight`);
/// - a nested `Module` contributes its own parameters, prefixed with the property's name
///   (`encoder.weight`);
/// - an array (of modules, of parameters, or of arrays of them) contributes its elements, named by
///   their position (`layers.0.weight`);
/// - an optional contributes its wrapped value, under the property's own name (a missing bias
///   contributes nothing);
/// - a `lazy var` counts as its property once it has been read (before, it holds nothing): read
///   it before making an optimizer, or the optimizer will not know it;
/// - anything else (plain tensors, numbers, closures, dictionaries, sets) is ignored: a tensor that
///   should be trained must be wrapped in a ``Parameter``.
///
/// A parameter reached twice (a weight shared by two layers) is listed once, under the first name
/// that reached it, so an optimizer never updates it twice. Names are stable as long as the types'
/// declarations are, which makes them suitable keys for saving and loading.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let model = MLP(sizes: [2, 16, 1], generator: &generator)
/// model.namedParameters.map(\.name)   // ["layers.0.weight", "layers.0.bias", "layers.1.weight", ...]
/// ```
public protocol Module {
    /// The output for `input`, recording a graph when gradients are being recorded.
    func callAsFunction(_ input: Tensor) -> Tensor
}

extension Module {
    /// Every parameter of this module and the modules inside it, in declaration order, each once.
    ///
    /// Found by walking the stored properties with `Mirror`, which costs far more than a training
    /// step of a small model (about 260,000 instructions for S1's MLP): collect the list once, as
    /// optimizers do when they are created, rather than in every step. `Parameter` is a reference,
    /// so the list stays valid as training updates the values.
    public var parameters: [Parameter] {
        namedParameters.map(\.parameter)
    }

    /// Every parameter with its dotted path from this module (`layers.0.weight`), in declaration
    /// order, each once.
    public var namedParameters: [(name: String, parameter: Parameter)] {
        var collector = ParameterCollector()
        collector.visitProperties(of: self, prefix: "")
        return collector.found
    }

    /// The total number of trainable numbers.
    public var parameterCount: Int {
        parameters.reduce(0) { $0 + $1.count }
    }

    /// Clears the gradient of every parameter.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}

/// The walk behind ``Module/namedParameters``: stored properties by `Mirror`, depth first.
struct ParameterCollector {
    private(set) var found: [(name: String, parameter: Parameter)] = []
    private var seenParameters: Set<ObjectIdentifier> = []
    private var modulesOnPath: Set<ObjectIdentifier> = []

    /// Visits the stored properties of `subject` and of its superclasses, in declaration order.
    mutating func visitProperties(of subject: Any, prefix: String) {
        var mirror: Mirror? = Mirror(reflecting: subject)
        var levels: [Mirror] = []
        while let current = mirror {
            levels.append(current)
            mirror = current.superclassMirror
        }
        // Superclass properties first, as they are declared first.
        for level in levels.reversed() {
            for child in level.children {
                guard var label = child.label else { continue }
                // A lazy property's storage is an optional under a compiler-made label.
                if label.hasPrefix(Self.lazyStoragePrefix) { label.removeFirst(Self.lazyStoragePrefix.count) }
                visit(child.value, name: Self.join(prefix, label))
            }
        }
    }

    /// Visits one value found under `name`.
    private mutating func visit(_ value: Any, name: String) {
        if let parameter = value as? Parameter {
            if seenParameters.insert(ObjectIdentifier(parameter)).inserted {
                found.append((name, parameter))
            }
            return
        }
        if let module = value as? any Module {
            // A module that (through references) contains itself is walked only once per path.
            let mirror = Mirror(reflecting: module)
            if mirror.displayStyle == .class {
                let identity = ObjectIdentifier(module as AnyObject)
                guard modulesOnPath.insert(identity).inserted else { return }
                visitProperties(of: module, prefix: name)
                modulesOnPath.remove(identity)
            } else {
                visitProperties(of: module, prefix: name)
            }
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .collection:
            for (index, element) in mirror.children.enumerated() {
                visit(element.value, name: Self.join(name, String(index)))
            }
        case .optional:
            if let wrapped = mirror.children.first { visit(wrapped.value, name: name) }
        default:
            break
        }
    }

    /// How the compiler labels the storage of a `lazy var` (an optional, nil until first read).
    private static let lazyStoragePrefix = "$__lazy_storage_$_"

    private static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : prefix + "." + name
    }
}
