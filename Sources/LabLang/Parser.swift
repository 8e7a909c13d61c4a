import Diagnostics
import Terminal

/// Binding power of infix and postfix operators, lowest first — the one
/// precedence table of LANGUAGE.md's grammar.
public enum Precedence: Int, Comparable, Sendable {
    case lowest, ternary, or, and, comparison, range, sum, product, unary, power, postfix
    public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

/// The infix/postfix table: token → (binding power, operator if binary).
/// Prefix operators (`- + ! √`) bind at `.unary`; `^` is right-associative
/// with a unary right operand, so `-2^2 == -4` and `2^-1 == 0.5`.
let infixTable: [TokenKind: (Precedence, BinaryOperator?)] = [
    .question: (.ternary, nil),
    .orOr: (.or, nil),
    .andAnd: (.and, nil),
    .equal: (.comparison, .equal), .notEqual: (.comparison, .notEqual),
    .less: (.comparison, .less), .lessEqual: (.comparison, .lessEqual),
    .greater: (.comparison, .greater), .greaterEqual: (.comparison, .greaterEqual),
    .approx: (.comparison, .approx),
    .dotEqual: (.comparison, .dotEqual), .dotNotEqual: (.comparison, .dotNotEqual),
    .dotLess: (.comparison, .dotLess), .dotLessEqual: (.comparison, .dotLessEqual),
    .dotGreater: (.comparison, .dotGreater), .dotGreaterEqual: (.comparison, .dotGreaterEqual),
    .colon: (.range, nil),
    .plus: (.sum, .add), .minus: (.sum, .subtract), .dotPlus: (.sum, .dotAdd),
    .dotMinus: (.sum, .dotSubtract),
    .star: (.product, .multiply), .slash: (.product, .divide), .backslash: (.product, .leftDivide),
    .dotStar: (.product, .dotMultiply), .dotSlash: (.product, .dotDivide),
    .dotBackslash: (.product, .dotLeftDivide), .cdot: (.product, .multiply), .cross: (.product, .multiply),
    .percent: (.product, .remainder),
    .caret: (.power, .power), .dotCaret: (.power, .dotPower),
    .leftParen: (.postfix, nil), .leftBracket: (.postfix, nil), .dot: (.postfix, nil),
    .dotParen: (.postfix, nil), .quote: (.postfix, nil),
]

struct ParseError: Error {
    var diagnostic: Diagnostic
    /// Reported at a bracket or block keyword that was never closed: an enclosing one leaves it be.
    var unclosed = false
}

/// A recursive-descent parser for statements and a Pratt parser for
/// expressions. After an error it skips to the next statement and goes on,
/// so every broken statement reports its first error.
public struct Parser {
    private var tokens: [Token]
    private var current = 0
    private var depth = 0
    private var inMatrixRow = false
    private var noRange = false
    /// Directly inside `[ ]` of an index (where a bare `:` is a whole dimension).
    private var inIndex = 0
    /// Anywhere inside an index position, including within parentheses, calls and
    /// literals there, but not a lambda body: `end` is the indexed dimension's size.
    private var endAllowed = false
    /// In a lambda body written inside an index (for the error message).
    private var inLambdaInIndex = false
    public private(set) var errors: [Diagnostic] = []
    /// How `describe` names the end of the tokens (`')'` for the code of a `$(…)`).
    private var endDescription: LocalizedText.Argument = .localized(Message.endOfInput.localized())
    /// Deepest nesting of expressions and blocks accepted (deeper is a syntax error, not a crash).
    public static let maximumDepth = 200
    /// The tallest expression tree accepted: `1+1+…+1` is parsed by a loop, not by recursion,
    /// but its tree is as tall as it is long, and compiling, analysing and freeing it recurse
    /// that deep (200,000 terms overflowed even the interpreter's 1 GB stack in a debug build).
    public static let maximumHeight = 10_000
    /// The height of the tallest expression finished since the innermost `parsePrecedence`
    /// began measuring (an upper bound: each node counts one level).
    private var highest = 0

    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole program. Returns the statements and every syntax error found.
    public static func parse(_ source: String, firstLine: Int = 1) -> (
        statements: [Stmt], errors: [Diagnostic]
    ) {
        var parser = Parser(tokens: Lexer.tokenize(source, firstLine: firstLine))
        let statements = parser.parseProgram()
        return (statements, parser.errors)
    }

    // MARK: token helpers

