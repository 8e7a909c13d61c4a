import Terminal
import Testing

/// The one white-space trim of the presentation modules (Formulas, Notebook, Shell).
@Suite struct TrimmingTests {
    @Test func bothEndsLoseSpacesTabsLineEndsAndUnicodeSpaces() {
        #expect(" \t\\alpha\r\n".trimmingWhitespace == "\\alpha")
        #expect("\u{3000}θ\u{A0}".trimmingWhitespace == "θ")  // ideographic and no-break spaces
        #expect("a b".trimmingWhitespace == "a b")  // inner space stays
        #expect(" \t\n".trimmingWhitespace == "")
    }

    @Test func theTrailingTrimKeepsTheIndent() {
        #expect("  1.5  \t\r".trimmingTrailingWhitespace == "  1.5")
        #expect("x".trimmingTrailingWhitespace == "x")
        #expect(Substring("  y ").trimmingTrailingWhitespace == "  y")
    }
}
