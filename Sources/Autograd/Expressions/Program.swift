/// A parsed program of the expression language used by `autograd diff`.
///
/// A program is one or more statements separated by `;` or line breaks; each is `name = expression`
/// or a bare expression, and the value of the last statement is the program's output (an assignment's
/// value is the value assigned). Blank statements are allowed, but at least one statement is required.
///
/// Expressions have numbers (`2`, `0.5`, `1e-3`, `.5`, `2.`), names, `+ - * /`, powers `^` and `**`
/// (right-associative and binding tighter than unary minus: `-x^2` is `-(x^2)`, `2^-1` is `2^(-1)`),
/// unary `-` and `+`, parentheses, and the functions `exp log sin cos tan tanh sigmoid relu sqrt abs`
/// (one argument) and `pow max min` (two). Function names are reserved. `pi` and `e` are constants
/// unless an input or an assignment binds them. Line breaks inside parentheses are whitespace.
///
/// Hostile input is bounded: sources over ``maximumSourceSize`` bytes and nesting deeper than 256
/// levels (parentheses, unary operators, powers, calls) are errors, never crashes.
public struct Program: Sendable {
    /// The largest source accepted, in UTF-8 bytes (1 MiB).
    public static let maximumSourceSize = 1 << 20

    /// The source the program was parsed from.
    public let source: String
    /// The names the program assigns, in order of first assignment.
    public let assignedNames: [String]
    /// The names the program reads anywhere (function names excluded), in order of first appearance.
    public let referencedNames: [String]
    /// The names read before the program assigns them, other than `pi` and `e`: the inputs it needs.
    public let freeNames: [String]

    let statements: [ExpressionStatement]

    /// Parses `source`, throwing the first problem in source order.
    public init(parsing source: String) throws(ExpressionError) {
        let size = source.utf8.count
        guard size <= Self.maximumSourceSize else {
            throw ExpressionError(
                message: "program too large: \(size) bytes (the limit is \(Self.maximumSourceSize) bytes, 1 MiB)")
        }
        self.source = source
        statements = try ExpressionParser.parse(source)

        var assigned = OrderedNames()
        var referenced = OrderedNames()
        var free = OrderedNames()
        for statement in statements {
            statement.expression.forEachVariable { name in
                referenced.insert(name)
                if !assigned.contains(name) && ExpressionConstants.value(of: name) == nil { free.insert(name) }
            }
            if let target = statement.target { assigned.insert(target) }
        }
        assignedNames = assigned.names
        referencedNames = referenced.names
        freeNames = free.names
    }

    /// Runs the program with the given inputs and returns the value of its last statement.
    ///
    /// Whatever involves no input is folded into a ``ProgramValue/constant(_:)`` computed with `Double`;
    /// the rest is computed with `T`, mixing in constants through `ScalarMath`'s mixed operators.
    /// `onAssign` is called, in order, for each assignment whose value is a variable, so a caller can
    /// label recorded values with the program's names. Reading a name that is not bound yet (not an
    /// input, not assigned so far, not `pi` or `e`) throws `undefined name` at that use.
    public func evaluate<T: ScalarMath>(
        inputs: [String: T], onAssign: (String, T) -> Void = { _, _ in }
    ) throws(ExpressionError) -> ProgramValue<T> {
        var evaluator = ExpressionEvaluator(inputs: inputs)
        return try evaluator.run(statements, onAssign: onAssign)
    }
}

/// Names in order of first insertion, without repeats.
private struct OrderedNames {
    private(set) var names: [String] = []
    private var seen: Set<String> = []

    func contains(_ name: String) -> Bool { seen.contains(name) }

    mutating func insert(_ name: String) {
        if seen.insert(name).inserted { names.append(name) }
    }
}