    private var peek: Token { tokens[current] }
    private func peekKind(_ offset: Int = 0) -> TokenKind {
        tokens[min(current + offset, tokens.count - 1)].kind
    }
    private var previous: Token { tokens[max(current - 1, 0)] }
    private var atEnd: Bool { peek.kind == .eof }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[current]
        if t.kind != .eof { current += 1 }
        return t
    }

    private mutating func match(_ kind: TokenKind) -> Bool {
        if peek.kind == kind {
            advance()
            return true
        }
        return false
    }

    private func error(_ message: String, at token: Token? = nil) -> ParseError {
        let t = token ?? peek
        if t.kind == .invalid { return invalidTokenError(t) }
        return ParseError(diagnostic: .lab(.syntax, message, at: t.range))
    }

    /// The error an `.invalid` token carries.
    private func invalidTokenError(_ t: Token) -> ParseError {
        if let problem = t.problem { return ParseError(diagnostic: .lab(.syntax, problem, at: t.range)) }
        return ParseError(diagnostic: .lab(.syntax, t.text, at: t.range))
    }

    /// A syntax error from the catalogue (issue 19), at `token` (default: the next one).
    private func error(_ message: LocalizedText, at token: Token? = nil) -> ParseError {
        let t = token ?? peek
        if t.kind == .invalid { return invalidTokenError(t) }
        return ParseError(diagnostic: .lab(.syntax, message, at: t.range))
    }

    /// "expected WHAT, found DESCRIPTION OF t".
    private func expected(_ what: Message, found t: Token) -> LocalizedText {
        LocalizedText(.expectedFound, [.localized(what.localized()), describe(t)])
    }

    private func describe(_ t: Token) -> LocalizedText.Argument {
        switch t.kind {
        case .eof: return endDescription
        case .newline: return .localized(Message.endOfLine.localized())
        case .string: return .localized(Message.aString.localized())
        case .number: return .localized(Message.numberToken.localized(t.text))
        case .identifier: return .localized(Message.nameToken.localized(t.text))
        default: return .verbatim("'\(t.text)'")
        }
    }

    @discardableResult
    private mutating func consume(_ kind: TokenKind, _ what: Message) throws(ParseError) -> Token {
        if peek.kind == kind { return advance() }
        throw error(expected(what, found: peek))
    }

    /// `consume` for the bracket that closes `opener`. Input that ends first is reported at
    /// the opener (`f(1, 2` is an unclosed `(` at its column, not a complaint about the end
    /// of the file); otherwise at what was found, with a note saying where the opener is.
    @discardableResult
    private mutating func consume(_ kind: TokenKind, _ what: Message, closing opener: Token)
        throws(ParseError) -> Token
    {
        if peek.kind == kind { return advance() }
        if peek.kind == .eof { throw neverClosed(opener, what) }
        var failure = error(expected(what, found: peek))
        let at = opener.range.start
        failure.diagnostic.addNote(Message.closerIsAt.localized(opener.text, "\(at.line)", "\(at.column)"))
        throw failure
    }

    /// "this 'OPENER' is never closed: expected WHAT before end of input", at the opener.
    /// (The message names the end of input: the shell reads a continuation line then.)
    private func neverClosed(_ opener: Token, _ what: Message) -> ParseError {
        let text = LocalizedText(
            .neverClosed, [.verbatim(opener.text), .localized(what.localized()), describe(peek)])
        var failure = error(text, at: opener)
        failure.unclosed = true
        return failure
    }

    /// Parses what `opener` (a bracket, or `for`, `function`, `if`, `while`) opens with `body`.
    /// Input that ends inside it (`[1, 2`, `for i in 1:3` with no `end`, `[1,`) is reported
    /// at the opener, as `neverClosed`, not at the end of the input, unless an inner opener
    /// already claimed it.
    private mutating func inside<T>(
        _ opener: Token, _ what: Message, _ body: (inout Parser) throws(ParseError) -> T
    ) throws(ParseError) -> T {
        do { return try body(&self) } catch {
            guard !error.unclosed, peek.kind == .eof, error.diagnostic.range?.start == peek.range.start
            else { throw error }
            throw neverClosed(opener, what)
        }
    }

    private mutating func skipNewlines() {
        while peek.kind == .newline { advance() }
    }

    private mutating func skipTerminators() {
        while peek.kind == .newline || peek.kind == .semicolon { advance() }
    }

    private mutating func enter() throws(ParseError) {
        depth += 1
        if depth > Parser.maximumDepth {
            throw error("expression nested too deeply (more than \(Parser.maximumDepth) levels)")
        }
    }

