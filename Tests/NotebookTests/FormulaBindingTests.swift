import Diagnostics
import Terminal
import Testing

@testable import Notebook

@Suite struct FormulaBindingTests {
    @Test func proseMathIsTypesetByFormulas() {
        let renderer = ProseRenderer(context: TerminalContext(colorMode: .none, width: 60), math: .formulas)
        let text = renderer.render(
            LessonParser.markdown("The step $\\alpha \\nabla_\\theta$ and\n\n$$\\frac{1}{2}$$"))
        #expect(text.hasPrefix("The step α∇"))
        #expect(text.contains("1\n") && text.contains("─"), "display math is 2-D: \(text)")
    }

    @Test func strictMathProblemsAreLocatedInTheFile() {
        #expect(
            FormulaCheck.strictProblem("\\frac{1}{2}", origin: SourceLocation(line: 40, column: 1)) == nil)
        let problem = FormulaCheck.strictProblem(
            "x + \\nosuchcommand", origin: SourceLocation(line: 40, column: 1))
        #expect(problem?.range?.start.line == 40)
        #expect(problem?.range?.start.column == 5)
    }

    @Test func symbolsCarryTheirBackslash() {
        #expect(FormulaCheck.symbols["\\alpha"] == "α")
        #expect(FormulaCheck.symbols["\\_1"] == "₁")
    }
}
