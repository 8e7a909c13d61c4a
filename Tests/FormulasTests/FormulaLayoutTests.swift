import Formulas
import Terminal
import Testing

/// Layout rules stated directly (the goldens show them; these name them).
@Suite struct FormulaLayoutTests {
    let display = FormulaRenderer()
    let inline = FormulaRenderer(options: .inline)

    /// Column (in display cells) where `needle` starts on `line`.
    func column(of needle: Character, in line: String) -> Int? {
        guard let i = line.firstIndex(of: needle) else { return nil }
        return displayWidth(String(line[..<i]))
    }

    @Test func sumLimitsAreCentredAboveAndBelow() throws {
        let lines = try display.render(#"\sum_{i=1}^{T} x_i"#)
        #expect(lines.count == 3)
        let sigma = try #require(column(of: "∑", in: lines[1]))
        #expect(column(of: "T", in: lines[0]) == sigma)
        #expect(column(of: "=", in: lines[2]) == sigma)  // the middle of `i=1`
    }

    @Test func wideLimitsNeverTouchANeighbour() throws {
        let lines = try display.render(#"x^{2}\sum_{k=0}^{\infty} y"#)
        // `k=0` starts after a blank column that follows `x²`.
        let k = try #require(column(of: "k", in: lines[2]))
        #expect(k >= displayWidth("x²") + 1)
        #expect(lines[1].contains("x²  ∑  y"))
    }

    @Test func fractionsStackWithARuleOnTheBaseline() throws {
        let lines = try display.render(#"y = \frac{a+b}{c}"#)
        #expect(lines == ["    a + b", "y = ─────", "      c  "])
    }

    @Test func inlineAddsParenthesesOnlyWherePrecedenceNeedsThem() throws {
        #expect(try inline.render(#"\frac{a+b}{c}"#) == ["(a + b)/c"])
        #expect(try inline.render(#"\frac{a}{b+c}"#) == ["a/(b + c)"])
        #expect(try inline.render(#"\frac{x_i}{\sigma^2}"#) == ["xᵢ/σ²"])
        #expect(try inline.render(#"\frac{1}{2\sigma^2}"#) == ["1/(2σ²)"])
    }

    @Test func scriptGlyphsOnlyWhenEveryCharacterHasOne() throws {
        #expect(try inline.render(#"x_{i+1}^{2}"#) == ["xᵢ₊₁²"])
        #expect(try inline.render(#"x_{T}"#) == ["x_T"])  // no subscript T
        #expect(try inline.render(#"x_{i}^{\theta}"#) == ["xᵢᶿ"])
        // Never a mix: one script without glyphs sends both to the linear form.
        #expect(try inline.render(#"G_W^{(i)}"#) == ["G_W^(i)"])
        // Nested scripts are never glyphs of glyphs; a longer linear script is parenthesised, not braced.
        #expect(try inline.render(#"e^{-s_i}"#) == ["e^(−sᵢ)"])
    }

    /// A superscript without glyphs is a raised row; a subscript without glyphs stays on the
    /// line (`x_T`): a lowered row left wide gaps in lessons 8 and 14.
    @Test func scriptsWithoutGlyphsInDisplay() throws {
        #expect(try display.render(#"x_{T}"#) == ["x_T"])
        #expect(try display.render(#"x^{q}"#) == [" q", "x "])
    }

    @Test func braceDelimitersGrowAroundTallContent() throws {
        let lines = try display.render(#"\left(\frac{a}{b}\right)"#)
        #expect(lines == ["⎛a⎞", "⎜─⎟", "⎝b⎠"])
        #expect(try display.render(#"\left\{\frac{a}{b}\right\}"#) == ["⎧a⎫", "⎨─⎬", "⎩b⎭"])
        // A raised superscript alone does not grow parentheses written without \left.
        #expect(try display.render(#"f(x^{q})"#) == ["   q ", "f(x )"])
    }

    @Test func normsAreDoubleBarsOnBothSides() throws {
        #expect(try inline.render(#"\|x\| + \lVert y \rVert"#) == ["‖x‖ + ‖y‖"])
    }

    @Test func operatornameStarTakesLimits() throws {
        let lines = try display.render(#"\operatorname*{argmax}_{\theta} f"#)
        #expect(lines == ["argmax f", "  θ     "])
    }

    @Test func unknownCommandsAreVisibleNeverDropped() throws {
        #expect(try inline.render(#"a + \nope"#) == ["a + \\nope"])
    }

    @Test func colourOnlyWhenAskedFor() throws {
        let plain = try display.renderText(#"\textcolor{red}{x} + y"#)
        #expect(plain == "x + y")
        let coloured = try FormulaRenderer(options: .init(color: true)).renderText(#"\textcolor{red}{x} + y"#)
        #expect(coloured == "\u{1B}[31mx\u{1B}[0m + y")
    }

    @Test func asciiModeSpellsSymbolsOut() throws {
        let ascii = FormulaRenderer(options: .init(mode: .inline, ascii: true))
        #expect(try ascii.render(#"\theta \to \infty"#) == ["theta -> inf"])
        #expect(try ascii.render(#"\sum_{i=1}^{T} w_i"#) == ["sum_{i=1}^T w_i"])
        #expect(try ascii.render(#"\alpha\beta"#) == ["alpha beta"])
    }

    @Test func wrappingBreaksAtRelationsWithAHangingIndent() throws {
        let lines = try FormulaRenderer(options: .init(width: 16)).render(#"f(x) = a + b + c = d + e + f"#)
        #expect(lines == ["f(x) = a + b + c", "     = d + e + f"])
    }

    @Test func unicodeTypedDirectlyIsUnderstood() throws {
        let ascii = FormulaRenderer(options: .init(mode: .inline, ascii: true))
        #expect(try ascii.render("θ₁ ≤ x²") == ["theta_1 <= x^2"])
    }

    @Test func textKeepsItsSpaces() throws {
        #expect(try inline.render(#"x \text{ for all } y"#) == ["x for all y"])
    }

    @Test func emptyInputIsOneEmptyLine() throws {
        #expect(try display.render("") == [""])
    }
}

extension FormulaLayoutTests {
    @Test func middleDelimitersGrowWithLeftAndRight() throws {
        let lines = try display.render(#"\left\{ x \middle| \frac{x}{2} > 0 \right\}"#)
        #expect(lines == ["⎧  │ x    ⎫", "⎨x │ ─ > 0⎬", "⎩  │ 2    ⎭"])
    }

    @Test func emptyPartsStillLayOut() throws {
        #expect(try display.render(#"\frac{}{}"#) == [" ", "─", " "])
        #expect(try display.render(#"x_{}^{}"#) == ["x"])
    }
}