    // MARK: statements

    public mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        skipTerminators()
        while !atEnd {
            do {
                let s = try parseStatement()
                statements.append(s)
                try endStatement(&statements, topLevel: true)
            } catch {
                errors.append(error.diagnostic)
                synchronize()
            }
            skipTerminators()
        }
        return statements
    }

    /// After a statement: `;` (suppresses display), a newline, or the end.
    private mutating func endStatement(_ statements: inout [Stmt], topLevel: Bool) throws(ParseError) {
        switch peek.kind {
        case .semicolon:
            advance()
            if case let .expression(e, _) = statements.last {
                statements[statements.count - 1] = .expression(e, display: false)
            }
        case .newline, .eof: advance()
        case .kwEnd: break  // the statement parser says "'end' outside an index or a block" at the top
        case .kwElse where !topLevel, .kwElseif where !topLevel: break
        default: throw error(LocalizedText(.expectedNewLine, [describe(peek)]))
        }
    }

    private mutating func synchronize() {
        depth = 0
        highest = 0
        inMatrixRow = false
        noRange = false
        inIndex = 0
        endAllowed = false
        inLambdaInIndex = false
        // Skip to the end of the line: a ';' may sit inside the brackets of the broken statement.
        while !atEnd && peek.kind != .newline { advance() }
    }

    private mutating func parseBlock(_ terminators: Set<TokenKind>) throws(ParseError) -> [Stmt] {
        try enter()
        defer { depth -= 1 }
        var body: [Stmt] = []
        skipTerminators()
        while !terminators.contains(peek.kind) {
            if atEnd { throw error(expected(.wantEnd, found: peek)) }
            body.append(try parseStatement())
            try endStatement(&body, topLevel: false)
            skipTerminators()
        }
        return body
    }

    private mutating func parseStatement() throws(ParseError) -> Stmt {
        let start = peek
        switch peek.kind {
        case .kwFunction:
            return try inside(start, .wantEndFunction) { (p: inout Parser) throws(ParseError) in
                try p.parseFunction()
            }
        case .kwFor:
            return try inside(start, .wantEndLoop) { (p: inout Parser) throws(ParseError) in
                try p.parseFor()
            }
        case .kwWhile:
            return try inside(start, .wantEndLoop) { (p: inout Parser) throws(ParseError) in
                p.advance()
                let condition = try p.parseExpression()
                let body = try p.parseBlock([.kwEnd])
                let end = try p.consume(.kwEnd, .wantEnd)
                return .whileLoop(condition, body, start.range.union(end.range))
            }
        case .kwIf:
            return try inside(start, .wantEndIf) { (p: inout Parser) throws(ParseError) in
                try p.parseIf()
            }
        case .kwReturn:
            advance()
            if [.newline, .semicolon, .eof, .kwEnd, .kwElse, .kwElseif].contains(peek.kind) {
                return .returnStmt(nil, start.range)
            }
            let value = try parseExpression()
            return .returnStmt(value, start.range.union(value.range))
        case .kwBreak:
            advance()
            return .breakStmt(start.range)
        case .kwContinue:
            advance()
            return .continueStmt(start.range)
        case .kwGlobal:
            advance()
            var names = [try consume(.identifier, .wantNameAfterGlobal).text]
            while match(.comma) { names.append(try consume(.identifier, .wantName).text) }
            return .global(names, start.range.union(previous.range))
        case .question:
            // `?name` shows help.
            advance()
            let name = try consume(.identifier, .wantNameAfterQuestion)
            let r = start.range.union(name.range)
            return .expression(
                .call(.name("help", start.range), [Argument(value: .string(name.text, name.range))], r),
                display: true)
        default:
            break
        }
        let expr = try parseExpression()
        let compound: [TokenKind: BinaryOperator] = [
            .plusAssign: .add, .minusAssign: .subtract, .timesAssign: .multiply, .divideAssign: .divide,
        ]
        if peek.kind == .assign {
            let equals = advance()
            if case let .call(.name(name, _), args, _) = expr {
                let params = try parameters(from: args, at: equals)
                let body = try parseExpression()
                let r = expr.range.union(body.range)
                return .function(name, params, [.returnStmt(body, body.range)], r)
            }
            let target = try makeTarget(expr, at: equals)
            let value = try parseExpression()
            return .assign(target, nil, value, expr.range.union(value.range))
        }
        if let op = compound[peek.kind] {
            let token = advance()
            let target = try makeTarget(expr, at: token)
            let value = try parseExpression()
            return .assign(target, op, value, expr.range.union(value.range))
        }
        let dotCompound: [TokenKind: BinaryOperator] = [
            .dotPlusAssign: .dotAdd, .dotMinusAssign: .dotSubtract, .dotTimesAssign: .dotMultiply,
            .dotDivideAssign: .dotDivide,
        ]
        if let op = dotCompound[peek.kind] {
            // `x[2] .+= 10` is `x[2] = x[2] .+ 10`; `x .+= v` is `x .= x .+ v` (x keeps its shape).
            let token = advance()
            let value = try parseExpression()
            let range = expr.range.union(value.range)
            let target = try makeTarget(expr, at: token)
            switch target {
            case let .name(n, r):
                return .assign(.index(n, r, [.all(r)], r), nil, .binary(op, expr, value, range), range)
            case .index: return .assign(target, op, value, range)
            case .member: throw error(LocalizedText(.dotCompoundOnField, [.verbatim(token.text)]), at: token)
            }
        }
        if peek.kind == .dotAssign {
            // `A[i, :] .= v` and `x .= v`: v broadcast over the selection (all of x); values are
            // immutable, so the name is rebound to the changed copy, as with `A[i, :] = v`.
            let token = advance()
            let value = try parseExpression()
            let range = expr.range.union(value.range)
            let target = try makeTarget(expr, at: token)
            switch target {
            case let .name(n, r): return .assign(.index(n, r, [.all(r)], r), nil, value, range)
            case .index: return .assign(target, nil, value, range)
            case .member: throw error(".= broadcasts into a tensor: write x .= v or x[i, :] .= v", at: token)
            }
        }
        return .expression(expr, display: true)
    }

    private func makeTarget(_ expr: Expr, at token: Token) throws(ParseError) -> Target {
        switch expr {
        case let .name(n, r): return .name(n, r)
        case let .index(.name(n, nr), indices, r): return .index(n, nr, indices, r)
        case let .member(.name(n, nr), field, r): return .member(n, nr, field, r)
        default:
            throw ParseError(
                diagnostic: .lab(
                    .syntax, "cannot assign to this expression: expected a name, name[indices] or name.field",
                    at: expr.range))
        }
    }

    private func parameters(from args: [Argument], at token: Token) throws(ParseError) -> Parameters {
        var params = Parameters()
        for a in args {
            if let name = a.name {
                params.keywords.append((name, a.value))
            } else if case let .name(n, r) = a.value {
                if !params.keywords.isEmpty {
                    throw ParseError(
                        diagnostic: .lab(.syntax, "positional parameter \(n) after keyword parameters", at: r)
                    )
                }
                params.positional.append(n)
            } else {
                throw ParseError(
                    diagnostic: .lab(
                        .syntax, "expected a parameter name in the function definition", at: a.value.range))
            }
        }
        var seen = Set<String>()
        for n in params.positional + params.keywords.map(\.name) where !seen.insert(n).inserted {
            throw ParseError(diagnostic: .lab(.syntax, "parameter \(n) appears twice", at: token.range))
        }
        return params
    }

    private mutating func parseFunction() throws(ParseError) -> Stmt {
        let start = advance()
        let name = try consume(.identifier, .wantFunctionName)
        let open = try consume(.leftParen, .wantOpenAfterFunctionName)
        let args = try parseArguments(closing: .rightParen)
        let params = try parameters(from: args, at: open)
        let body = try parseBlock([.kwEnd])
        let end = try consume(.kwEnd, .wantEndFunction)
        return .function(name.text, params, body, start.range.union(end.range))
    }

    private mutating func parseFor() throws(ParseError) -> Stmt {
        let start = advance()
        let variable = try consume(.identifier, .wantLoopVariable)
        guard match(.kwIn) || match(.assign) || match(.elementOf) else {
            throw error(expected(.wantLoopIn, found: peek))
        }
        let sequence = try parseExpression()
        let body = try parseBlock([.kwEnd])
        let end = try consume(.kwEnd, .wantEndLoop)
        return .forLoop(variable.text, sequence, body, start.range.union(end.range))
    }

    private mutating func parseIf() throws(ParseError) -> Stmt {
        let start = advance()
        var branches: [(Expr, [Stmt])] = []
        var otherwise: [Stmt]?
        let condition = try parseExpression()
        branches.append((condition, try parseBlock([.kwEnd, .kwElse, .kwElseif])))
        while true {
            if match(.kwElseif) {
                let c = try parseExpression()
                branches.append((c, try parseBlock([.kwEnd, .kwElse, .kwElseif])))
            } else if match(.kwElse) {
                otherwise = try parseBlock([.kwEnd])
                break
            } else {
                break
            }
        }
        let end = try consume(.kwEnd, .wantEndIf)
        return .ifStmt(branches, otherwise, start.range.union(end.range))
    }

    // MARK: expressions

    mutating func parseExpression() throws(ParseError) -> Expr {
        try parsePrecedence(.ternary)
    }

    /// Measures the tree as it grows (`highest`): a node is one level above the tallest of
    /// its parts, so `1+1+…` of more than `maximumHeight` terms is an error at the operator
    /// that passes the limit, before a tree too tall to walk exists.
    private mutating func parsePrecedence(_ minimum: Precedence) throws(ParseError) -> Expr {
        try enter()
        defer { depth -= 1 }
        let outer = highest
        highest = 0
        var left = try parsePrefix()
        var height = highest + 1
        while true {
            let t = peek
            guard let (precedence, op) = infixTable[t.kind], precedence >= minimum else { break }
            if t.kind == .colon && (noRange || isBareColon()) { break }
            if inMatrixRow && t.spaceBefore {
                // `[1 -2]`, `[a (b)]`, `[a [b]]`: a space starts a new element.
                if [.leftParen, .leftBracket, .quote].contains(t.kind) { break }
                if (t.kind == .plus || t.kind == .minus) && !tokens[current + 1].spaceBefore { break }
            }
            if height >= Parser.maximumHeight { throw tooLong(at: t) }
            advance()
            highest = 0
            defer { height = max(height, highest) + 1 }
            switch t.kind {
            case .question:
                let saved = noRange
                noRange = true
                let then = try parsePrecedence(.ternary)
                noRange = saved
                try consume(.colon, .wantConditionalColon)
                let otherwise = try parsePrecedence(.ternary)
                left = .ternary(left, then, otherwise, left.range.union(otherwise.range))
            case .orOr:
                let right = try parsePrecedence(.and)
                left = .or(left, right, left.range.union(right.range))
            case .andAnd:
                let right = try parsePrecedence(.comparison)
                left = .and(left, right, left.range.union(right.range))
            case .colon:
                let second = try parsePrecedence(.sum)
                if peek.kind == .colon && !isBareColon() {
                    advance()
                    let third = try parsePrecedence(.sum)
                    left = .range(left, second, third, left.range.union(third.range))
                } else {
                    left = .range(left, nil, second, left.range.union(second.range))
                }
            case .caret, .dotCaret:
                let right = try parsePrecedence(.unary)
                left = .binary(op!, left, right, left.range.union(right.range))
            case .leftParen:
                let args = try parseArguments(closing: .rightParen)
                left = .call(left, args, left.range.union(previous.range))
            case .dotParen:
                let args = try parseArguments(closing: .rightParen)
                left = .dotCall(left, args, left.range.union(previous.range))
            case .leftBracket:
                left = try parseIndex(left)
            case .dot:
                let name = try consume(.identifier, .wantFieldAfterDot)
                left = .member(left, name.text, left.range.union(name.range))
            case .quote:
                left = .transpose(left, left.range.union(t.range))
            default:
                if t.kind == .star && peek.kind == .star && !peek.spaceBefore {
                    throw error(
                        "Lab has no ** operator: write x^2 for a power (x .^ 2 elementwise)", at: peek)
                }
                // Binary operators; comparisons do not chain.
                let next = Precedence(rawValue: precedence.rawValue + 1)!
                let right = try parsePrecedence(next)
                left = .binary(op!, left, right, left.range.union(right.range))
                if precedence == .comparison, let (p, _) = infixTable[peek.kind], p == .comparison {
                    throw error("comparisons do not chain: write (a < b) && (b < c)")
                }
            }
        }
        highest = max(outer, height)
        return left
    }

    /// "expression too long", at the operator that would make the tree taller than the limit.
    private func tooLong(at t: Token) -> ParseError {
        error(
            "expression too long: at most \(Parser.maximumHeight) operators in a chain "
                + "(or nested in one another); split it into parts (s = a + b; s + c) or use sum",
            at: t)
    }

    /// A `:` standing for a whole dimension inside an index (`A[:, 1]`).
    private func isBareColon() -> Bool {
        inIndex > 0 && peek.kind == .colon && [.comma, .rightBracket].contains(peekKind(1))
    }

    private mutating func parsePrefix() throws(ParseError) -> Expr {
        let t = advance()
        switch t.kind {
        case .number:
            let literal = Expr.number(t.number, t.range)
            if (peek.kind == .identifier || peek.kind == .leftParen) && !peek.spaceBefore {
                // Implicit multiplication: 2x, 2π, 3(x + 1).
                let right = try parsePrecedence(.power)
                return .binary(.multiply, literal, right, t.range.union(right.range))
            }
            return literal
        case .string:
            if let pieces = t.pieces { return try parseInterpolation(pieces, t.range) }
            return .string(t.text, t.range)
        case .latex: return .latex(t.text, t.range)
        case .kwTrue: return .bool(true, t.range)
        case .kwFalse: return .bool(false, t.range)
        case .kwNothing: return .nothing(t.range)
        case .kwEnd:
            if endAllowed { return .end(t.range) }
            if inLambdaInIndex {
                throw error(
                    "'end' inside a function in an index: the function runs later, so write length(v) or size(A, d)",
                    at: t)
            }
            throw error("'end' outside an index or a block", at: t)
        case .identifier:
            if peek.kind == .arrow {
                advance()
                let body = try parseLambdaBody()
                return .lambda(Parameters(positional: [t.text]), body, t.range.union(body.range))
            }
            return .name(t.text, t.range)
        case .minus, .plus, .bang, .sqrt:
            let operand = try parsePrecedence(.unary)
            let op: UnaryOperator =
                t.kind == .minus ? .negate : t.kind == .plus ? .plus : t.kind == .bang ? .not : .sqrt
            if op == .negate, case let .number(v, r) = operand { return .number(-v, t.range.union(r)) }
            return .unary(op, operand, t.range.union(operand.range))
        case .leftParen:
            return try parseParenthesized(t)
        case .leftBracket:
            return try parseMatrix(t)
        default:
            throw error(LocalizedText(.expectedExpression, [describe(t)]), at: t)
        }
    }

    /// Runs `body` outside matrix-row, no-range and index context (inside brackets).
    private mutating func withFlags<T>(_ body: (inout Parser) throws(ParseError) -> T) throws(ParseError) -> T
    {
        let saved = (inMatrixRow, noRange, inIndex)
        inMatrixRow = false
        noRange = false
        inIndex = 0
        defer { (inMatrixRow, noRange, inIndex) = saved }
        return try body(&self)
    }

    /// A lambda's body: outside any index, so `end` there is an error (the body
    /// runs later, when no array is being indexed).
    private mutating func parseLambdaBody() throws(ParseError) -> Expr {
        let saved = (endAllowed, inLambdaInIndex)
        inLambdaInIndex = inLambdaInIndex || endAllowed
        endAllowed = false
        defer { (endAllowed, inLambdaInIndex) = saved }
        return try withFlags { (p: inout Parser) throws(ParseError) in try p.parseExpression() }
    }

    private func isLambdaAhead() -> Bool {
        // From just after '(' find the matching ')' and look for '->'.
        var level = 1
        var i = current
        while i < tokens.count {
            switch tokens[i].kind {
            case .leftParen, .dotParen, .leftBracket: level += 1
            case .rightParen, .rightBracket:
                level -= 1
                if level == 0 { return i + 1 < tokens.count && tokens[i + 1].kind == .arrow }
            case .eof: return false
            default: break
            }
            i += 1
        }
        return false
    }

    private mutating func parseParenthesized(_ open: Token) throws(ParseError) -> Expr {
        try inside(open, .wantRightParen) { (q: inout Parser) throws(ParseError) -> Expr in
            try q.parseParenthesizedInside(open)
        }
    }

    private mutating func parseParenthesizedInside(_ open: Token) throws(ParseError) -> Expr {
        try withFlags { (p: inout Parser) throws(ParseError) -> Expr in
            if p.isLambdaAhead() {
                var names: [String] = []
                if p.peek.kind != .rightParen {
                    repeat {
                        names.append(try p.consume(.identifier, .wantParameterName).text)
                    } while p.match(.comma)
                }
                try p.consume(.rightParen, .wantCloseAfterParameters)
                try p.consume(.arrow, .wantArrow)
                let body = try p.parseLambdaBody()
                return .lambda(Parameters(positional: names), body, open.range.union(body.range))
            }
            if p.peek.kind == .identifier && p.peekKind(1) == .assign {
                var fields: [(String, Expr)] = []
                repeat {
                    if p.peek.kind == .rightParen { break }
                    let name = try p.consume(.identifier, .wantFieldName)
                    try p.consume(.assign, .wantEqualsAfterField)
                    if fields.contains(where: { $0.0 == name.text }) {
                        throw p.error("field \(name.text) appears twice", at: name)
                    }
                    fields.append((name.text, try p.parseExpression()))
                } while p.match(.comma)
                let close = try p.consume(.rightParen, .wantCloseRecord, closing: open)
                return .record(fields, open.range.union(close.range))
            }
            let first = try p.parseExpression()
            if p.peek.kind == .kwFor {
                let c = try p.parseComprehension(first)
                let close = try p.consume(.rightParen, .wantCloseGenerator, closing: open)
                return .comprehension(c, open.range.union(close.range))
            }
            if p.match(.comma) {
                var items = [first]
                while p.peek.kind != .rightParen {
                    items.append(try p.parseExpression())
                    if !p.match(.comma) { break }
                }
                let close = try p.consume(.rightParen, .wantCloseTuple, closing: open)
                return .tuple(items, open.range.union(close.range))
            }
            try p.consume(.rightParen, .wantRightParen, closing: open)
            return first
        }
    }

    private mutating func parseArguments(closing: TokenKind) throws(ParseError) -> [Argument] {
        let opener = previous
        return try inside(opener, .wantCloseArguments) { (q: inout Parser) throws(ParseError) in
            try q.parseArgumentsInside(closing: closing, opener: opener)
        }
    }

    private mutating func parseArgumentsInside(closing: TokenKind, opener: Token) throws(ParseError)
        -> [Argument]
    {
        try withFlags { (p: inout Parser) throws(ParseError) -> [Argument] in
            var args: [Argument] = []
            var keywordsOnly = false
            while p.peek.kind != closing {
                if p.match(.semicolon) {
                    keywordsOnly = true
                    continue
                }
                if p.peek.kind == .identifier && p.peekKind(1) == .assign {
                    let name = p.advance()
                    p.advance()
                    args.append(
                        Argument(name: name.text, nameRange: name.range, value: try p.parseExpression()))
                } else if keywordsOnly {
                    throw p.error(p.expected(.wantKeywordArgument, found: p.peek))
                } else {
                    let value = try p.parseExpression()
                    if p.peek.kind == .kwFor {
                        // `sum(x^2 for x in xs)`: a generator argument.
                        let c = try p.parseComprehension(value)
                        args.append(Argument(value: .comprehension(c, value.range.union(p.previous.range))))
                    } else {
                        args.append(Argument(value: value))
                    }
                }
                if p.peek.kind == .semicolon { continue }
                if !p.match(.comma) { break }
            }
            try p.consume(closing, .wantCloseArguments, closing: opener)
            return args
        }
    }

    private mutating func parseIndex(_ base: Expr) throws(ParseError) -> Expr {
        try inside(previous, .wantCloseIndex) { (p: inout Parser) throws(ParseError) in
            try p.parseIndexInside(base)
        }
    }

    private mutating func parseIndexInside(_ base: Expr) throws(ParseError) -> Expr {
        let saved = (inMatrixRow, noRange, inIndex, endAllowed)
        inMatrixRow = false
        noRange = false
        inIndex += 1
        endAllowed = true
        defer { (inMatrixRow, noRange, inIndex, endAllowed) = saved }
        var indices: [IndexExpr] = []
        skipNewlines()
        while peek.kind != .rightBracket {
            if peek.kind == .colon && [.comma, .rightBracket].contains(peekKind(1)) {
                indices.append(.all(advance().range))
            } else {
                indices.append(.expr(try parseExpression()))
            }
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        let close = try consume(.rightBracket, .wantCloseIndex)
        if indices.isEmpty { throw error("expected an index inside [ ]", at: close) }
        return .index(base, indices, base.range.union(close.range))
    }

    private mutating func parseMatrix(_ open: Token) throws(ParseError) -> Expr {
        try inside(open, .wantRightBracket) { (p: inout Parser) throws(ParseError) in
            try p.parseMatrixInside(open)
        }
    }

    private mutating func parseMatrixInside(_ open: Token) throws(ParseError) -> Expr {
        let saved = (inMatrixRow, noRange, inIndex)
        noRange = false
        inIndex = 0
        defer { (inMatrixRow, noRange, inIndex) = saved }
        skipNewlines()
        if peek.kind == .rightBracket {
            return .vector([], open.range.union(advance().range))
        }
        inMatrixRow = true
        let first = try parseExpression()
        if peek.kind == .newline && nextAfterNewlines == .kwFor { skipNewlines() }
        if peek.kind == .kwFor {
            inMatrixRow = false
            let c = try parseComprehension(first)
            skipNewlines()
            let close = try consume(.rightBracket, .wantCloseComprehension)
            return .comprehension(c, open.range.union(close.range))
        }
        if peek.kind == .comma {
            // [a, b, c]: a column vector, newlines allowed.
            inMatrixRow = false
            var items = [first]
            while match(.comma) {
                skipNewlines()
                if peek.kind == .rightBracket { break }
                items.append(try parseExpression())
                skipNewlines()
            }
            let close = try consume(.rightBracket, .wantVectorCloseOrComma)
            return .vector(items, open.range.union(close.range))
        }
        var rows: [[Expr]] = [[first]]
        while true {
            switch peek.kind {
            case .rightBracket:
                let close = advance()
                return .matrix(rows, open.range.union(close.range))
            case .semicolon, .newline:
                while peek.kind == .semicolon || peek.kind == .newline { advance() }
                if peek.kind == .rightBracket { continue }
                rows.append([try parseExpression()])
            case .comma:
                throw error("cannot mix ',' with spaces or ';' in a matrix: write [a b; c d] or [a, b, c]")
            case .eof:
                throw error(expected(.wantCloseMatrix, found: peek))
            default:
                rows[rows.count - 1].append(try parseExpression())
            }
        }
    }

    /// After the body of a comprehension or generator, at `for`: the clauses
    /// (`for x in xs`, `, y in ys` for a new dimension, `for y in ys` nested) and an `if` filter.
    private mutating func parseComprehension(_ body: Expr) throws(ParseError) -> Comprehension {
        let saved = (inMatrixRow, noRange, inIndex)
        (inMatrixRow, noRange, inIndex) = (false, false, 0)
        defer { (inMatrixRow, noRange, inIndex) = saved }
        var clauses: [ComprehensionClause] = []
        // Inside `[ ]` newlines are tokens; a comprehension may continue on the next line.
        func skipToKeyword(_ p: inout Parser) {
            if p.peek.kind == .newline && [.kwFor, .kwIf].contains(p.nextAfterNewlines) { p.skipNewlines() }
        }
        while match(.kwFor) {
            var nested = !clauses.isEmpty
            while true {
                let variable = try consume(.identifier, .wantLoopVariable)
                guard match(.kwIn) || match(.assign) || match(.elementOf) else {
                    throw error(
                        expected(.wantLoopIn, found: peek))
                }
                let sequence = try parseExpression()
                clauses.append(
                    ComprehensionClause(
                        name: variable.text, nameRange: variable.range, sequence: sequence, nested: nested))
                nested = false
                // `, j in 1:m` continues with a new dimension; any other comma ends the generator.
                guard peek.kind == .comma, peekKind(1) == .identifier,
                    [.kwIn, .elementOf].contains(peekKind(2))
                else { break }
                advance()
            }
            skipToKeyword(&self)
        }
        var condition: Expr?
        if match(.kwIf) { condition = try parseExpression() }
        return Comprehension(body: body, clauses: clauses, condition: condition)
    }

    /// The kind of the first token after the newlines here.
    private var nextAfterNewlines: TokenKind {
        var i = current
        while i < tokens.count - 1 && tokens[i].kind == .newline { i += 1 }
        return tokens[i].kind
    }

    /// `"… $x … $(expr) …"`: each code piece parsed on its own, located where it stands in the string.
    private mutating func parseInterpolation(
        _ pieces: [StringPiece], _ range: SourceRange
    ) throws(ParseError) -> Expr {
        var parts: [InterpolationPart] = []
        for piece in pieces {
            switch piece {
            case let .text(s): parts.append(.text(s))
            case let .code(source, at):
                var inner = Parser(tokens: Lexer.tokenize(source, firstLine: at.line, firstColumn: at.column))
                inner.depth = depth
                inner.endDescription = .verbatim("')'")
                if inner.peek.kind == .eof {
                    let empty = SourceRange(start: at, end: at)
                    throw ParseError(
                        diagnostic: .lab(.syntax, "expected an expression inside $( )", at: empty))
                }
                let e = try inner.parseExpression()
                highest = max(highest, inner.highest)
                if inner.peek.kind != .eof {
                    throw inner.error(inner.expected(.wantCloseInterpolation, found: inner.peek))
                }
                parts.append(.expr(e))
            }
        }
        return .interpolation(parts, range)
    }
}
