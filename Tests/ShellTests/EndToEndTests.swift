import Foundation
import TestSupport
import Testing

/// Drives the real `metalab` binary in a terminal (tmux): what a learner's
/// fingers do. Fails, saying why, when tmux or the built binary is missing
/// (`make test` installs tmux and builds first).
// Serialized: each test runs a real metalab (trainers among them) in its own tmux window on
// the one tmux server; several at once on 2 cores starve the prompts past the tests' waits.
@Suite(.serialized, .timeLimit(.minutes(5))) struct EndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/metalab").path

    static func tmuxPath() -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"]
        where FileManager.default.isExecutableFile(atPath: dir + "/tmux") { return dir + "/tmux" }
        return nil
    }

    /// One tmux session running metalab, with its own state and course folders.
    final class Terminal {
        let tmux: String
        let name = "metalab-e2e-\(UUID().uuidString.prefix(8))"
        let home: String

        init(tmux: String, home: String) {
            self.tmux = tmux
            self.home = home
        }

        /// Runs tmux and waits for the client (posix_spawn and waitpid: a
        /// server started by `new-session` daemonises and must not be waited for).
        /// Output goes to a temporary file, read back when `capture` is set.
        @discardableResult
        func call(_ arguments: [String], capture: Bool = false) -> String {
            let outputPath = scratchPath("metalab-tmux")
            defer { unlink(outputPath) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(
                &actions, 1, capture ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = ([tmux] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, tmux, &actions, nil, argv, environ) == 0 else { return "" }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return capture ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
        }

        /// metalab in a 100 × 40 window, on the course in `course` (default: the test's own) at `lesson`.
        func start(course: String? = nil, lesson: String = "") {
            let command =
                "env XDG_STATE_HOME=\(home)/state METALAB_HOME=\(course ?? home) TERM=xterm-256color NO_COLOR=1 "
                + "\(EndToEndTests.binary) \(lesson)"
            call(["new-session", "-d", "-s", name, "-x", "100", "-y", "40", command])
            // Keep the pane after metalab exits, so its last words can be read.
            call(["set-option", "-t", name, "remain-on-exit", "on"])
        }

        func keys(_ keys: String...) { call(["send-keys", "-t", name] + keys) }
        func type(_ text: String) { call(["send-keys", "-t", name, "-l", text]) }
        var screen: String { call(["capture-pane", "-p", "-t", name], capture: true) }
        /// The screen and everything scrolled off it (the pane's history).
        var transcript: String { call(["capture-pane", "-p", "-S", "-", "-t", name], capture: true) }

        /// Waits until the screen satisfies `condition` (at most `seconds`).
        @discardableResult
        func waitFor(_ seconds: Double = 30, _ condition: (String) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition(screen) { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }

        /// Whether the screen ends at an empty prompt: readline is reading (and in raw mode,
        /// so arrow keys are keys, not text).
        var atPrompt: Bool {
            screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?
                .trimmingCharacters(in: .whitespaces) == ">"
        }

        func stop() { call(["kill-session", "-t", name]) }
    }

    /// tmux and the debug binary are part of the test set-up (`make test` installs tmux and
    /// `swift build --build-tests` builds the binary): missing, the test fails and says why.
    func setUp() -> (String, String)? {
        guard let tmux = EndToEndTests.tmuxPath() else {
            Issue.record("tmux is not installed: run `make test-deps` (make test installs it)")
            return nil
        }
        guard FileManager.default.isExecutableFile(atPath: EndToEndTests.binary) else {
            Issue.record("\(EndToEndTests.binary) is not built: run `swift build --build-tests`")
            return nil
        }
        let home = scratchPath("metalab-e2e")
        try? FileManager.default.createDirectory(atPath: home + "/Lessons", withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(
            atPath: home + "/Datasets", withIntermediateDirectories: true)
        try? """
        ---
        id: e2e.lesson
        title: Terminal test
        order: 0
        ---

        First step.

        ```lab id=one
        > a = 1
        1
        ```

        Second step.

        ```lab id=two
        > b = 2
        2
        ```

        The end.
        """.write(toFile: home + "/Lessons/00-e2e.md", atomically: true, encoding: .utf8)
        return (tmux, home)
    }

    /// Ctrl-C in a training builtin, on the real terminal (stderr and stdout both on the screen):
    /// in a compound line the whole line is undone and only that is said; alone at the
    /// prompt the trainer keeps what it learned and says so.
    @Test func ctrlCInATrainerSaysOnlyWhatIsTrue() throws {
        guard let (tmux, home) = setUp() else { return }
        let shell = Terminal(tmux: tmux, home: home)
        shell.start()
        defer { shell.stop() }
        #expect(shell.waitFor { _ in shell.atPrompt }, "the prompt is drawn:\n\(shell.screen)")
        shell.type("dist = sinusoid_tasks(); model = mlp([1, 8, 1]);")
        shell.keys("Enter")
        func stop(until said: String) -> Bool {
            for _ in 0..<10 {
                Thread.sleep(forTimeInterval: 1.0)
                shell.keys("C-c")
                if shell.waitFor(3, { $0.contains(said) }) { return true }
            }
            return false
        }
        shell.type("r = maml(model, dist; iterations = 100000000, meta_batch = 2); q = 2")
        shell.keys("Enter")
        #expect(stop(until: "everything is as before the command"), "\(shell.screen)")
        #expect(!shell.screen.contains("keeps what it learned"), "the line was undone:\n\(shell.screen)")
        shell.type("r2 = maml(model, dist; iterations = 100000000, meta_batch = 2)")
        shell.keys("Enter")
        #expect(stop(until: "keeps what it learned"), "\(shell.screen)")
        shell.type("length(r2.history.loss) > 0")
        shell.keys("Enter")
        #expect(shell.waitFor { $0.contains("\ntrue") }, "r2 kept what it learned:\n\(shell.screen)")
    }

    // Walk: Ctrl-C in `fit` (no progress bar to erase the terminal's echo) left the note on the
    // echo's line: "^Cfit stopped in epoch 22923 of 1000000; the result keeps what it learned".
    @Test func aTrainersStopNoteStartsOnItsOwnLineAfterTheEchoedCtrlC() throws {
        guard let (tmux, home) = setUp() else { return }
        let shell = Terminal(tmux: tmux, home: home)
        shell.start()
        defer { shell.stop() }
        #expect(shell.waitFor { _ in shell.atPrompt }, "the prompt is drawn:\n\(shell.screen)")
        shell.type("m = mlp([1, 8, 1]); X = reshape(linspace(-1, 1, 64), 64, 1);")
        shell.keys("Enter")
        #expect(shell.waitFor { _ in shell.atPrompt }, "\(shell.screen)")
        shell.type("r = fit(m, X, X; epochs = 1e7)")
        shell.keys("Enter")
        var said = false
        for _ in 0..<10 where !said {
            Thread.sleep(forTimeInterval: 1.0)
            shell.keys("C-c")
            said = shell.waitFor(3) { $0.contains("fit stopped in epoch") }
        }
        let screen = shell.screen
        #expect(said, "\(screen)")
        #expect(!screen.contains("^Cfit stopped"), "\(screen)")
        #expect(screen.contains("\nfit stopped in epoch"), "\(screen)")
    }

    // Walk: Ctrl-C at a prompt with a line typed drew "^C" over the prompt's first columns
    // ("^C-gradient> abc def" for "ex-gradient> abc def"): the learner lost the line's start.
    @Test func ctrlCAtThePromptKeepsThePromptAndTheLine() throws {
        guard let (tmux, home) = setUp() else { return }
        let shell = Terminal(tmux: tmux, home: home)
        shell.start()
        defer { shell.stop() }
        #expect(shell.waitFor { _ in shell.atPrompt }, "the prompt is drawn:\n\(shell.screen)")
        shell.type("abc def")
        shell.keys("C-a")  // the cursor away from the end: the ^C still goes after the line
        shell.keys("C-c")
        #expect(shell.waitFor { $0.contains("> abc def^C\n") }, "\(shell.screen)")
        #expect(!shell.screen.contains("^Cc def"), "\(shell.screen)")
    }

    /// An unclosed `[` gave only the `+` prompt, with no word of Ctrl-C; Ctrl-D there quit the
    /// whole shell. Now the first continuation says what is open and how to cancel, and Ctrl-D
    /// on a continuation line drops the command; the shell goes on, and a second Ctrl-D at an
    /// empty prompt leaves as before.
    @Test func anUnclosedBracketSaysHowToCancelAndCtrlDDropsIt() throws {
        guard let (tmux, home) = setUp() else { return }
        let shell = Terminal(tmux: tmux, home: home)
        shell.start()
        defer { shell.stop() }
        #expect(shell.waitFor { _ in shell.atPrompt }, "the prompt is drawn:\n\(shell.screen)")
        shell.type("v = [1,")
        shell.keys("Enter")
        #expect(
            shell.waitFor {
                $0.contains("(continuing: close the `[` from 1:5 with `]`, or press Ctrl-C to cancel)")
            },
            "\(shell.screen)")
        let lastLine = { (screen: String) in
            screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        #expect(shell.waitFor { lastLine($0) == "+" }, "a `+` prompt:\n\(shell.screen)")
        shell.keys("C-d")
        #expect(
            shell.waitFor {
                $0.contains("Dropped the unfinished command: the `[` from 1:5 was never closed.")
            },
            "\(shell.screen)")
        #expect(shell.waitFor { _ in shell.atPrompt }, "still running, at a fresh prompt:\n\(shell.screen)")
        shell.type("40 + 2")
        shell.keys("Enter")
        #expect(shell.waitFor { $0.contains("\n42\n") }, "the shell goes on:\n\(shell.screen)")
        #expect(shell.waitFor { _ in shell.atPrompt }, "\(shell.screen)")
        shell.keys("C-d")
        #expect(
            shell.waitFor { $0.contains("Progress saved.") },
            "Ctrl-D at an empty prompt leaves:\n\(shell.screen)")
    }

    @Test func greekCompletionCtrlCHistoryAndResume() throws {
        guard let (tmux, home) = setUp() else { return }
        let first = Terminal(tmux: tmux, home: home)
        first.start()
        defer { first.stop() }
        #expect(first.waitFor { $0.contains("First step.") }, "the shell opened lesson 0:\n\(first.screen)")
        #expect(first.waitFor { _ in first.atPrompt }, "the prompt is drawn:\n\(first.screen)")
        first.keys("Enter")
        #expect(first.waitFor { $0.contains("Second step.") })
        // Keys sent before readline draws the prompt are lost or land mid-line (seen under load:
        // `\aα`); type once the prompt is there.
        #expect(first.waitFor { _ in first.atPrompt }, "the prompt is drawn again:\n\(first.screen)")

        // \alpha Tab → α
        first.type("\\alpha")
        first.keys("Tab")
        #expect(first.waitFor { $0.contains("> α") }, "Tab turned \\alpha into α:\n\(first.screen)")
        first.type(" = 21")
        first.keys("Enter")
        first.type("2α")
        first.keys("Enter")
        #expect(first.waitFor { $0.contains("\n42") }, "\(first.screen)")

        // Ctrl-C during a long computation returns to a live prompt, state rolled back.
        first.type("n = 0")
        first.keys("Enter")
        first.type("while true; n = n + 1; end")
        first.keys("Enter")
        // Under load the loop may not have started when the first Ctrl-C arrives (a Ctrl-C
        // between reading a line and running it is dropped), so press it until it lands.
        var stopped = false
        for _ in 0..<10 where !stopped {
            Thread.sleep(forTimeInterval: 1.0)
            first.keys("C-c")
            stopped = first.waitFor(2) { $0.contains("interrupted") }
        }
        #expect(stopped, "\(first.screen)")
        first.type("n + 100")
        first.keys("Enter")
        #expect(
            first.waitFor { $0.contains("\n100") },
            "the prompt is live and n was rolled back:\n\(first.screen)")

        // Ctrl-C at the prompt clears the line.
        first.type("this line is dropped")
        first.keys("C-c")
        // Type only once the cleared prompt is drawn: keys sent while readline handles the
        // Ctrl-C were lost on a loaded machine.
        #expect(first.waitFor { _ in first.atPrompt }, "the line was dropped:\n\(first.screen)")
        first.type("7 * 6")
        first.keys("Enter")
        #expect(first.waitFor { $0.components(separatedBy: "\n42").count >= 3 }, "\(first.screen)")

        first.type(":quit")
        first.keys("Enter")
        #expect(first.waitFor { $0.contains("Progress saved.") })

        // A restart resumes at the step, and history recalls the last run's lines.
        let second = Terminal(tmux: tmux, home: home)
        second.start()
        defer { second.stop() }
        #expect(
            second.waitFor { $0.contains("Resuming “Terminal test” at step 2 of 3.") }, "\(second.screen)")
        #expect(second.waitFor { _ in second.atPrompt }, "the prompt is drawn:\n\(second.screen)")
        second.keys("Up")
        #expect(second.waitFor { $0.contains("> :quit") }, "history from the first run:\n\(second.screen)")
        second.keys("Up")
        #expect(second.waitFor { $0.contains("> 7 * 6") }, "\(second.screen)")
        let history = try String(contentsOfFile: home + "/state/metalab/history", encoding: .utf8)
        #expect(history.contains("2α\n"))
    }
}

