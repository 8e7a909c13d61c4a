import Testing

@testable import Shell

/// `:slide` where no keys can be read one by one, and its place in the one table.
@Suite struct SlideCommandTests {
    @Test func withoutATerminalSlideSaysWhatToUseInstead() {
        let s = ScriptedSession(["", "", ":slide alpha", ":params"])
        let flat = s.text.replacingOccurrences(of: "\n", with: " ")
        #expect(
            flat.contains(":slide needs an interactive terminal (it reads ←/→ as they are pressed)"),
            "\(s.text)")
        #expect(flat.contains("try :sweep alpha 0:0.05:1 or :set alpha=VALUE"), "\(s.text)")
        #expect(s.text.contains("alpha = 0.5  range 0..1"), "nothing changed")
    }

    @Test func slideIsInTheTableAndCompletesParameters() {
        let s = ScriptedSession([":slide", ":help"])
        #expect(s.text.contains("Write :slide NAME; :params lists the parameters."))
        #expect(s.text.contains(":slide NAME"))
        let completer = s.shell.completer()
        #expect(completer.metaCommands.contains(":slide"))
        #expect(completer.complete(lineBeforeCursor: ":slide al", word: "al").candidates == ["alpha"])
    }
}
