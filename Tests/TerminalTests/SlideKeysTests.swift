import Testing

@testable import Terminal

/// The bytes a terminal sends for the slider's keys (xterm's control sequences).
@Suite struct SlideKeysTests {
    func keys(_ text: String, final: Bool = true) -> [SlideKey] {
        SlideKeyDecoder.decode(Array(text.utf8), final: final).keys
    }

    @Test func arrowsInBothCursorModesAndTheLetters() {
        #expect(keys("\u{1B}[C\u{1B}[D\u{1B}OC\u{1B}OD") == [.increase, .decrease, .increase, .decrease])
        #expect(keys("llh") == [.increase, .increase, .decrease])
        #expect(keys("\r") == [.keep])
        #expect(keys("\u{03}") == [.stop])
        #expect(keys("\u{1B}[1;2C") == [.increase], "a modified arrow is still an arrow")
        #expect(keys("\u{1B}[A\u{1B}[B x") == [], "up, down and other keys mean nothing")
    }

    // Attack: Ctrl-\\ mid-slide killed the shell (SIGQUIT) with the terminal left without echo
    // on the alternate screen; the slide now reads it as a byte, and stops like Ctrl-C.
    @Test func ctrlBackslashStopsAndCtrlZMeansNothing() {
        #expect(keys("\u{1C}") == [.stop])
        #expect(keys("l\u{1A}l") == [.increase, .increase])
    }

    @Test func aLoneEscIsEscOnlyWhenNothingFollows() {
        let waiting = SlideKeyDecoder.decode(Array("\u{1B}[C\u{1B}".utf8), final: false)
        #expect(waiting.keys == [.increase])
        #expect(waiting.rest == [0x1B], "kept: it may be the start of an arrow")
        let cut = SlideKeyDecoder.decode(Array("\u{1B}[".utf8), final: false)
        #expect(cut.keys == [] && cut.rest == Array("\u{1B}[".utf8))
        #expect(keys("\u{1B}") == [.restore])
        #expect(keys("\u{1B}\u{1B}[C") == [.restore, .increase])
        #expect(keys("q") == [.restore])
    }

    @Test func aFrameFitsTheWindowKeepingItsHeadingAndItsEnd() {
        let lines = ["head"] + (1...10).map { "line \($0)" }
        #expect(InPlaceBlock.fit(lines, rows: 4, columns: 80) == ["head", "line 8", "line 9", "line 10"])
        #expect(InPlaceBlock.fit(lines, rows: 40, columns: 80) == lines)
        // A line wider than the window takes two rows; escapes take none.
        #expect(
            InPlaceBlock.rows([String(repeating: "x", count: 81), "\u{1B}[1mab\u{1B}[0m"], columns: 80) == 3)
        #expect(InPlaceBlock.rows([String(repeating: "x", count: 80)], columns: 80) == 1)
        #expect(
            InPlaceBlock.fit(["head", String(repeating: "x", count: 100), "end"], rows: 3, columns: 80) == [
                "head", "end",
            ])
    }
}