/// `:slide` in a real terminal on lesson 13's α (issue 20: "`:slide` works in tmux with
/// arrow keys on lesson 11's α", lesson 13 since the course was renumbered).
extension EndToEndTests {
    /// Lesson 13 at its plot of the first-order gap, whose `vline!` marks α.
    func openLessonThirteenAtThePlot(_ terminal: Terminal) -> Bool {
        terminal.start(course: EndToEndTests.root.path, lesson: "meta.maml")
        let ready = terminal.waitFor { _ in terminal.atPrompt }
        guard ready else { return false }
        terminal.type(":goto fo-gap-plot")
        terminal.keys("Enter")
        return terminal.waitFor { $0.contains(EndToEndTests.plotSummary) }
            && terminal.waitFor { _ in terminal.atPrompt }
    }

    /// The plot's last line, printed once per drawing of it (not part of any command).
    static let plotSummary = "x 0…0.5, y 0…1.06"

    /// The plot's rows (its frame and the curve), as the screen shows them.
    static func plotRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").map(String.init).filter { $0.contains("┤") || $0.hasPrefix("     │") }
    }

    @Test(.timeLimit(.minutes(3))) func slidingAlphaRedrawsInPlaceAndEscPutsEverythingBack() throws {
        guard let (tmux, home) = setUp() else { return }
        let terminal = Terminal(tmux: tmux, home: home)
        defer { terminal.stop() }
        #expect(openLessonThirteenAtThePlot(terminal), "lesson 13 reached its plot:\n\(terminal.screen)")
        let before = terminal.screen
        let originalPlot = EndToEndTests.plotRows(before)
        #expect(originalPlot.count > 10, "\(before)")

        terminal.type(":slide alpha")
        terminal.keys("Enter")
        #expect(
            terminal.waitFor { $0.contains("alpha = 0.1 ") && $0.contains("←/→ by 0.05") },
            "\(terminal.screen)")
        terminal.keys("Right")
        #expect(
            terminal.waitFor { $0.contains("alpha = 0.15 ") && $0.contains(EndToEndTests.plotSummary) },
            "\(terminal.screen)")
        terminal.keys("Right")
        #expect(
            terminal.waitFor {
                $0.contains("alpha = 0.2 ") && $0.contains(EndToEndTests.plotSummary)
                    && !$0.contains("computing")
            },
            "\(terminal.screen)")
        let slid = terminal.screen
        #expect(
            EndToEndTests.plotRows(slid).count == originalPlot.count,
            "the whole plot is in the frame:\n\(slid)")
        #expect(EndToEndTests.plotRows(slid) != originalPlot, "the α line moved:\n\(slid)")
        #expect(
            slid.components(separatedBy: EndToEndTests.plotSummary).count == 2,
            "one copy of the output:\n\(slid)")

        terminal.keys("Escape")
        #expect(terminal.waitFor { $0.contains("alpha is 0.1 again") }, "\(terminal.screen)")
        let after = terminal.screen
        #expect(
            EndToEndTests.plotRows(after) == originalPlot, "the output shows as before the slide:\n\(after)")
        #expect(
            terminal.transcript.components(separatedBy: EndToEndTests.plotSummary).count == 2,
            "no frame scrolled into the transcript (redrawn in place):\n\(terminal.transcript)")
        terminal.type(":params")
        terminal.keys("Enter")
        #expect(
            terminal.waitFor { $0.contains("alpha = 0.1  range 0..0.9, :slide by 0.05") },
            "\(terminal.screen)")
        #expect(!terminal.screen.contains("(lesson: 0.1)"))
    }

    /// A resized window redraws the slide at once, at the new width (it redrew only at the
    /// next key: nothing handled SIGWINCH). At 100 columns the heading says everything; cut to
    /// 50, it keeps to one row by shortening its hints (it wrapped: "Esc puts 0.1 back" went to a
    /// second row), and the plot is drawn again at 50 columns (it kept the width it was drawn at,
    /// so its rows wrapped and the frame's top "┌───┐" broke in two).
    @Test(.timeLimit(.minutes(3))) func resizingTheWindowRedrawsTheSlideAtTheNewWidth() throws {
        guard let (tmux, home) = setUp() else { return }
        let terminal = Terminal(tmux: tmux, home: home)
        defer { terminal.stop() }
        #expect(openLessonThirteenAtThePlot(terminal), "lesson 13 reached its plot:\n\(terminal.screen)")
        terminal.type(":slide alpha")
        terminal.keys("Enter")
        #expect(
            terminal.waitFor { $0.contains("alpha = 0.1 ") && $0.contains("Esc puts 0.1 back") },
            "\(terminal.screen)")
        terminal.keys("Right")
        #expect(
            terminal.waitFor { $0.contains("alpha = 0.15 ") && $0.contains(EndToEndTests.plotSummary) },
            "\(terminal.screen)")
        terminal.call(["resize-window", "-t", terminal.name, "-x", "50"])
        let oneRowHeading = { (screen: String) in
            screen.split(separator: "\n").contains { $0.hasPrefix("alpha = 0.15   ←/→ · Enter · Esc") }
        }
        let wholeFrameTop = { (screen: String) in
            screen.split(separator: "\n").contains { $0.contains("┌") && $0.contains("┐") }
        }
        #expect(
            terminal.waitFor(20) { oneRowHeading($0) && wholeFrameTop($0) && $0.contains("x 0…0.5") },
            "redrawn at 50 columns without a key, the plot too:\n\(terminal.screen)")
        terminal.keys("Escape")
        #expect(terminal.waitFor { $0.contains("alpha is 0.1 again") }, "\(terminal.screen)")
    }

    @Test(.timeLimit(.minutes(3))) func ctrlCMidSlidePutsBackTheStateBeforeIt() throws {
        guard let (tmux, home) = setUp() else { return }
        let terminal = Terminal(tmux: tmux, home: home)
        defer { terminal.stop() }
        #expect(openLessonThirteenAtThePlot(terminal), "lesson 13 reached its plot:\n\(terminal.screen)")
        let originalPlot = EndToEndTests.plotRows(terminal.screen)
        terminal.type(":slide alpha")
        terminal.keys("Enter")
        #expect(terminal.waitFor { $0.contains("←/→ by 0.05") }, "\(terminal.screen)")
        terminal.keys("Right")
        #expect(
            terminal.waitFor { $0.contains("alpha = 0.15 ") && $0.contains(EndToEndTests.plotSummary) },
            "\(terminal.screen)")
        // Two more steps and Ctrl-C at once: it lands while they compute or just after.
        terminal.keys("Right", "Right", "C-c")
        #expect(terminal.waitFor { $0.contains("Stopped: :slide alpha was undone") }, "\(terminal.screen)")
        #expect(EndToEndTests.plotRows(terminal.screen) == originalPlot, "\(terminal.screen)")
        #expect(terminal.waitFor { _ in terminal.atPrompt }, "a live prompt:\n\(terminal.screen)")
        terminal.type(":params")
        terminal.keys("Enter")
        #expect(terminal.waitFor { $0.contains("alpha = 0.1  range 0..0.9") }, "\(terminal.screen)")
        terminal.type("alpha * 10")
        terminal.keys("Enter")
        #expect(
            terminal.waitFor { $0.contains("\n1\n") || $0.contains("\n1.0\n") },
            "keys echo and run again:\n\(terminal.screen)")
    }
}
