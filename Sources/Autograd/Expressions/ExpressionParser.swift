/// A recursive-descent parser for programs.
///
/// Grammar, loosest binding first:
///
///     program   = statement { (";" | newline) statement }      (blank statements allowed)
///     statement = name "=" sum | sum
///     sum       = product { ("+" | "-") product }
///     product   = unary { ("*" | "/") unary }
///     unary     = ("-" | "+") unary | power
///     power     = primary [ ("^" | "**") unary ]               (right-associative: 2^3^2 = 2^9)
///     primary   = number | name | name "(" [ sum { "," sum } ] ")" | "(" sum ")"
///
/// Because `unary` sits above `power`, `-x^2` is `-(x^2)`; because a power's exponent is a `unary`,
/// `2^-1` is `2^(-1)`. Each parenthesis, unary operator, power and call opens one nesting level; more
/// than ``maximumDepth`` levels is an error, which bounds both this parser's recursion and the
/// evaluator's. To keep the stack small, `sum` and `product` share one function and leading signs are
/// read in a loop: at the deepest nesting accepted the parser needs about 0.3 MB of stack in a release
/// build (over 1 MB in a debug build), well within a main thread's or a Linux thread's 8 MB.
struct ExpressionParser {
    /// The deepest nesting accepted.
    static let maximumDepth = 256

    private var lexer: ExpressionLexer
    private var token: ExpressionToken
    private var depth = 0
    /// Names read or assigned so far, to tell `x(2)` (a variable called) from an unknown function.
    private var variablesSoFar: Set<String> = []

    /// Parses a whole program; throws the first error in source order.
    static func parse(_ source: String) throws(ExpressionError) -> [ExpressionStatement] {
        var parser = try ExpressionParser(source: source)
        return try parser.parseProgram()
    }

    private init(source: String) throws(ExpressionError) {
        lexer = ExpressionLexer(source: source)
        token = try lexer.next()
    }

    // MARK: - Statements

    private mutating func parseProgram() throws(ExpressionError) -> [ExpressionStatement] {
        var statements: [ExpressionStatement] = []
        while true {
            while token.kind == .semicolon || token.kind == .newline { try advance() }
            if token.kind == .end { break }
            statements.append(try parseStatement())
            switch token.kind {
            case .semicolon, .newline, .end:
                continue
            case .rightParen:
                throw ExpressionError("unmatched ')'", at: token.location)
            default:
                throw unexpected(expected: "an operator or the end of the statement")
            }
        }
        guard !statements.isEmpty else {
            throw ExpressionError(message: "the program is empty: expected an expression")
        }
        return statements
    }

    private mutating func parseStatement() throws(ExpressionError) -> ExpressionStatement {
        let start = token.location
        let expression = try parseSum()
        guard token.kind == .equals else { return ExpressionStatement(target: nil, expression: expression) }
        switch expression {
        case .variable(let name, _):
            try advance()
            return ExpressionStatement(target: name, expression: try parseSum())
        case .number:
            throw ExpressionError("cannot assign to a number", at: start)
        default:
            throw ExpressionError("cannot assign to an expression: the left side of '=' must be a name", at: start)
        }
    }

    // MARK: - Expressions

    /// `sum` and `product` in one function (one stack frame for both levels, so that each nesting
    /// level costs few frames): factors joined by `*` and `/` into products, products by `+` and `-`.
    private mutating func parseSum() throws(ExpressionError) -> ExpressionNode {
        var head: ExpressionNode?
        var terms: [ExpressionLink] = []
        var pending = ExpressionLink.Operator.add
        while true {
            var product = try parseFactor()
            var factors: [ExpressionLink] = []
            while let op = Self.multiplicative(token.kind) {
                try advance()
                factors.append(ExpressionLink(op: op, operand: try parseFactor()))
            }
            if !factors.isEmpty { product = .chain(product, factors) }
            if head == nil {
                head = product
            } else {
                terms.append(ExpressionLink(op: pending, operand: product))
            }
            guard let op = Self.additive(token.kind) else {
                let first = head ?? product
                return terms.isEmpty ? first : .chain(first, terms)
            }
            pending = op
            try advance()
        }
    }

    private static func additive(_ kind: ExpressionToken.Kind) -> ExpressionLink.Operator? {
        switch kind {
        case .plus: .add
        case .minus: .subtract
        default: nil
        }
    }

    private static func multiplicative(_ kind: ExpressionToken.Kind) -> ExpressionLink.Operator? {
        switch kind {
        case .star: .multiply
        case .slash: .divide
        default: nil
        }
    }

