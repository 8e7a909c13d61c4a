import Diagnostics

/// Binary operators, in the spelling the table of LANGUAGE.md uses.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", leftDivide = "\\", power = "^"
    case dotAdd = ".+", dotSubtract = ".-", dotMultiply = ".*", dotDivide = "./"
    case dotLeftDivide = ".\\", dotPower = ".^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    /// `a ≈ b` (Julia's isapprox): same shape and ‖a − b‖ ≤ max(atol, rtol·max(‖a‖, ‖b‖))
    /// with rtol = √ε ≈ 1.5e-8 and atol = 0; false (not an error) when shapes differ.
    case approx = "≈"
    /// `a % b` (Julia's `rem`): a − b·trunc(a/b), elementwise; the sign follows a.
    case remainder = "%"
    case dotEqual = ".==", dotNotEqual = ".!=", dotLess = ".<", dotLessEqual = ".<="
    case dotGreater = ".>", dotGreaterEqual = ".>="
}

/// Prefix operators. `√x` is `sqrt(x)`.
public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", not = "!", sqrt = "√"
}

/// One subscript inside `[ ]`: a whole dimension `:` or an expression
/// (which may mention `end`).
public enum IndexExpr: Sendable {
    case all(SourceRange)
    case expr(Expr)
}

/// A call argument: positional or `name = value`.
public struct Argument: Sendable {
    public var name: String?
    public var nameRange: SourceRange?
    public var value: Expr
}

/// A function parameter list: positional names, then keyword names with
/// default expressions.
public struct Parameters: Sendable {
    public var positional: [String] = []
    public var keywords: [(name: String, defaultValue: Expr)] = []
}

/// An expression with its source range.
public indirect enum Expr: Sendable {
    case number(Double, SourceRange)
    case string(String, SourceRange)
    case latex(String, SourceRange)
    case bool(Bool, SourceRange)
    case nothing(SourceRange)
    case name(String, SourceRange)
    case end(SourceRange)
    case unary(UnaryOperator, Expr, SourceRange)
    case binary(BinaryOperator, Expr, Expr, SourceRange)
    case and(Expr, Expr, SourceRange)
    case or(Expr, Expr, SourceRange)
    case ternary(Expr, Expr, Expr, SourceRange)
    case range(Expr, Expr?, Expr, SourceRange)  // start, step, stop
    case call(Expr, [Argument], SourceRange)
    case dotCall(Expr, [Argument], SourceRange)
    case index(Expr, [IndexExpr], SourceRange)
    case member(Expr, String, SourceRange)
    case transpose(Expr, SourceRange)
    case lambda(Parameters, Expr, SourceRange)
    case record([(String, Expr)], SourceRange)
    case tuple([Expr], SourceRange)
    /// `[a, b, c]` (a column vector).
    case vector([Expr], SourceRange)
    /// `[a b; c d]`: rows of space-separated elements.
    case matrix([[Expr]], SourceRange)
    /// `[f(x) for x in xs if p(x)]` and the generator `(f(x) for x in xs)`: both make the
    /// same value (a Vector of numbers, else a List; two `,` clauses make a Matrix).
    case comprehension(Comprehension, SourceRange)
    /// `"x is $x, y is $(f(y))"`: the pieces in order.
    case interpolation([InterpolationPart], SourceRange)

    public var range: SourceRange {
        switch self {
        case let .number(_, r), let .string(_, r), let .latex(_, r), let .bool(_, r), let .nothing(r),
            let .name(_, r), let .end(r), let .unary(_, _, r), let .binary(_, _, _, r), let .and(_, _, r),
            let .or(_, _, r), let .ternary(_, _, _, r), let .range(_, _, _, r), let .call(_, _, r),
            let .dotCall(_, _, r), let .index(_, _, r), let .member(_, _, r), let .transpose(_, r),
            let .lambda(_, _, r), let .record(_, r), let .tuple(_, r), let .vector(_, r), let .matrix(_, r),
            let .comprehension(_, r), let .interpolation(_, r):
            return r
        }
    }
}

/// One `for name in sequence` of a comprehension. `nested` is true for a clause written
/// after another `for` (`for x in xs for y in f(x)`: the sequence may use x, results are
/// flat); false for the first clause and for one after a comma (`for i in 1:n, j in 1:m`:
/// a new dimension of the result).
public struct ComprehensionClause: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var sequence: Expr
    public var nested: Bool
}

/// `body for clause… if condition`. The loop variables are locals of the comprehension
/// (a new scope, as for a lambda's parameters), fresh for every element.
public struct Comprehension: Sendable {
    public var body: Expr
    public var clauses: [ComprehensionClause]
    public var condition: Expr?
}

/// A piece of an interpolated string: literal text or an expression (`$x`, `$(…)`).
public enum InterpolationPart: Sendable {
    case text(String)
    case expr(Expr)
}

/// Where an assignment stores.
public indirect enum Target: Sendable {
    case name(String, SourceRange)
    case index(String, SourceRange, [IndexExpr], SourceRange)
    case member(String, SourceRange, String, SourceRange)
}

/// A statement. `display` on an expression statement is false when it ended in `;`.
public indirect enum Stmt: Sendable {
    case expression(Expr, display: Bool)
    case assign(Target, BinaryOperator?, Expr, SourceRange)
    case function(String, Parameters, [Stmt], SourceRange)
    case forLoop(String, Expr, [Stmt], SourceRange)
    case whileLoop(Expr, [Stmt], SourceRange)
    case ifStmt([(Expr, [Stmt])], [Stmt]?, SourceRange)
    case returnStmt(Expr?, SourceRange)
    case breakStmt(SourceRange)
    case continueStmt(SourceRange)
    case global([String], SourceRange)
}

extension Stmt {
    /// The source span of the statement.
    public var range: SourceRange {
        switch self {
        case let .expression(e, _): return e.range
        case let .assign(_, _, _, r), let .function(_, _, _, r), let .forLoop(_, _, _, r),
            let .whileLoop(_, _, r),
            let .ifStmt(_, _, r), let .returnStmt(_, r), let .breakStmt(r), let .continueStmt(r),
            let .global(_, r):
            return r
        }
    }
}
