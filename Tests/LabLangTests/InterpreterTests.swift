import Diagnostics
import Testing

@testable import LabLang

/// Runs `source` in a fresh interpreter over `TestHost`; records any error as a failure.
func run(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Interpreter {
    let interpreter = Interpreter(host: TestHost())
    let evaluation = interpreter.evaluate(source)
    #expect(
        evaluation.succeeded, "\(evaluation.diagnostics.map(\.description))", sourceLocation: sourceLocation)
    return interpreter
}

/// The numbers of a value: a Number, a List of Numbers, or a TestVector.
func numbers(_ value: Value?) -> [Double]? {
    switch value {
    case let .number(x)?: return [x]
    case let .list(items)?:
        let parts = items.map { numbers($0) }
        return parts.contains { $0 == nil } ? nil : parts.flatMap { $0! }
    case let .object(v as TestVector)?: return v.items
    default: return nil
    }
}

/// Operator values from Julia's semantics: each source is evaluated as `r = source`.
/// The expected numbers are what `julia -e 'println(source)'` prints (by its precedence
/// table and IEEE arithmetic), worked by hand: e.g. `2^3^2` = 2^9.
@Suite struct OperatorValueTests {
    @Test(arguments: [
        ("2^3^2", 512.0),
        ("-2^2", -4),
        ("2^-1", 0.5),
        ("-2^-2", -0.25),
        ("2 ^ 0.5 ^ 2", 1.189_207_115_002_721),  // 2^(1/4)
        ("7 % 4 * 2", 6),
        ("-7 % 3", -1),  // rem: the sign of the dividend
        ("7 % -3", 1),
        ("2 \\ 6", 3),
        ("10 - 2 - 3", 5),
        ("48 / 4 / 2", 6),
        ("2 * 3 + 4 * 5", 26),
        ("√16 * 2", 8),
        ("√4^2", 4),
        ("-√4", -2),
        ("1/2*4", 2),
        ("(1 + 2) * 3", 9),
        ("true ? 1 : 2 + 10", 1),
        ("false ? 1 : 2 + 10", 12),
        ("1 < 2 ? 10 : 20", 10),
        ("3 .+ 4 .* 2", 11),
        ("1 / 0", .infinity),
        ("-1 / 0", -.infinity),
    ])
    func numberValues(_ source: String, _ expected: Double) {
        let value = run("r = " + source).global("r")
        #expect(numbers(value) == [expected], "\(source)")
    }

    @Test func implicitMultiplicationWithANameBindsAsJuliaDoes() {
        let i = run("x = 3\na = 2x^2\nb = 1/2x\nc = 2(x + 1)")
        #expect(numbers(i.global("a")) == [18])
        #expect(numbers(i.global("b")) == [1.0 / 6.0])
        #expect(numbers(i.global("c")) == [8])
    }

    @Test(arguments: [
        ("!true == false", true),
        ("1 + 2 == 3", true),
        ("true || false && false", true),  // || (&& …): the other nesting gives false
        ("false && true || true", true),
        ("!false && false", false),
        ("1 ≠ 2", true), ("2 ≤ 2", true), ("1 ≥ 2", false),
        ("0.1 + 0.2 ≈ 0.3", true), ("0.1 + 0.2 == 0.3", false), ("1e-10 ≈ 0", false),
    ])
    func boolValues(_ source: String, _ expected: Bool) {
        guard case let .bool(b)? = run("r = " + source).global("r") else {
            Issue.record("\(source) is not a Bool")
            return
        }
        #expect(b == expected, "\(source)")
    }

    /// Julia's truth tables, and the right operand not evaluated when the left decides
    /// (an undefined name there would be an error).
    @Test func andBindsTighterThanOrAndBothShortCircuit() {
        for a in [true, false] {
            for b in [true, false] {
                for c in [true, false] {
                    let i = run(
                        "p = \(a) && \(b) && \(c)\nq = \(a) || \(b) || \(c)\nr = \(a) || \(b) && \(c)")
                    func bool(_ name: String) -> Bool? {
                        if case let .bool(v)? = i.global(name) { return v } else { return nil }
                    }
                    #expect(bool("p") == (a && b && c))
                    #expect(bool("q") == (a || b || c))
                    #expect(bool("r") == (a || (b && c)))
                }
            }
        }
        let i = run("p = false && undefined_name\nq = true || undefined_name")
        if case .bool(false)? = i.global("p") {} else { Issue.record("false && … evaluated its right side") }
        if case .bool(true)? = i.global("q") {} else { Issue.record("true || … evaluated its right side") }
    }
}
