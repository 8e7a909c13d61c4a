import Diagnostics
import Formulas
import Terminal
import Testing

@Suite struct FormulaTests {
    @Test func parseChecksStrictly() throws {
        #expect(try Formula.parse(#"\frac{a}{b}"#).latex == #"\frac{a}{b}"#)
        let error = #expect(throws: Diagnostic.self) { try Formula.parse(#"a + \foo"#) }
        #expect(error?.range?.start.column == 5)
    }

    @Test func renderingNeverFails() {
        // Lenient rendering shows what it could not parse as it was typed: the open brace.
        let f = Formula(#"\frac{a}{"#)
        #expect(f.lines(in: TerminalContext(colorMode: .none, width: 80)) == ["a", "─", "{"])
        #expect(Formula(#"\frac{a+b}{c}"#).description == "(a + b)/c")
    }

    @Test func aFunctionNameWithAScriptHugsItsArgument() {
        #expect(Formula(#"\log_{10}(x)"#).description == "log₁₀(x)")
        #expect(
            Formula(#"\lim_{n\to\infty} \left(1 + \frac{1}{n}\right)^n"#).description.hasPrefix(
                "lim_(n→∞) ("),
            "an operator that takes limits keeps its space")
    }

    @Test func followsTheTerminal() {
        let f = Formula(#"\theta = \frac{1}{2} + \textcolor{red}{x}"#)
        let plain = TerminalContext(colorMode: .none, ascii: true, width: 80)
        #expect(f.lines(in: plain) == ["        1    ", "theta = - + x", "        2    "])
        let coloured = TerminalContext(colorMode: .ansi16, width: 80)
        #expect(f.lines(in: coloured, mode: .inline) == ["θ = 1/2 + \u{1B}[31mx\u{1B}[0m"])
        let narrow = TerminalContext(colorMode: .none, width: 12)
        #expect(Formula("a + b + c + d + e + f").lines(in: narrow).allSatisfy { displayWidth($0) <= 12 })
    }
}
