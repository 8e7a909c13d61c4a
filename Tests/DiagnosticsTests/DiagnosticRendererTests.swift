import Diagnostics
import Terminal
import Testing

@Suite struct DiagnosticRendererTests {
    @Test func caretSitsUnderTheNamedCharacterAfterGreekLetters() {
        let source = SourceText(name: "cell.lab", text: "θ₁ = α * ∑x + y")
        let range = SourceRange(
            start: SourceLocation(line: 1, column: 10), end: SourceLocation(line: 1, column: 12))
        let d = Diagnostic(kind: .name, message: "undefined name `x`", range: range)
        let text = DiagnosticRenderer().render(d, source: source)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "cell.lab:1:10: error: undefined name `x`")
        #expect(lines[1] == " 1 | θ₁ = α * ∑x + y")
        #expect(lines[2] == "   |          ^~")
    }

    @Test func aWidthWrapsTheMessageAtWordsButNotTheSourceLine() {
        let source = SourceText(name: "<input>", text: "maml(mlp([1, 4, 1]), 3)")
        let d = Diagnostic(
            kind: .type, message: "maml needs a TaskDistribution (like sinusoid_tasks()), found a Number",
            range: SourceRange(
                start: SourceLocation(line: 1, column: 1), end: SourceLocation(line: 1, column: 24)),
            notes: [
                "help: make one with sinusoid_tasks() or linear_tasks(d) and pass it as the second argument"
            ])
        let lines = DiagnosticRenderer(width: 40).render(d, source: source)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "<input>:1:1: error: maml needs a")
        #expect(lines[1] == "  TaskDistribution (like")
        #expect(lines.contains(" 1 | maml(mlp([1, 4, 1]), 3)"))
        for line in lines where !line.hasPrefix(" 1 |") { #expect(line.count <= 40, "\(line)") }
        #expect(
            DiagnosticRenderer().render(d, source: source).hasPrefix(
                "<input>:1:1: error: maml needs a TaskDistribution (like sinusoid_tasks()), found a Number\n")
        )
    }

    @Test func pointRangeGivesOneCaret() {
        let source = SourceText(name: "<eval>", text: "1 +")
        let d = Diagnostic(
            kind: .syntax, message: "expected an expression after `+`",
            range: SourceRange(SourceLocation(line: 1, column: 4)))
        let text = DiagnosticRenderer().render(d, source: source)
        #expect(text.hasSuffix("   |    ^"))
    }

    @Test func cellOffsetsUseTheFileLineNumbers() {
        let source = SourceText(name: "lesson.md", text: "a = 1\nb = a +", firstLine: 40)
        #expect(source.line(41) == "b = a +")
        #expect(source.line(39) == nil)
        let d = Diagnostic(
            kind: .syntax, message: "unexpected end of input",
            range: SourceRange(SourceLocation(line: 41, column: 8)))
        let text = DiagnosticRenderer().render(d, source: source)
        #expect(text.contains("lesson.md:41:8: error: unexpected end of input"))
        #expect(text.contains(" 41 | b = a +"))
    }

    @Test func colourOnlyWhenAsked() {
        let d = Diagnostic(kind: .io, message: "no such file")
        #expect(!DiagnosticRenderer(color: false).render(d).contains("\u{1B}"))
        #expect(DiagnosticRenderer(color: true).render(d).contains("\u{1B}[1;31merror:"))
    }

    @Test func notesFollowTheExcerpt() {
        let d = Diagnostic(kind: .shape, message: "cannot add 2×3 and 3×2", notes: ["help: try B'"])
        #expect(DiagnosticRenderer().render(d) == "error: cannot add 2×3 and 3×2\nhelp: try B'")
    }
}

/// Chinese in a source line or a message (issue 19): the caret counts display columns.
@Suite struct ChineseDiagnosticTests {
    @Test func caretSitsUnderTheNamedCharacterAfterChinese() {
        let source = SourceText(name: "Lessons/zh/07.md", text: "- 一对冲突梯度中的每一个")
        let range = SourceRange(
            start: SourceLocation(line: 1, column: 5), end: SourceLocation(line: 1, column: 9))
        let d = Diagnostic(kind: .glossary, message: "`冲突梯度` for conflicting gradients", range: range)
        let lines = DiagnosticRenderer().render(d, source: source).split(separator: "\n").map(String.init)
        // "- 一对" is 6 columns: the caret starts at column 7 and underlines 4 characters, 8 columns.
        #expect(lines[2] == "   |       ^~~~~~~~")
    }

    @Test func aChineseMessageWrapsWithinTheWidth() {
        let d = Diagnostic(kind: .check, message: String(repeating: "这是一条很长的中文错误信息，", count: 6))
        let lines = DiagnosticRenderer(width: 40).render(d).split(separator: "\n").map(String.init)
        #expect(lines.count > 2)
        for line in lines { #expect(displayWidth(line) <= 40, "\(line)") }
    }
}

/// A diagnostic made from the catalogue (issue 19): Chinese when asked, its English unchanged.
@Suite struct LocalizedDiagnosticTests {
    static let source = SourceText(name: "<input>", text: "lenght(x)")
    static let range = SourceRange(
        start: SourceLocation(line: 1, column: 1), end: SourceLocation(line: 1, column: 7))

    @Test func theMessageAndNotesAreSaidInTheRenderersLanguage() {
        var d = Diagnostic(
            kind: .name, localized: Message.undefinedName.localized("lenght"), range: Self.range)
        d.addNote(Message.closerIsAt.localized("(", "1", "7"))
        #expect(d.message == "undefined name lenght")
        let en = DiagnosticRenderer().render(d, source: Self.source).split(separator: "\n").map(String.init)
        #expect(en[0] == "<input>:1:1: error: undefined name lenght")
        #expect(en.last == "note: the '(' it closes is at line 1, column 7")
        let zh = DiagnosticRenderer(language: .zh).render(d, source: Self.source).split(separator: "\n").map(
            String.init)
        #expect(zh[0] == "<input>:1:1: 错误：未定义的名称 lenght")
        #expect(zh[1] == " 1 | lenght(x)")
        #expect(zh.last == "注：与之配对的 '(' 在第 1 行第 7 列")
    }

    @Test func aDiagnosticNotInTheCatalogueStaysEnglishUnderAChineseLabel() {
        let d = Diagnostic(kind: .type, message: "maml needs a TaskDistribution", range: Self.range)
        #expect(
            DiagnosticRenderer(language: .zh).render(d).hasPrefix("1:1: 错误：maml needs a TaskDistribution"))
    }

    @Test func aChineseMessageWrapsWithinTheWidth() {
        let d = Diagnostic(
            kind: .name, localized: Message.undefinedNameNoModules.localized("np"), range: Self.range)
        let lines = DiagnosticRenderer(width: 40, language: .zh).render(d).split(separator: "\n").map(
            String.init)
        #expect(lines.count > 1)
        for line in lines { #expect(displayWidth(line) <= 40, "\(line)") }
    }
}
