import Formulas
import Terminal
import Testing

/// The layout counts terminal columns with Terminal's `displayWidth`; these are
/// the widths formulas depend on.
@Suite struct DisplayWidthTests {
    @Test func mathematicalGlyphsAreOneColumn() {
        #expect(displayWidth("θᵢ₌₁") == 4)
        #expect(displayWidth("𝒯ℝ𝐱𝝁") == 4)  // mathematical alphanumerics are narrow
        #expect(displayWidth("⎛⎜⎝⎧⎨⎩─│║╱╲") == 11)
        #expect(displayWidth("x\u{0302}θ\u{0304}v\u{20D7}") == 3)  // combining accents take no column
    }

    @Test func everySymbolInTheTableIsOneColumnPerCharacter() {
        for (name, glyph) in LatexSymbols.table {
            #expect(displayWidth(glyph) == glyph.count, "\\\(name) → \(glyph)")
        }
    }

    @Test func wideCharactersInTextKeepLinesAligned() throws {
        let lines = try FormulaRenderer().render(#"\frac{\text{界}}{x}"#)
        #expect(lines.map { displayWidth($0) } == [2, 2, 2])
    }
}
