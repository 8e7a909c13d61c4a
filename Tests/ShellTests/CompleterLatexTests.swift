import Testing

@testable import Shell

/// `\theta\_1` then Tab gave `\theta₁`: every escape in the word converts, not only the last.
@Suite struct CompleterLatexTests {
    let completer = Completer(
        metaCommands: [], lessonIDs: { [] }, cellIDs: { [] }, parameters: { [] }, names: { [] },
        symbols: [
            "\\theta": "θ", "\\alpha": "α", "\\beta": "β", "\\_1": "₁", "\\_12": "₁₂", "\\^2": "²",
            "\\in": "∈",
        ])

    @Test func everyEscapeInTheWordConverts() {
        #expect(completer.complete(lineBeforeCursor: "\\theta\\_1", word: "\\theta\\_1").candidates == ["θ₁"])
        #expect(
            completer.complete(lineBeforeCursor: "x = \\alpha\\_1\\^2", word: "\\alpha\\_1\\^2").candidates
                == ["α₁²"])
        #expect(completer.complete(lineBeforeCursor: "\\theta\\be", word: "\\theta\\be").candidates == ["θβ"])
    }

    @Test func unknownEscapesStayAsTyped() {
        #expect(completer.convertingEscapes("\\nope\\theta") == "\\nopeθ")
        #expect(completer.convertingEscapes("a\\") == "a\\")
        #expect(completer.convertingEscapes("\\_12x") == "₁₂x", "the longest symbol name wins")
    }
}
