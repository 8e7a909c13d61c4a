import Terminal
import Testing

@testable import Notebook

@Suite struct ProseRendererTests {
    let renderer = ProseRenderer(context: TerminalContext(colorMode: .none, width: 30))

    @Test func wrapsParagraphsAndKeepsMarkupVisibleWithoutColour() {
        let blocks = LessonParser.markdown(
            "The *inner* step uses `grad` and **every** task, a rather long sentence.")
        #expect(
            renderer.render(blocks) == """
                The _inner_ step uses `grad`
                and *every* task, a rather
                long sentence.
                """)
    }

    @Test func shortInlineCodeAndMathAreNotBrokenAcrossLines() {
        let blocks = LessonParser.markdown(
            "A sentence that ends with the call `f(x, y)` and then $\\tau = 1$ here.")
        let lines = renderer.render(blocks).split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("`f(x, y)`") }, "\(lines)")
        #expect(lines.contains { $0.contains("\\tau = 1") }, "\(lines)")
        #expect(!lines.joined().contains("\u{00A0}"), "the protection does not reach the screen")
    }

    @Test func headingsListsQuotesTablesLinks() {
        let blocks = LessonParser.markdown(
            """
            # Title

            ## Part

            - one
            - two words

            1. first

            > quoted [site](https://x.org)

            | a | bb |
            |---|---|
            | 1 | 2 |
            """)
        #expect(
            renderer.render(blocks) == """
                Title
                ═════

                Part
                ────

                • one
                • two words

                1. first

                │ quoted site <https://x.org>

                a │ bb
                ──┼───
                1 │ 2
                """)
    }

    @Test func mathGoesThroughTheTypesetter() {
        let typesetter = MathTypesetter(
            inline: { latex, _ in "⟨\(latex)⟩" }, display: { latex, _ in ["[\(latex)]"] })
        let r = ProseRenderer(context: TerminalContext(colorMode: .none, width: 40), math: typesetter)
        #expect(
            r.render(LessonParser.markdown("Step $\\alpha$ then\n\n$$x^2$$"))
                == "Step ⟨\\alpha⟩ then\n\n    [x^2]")
    }

    @Test func colourUsesEscapesOnlyWhenAllowed() {
        let colored = ProseRenderer(context: TerminalContext(colorMode: .ansi16, width: 40))
        #expect(colored.render(LessonParser.markdown("**b**")).contains("\u{1B}[1m"))
        #expect(!renderer.render(LessonParser.markdown("**b**")).contains("\u{1B}"))
    }
}