    /// `unary` and `power`: leading signs (read in a loop, not by recursion), an operand, then an
    /// optional `^` whose exponent is again a factor, which makes powers right-associative.
    private mutating func parseFactor() throws(ExpressionError) -> ExpressionNode {
        let outerDepth = depth
        defer { depth = outerDepth }
        var negations = 0
        while token.kind == .minus || token.kind == .plus {
            if token.kind == .minus { negations += 1 }
            try enterLevel()
            try advance()
        }
        var node = try parseOperand()
        if token.kind == .power {
            try enterLevel()
            try advance()
            node = .power(node, try parseFactor())
        }
        for _ in 0..<negations { node = .negate(node) }
        return node
    }

    /// `primary`: a number, a name, a call or a parenthesized expression.
    private mutating func parseOperand() throws(ExpressionError) -> ExpressionNode {
        switch token.kind {
        case .number:
            let value = token.number
            try advance()
            return .number(value)
        case .name:
            return try parseNameOrCall()
        case .leftParen:
            try enterLevel()
            defer { depth -= 1 }
            try advance()
            let inner = try parseSum()
            guard token.kind == .rightParen else { throw unexpected(expected: "')'") }
            try advance()
            return inner
        default:
            throw unexpected(expected: "an expression")
        }
    }

    /// A name read as a value, or a call if `(` follows.
    private mutating func parseNameOrCall() throws(ExpressionError) -> ExpressionNode {
        let name = token.text
        let location = token.location
        try advance()
        if token.kind == .leftParen { return try parseCall(name, at: location) }
        if let function = ExpressionFunction(rawValue: name) {
            throw Self.functionAsValue(function, at: location, assigned: token.kind == .equals)
        }
        variablesSoFar.insert(name)
        return .variable(name, location)
    }

    private mutating func parseCall(_ name: String, at location: ExpressionLocation) throws(ExpressionError)
        -> ExpressionNode
    {
        guard let function = ExpressionFunction(rawValue: name) else {
            throw Self.notAFunction(name, at: location, isVariable: variablesSoFar.contains(name))
        }
        try enterLevel()
        defer { depth -= 1 }
        try advance()  // "("
        var arguments: [ExpressionNode] = []
        if token.kind != .rightParen {
            arguments.append(try parseSum())
            while token.kind == .comma {
                try advance()
                arguments.append(try parseSum())
            }
        }
        guard token.kind == .rightParen else { throw unexpected(expected: "',' or ')'") }
        try advance()
        guard arguments.count == function.arity else {
            let noun = function.arity == 1 ? "argument" : "arguments"
            throw ExpressionError(
                "\(name) expects \(function.arity) \(noun), got \(arguments.count)", at: location)
        }
        return .call(function, arguments)
    }

    /// The error for using a function's name as a value (or assigning to it).
    private static func functionAsValue(_ function: ExpressionFunction, at location: ExpressionLocation, assigned: Bool)
        -> ExpressionError
    {
        let problem = assigned
            ? "cannot assign to '\(function.rawValue)': it is a function"
            : "'\(function.rawValue)' is a function: call it as \(function.usage)"
        return ExpressionError(problem, at: location)
    }

    /// The error for calling `name`, which is not a built-in function.
    ///
    /// The parser does not know the caller's inputs, so it calls a name a variable only when the
    /// program has already used it as one (or it is `pi` or `e`); any other name is an unknown function.
    private static func notAFunction(_ name: String, at location: ExpressionLocation, isVariable: Bool)
        -> ExpressionError
    {
        let shown = ExpressionToken.abbreviated(name)
        if isVariable || ExpressionConstants.value(of: name) != nil {
            return ExpressionError("'\(shown)' is not a function (write '*' to multiply)", at: location)
        }
        if let suggestion = ExpressionFunction.suggestion(for: name) {
            return ExpressionError(
                "unknown function '\(shown)' (did you mean '\(suggestion.rawValue)'?)", at: location)
        }
        return ExpressionError("unknown function '\(shown)'", at: location)
    }

    // MARK: - Helpers

    private mutating func advance() throws(ExpressionError) {
        token = try lexer.next()
    }

    /// Opens one nesting level at the current token, or fails if that would exceed the limit.
    private mutating func enterLevel() throws(ExpressionError) {
        guard depth < Self.maximumDepth else {
            throw ExpressionError(
                "expression nested too deeply (more than \(Self.maximumDepth) levels)", at: token.location)
        }
        depth += 1
    }

    /// The error for finding the current token where `expected` should be.
    private func unexpected(expected: String) -> ExpressionError {
        ExpressionError("unexpected \(token.summary), expected \(expected)", at: token.location)
    }
}
