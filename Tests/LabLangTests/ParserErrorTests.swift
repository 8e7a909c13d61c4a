import Diagnostics
import Testing

@testable import LabLang

/// Issue 18: an unclosed `(` was reported at the end of the input; it is reported at the `(`.
@Suite struct UnclosedBracketTests {
    @Test func anUnclosedParenthesisIsReportedWhereItOpens() {
        let errors = Parser.parse("y = 1\nf(1, 2").errors
        #expect(errors.count == 1)
        #expect(errors.first?.range?.start.line == 2 && errors.first?.range?.start.column == 2, "\(errors)")
        #expect(errors.first?.message.contains("never closed") == true)
        let tuple = Parser.parse("g = (1, 2").errors.first
        #expect(tuple?.range?.start.column == 5, "\(String(describing: tuple))")
    }

    @Test func aWrongTokenInsideIsReportedWhereItIsWithANoteForTheOpener() {
        let error = Parser.parse("sum(1, 2 3)").errors.first
        #expect(error?.range?.start.column == 10)
        #expect(error?.notes == ["note: the '(' it closes is at line 1, column 4"])
    }
}

/// An unclosed `[` or a missing `end` was reported at the end of the input (a line and
/// column past everything the learner typed); it is reported at the `[` or the keyword, as `(` is.
@Suite struct UnclosedBlockAndBracketTests {
    /// (source, line, column, opener) of the one error each gives.
    static let cases: [(String, Int, Int, String)] = [
        ("x = [1, 2", 1, 5, "'['"),
        ("x = [1,", 1, 5, "'['"),
        ("A = [1 2\n3 4", 1, 5, "'['"),
        ("v = [i^2 for i in 1:3", 1, 5, "'['"),
        ("v = [1, 2]\ny = v[1", 2, 6, "'['"),
        ("y = (1 +", 1, 5, "'('"),
        ("for i in 1:3\n  y = i", 1, 1, "'for'"),
        ("s = 0\nwhile s < 3\n  s += 1", 2, 1, "'while'"),
        ("function f(x)\n  x + 1", 1, 1, "'function'"),
        ("if true\n  1\nelse\n  2", 1, 1, "'if'"),
        ("for i in 1:2\n  if i > 1\n    i", 2, 3, "'if'"),
        ("for i in 1:2\n  y = [i,", 2, 7, "'['"),
    ]

    @Test(arguments: cases) func theOpenerIsWhereTheErrorIs(
        source: String, line: Int, column: Int, opener: String
    ) {
        let errors = Parser.parse(source).errors
        #expect(errors.count == 1, "\(errors)")
        let error = errors.first
        #expect(error?.range?.start.line == line && error?.range?.start.column == column, "\(errors)")
        #expect(error?.message.hasPrefix("this \(opener) is never closed") == true, "\(errors)")
        #expect(error?.message.hasSuffix("before end of input") == true, "the shell reads another line")
    }

    @Test func aWrongTokenInsideIsStillReportedWhereItIs() {
        let error = Parser.parse("x = [1, )").errors.first
        #expect(error?.range?.start.column == 9, "\(String(describing: error))")
        #expect(error?.message.contains("never closed") == false)
    }
}

/// `1.` is 1.0 as in Julia (it was a syntax error); where Julia calls `1.` ambiguous, so does Lab.
@Suite struct TrailingDotNumberTests {
    @Test(arguments: [("1.", 1.0), ("1. + 2", 3.0), ("2.*3", .nan), ("1.e3", 1000.0), ("-3.", -3.0)])
    func aNumberMayEndInADot(source: String, value: Double) {
        let (statements, errors) = Parser.parse(source)
        if value.isNaN {
            #expect(!errors.isEmpty, "\(source) is ambiguous")
            return
        }
        #expect(errors.isEmpty, "\(errors)")
        guard case let .expression(expr, _)? = statements.first else {
            Issue.record("\(statements)")
            return
        }
        switch expr {
        case let .number(v, _): #expect(v == value)
        case let .binary(.add, .number(a, _), .number(b, _), _): #expect(a + b == value)
        default: Issue.record("\(expr)")
        }
    }

    @Test func listsRangesAndCallsTakeIt() {
        for source in ["[1., 2.]", "1.:3", "f(1.)", "x = 2.; y = [1. 2.]", "1 .+ 2", "x .+ 1", "1:3", "2x"] {
            #expect(Parser.parse(source).errors.isEmpty, "\(source)")
        }
    }

    /// Julia: `1.+2` is "ambiguous `.` syntax"; `1.x` and `1.(` cannot be implicitly multiplied.
    @Test(arguments: [
        ("1.+2", "'1.+' is ambiguous: write 1.0 + … for the number 1.0, or 1 .+ … elementwise"),
        ("x = 10.*y", "'10.*' is ambiguous: write 10.0 * … for the number 10.0, or 10 .* … elementwise"),
        ("1.==1", "'1.==' is ambiguous: write 1.0 == … for the number 1.0, or 1 .== … elementwise"),
        ("1.x", "the number '1.' ends in '.' right before 'x': write 1.0"),
        ("3.(x)", "the number '3.' ends in '.' right before '(': write 3.0"),
    ])
    func anAmbiguousDotIsAClearErrorAtTheNumber(source: String, message: String) {
        let errors = Parser.parse(source).errors
        #expect(errors.map(\.message) == [message])
        let column = source.hasPrefix("x = ") ? 5 : 1
        #expect(errors.first?.range?.start.column == column)
    }
}

