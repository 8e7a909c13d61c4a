import Formulas
import Testing

@Suite struct LatexSymbolsTests {
    @Test func greekAndOperatorsAsInJulia() {
        #expect(LatexSymbols.table["alpha"] == "α")
        #expect(LatexSymbols.table["Omega"] == "Ω")
        #expect(LatexSymbols.table["varepsilon"] == "ε")
        #expect(LatexSymbols.table["epsilon"] == "ϵ")
        #expect(LatexSymbols.table["sum"] == "∑")
        #expect(LatexSymbols.table["nabla"] == "∇")
        #expect(LatexSymbols.table["leq"] == "≤")
        #expect(LatexSymbols.table["to"] == "→")
        #expect(LatexSymbols.table["lVert"] == "‖")
    }

    @Test func subscriptsAndSuperscripts() {
        #expect(LatexSymbols.table["_1"] == "₁")
        #expect(LatexSymbols.table["^2"] == "²")
        #expect(LatexSymbols.table["_i"] == "ᵢ")
        #expect(LatexSymbols.table["^T"] == "ᵀ")
        #expect(LatexSymbols.table["^alpha"] == "ᵅ")
        #expect(LatexSymbols.table["_beta"] == "ᵦ")
        #expect(LatexSymbols.table["_T"] == nil)  // Unicode has no subscript T
    }

    @Test func alphabets() {
        #expect(LatexSymbols.table["scrL"] == "ℒ")
        #expect(LatexSymbols.table["scrT"] == "𝒯")
        #expect(LatexSymbols.table["bbR"] == "ℝ")
        #expect(LatexSymbols.table["bbE"] == "𝔼")
        #expect(LatexSymbols.table["bfx"] == "𝐱")
        #expect(LatexSymbols.table["frakg"] == "𝔤")
        #expect(LatexSymbols.table["bfalpha"] == "𝛂")
    }

    @Test func completionsAreSortedPrefixMatches() {
        let names = LatexSymbols.completions("alp").map(\.name)
        #expect(names == ["alpha"])
        let arrows = LatexSymbols.completions("right").map(\.name)
        #expect(arrows.contains("rightarrow") && arrows == arrows.sorted())
        #expect(LatexSymbols.completions("_").count >= 30)
    }

    @Test func reverseLookupForHelp() {
        #expect(LatexSymbols.name(for: "α") == "alpha")
        #expect(LatexSymbols.name(for: "₁") == "_1")
        #expect(LatexSymbols.name(for: "∑") == "sum")
    }

    @Test func everyTableEntryRendersAsItsGlyph() throws {
        // The renderer and the completion table agree: `\name` renders as `table[name]`
        // for every symbol command (sub/superscript and alphabet names are completion-only).
        for (name, glyph) in LatexSymbols.table where name.first!.isLetter && !name.hasPrefix("bf") {
            let isAlphabet = ["scr", "bb", "frak", "sans", "tt", "it", "bi"].contains {
                name.hasPrefix($0) && name.count == $0.count + 1
            }
            if isAlphabet { continue }
            let lines = try FormulaRenderer(options: .init(mode: .inline, strict: true)).render("\\" + name)
            #expect(lines == [glyph], "\\\(name)")
        }
    }
}

extension LatexSymbolsTests {
    @Test func commandsCarryTheirBackslash() {
        #expect(LatexSymbols.commands["\\alpha"] == "α")
        #expect(LatexSymbols.commands["\\_1"] == "₁")
        #expect(LatexSymbols.commands.count == LatexSymbols.table.count)
    }
}
