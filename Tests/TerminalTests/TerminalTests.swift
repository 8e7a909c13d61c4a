import Testing

@testable import Terminal

@Suite struct ColorModeTests {
    @Test func noColorWinsOverEverything() {
        let env = ["NO_COLOR": "", "COLORTERM": "truecolor", "TERM": "xterm-256color"]
        #expect(ColorMode.detect(environment: env, isTerminal: true) == .none)
    }

    @Test func notATerminalMeansNoColour() {
        #expect(ColorMode.detect(environment: ["COLORTERM": "truecolor"], isTerminal: false) == .none)
    }

    @Test(arguments: [
        (["COLORTERM": "truecolor"], ColorMode.trueColor),
        (["COLORTERM": "24bit", "TERM": "xterm"], .trueColor),
        (["TERM": "xterm-256color"], .ansi256),
        (["TERM": "xterm"], .ansi16),
        (["TERM": "dumb"], .none),
        ([:], .ansi16),
    ])
    func terminalVariables(environment: [String: String], expected: ColorMode) {
        #expect(ColorMode.detect(environment: environment, isTerminal: true) == expected)
    }

    @Test func plainFlagOverridesTheEnvironment() {
        let context = TerminalContext.detect(plain: true, environment: ["COLORTERM": "truecolor"])
        #expect(context.colorMode == .none)
    }

    @Test func widthFlagOverridesDetection() {
        #expect(TerminalContext.detect(width: 37, environment: ["COLUMNS": "120"]).width == 37)
    }

    /// Under `swift test` stdout is a pipe, so ioctl fails and COLUMNS decides; run from a
    /// terminal the test is reported as skipped, not passed.
    @Test(
        .enabled(
            if: windowSize(fileDescriptor: 1) == nil, "stdout is a terminal: its size decides, not COLUMNS"))
    func columnsVariableIsUsedWhenStdoutIsNotATerminal() {
        #expect(TerminalContext.detect(environment: ["COLUMNS": "132"]).width == 132)
        #expect(TerminalContext.detect(environment: ["COLUMNS": "junk"]).width == 80)
        #expect(TerminalContext.detect(environment: [:]).width == 80)
    }
}

@Suite struct StyleTests {
    @Test func noEscapesWithoutColour() {
        let style = TextStyle(foreground: .red, bold: true)
        #expect(style.apply("x", mode: .none) == "x")
    }

    @Test func sixteenColourCodes() {
        #expect(TextStyle(foreground: .red).apply("x", mode: .ansi16) == "\u{1B}[31mx\u{1B}[0m")
        #expect(TextStyle(background: .ansi(12)).opening(.ansi16) == "\u{1B}[104m")
    }

    @Test func rgbDowngrades() {
        let orange = TerminalColor.rgb(255, 135, 0)
        #expect(orange.sgrParameters(background: false, mode: .trueColor) == "38;2;255;135;0")
        #expect(orange.sgrParameters(background: false, mode: .ansi256) == "38;5;208")
        #expect(TerminalColor.rgb(250, 10, 10).ansi16Index == 9)
        #expect(TerminalColor.nearest256(128, 128, 128) == 244)
    }

    @Test func stripRemovesCSIAndOSC() {
        let s = "\u{1B}[1;31mred\u{1B}[0m \u{1B}]8;;http://x\u{07}link\u{1B}]8;;\u{1B}\\"
        #expect(ANSI.strip(s) == "red link")
    }
}

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("", 0), ("θ′", 2), ("x\u{0304}", 1), ("漢字", 4), ("ｆ", 2), ("a\u{200B}b", 2),
        ("\u{1B}[31mred\u{1B}[0m", 3), ("⠉⠒▀█", 4), ("e\u{0301}\u{0301}", 1), ("🙂", 2), ("\u{FE0F}", 0),
        ("한국", 4), ("tab\t", 3),
    ])
    func widths(text: String, expected: Int) {
        #expect(displayWidth(text) == expected)
    }

    @Test func paddingAndTruncationCountColumns() {
        #expect("漢".padded(toWidth: 4) == "漢  ")
        #expect("ab".leftPadded(toWidth: 4) == "  ab")
        #expect("abcdef".truncated(toWidth: 4) == "abc…")
        #expect("漢字漢字".truncated(toWidth: 4) == "漢…")
        #expect(displayWidth("\u{1B}[31mabcdef\u{1B}[0m".truncated(toWidth: 3)) == 3)
        #expect("abc".truncated(toWidth: 5) == "abc")
    }
}

