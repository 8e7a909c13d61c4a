import Testing

@testable import Formulas

/// One rendering of subscripts per formula: when one has no Unicode form, all are written
/// `x_i` on the line (no `g₀` beside `g_w`, no subscript dropped to a row of its own, no braces).
@Suite struct SubscriptConsistencyTests {
    func inline(_ latex: String) throws -> String {
        try FormulaRenderer(options: .inline).renderText(latex)
    }

    func display(_ latex: String) throws -> [String] {
        try FormulaRenderer(options: FormulaRenderer.Options(mode: .display, width: 80)).render(latex)
    }

    @Test func oneFormulaWritesAllItsSubscriptsTheSameWay() throws {
        #expect(try inline("g_w = w_1 g_1 + w_2 g_2") == "g_w = w_1g_1 + w_2g_2")
        #expect(try inline("x_1 + x_2") == "x₁ + x₂")  // all have glyphs: glyphs
        #expect(try inline("f_\\theta(x) = \\theta_1 x") == "f_θ(x) = θ_1x")
    }

    /// Lesson 8's CAGrad step: `g_w` dropped below the line, leaving a row of gaps.
    @Test func aDisplayFormulaKeepsSubscriptsOnTheLine() throws {
        let lines = try display(
            "d=g_0+\\frac{c\\lVert g_0\\rVert}{\\lVert g_w\\rVert}\\,g_w,\\qquad g_w=w_1g_1+w_2g_2")
        #expect(lines.count == 3, "\(lines)")  // numerator, fraction bar line, denominator: no extra row
        #expect(lines[1].contains("g_w = w_1g_1 + w_2g_2"), "\(lines)")
        #expect(lines[1].hasPrefix("d = g_0 + "), "\(lines)")
    }

    /// `$M_{m,i}$` showed LaTeX braces in prose.
    @Test func noBracesLeakIntoInlineMath() throws {
        let text = try inline("M_{m,i}")
        #expect(!text.contains("{") && !text.contains("}"), "\(text)")
        #expect(text == "M_(m,i)")
    }

    @Test func aParagraphAsksWhetherAnyFormulaNeedsLinearSubscripts() {
        let renderer = FormulaRenderer(options: .inline)
        #expect(renderer.needsLinearSubscripts("v_b"))
        #expect(!renderer.needsLinearSubscripts("v_a"))
        var options = FormulaRenderer.Options.inline
        options.linearSubscripts = true
        #expect((try? FormulaRenderer(options: options).renderText("v_a")) == "v_a")
    }

    /// One base never mixes forms: a linear subscript takes its superscript along (`g_w^⊤`);
    /// a base without a subscript keeps its glyphs (`x²`), and no braces show.
    @Test func aBaseNeverMixesForms() throws {
        #expect(try inline("g_w^\\top g_0 + x^2") == "g_w^⊤g_0 + x²")
    }
}
