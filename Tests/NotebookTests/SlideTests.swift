import Foundation
import Terminal
import TestSupport
import Testing

@testable import Notebook

/// Keys in batches: a batch is what has been typed by the time the slider looks, so
/// `[[→, →, →], [Enter]]` is three presses during one computation, then Enter.
final class ScriptedSlideKeys: SlideKeySource {
    private var batches: [[SlideKey]]
    private var current: [SlideKey] = []
    /// Runs when the slider asks for a key of a batch (a test presses Ctrl-C from here).
    var onBatch: ((Int) -> Void)?
    private var served = 0

    init(_ batches: [[SlideKey]]) { self.batches = batches }

    func nextKey() -> SlideKey? {
        if current.isEmpty {
            guard !batches.isEmpty else { return nil }
            current = batches.removeFirst()
            onBatch?(served)
            served += 1
        }
        return current.isEmpty ? nil : current.removeFirst()
    }

    func pendingKey() -> SlideKey? { current.isEmpty ? nil : current.removeFirst() }
}

/// Every frame drawn, and whether the block is on the screen.
final class RecordingSlideScreen: SlideScreen {
    var frames: [[String]] = []
    var onScreen = false
    func draw(_ lines: [String]) {
        frames.append(lines)
        onScreen = true
    }
    func erase() { onScreen = false }
    /// The window the slide should follow (nil: the screen cannot tell, as before resizes were followed).
    var window: TerminalContext?
    /// Frames that show re-run output (not the heading alone, not "computing").
    var outputFrames: [[String]] { frames.filter { $0.count > 1 && !$0[0].contains("computing") } }
}

