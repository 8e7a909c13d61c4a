import Testing

@testable import Terminal

/// The one width-aware path (`WindowFit.fitted`) and the breaking rules behind it.
@Suite struct WindowFitTests {
    @Test func aLineThatFitsIsWrittenExactly() {
        let text = "  two spaces in front\n\u{1B}[1mbold\u{1B}[0m and a wide 中文 word"
        #expect(WindowFit.fitted(text, width: 40) == text)
    }

    /// A message wider than the window breaks at spaces, keeps its indent, and loses no word.
    @Test(arguments: [20, 33, 60])
    func aLongLineBreaksAtSpacesUnderItsIndent(width: Int) {
        let words = (1...40).map { "word\($0)" }
        let line = "    " + words.joined(separator: " ")
        let lines = WindowFit.fitted(line, width: width).split(separator: "\n").map(String.init)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { displayWidth($0) <= width }, "\(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("    ") && !$0.hasPrefix("     ") }, "\(lines)")
        #expect(lines.flatMap { $0.split(separator: " ").map(String.init) } == words)
    }

    /// Wide characters count two columns: a Chinese line breaks between characters within the window.
    @Test func chineseCountsTwoColumns() {
        let line = String(repeating: "元学习的内层循环，", count: 8)
        let lines = WindowFit.fitted(line, width: 30).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { displayWidth($0) <= 30 }, "\(lines)")
        #expect(lines.joined() == line)
        #expect(lines.allSatisfy { !($0.first.map(LineBreaking.noLineStart.contains) ?? false) })
    }

    /// No-break spaces keep a unit whole and are written as spaces; word joiners disappear.
    @Test func protectionIsKeptWhileBreakingAndDroppedOnOutput() {
        let code = WindowFit.unbreakable("`zeros(size(Fb, 1))`")
        let line = "Copy the matrix, then zero its last column with " + code + " and go on."
        for width in 20...60 {
            let out = WindowFit.fitted(line, width: width)
            #expect(out.contains("`zeros(size(Fb, 1))`"), "\(width): \(out)")
            #expect(!out.contains("\u{00A0}") && !out.contains("\u{2060}"))
        }
    }

    /// "α\n= 0.25", "½(ŷ −\ny)²", "s\n≈ 0.03": a formula in plain text does not break
    /// at the spaces beside a lone relation or operator.
    @Test func aPlainTextFormulaStaysOnOneLine() {
        let texts = [
            ("from θ = 0, take k = 2 SGD steps with α = 0.25, and so on", "α = 0.25"),
            ("the loss of one point is ½(ŷ − y)² averaged over all", "½(ŷ − y)²"),
            ("prior and data weigh the same where s ≈ 0.03 in this case", "s ≈ 0.03"),
        ]
        for (text, formula) in texts {
            for width in 12...displayWidth(text) {
                let lines = text.wordWrapped(toWidth: width)
                #expect(lines.contains { $0.contains(formula) }, "\(width): \(lines)")
            }
        }
    }

    /// An ASCII hyphen between spaces is a dash in prose, not an operator: a line may break there.
    @Test func aDashIsNotGlued() {
        #expect(LineBreaking.allowsBreakAtSpace(afterWord: "rises", beforeWord: "-"))
        #expect(!LineBreaking.allowsBreakAtSpace(afterWord: "α", beforeWord: "="))
        #expect(!LineBreaking.allowsBreakAtSpace(afterWord: "−", beforeWord: "y)²"))
    }

    /// A path wider than the window can only be cut: after a slash, so each piece is a folder.
    @Test func aPathWiderThanTheWindowIsCutAfterASlash() {
        let path = "/tmp/metalab-shell-025F1696-67D6-46A5/progress/fixture.every-kind.yaml"
        let lines = WindowFit.fitted("cannot write " + path, width: 40).split(separator: "\n").map(
            String.init)
        #expect(
            lines == [
                "cannot write", "/tmp/metalab-shell-025F1696-67D6-46A5/", "progress/fixture.every-kind.yaml",
            ])
    }
}
