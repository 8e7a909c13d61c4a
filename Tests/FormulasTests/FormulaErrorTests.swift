import Diagnostics
import Testing

@testable import Formulas

/// Malformed formulas: where strict mode points, and what lenient mode shows.
enum FormulaErrorCases {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var latex: String
        /// The start of the expected message.
        var message: String
        var line: Int
        var column: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "error-unknown-command", latex: #"a + \foo{x}"#, message: "unknown command `\\foo`",
            line: 1, column: 5),
        Case(
            name: "error-misspelled-greek", latex: #"\alpah + 1"#, message: "unknown command `\\alpah`",
            line: 1, column: 1),
        Case(
            name: "error-unclosed-brace", latex: #"\frac{a}{b"#, message: "unclosed `{`", line: 1, column: 9),
        Case(
            name: "error-unexpected-close-brace", latex: #"a}b"#, message: "unexpected `}`", line: 1,
            column: 2),
        Case(
            name: "error-missing-fraction-argument", latex: #"\frac{a}"#,
            message: "missing argument for `\\frac`", line: 1, column: 9),
        Case(
            name: "error-missing-superscript", latex: #"x^"#, message: "missing argument for `^`", line: 1,
            column: 3),
        Case(
            name: "error-missing-subscript-before-brace", latex: #"{x_}"#,
            message: "missing argument for `_`", line: 1, column: 4),
        Case(
            name: "error-double-superscript", latex: #"x^a^b"#, message: "double superscript", line: 1,
            column: 4),
        Case(
            name: "error-left-without-right", latex: #"\left( x + y"#,
            message: "`\\left(` without a matching `\\right`", line: 1, column: 1),
        Case(
            name: "error-right-without-left", latex: #"x \right)"#,
            message: "`\\right` without a matching `\\left`", line: 1, column: 3),
        Case(
            name: "error-bad-delimiter", latex: #"\left x \right)"#, message: "`\\left` needs a delimiter",
            line: 1, column: 7),
        Case(name: "error-alignment-outside", latex: #"a & b"#, message: "`&` outside", line: 1, column: 3),
        Case(
            name: "error-unknown-environment", latex: #"\begin{foo} x \end{foo}"#,
            message: "unknown environment `foo`", line: 1, column: 8),
        Case(
            name: "error-mismatched-end", latex: #"\begin{pmatrix} a \end{bmatrix}"#,
            message: "`\\begin{pmatrix}` ended by `\\end{bmatrix}`", line: 1, column: 24),
        Case(
            name: "error-unclosed-environment", latex: #"\begin{cases} a & b"#,
            message: "`\\begin{cases}` without a matching `\\end{cases}`", line: 1, column: 1),
        Case(
            name: "error-unknown-colour", latex: #"\textcolor{nocolour}{x}"#,
            message: "unknown colour `nocolour`", line: 1, column: 11),
        Case(
            name: "error-second-line", latex: "\\begin{aligned}\n  a &= b \\\\\n  c &= \\bad\n\\end{aligned}",
            message: "unknown command `\\bad`", line: 3, column: 8),
        Case(name: "error-dollar", latex: #"$x$"#, message: "unexpected `$`", line: 1, column: 1),
        Case(name: "error-lone-backslash", latex: "x \\", message: "a lone `\\`", line: 1, column: 3),
        Case(
            name: "error-sqrt-index-unclosed", latex: #"\sqrt[3{x}"#, message: "unclosed `[`", line: 1,
            column: 6),
        Case(
            name: "error-not-a-relation", latex: #"\not{ab}"#,
            message: "`\\not` applies to one relation symbol", line: 1, column: 5),
    ]

    static var names: [String] { cases.map(\.name) }
}

@Suite struct FormulaErrorTests {
    @Test(arguments: FormulaErrorCases.cases)
    func strictModeReportsTheFirstProblemAtItsPosition(_ c: FormulaErrorCases.Case) throws {
        let renderer = FormulaRenderer(options: .init(strict: true))
        let error = #expect(throws: Diagnostic.self) { try renderer.render(c.latex) }
        guard let error else { return }
        #expect(error.kind == .formula)
        #expect(error.message.hasPrefix(c.message), "message: \(error.message)")
        #expect(error.range?.start.line == c.line)
        #expect(error.range?.start.column == c.column)
        #expect(FormulaRenderer.diagnose(c.latex).first?.message == error.message)

        // The golden: the diagnostic as a learner sees it, then the lenient rendering.
        let source = SourceText(name: "<tex>", text: c.latex)
        let lenient = try FormulaRenderer().render(c.latex)
        GoldenFile.check(
            c.name,
            "% " + c.latex.replacingOccurrences(of: "\n", with: "\n% ") + "\n-- strict\n"
                + DiagnosticRenderer().render(error, source: source) + "\n-- lenient\n"
                + lenient.joined(separator: "\n") + "\n")
    }

    @Test(arguments: FormulaErrorCases.cases)
    func lenientModeShowsWhatItUnderstood(_ c: FormulaErrorCases.Case) throws {
        let lines = try FormulaRenderer().render(c.latex)
        let blank = lines.joined().allSatisfy { $0.isWhitespace }
        #expect(!blank)
    }

    @Test func lenientModeShowsUnknownCommandsVerbatimBesideTheRest() throws {
        let line = try FormulaRenderer(options: .inline).render(#"\frac{a}{b} + \foo + \alpha"#)
        #expect(line == ["a/b + \\foo + α"])
    }

    @Test func errorStyleOnlyWithColour() throws {
        let plain = try FormulaRenderer().renderText(#"x + \foo"#)
        let coloured = try FormulaRenderer(options: .init(color: true)).renderText(#"x + \foo"#)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1;31m\\foo\u{1B}[0m"))
    }

    @Test func originShiftsPositionsIntoTheEnclosingFile() {
        let problems = FormulaRenderer.diagnose(
            #"a + \foo"#, origin: Diagnostics.SourceLocation(line: 12, column: 5))
        #expect(problems.count == 1)
        #expect(problems.first?.range?.start == Diagnostics.SourceLocation(line: 12, column: 9))
    }

    @Test func diagnoseListsEveryProblemInOrder() {
        let problems = FormulaRenderer.diagnose(#"\foo + \bar{x} + \baz"#)
        #expect(problems.map(\.message) == ["unknown command `\\foo`", "unknown command `\\baz`"])
        #expect(FormulaRenderer.diagnose(#"\frac{a}{b}"#).isEmpty)
    }

    @Test func misspellingsGetASuggestion() {
        let problem = FormulaRenderer.diagnose(#"\sigm"#).first
        #expect(problem?.notes == ["help: did you mean `\\sigma`?"])
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "{", count: 5000) + "x" + String(repeating: "}", count: 5000)
        #expect(throws: Diagnostic.self) { try FormulaRenderer(options: .init(strict: true)).render(deep) }
        // Past the depth limit, lenient rendering falls back to the source text.
        #expect(try FormulaRenderer().render(deep) == [deep])
        let sqrts = String(repeating: #"\sqrt"#, count: 3000) + "x"
        #expect(throws: Diagnostic.self) { try FormulaRenderer(options: .init(strict: true)).render(sqrts) }
        let rendered = try FormulaRenderer().render(sqrts)
        #expect(rendered.count < 100, "the picture stays bounded: \(rendered.count) lines")
    }
}

/// "Did you mean" searches `LatexSymbols.commandNames`, so every name in it must be a
/// command the parser knows, and the parser's own constructs must be in it.
@Suite struct CommandTableTests {
    @Test func everyStructuralCommandIsOneTheParserBuilds() {
        for name in LatexSymbols.structuralCommands {
            let problems = FormulaRenderer.diagnose("\\\(name){a}{b}")
            #expect(
                !problems.contains { $0.message.contains("unknown command") },
                "\\\(name): \(problems.map(\.message))")
        }
    }

    @Test func aMisspeltCommandSuggestsTheNearestKnownOne() {
        #expect(FormulaRenderer.diagnose(#"\farc{a}{b}"#).first?.notes == ["help: did you mean `\\frac`?"])
        #expect(FormulaRenderer.diagnose(#"\mathbbb{R}"#).first?.notes == ["help: did you mean `\\mathbb`?"])
        #expect(
            FormulaRenderer.diagnose(#"\overbrac{x}"#).first?.notes == ["help: did you mean `\\overbrace`?"])
    }

    @Test func aCommandNotInTheTableIsUnknown() {
        #expect(
            FormulaRenderer.diagnose(#"\frobnicate{x}"#).first?.message.contains("unknown command") == true)
        #expect(!LatexSymbols.commandNames.contains("frobnicate"))
    }
}
