import Diagnostics
import Testing

@testable import LabLang

/// The tree of an expression as an S-expression (Julia's `Meta.show_sexpr` style):
/// `(+ a (* b c))`. Operators print in their canonical spelling (`⋅` prints `*`).
func sexpr(_ e: Expr) -> String {
    func args(_ a: [Argument]) -> String {
        a.map { " " + ($0.name.map { "\($0)=" } ?? "") + sexpr($0.value) }.joined()
    }
    switch e {
    case let .number(v, _): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    case let .name(n, _): return n
    case let .bool(b, _): return "\(b)"
    case let .string(s, _): return "\"\(s)\""
    case .nothing: return "nothing"
    case .end: return "end"
    case let .unary(op, x, _): return "(\(op.rawValue) \(sexpr(x)))"
    case let .binary(op, a, b, _): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case let .and(a, b, _): return "(&& \(sexpr(a)) \(sexpr(b)))"
    case let .or(a, b, _): return "(|| \(sexpr(a)) \(sexpr(b)))"
    case let .ternary(c, a, b, _): return "(? \(sexpr(c)) \(sexpr(a)) \(sexpr(b)))"
    case let .range(a, step, b, _):
        return "(: \(sexpr(a))\(step.map { " " + sexpr($0) } ?? "") \(sexpr(b)))"
    case let .call(f, a, _): return "(call \(sexpr(f))\(args(a)))"
    case let .dotCall(f, a, _): return "(.call \(sexpr(f))\(args(a)))"
    case let .index(b, idx, _):
        let parts = idx.map { i -> String in
            if case let .expr(x) = i { return sexpr(x) } else { return ":" }
        }
        return "(ref \(sexpr(b)) \(parts.joined(separator: " ")))"
    case let .member(b, n, _): return "(. \(sexpr(b)) \(n))"
    case let .transpose(x, _): return "(' \(sexpr(x)))"
    case let .lambda(p, body, _): return "(-> (\(p.positional.joined(separator: " "))) \(sexpr(body)))"
    case let .tuple(items, _): return "(tuple \(items.map(sexpr).joined(separator: " ")))"
    default: return "<\(e)>"
    }
}

/// The precedence table checked against Julia's, not against Parser.swift's `infixTable`.
///
/// Julia's manual, "Mathematical Operations → Operator Precedence and Associativity",
/// highest first: `^` (right), unary `+ - ! √` (right), `* / % \ ÷` (left), `+ -` (left),
/// `:` (left; `a:b:c` is one range), comparisons `== != < <= > >= ≈`, `&&` (right),
/// `||` (right), `? :` (right). A dotted operator binds as its undotted one. `⋅` and `×`
/// are Julia's multiplication-level operators. Lab's one documented difference
/// (LANGUAGE.md, Decisions): comparisons do not chain but are a syntax error.
@Suite struct PrecedenceTests {
    enum Level: Int, Comparable {
        case or = 1, and, comparison, range, sum, product, power
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// (spelling, canonical spelling in the tree, Julia level).
    static let binary: [(String, String, Level)] = [
        ("||", "||", .or), ("&&", "&&", .and),
        ("==", "==", .comparison), ("!=", "!=", .comparison), ("≠", "!=", .comparison),
        ("<", "<", .comparison), ("<=", "<=", .comparison), ("≤", "<=", .comparison),
        (">", ">", .comparison), (">=", ">=", .comparison), ("≥", ">=", .comparison), ("≈", "≈", .comparison),
        (".==", ".==", .comparison), (".!=", ".!=", .comparison), (".<", ".<", .comparison),
        (".<=", ".<=", .comparison), (".>", ".>", .comparison), (".>=", ".>=", .comparison),
        (":", ":", .range),
        ("+", "+", .sum), ("-", "-", .sum), (".+", ".+", .sum), (".-", ".-", .sum),
        ("*", "*", .product), ("/", "/", .product), ("\\", "\\", .product), ("%", "%", .product),
        (".*", ".*", .product), ("./", "./", .product), (".\\", ".\\", .product),
        ("⋅", "*", .product), ("×", "*", .product),
        ("^", "^", .power), (".^", ".^", .power),
    ]
    static let unary = ["-", "+", "!", "√"]

