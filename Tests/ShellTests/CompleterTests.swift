import Testing

@testable import Shell

@Suite struct CompleterTests {
    let completer = Completer(
        metaCommands: [":goto", ":open", ":next", ":set", ":sweep"], lessonIDs: { ["welcome", "maml"] },
        cellIDs: { ["ex1", "first", "grad"] }, parameters: { ["alpha", "beta"] },
        names: { ["grad", "gradient_step", "α"] },
        symbols: ["\\alpha": "α", "\\aleph": "ℵ", "\\_1": "₁", "\\in": "∈", "\\infty": "∞"])

    @Test func latexNamesBecomeSymbols() {
        #expect(completer.complete(lineBeforeCursor: "\\alpha", word: "\\alpha").candidates == ["α"])
        #expect(completer.complete(lineBeforeCursor: "x = 2\\alpha", word: "2\\alpha").candidates == ["2α"])
        #expect(completer.complete(lineBeforeCursor: "θ\\_1", word: "θ\\_1").candidates == ["θ₁"])
        #expect(
            completer.complete(lineBeforeCursor: "\\al", word: "\\al").candidates == ["\\aleph", "\\alpha"])
        #expect(
            completer.complete(lineBeforeCursor: "\\in", word: "\\in").candidates == ["∈"],
            "an exact name wins over longer ones")
        #expect(completer.complete(lineBeforeCursor: "\\inf", word: "\\inf").candidates == ["∞"])
    }

    @Test func contextDecidesWhatCompletes() {
        #expect(completer.complete(lineBeforeCursor: ":go", word: ":go").candidates == [":goto"])
        #expect(completer.complete(lineBeforeCursor: ":s", word: ":s") == ([":set", ":sweep"], true))
        #expect(completer.complete(lineBeforeCursor: ":goto e", word: "e").candidates == ["ex1"])
        #expect(completer.complete(lineBeforeCursor: ":open ma", word: "ma").candidates == ["maml"])
        #expect(completer.complete(lineBeforeCursor: ":set al", word: "al").candidates == ["alpha"])
        #expect(
            completer.complete(lineBeforeCursor: "?gr", word: "?gr").candidates == [
                "?grad", "?gradient_step",
            ])
        #expect(
            completer.complete(lineBeforeCursor: "y = gra", word: "gra").candidates == [
                "grad", "gradient_step",
            ])
        #expect(completer.complete(lineBeforeCursor: "be", word: "be").candidates == ["beta"])
        #expect(completer.complete(lineBeforeCursor: "x = ", word: "").candidates == [])
    }
}
