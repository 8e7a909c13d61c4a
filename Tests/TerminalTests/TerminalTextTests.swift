import Testing

@testable import Terminal

/// Issue 18, item 1: text from a lesson or a value never reaches the terminal raw.
@Suite struct TerminalTextTests {
    /// The attacks seen in tmux: OSC 52 clipboard, window title, OSC 8 link, cursor up + erase line, DCS.
    static let attacks = [
        "\u{1B}]52;c;aGVsbG8=\u{07}", "\u{1B}]0;pwned\u{07}",
        "\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\",
        "\u{1B}[5A\u{1B}[2K", "\u{1B}P1$qm\u{1B}\\", "\u{9B}31m", "\u{9D}52;c;x\u{9C}", "a\rb\u{08}c\u{7F}",
    ]

    @Test(arguments: attacks) func sanitizeLeavesNoControlCharacter(_ attack: String) {
        let shown = TerminalText.sanitize("before " + attack + " after")
        #expect(!shown.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(shown.debugDescription)")
        #expect(shown.hasPrefix("before ") && shown.hasSuffix(" after"))
    }

    @Test(arguments: attacks) func keepingStylesStillShowsEveryOtherEscape(_ attack: String) {
        let styled = "\u{1B}[1;36mtitle\u{1B}[0m "
        let shown = TerminalText.sanitize(styled + attack, keepingStyles: true)
        #expect(shown.hasPrefix(styled), "MetaLab's own SGR styling is kept")
        #expect(!String(shown.dropFirst(styled.count)).unicodeScalars.contains(where: TerminalText.isUnsafe))
    }

    // Attack: a lesson title or hint with U+202E (right-to-left override) reached the terminal
    // as is, so a terminal that reorders text showed `x = 1 ⁦…` as other code than runs.
    @Test func bidirectionalControlsAreShownVisibly() {
        let hostile = "title \u{202E}1 = x\u{202C} \u{2066}a\u{2069} \u{200F}\u{200E}\u{061C}"
        let shown = TerminalText.sanitize(hostile)
        #expect(shown == "title \\u{202E}1 = x\\u{202C} \\u{2066}a\\u{2069} \\u{200F}\\u{200E}\\u{61C}")
        #expect(TerminalText.sanitize(hostile, keepingStyles: true) == shown)
        #expect(TerminalText.sanitize("中文：一、二 «ok» — ✓") == "中文：一、二 «ok» — ✓", "ordinary text untouched")
    }

    @Test func escapeIsShownAsAVisibleSymbol() {
        #expect(TerminalText.sanitize("\u{1B}[31mred") == "\u{241B}[31mred")
        #expect(TerminalText.sanitize("a\tb\nc") == "a\tb\nc", "tab and newline are layout, kept")
        #expect(TerminalText.sanitize("\u{0}") == "\u{2400}")
        #expect(TerminalText.sanitize("\u{9B}") == "\\u{9B}")
        #expect(TerminalText.sanitize("αβ ✓ plain") == "αβ ✓ plain")
    }

    @Test func keepingStylesKeepsOnlyMetaLabsOwnSequences() {
        #expect(TerminalText.sanitize("\u{1B}[2J\u{1B}[H", keepingStyles: true) == "\u{1B}[2J\u{1B}[H")
        #expect(TerminalText.sanitize("x\u{1B}[2J\u{1B}[K", keepingStyles: true) == "x\u{241B}[2J\u{1B}[K")
        #expect(
            TerminalText.sanitize("\u{1B}[3H", keepingStyles: true) == "\u{241B}[3H",
            "cursor moves are not styling")
    }

    @Test func stripRemovesStringSequencesWhole() {
        #expect(ANSI.strip("a\u{1B}P1$qm\u{1B}\\b") == "ab", "DCS up to ST")
        #expect(ANSI.strip("a\u{1B}]52;c;aGk=\u{07}b") == "ab", "OSC up to BEL")
        #expect(
            ANSI.strip("a\u{1B}_app\u{1B}\\b\u{1B}^pm\u{1B}\\c\u{1B}Xsos\u{1B}\\d") == "abcd", "APC, PM, SOS")
        #expect(ANSI.strip("\u{1B}[1mbold\u{1B}[0m") == "bold")
        #expect(displayWidth("a\u{1B}P1$qm\u{1B}\\b") == 2)
    }
}