/// `x[2] .+= 10` was "expected an expression, found '='"; Julia updates the element.
/// Lab values are immutable: like `x[2] = v`, x is rebound to the changed copy.
@Suite struct DottedCompoundAssignmentTests {
    @Test func elementAndWholeUpdatesRebindTheName() {
        let i = run("x = [1, 2, 3]; y = x; x[2] .+= 10; x[3] += 5; z = [1, 2]; z .*= [3, 4]; z ./= 2")
        #expect(numbers(i.global("x")) == [1, 12, 8])
        #expect(numbers(i.global("y")) == [1, 2, 3], "y still holds the old value")
        #expect(numbers(i.global("z")) == [1.5, 4])
    }

    // Walk: `x = 1; x .+= 1` said "cannot assign into a Number by index", though no index was typed.
    @Test(arguments: ["x = 1; x .+= 1", "x = 1; x .= 5", "x = true; x .= false"])
    func onANonArrayItSaysWhatTheDottedFormIsFor(_ source: String) {
        let error = Interpreter(host: TestHost()).evaluate(source).diagnostics.first
        #expect(error?.kind == .type)
        #expect(error?.message.contains("x .= v and x .+= v change an array's elements") == true, "\(error!)")
        let column = source.distance(from: source.startIndex, to: source.firstIndex(of: ";")!) + 3
        #expect(error?.range?.start.column == column, "located at the target")
    }

    @Test func onAFieldItIsASyntaxErrorSayingWhatToWrite() {
        let error = Parser.parse("r.w .+= 1").errors.first
        let message = ".+= works elementwise on a tensor: write x .+= v or x[i] .+= v, not on a field"
        #expect(error?.message == message)
    }
}

/// `1+1+…+1` is parsed by a loop, so the depth limit never saw it, but its tree is as tall
/// as it is long: 200,000 terms overflowed even the 1 GB stack compiling and freeing it (a
/// crash). A chain, or chains nested in one another, taller than `Parser.maximumHeight` is
/// now a syntax error at the operator that passes the limit. Parsed on the large stack, as
/// the shell and the interpreter do, so a failure here is an issue, not a crashed test run.
@Suite(.timeLimit(.minutes(3))) struct LongExpressionTests {
    func errors(_ source: String) -> [Diagnostic] {
        onLargeStack(for: source) { Parser.parse(source).errors }
    }

    @Test func aChainAtTheLimitParses() {
        let limit = Parser.maximumHeight  // terms, so limit - 1 operators
        #expect(errors("x = " + String(repeating: "1+", count: limit - 1) + "1").isEmpty)
    }

    @Test func aLongerChainIsALocatedErrorAtTheOperatorPastTheLimit() {
        let limit = Parser.maximumHeight
        for terms in [limit + 1, 200_000] {
            let found = errors("x = " + String(repeating: "1+", count: terms - 1) + "1")
            #expect(found.count == 1)
            #expect(found.first?.kind == .syntax)
            #expect(
                found.first?.message.hasPrefix("expression too long: at most 10000 operators in a chain")
                    == true,
                "\(found)")
            // `x = ` then `1+` per term: the limit-th `+` is at column 4 + 2·limit.
            #expect(found.first?.range?.start == SourceLocation(line: 1, column: 4 + 2 * limit))
        }
    }

    @Test func chainsNestedInParenthesesCountTogether() {
        // 100 levels of `(… + 1 + … + 1)`, 150 terms each: 15,000 levels in all, though no
        // chain is long and no nesting deep.
        var source = "1"
        for _ in 0..<100 { source = "(" + source + String(repeating: "+1", count: 149) + ")" }
        let found = errors(source)
        #expect(found.first?.message.hasPrefix("expression too long") == true, "\(found.prefix(1))")
        // 40 levels of 200 terms, 8,040 in all: under the limit, it parses.
        var fits = "1"
        for _ in 0..<40 { fits = "(" + fits + String(repeating: "*1", count: 200) + ")" }
        #expect(errors(fits).isEmpty)
    }

    /// Every operator: left-leaning chains are too long, `^` (right-leaning, recursive) too deep.
    @Test(arguments: ["+", "^", "-", "==", ".*", "&&", ":"])
    func everyChainOfOneOperatorIsAnError(_ op: String) {
        let chain = String(repeating: "x\(op)", count: 2 * Parser.maximumHeight) + "x"
        let found = errors(chain)
        #expect(!found.isEmpty)
        #expect(
            found.allSatisfy {
                $0.message.contains("expression too long") || $0.message.contains("nested too deeply")
                    || $0.message.contains("comparisons do not chain")
            }, "\(found.prefix(2))")
    }
}