    func tree(_ source: String) -> String {
        let (statements, errors) = Parser.parse(source)
        guard errors.isEmpty, case let .expression(e, _)? = statements.first, statements.count == 1 else {
            return "error: \(errors.map(\.message))"
        }
        return sexpr(e)
    }

    /// The tree Julia's table gives `a op1 b op2 c`.
    static func expected(_ op1: (String, String, Level), _ op2: (String, String, Level)) -> String {
        let (s1, l1, s2, l2) = (op1.1, op1.2, op2.1, op2.2)
        if l1 == .range && l2 == .range { return "(: a b c)" }
        let right = l1 < l2 || (l1 == l2 && l1 == .power)
        return right ? "(\(s1) a (\(s2) b c))" : "(\(s2) (\(s1) a b) c)"
    }

    @Test func everyPairOfBinaryOperatorsNestsAsInJulia() {
        for op1 in Self.binary {
            for op2 in Self.binary {
                let source = "a \(op1.0) b \(op2.0) c"
                let got = tree(source)
                if op1.2 == .comparison && op2.2 == .comparison {
                    #expect(got.contains("comparisons do not chain"), "\(source): \(got)")
                } else if op1.2 == op2.2 && (op1.2 == .and || op1.2 == .or) {
                    // Julia nests && and || to the right; Lab to the left. Both operators are
                    // associative and short-circuit, so no program can tell: the values are
                    // checked in InterpreterTests.andBindsTighterThanOrAndBothShortCircuit.
                    #expect(got == "(\(op1.1) (\(op1.1) a b) c)", "\(source)")
                } else {
                    #expect(got == Self.expected(op1, op2), "\(source)")
                }
            }
        }
    }

    @Test func prefixOperatorsBindBelowPowerAndAboveEverythingElse() {
        for u in Self.unary {
            for op in Self.binary {
                let before = "\(u)a \(op.0) b", after = "a \(op.0) \(u)b"
                let expectBefore = op.2 == .power ? "(\(u) (\(op.1) a b))" : "(\(op.1) (\(u) a) b)"
                #expect(tree(before) == expectBefore, "\(before)")
                #expect(tree(after) == "(\(op.1) a (\(u) b))", "\(after)")
            }
            for v in Self.unary {
                #expect(tree("\(u)\(v)a") == "(\(u) (\(v) a))")
            }
        }
    }

    /// Postfix, implicit multiplication (Julia: `2x^2` is `2(x^2)`, `2^3x` is `2^(3x)`,
    /// `1/2x` is `1/(2x)`), ranges and the conditional.
    @Test(arguments: [
        ("-a'", "(- (' a))"),
        ("a^b'", "(^ a (' b))"),
        ("-a[1]", "(- (ref a 1))"),
        ("-f(a)^2", "(- (^ (call f a) 2))"),
        ("-a.b^2", "(- (^ (. a b) 2))"),
        ("a.b'", "(' (. a b))"),
        ("2x^2", "(* 2 (^ x 2))"),
        ("2x'", "(* 2 (' x))"),
        ("1/2x", "(/ 1 (* 2 x))"),
        ("2^3x", "(^ 2 (* 3 x))"),
        ("2(a + b)", "(* 2 (+ a b))"),
        ("-2^2", "(- (^ 2 2))"),
        ("-2 * a", "(* -2 a)"),
        ("a:b:c + d", "(: a b (+ c d))"),
        ("a - b:c", "(: (- a b) c)"),
        ("a ? b : c ? d : e", "(? a b (? c d e))"),
        ("a || b ? c + d : e", "(? (|| a b) (+ c d) e)"),
        ("a ? b : c || d", "(? a b (|| c d))"),
        ("x -> x + 1", "(-> (x) (+ x 1))"),
        ("f.(a .+ 1)", "(.call f (.+ a 1))"),
    ])
    func otherForms(_ source: String, _ expected: String) {
        #expect(tree(source) == expected, "\(source)")
    }
}