@Suite(.timeLimit(.minutes(3))) struct SlideTests {
    /// A parameter `a` (0..2, slide=0.25) read by `b` and a plot, a random cell that does
    /// not read it, and `k` for a slow loop (no step marked: the default).
    static func lesson() throws -> String {
        let path = scratchPath("metalab-slide") + ".md"
        try """
        ---
        id: fixture.slide
        title: Sliding
        order: 1
        seed: 5
        timeout: 20s
        ---

        ```params id=knobs
        a = 0.5  range=0..2  slide=0.25  "a slope"
        k = 2    range=0..1000000000    "how far the loop counts"
        ```

        ```lab id=random
        > z = randn();
        ```

        ```lab id=uses-a
        > b = 2a;
        > b
        1
        ```

        ```plot id=curve
        > p = plot([0, 1, 2], [0, a, 2a]; width = 40, height = 6);
        > p
        ```

        ```lab id=counts
        > s = 0; for i in 1:k s = s + i end; s
        3
        ```
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func opened() throws -> SessionHarness {
        let h = try SessionHarness(path: try lesson())
        h.session.start()
        h.session.goto("counts")
        return h
    }

    @Test func stepsStayInTheRangeAndReadAsTyped() {
        let scale = SlideScale(range: 0...0.9, step: 0.05)
        #expect(scale.moved(0.1, by: 1) == 0.15, "not 0.15000000000000002")
        #expect(scale.moved(0.15, by: 1) == 0.2)
        #expect(scale.moved(0.1, by: -2) == 0)
        #expect(scale.moved(0.1, by: -3) == 0, "kept at the bottom of the range")
        #expect(scale.moved(0.85, by: 4) == 0.9, "kept at the top")
        #expect(SlideScale(range: 0.001...0.1, step: 0.005).moved(0.001, by: 1) == 0.006)
        #expect(SlideScale(range: 1...50, step: 1).moved(10, by: 1) == 11)
        // A twentieth of the range, rounded down to 1, 2 or 5 × 10ⁿ; whole numbers stay whole.
        #expect(SlideScale.defaultStep(range: 0...1, wholeNumbers: false) == 0.05)
        #expect(SlideScale.defaultStep(range: 0...3, wholeNumbers: false) == 0.1)
        #expect(SlideScale.defaultStep(range: 1...50, wholeNumbers: true) == 2)
        #expect(SlideScale.defaultStep(range: 0...10, wholeNumbers: true) == 1)
    }

    @Test func theLessonMarksTheStepAndLintChecksIt() throws {
        let h = try SlideTests.opened()
        #expect(h.session.parameters.map(\.slideStep) == [0.25, nil])
        #expect(
            h.flat.contains("Change one with :set NAME=VALUE or :slide a to move it with ←/→"),
            "the params step says so")
        h.session.listParameters()
        #expect(h.text.contains("a = 0.5  range 0..2, :slide by 0.25  a slope"))
        #expect(h.text.contains("k = 2  range 0..1000000000  how far"), "no mark, no step shown")
        func problems(_ line: String) -> String {
            let source = "---\nid: x\ntitle: X\n---\n\n```params id=p\n\(line)\n```\n"
            do {
                _ = try LessonParser.parse(source, path: "x.md")
                return ""
            } catch {
                return error.rendered()
            }
        }
        #expect(problems("a = 1  slide=0.1").contains("`slide=` needs a `range=low..high`"))
        #expect(problems("a = 1  range=0..1  slide=x").contains("cannot read the slide step `x`"))
        #expect(problems("a = 1  range=0..1  slide=2").contains("wider than the range"))
        #expect(problems("a = 1  range=0..1  slide=0.1  \"one\"") == "")
    }

    // Walk: in Chinese, `:params` said "alpha = 0.1  range 0..0.9，:slide 步长 0.05": the range
    // and "(lesson: …)" were English text in the code although the catalogue has both words.
    @Test func theParameterLineSpeaksTheSessionsLanguage() throws {
        let h = try SlideTests.opened()
        h.session.language = .zh
        h.session.set("a=1")
        let mark = h.mark
        h.session.listParameters()
        let listed = h.text(since: mark)
        let line = "a = 1  （课程中为 0.5）  范围 0..2，:slide 步长 0.25  a slope"
        #expect(listed.contains(line), "\(listed)")
        #expect(!listed.contains("range") && !listed.contains("lesson:"), "\(listed)")
    }

    // Attack: `slide=1e-300` passed lint, and then no key press moved the value; `range=0..inf`
    // (or `-1e308..1e308`, whose width overflows) passed too, and → slid to `inf`.
    @Test func hostileStepsAndRangesAreLocatedLessonErrors() {
        func problems(_ line: String) -> String {
            let source = "---\nid: x\ntitle: X\n---\n\n```params id=p\n\(line)\n```\n"
            do {
                _ = try LessonParser.parse(source, path: "x.md")
                return ""
            } catch {
                return error.rendered()
            }
        }
        let tiny = problems("a = 0.5  range=0..1  slide=1e-300")
        #expect(tiny.contains("x.md:7:1"), "located at the line: \(tiny)")
        #expect(tiny.contains("the slide step 1") && tiny.contains("e-300 makes"), "\(tiny)")
        #expect(problems("a = 0.5  range=0..1  slide=0.0001") == "", "10000 steps are allowed")
        #expect(problems("a = 0.5  range=0..1  slide=0.00001").contains("steps across the range 0..1"))
        #expect(problems("a = 0.5  range=0..inf").contains("cannot read the range `0..inf`"))
        #expect(problems("a = 0.5  range=-1e308..1e308").contains("expected `low..high` with finite numbers"))
        #expect(problems("a = 0.5  range=0..1e999").contains("cannot read the range"))
        #expect(problems("a = 0.5  range=0..1  slide=nan").contains("cannot read the slide step `nan`"))
        #expect(problems("a = 0.5  range=0..1  slide=-1").contains("cannot read the slide step `-1`"))
        // A step finer than the 12 decimals the slider rounds to still moves.
        #expect(SlideScale(range: 0...1e-9, step: 1e-13).moved(0, by: 1) == 1e-13)
        #expect(SlideScale(range: 0...1e-9, step: 1e-13).moved(5e-13, by: -2) == 3e-13)
    }

    @Test(.timeLimit(.minutes(3))) func arrowsRerunWhatDependsAndEnterKeepsTheValue() throws {
        let h = try SlideTests.opened()
        let z = h.value("z")
        let screen = RecordingSlideScreen()
        let outcome = h.session.slide(
            "a", keys: ScriptedSlideKeys([[.increase], [.increase], [.keep]]), screen: screen)
        #expect(outcome == .kept("1"))
        #expect(h.value("a") == .number(1))
        #expect(h.value("b") == .number(2), "uses-a ran again with a = 1")
        #expect(h.value("z") == z, "a cell that does not read a keeps its numbers")
        #expect(h.session.progress.parameters["a"] == "1")
        var warning: String? = nil
        #expect(
            h.store.load(id: "fixture.slide", warning: &warning)?.parameters["a"] == "1", "saved like a :set")
        let frames = screen.outputFrames
        #expect(frames.count == 2)
        #expect(frames[0][0].hasPrefix("a = 0.75"))
        #expect(frames[0].contains("[uses-a]") && frames[0].contains("1.5"))
        #expect(frames[1].contains("2"))
        #expect(!frames[0].contains("[counts]"), "counts does not read a")
        #expect(frames[0] != frames[1], "the plot moved with a")
        #expect(!screen.onScreen, "the slider's block is gone; the transcript has the last output once")
        #expect(h.text.contains("a = 1 (it was 0.5)"))
    }

    @Test(.timeLimit(.minutes(3))) func keysTypedWhileComputingRunOnlyTheLastValue() throws {
        let h = try SlideTests.opened()
        let screen = RecordingSlideScreen()
        let keys = ScriptedSlideKeys([[.increase, .increase, .increase, .decrease, .increase], [.keep]])
        #expect(h.session.slide("a", keys: keys, screen: screen) == .kept("1.25"))
        #expect(screen.outputFrames.count == 1, "one re-run for five keys")
        #expect(h.value("b") == .number(2.5))
    }

    /// A resized window (the terminal's key reader reports `.resize`) draws the frame again
    /// at once, without a key and without re-running anything; a resize among moves does
    /// not draw a stale frame before the move's.
    @Test(.timeLimit(.minutes(3))) func aResizedWindowDrawsTheFrameAgainAtOnce() throws {
        let h = try SlideTests.opened()
        let screen = RecordingSlideScreen()
        let keys = ScriptedSlideKeys([[.resize], [.increase], [.resize], [.increase, .resize], [.keep]])
        var drawnBefore: [Int] = []
        keys.onBatch = { _ in drawnBefore.append(screen.frames.count) }
        #expect(h.session.slide("a", keys: keys, screen: screen) == .kept("1"))
        let heading = screen.frames[0]
        #expect(heading.count == 1 && heading[0].hasPrefix("a = 0.5"))
        // Batch 0 (a resize alone) drew the heading again, and nothing ran.
        #expect(drawnBefore[1] == drawnBefore[0] + 1)
        #expect(screen.frames[drawnBefore[0]] == heading)
        // Batch 2 (a resize alone after a move) drew the move's frame again, exactly.
        let moved = screen.frames[drawnBefore[2] - 1]
        #expect(moved[0].hasPrefix("a = 0.75") && moved.contains("1.5"))
        #expect(drawnBefore[3] == drawnBefore[2] + 1)
        #expect(screen.frames[drawnBefore[2]] == moved)
        // Batch 3 (a move and a resize) drew only the move's frames ("computing", then output).
        let third = screen.frames[drawnBefore[3]..<drawnBefore[4]]
        #expect(!third.contains(moved), "no stale frame before the move's")
        #expect(third.last?[0].hasPrefix("a = 1 ") == true, "\(third.map { $0[0] })")
        #expect(screen.outputFrames.count == 3, "two moves, the first one's frame drawn again once")
        #expect(h.value("b") == .number(2), "two re-runs only")
    }

    /// The status line wrapped below ~80 columns ("a = 0.5   ←/→ by 0.25 in 0..2 · Enter keeps it ·
    /// Esc puts 0.5 back" is 61 columns, the value and the hints longer with a longer name): it
    /// drops detail instead, widest hints first. Expected lines are written out from the
    /// catalogue's English, not computed.
    @Test func theStatusLineFitsTheWindowDroppingDetail() {
        let value = "alpha = 0.35"
        let hints = [
            Message.slideHeading.text(.en, "0.05", "0", "0.9", "0.3"),
            Message.slideHeadingShort.text(.en, "0.05"),
            Message.slideHeadingKeys.text(.en),
        ]
        func line(_ width: Int, note: String = "") -> String {
            let s = LessonSession.slideStatus(value: value, note: note, hints: hints, width: width)
            return s.value + s.note + s.hints
        }
        #expect(line(79) == "alpha = 0.35   ←/→ by 0.05 in 0..0.9 · Enter keeps it · Esc puts 0.3 back")
        #expect(line(59) == "alpha = 0.35   ←/→ by 0.05 · Enter keeps it · Esc undoes")
        #expect(line(39) == "alpha = 0.35   ←/→ · Enter · Esc")
        #expect(line(20) == "alpha = 0.35")
        #expect(line(8) == "alpha =…")
        // Columns: the value 12, the note 26, the hints 61, 44 and 20. "Computing" stays before
        // the hints do (12 + 26 + 20 = 58 ≤ 79 < 82); narrower, it goes before the value is cut.
        let computing = "   computing alpha = 0.4 …"
        #expect(line(79, note: computing) == "alpha = 0.35   computing alpha = 0.4 …   ←/→ · Enter · Esc")
        #expect(line(39, note: computing) == "alpha = 0.35   computing alpha = 0.4 …")
        #expect(line(34, note: computing) == "alpha = 0.35   ←/→ · Enter · Esc")
        #expect(line(30, note: computing) == "alpha = 0.35")
    }

    /// The same in a session at 40, 60 and 80 columns: every heading drawn fits in one row.
    @Test(.timeLimit(.minutes(3)), arguments: [40, 60, 80])
    func theSlidesHeadingsFitTheWindow(width: Int) throws {
        let h = try SlideTests.opened()
        h.session.follow(TerminalContext(colorMode: .none, width: width))
        let screen = RecordingSlideScreen()
        let keys = ScriptedSlideKeys([[.increase], [.keep]])
        #expect(h.session.slide("a", keys: keys, screen: screen) == .kept("0.75"))
        #expect(screen.frames.count >= 2)
        for frame in screen.frames {
            #expect(displayWidth(frame[0]) < width, "\(frame[0]) (\(displayWidth(frame[0])) columns)")
            #expect(frame[0].contains("a = "))
        }
        #expect(
            screen.frames[0][0].contains(width >= 80 ? "Esc puts 0.5 back" : "Esc"), "\(screen.frames[0][0])")
    }

    /// After a resize the slide rewrapped its frame, but its plots kept the width they were drawn
    /// at: a window narrowed to 50 columns showed 79-column plot rows. Now a resize that changes
    /// the width runs the output again for the new window (the value stays).
    @Test(.timeLimit(.minutes(3))) func aResizeRedrawsTheSlidesPlotsAtTheNewWidth() throws {
        let path = scratchPath("metalab-slide-resize") + ".md"
        try """
        ---
        id: fixture.slide-resize
        title: Resizing
        order: 1
        ---

        ```params id=knobs
        a = 0.5  range=0..2  slide=0.25  "a slope"
        ```

        ```plot id=curve check=off
        > plot([0, 1, 2], [0, a, 2a]; height = 6)
        ```
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let h = try SessionHarness(path: path)
        h.session.start()
        h.session.goto("curve")
        let screen = RecordingSlideScreen()
        screen.window = .plain
        let narrow = TerminalContext(colorMode: .none, width: 50)
        let keys = ScriptedSlideKeys([[.increase], [.resize], [.keep]])
        keys.onBatch = { batch in if batch == 1 { screen.window = narrow } }
        #expect(h.session.slide("a", keys: keys, screen: screen) == .kept("0.75"))
        let wide = screen.outputFrames.first ?? []
        let last = screen.outputFrames.last ?? []
        #expect(wide.map(displayWidth).max() ?? 0 > 50, "the plot first took the 80 columns: \(wide)")
        #expect(last.contains { $0.contains("┤") }, "the plot is in the frame after the resize: \(last)")
        #expect(last.allSatisfy { displayWidth($0) <= 50 }, "\(last.joined(separator: "\n"))")
        #expect(last[0].hasPrefix("a = 0.75"))
    }

    @Test(.timeLimit(.minutes(3))) func escPutsBackEveryBindingAndOutputExactly() throws {
        let h = try SlideTests.opened()
        let bindings = h.bindings(), journal = h.session.journal, progress = h.session.progress
        let mark = h.mark
        let screen = RecordingSlideScreen()
        let outcome = h.session.slide(
            "a", keys: ScriptedSlideKeys([[.increase], [.increase], [.restore]]), screen: screen)
        #expect(outcome == .restored)
        #expect(screen.outputFrames.count == 2, "it did slide before Esc")
        #expect(h.bindings() == bindings, "every value as before the slide")
        #expect(h.session.journal == journal, "every cell's recorded output as before (what :save writes)")
        #expect(h.session.progress == progress)
        #expect(!screen.onScreen, "the transcript shows again as it was")
        #expect(
            h.text(since: mark) == "a is 0.5 again; every value and output is as before :slide.",
            "nothing of the slide reaches the transcript")
        h.session.listParameters()
        #expect(h.text.contains("a = 0.5") && !h.text.contains("(lesson: 0.5)"))
    }

    @Test(.timeLimit(.minutes(3))) func ctrlCWhileComputingPutsBackTheStateBeforeTheSlide() throws {
        let h = try SlideTests.opened()
        let bindings = h.bindings(), progress = h.session.progress
        let screen = RecordingSlideScreen()
        let keys = ScriptedSlideKeys([[.decrease], [.increase], [.keep]])
        // k = 2 → 0 runs at once; then up by the default step 5·10⁷ counts for minutes: Ctrl-C stops it.
        keys.onBatch = { batch in if batch == 1 { h.pressCtrlC(after: 0.5) } }
        let outcome = h.session.slide("k", keys: keys, screen: screen)
        h.release()
        #expect(outcome == .stopped)
        #expect(h.bindings() == bindings, "the first move, which finished, is undone too")
        #expect(h.session.progress == progress)
        #expect(h.text.contains("Stopped: :slide k was undone"))
        #expect(!screen.onScreen)
        h.session.next()
        #expect(!h.text.contains("undefined name"), "the lesson goes on")
    }

    @Test(.timeLimit(.minutes(3))) func ctrlCWhileWaitingPutsBackTheStateBeforeTheSlide() throws {
        let h = try SlideTests.opened()
        let bindings = h.bindings()
        let screen = RecordingSlideScreen()
        let outcome = h.session.slide("a", keys: ScriptedSlideKeys([[.increase], [.stop]]), screen: screen)
        #expect(outcome == .stopped)
        #expect(screen.outputFrames.count == 1)
        #expect(h.bindings() == bindings)
        #expect(h.session.progress.parameters["a"] == nil)
    }

    @Test func whatCannotSlideSaysWhy() throws {
        let h = try SlideTests.opened()
        let screen = RecordingSlideScreen()
        #expect(h.session.slide("nope", keys: ScriptedSlideKeys([]), screen: screen) == .refused)
        #expect(h.text.contains("`nope` is not a parameter of this lesson; :params lists them."))
        #expect(screen.frames.isEmpty)
        h.session.slideNeedsATerminal("a")
        #expect(h.flat.contains(":slide needs an interactive terminal"))
        #expect(h.flat.contains(":sweep a 0:0.25:2 or :set a=VALUE"))
    }

    // Attack (two shells, one lesson): shell B slid `a` to a value whose cell fails; that
    // rollback saved, taking in shell A's answer to `ex`; then Esc put back B's state from
    // before the slide and saved it over the file, and A's answer was gone from the disk.
    @Test(.timeLimit(.minutes(3))) func escAfterAFailedValueKeepsAnotherShellsAnswer() throws {
        let path = scratchPath("metalab-slide2") + ".md"
        try """
        ---
        id: fixture.slide2
        title: Two shells
        order: 1
        ---

        ```params id=knobs
        a = 1  range=0..2  slide=1  "an index"
        ```

        ```lab id=picks
        > q = [10, 20][a + 1]
        20
        ```

        ```exercise id=ex target=x
        x = 
        ```

        ```check for=ex
        expect x ~= 3
        ```

        ```solution for=ex
        x = 3
        ```
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let folder = scratchPath("metalab-slide2")
        let a = try SessionHarness(path: path, state: folder),
            b = try SessionHarness(path: path, state: folder)
        a.session.start()
        b.session.start()
        b.session.goto("picks")
        a.session.goto("ex")
        a.session.enter("x = 3")
        let answer = try #require(a.session.progress.answers["ex"])
        #expect(answer.hasSuffix("x = 3"))
        let outcome = b.session.slide(
            "a", keys: ScriptedSlideKeys([[.increase], [.restore]]), screen: RecordingSlideScreen())
        #expect(outcome == .restored)
        var warning: String? = nil
        let onDisk = b.store.load(id: "fixture.slide2", warning: &warning)
        #expect(onDisk?.answers["ex"] == answer, "shell A's answer is still saved")
        #expect(onDisk?.isDone("ex") == true)
        #expect(b.session.progress.answers["ex"] == answer)
        #expect(b.session.progress.parameters["a"] == nil, "the slide itself is undone")
    }

    // Attack (tmux, `metalab present`): `:slide m` then → hung at "computing m = 2 …": the
    // re-run paused for the presenter's Enter, read by readline instead of the slider.
    @Test(.timeLimit(.minutes(3))) func presentingASlideDoesNotPauseToPredict() throws {
        let h = try SlideTests.opened()
        var pauses = 0
        h.session.presenting = true
        h.session.pauseBeforeOutput = { pauses += 1 }
        let outcome = h.session.slide(
            "a", keys: ScriptedSlideKeys([[.increase], [.keep]]), screen: RecordingSlideScreen())
        #expect(outcome == .kept("0.75"))
        #expect(pauses == 0, "no wait for Enter inside a slide")
        #expect(h.session.pauseBeforeOutput != nil, "the presenter's pause is back afterwards")
    }
}