@Suite struct WordWrapTests {
    @Test func breaksAtSpacesWithinTheWidth() {
        let lines = "save progress and leave (also Ctrl-D)".wordWrapped(toWidth: 16)
        #expect(lines == ["save progress", "and leave (also", "Ctrl-D)"])
    }

    @Test func aWordLongerThanTheLineIsCut() {
        #expect("abcdefghij xy".wordWrapped(toWidth: 4) == ["abcd", "efgh", "ij", "xy"])
    }

    @Test func textThatFitsIsOneLine() {
        #expect("α β γ".wordWrapped(toWidth: 5) == ["α β γ"])
    }
}

final class BufferSink: ProgressSink {
    var isTerminal: Bool
    var text = ""
    init(isTerminal: Bool) { self.isTerminal = isTerminal }
    func write(_ text: String) { self.text += text }
}

@Suite struct ProgressBarTests {
    final class FakeClock: @unchecked Sendable {
        var now = 0.0
    }

    @Test func printsNothingWhenNotATerminal() {
        let sink = BufferSink(isTerminal: false)
        let bar = ProgressBar(total: 10, context: .plain, sink: sink)
        for i in 1...10 { bar.update(completed: i) }
        bar.finish()
        #expect(sink.text.isEmpty)
    }

    @Test func throttlesButAlwaysDrawsTheLastUpdate() {
        let sink = BufferSink(isTerminal: true)
        let clock = FakeClock()
        let bar = ProgressBar(
            total: 100, context: .plain, sink: sink, minimumInterval: 0.1, clock: { clock.now })
        for i in 1...100 {
            clock.now = Double(i) * 0.01  // 100 updates over one second
            bar.update(completed: i)
        }
        #expect(bar.drawCount >= 9 && bar.drawCount <= 12)
        #expect(sink.text.hasPrefix("\r"))
        #expect(sink.text.contains("100/100"))
        bar.finish()
        #expect(sink.text.hasSuffix("\r\u{1B}[K"))
    }

    @Test func lineShowsCountPercentETAAndValue() {
        let clock = FakeClock()
        let bar = ProgressBar(
            total: 200, label: "train", context: TerminalContext(colorMode: .none, width: 80),
            sink: BufferSink(isTerminal: true), clock: { clock.now })
        clock.now = 2
        bar.update(completed: 50, value: ("loss", 0.03125))
        let line = bar.line(now: 2, value: ("loss", 0.03125))
        #expect(line.hasPrefix("train ━"))
        let drawn = line.dropFirst(6).prefix { $0 == "━" || $0 == "╸" || $0 == "─" }
        let done = drawn.filter { $0 == "━" }.count
        #expect(abs(Double(done) / Double(drawn.count) - 0.25) < 0.05)
        #expect(line.contains("50/200  25%  ETA 6.0s  loss 0.03125"))
        #expect(displayWidth(line) <= 77, "three columns stay free for the terminal's ^C echo")
        #expect(!line.contains("\u{1B}"))
    }

    @Test func asciiBarAndNarrowWindow() {
        let clock = FakeClock()
        let context = TerminalContext(colorMode: .none, ascii: true, width: 32)
        let bar = ProgressBar(
            total: 4, context: context, sink: BufferSink(isTerminal: true), clock: { clock.now })
        bar.update(completed: 2)
        let line = bar.line(now: 1)
        #expect(line.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(displayWidth(line) <= 29)
        #expect(line.hasPrefix("[###----]"))
    }

    @Test func finishErasesTheBarThenWritesTheNote() {
        let sink = BufferSink(isTerminal: true)
        let bar = ProgressBar(total: 10, context: .plain, sink: sink, minimumInterval: 0)
        bar.update(completed: 3)
        bar.finish(note: "stopped after 3 of 10")
        #expect(sink.text.hasSuffix("\r\u{1B}[Kstopped after 3 of 10\n"))
    }

    @Test func aNoteIsWrittenEvenWhenNotATerminal() {
        let sink = BufferSink(isTerminal: false)
        let bar = ProgressBar(total: 10, context: .plain, sink: sink)
        bar.update(completed: 3)
        bar.finish(note: "stopped")
        #expect(sink.text == "stopped\n")
    }

    @Test(arguments: [(0.25, "0.2s"), (42.0, "42s"), (125.0, "2m05s"), (3720.0, "1h02m")])
    func durations(seconds: Double, text: String) {
        #expect(ProgressBar.duration(seconds) == text)
    }
}
