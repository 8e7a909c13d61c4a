import Foundation
import Notebook
import Terminal
import TestSupport
import Testing

@testable import Shell

/// Scripted sessions: a `ScriptedLineReader` types, the real interpreter runs.
final class ScriptedSession {
    let reader: ScriptedLineReader
    let shell: LabShell
    let state: String
    private let box = OutputBox()
    /// Everything written so far (also by `shell.handle` calls made after the script ran).
    var output: [String] { box.lines }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../NotebookTests/Fixtures").standardized.path

    /// The real course (Lessons/), for sessions in a translated lesson.
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Lessons").standardized.path

    init(
        _ lines: [String?], lesson: String = "fixture.every-kind", state: String? = nil, width: Int = 80,
        courseFolder: String = ScriptedSession.fixtures, language: Language = .en, interactive: Bool = false
    ) {
        let folder = state ?? scratchPath("metalab-shell")
        self.state = folder
        reader = ScriptedLineReader(lines, interactive: interactive)
        let box = self.box
        let environment = ShellEnvironment(
            course: Course(folder: courseFolder, language: language),
            makeEvaluator: { LabCellEvaluator(context: TerminalContext(colorMode: .none, width: width)) },
            store: ProgressStore(folder: folder + "/progress"),
            history: HistoryStore(path: folder + "/history"),
            context: { TerminalContext(colorMode: .none, width: width) },
            symbols: ["\\alpha": "α", "\\_1": "₁"],
            settingsFolder: folder, write: { box.lines.append($0) })
        shell = LabShell(reader: reader, environment: environment, lessonID: lesson)
        shell.run()
    }

    var text: String { output.joined(separator: "\n") }
    /// The last line before the goodbye printed at the end of input.
    var lastResult: String? { output.last(where: { !$0.hasPrefix("Progress saved.") }) }
}

final class OutputBox: @unchecked Sendable { var lines: [String] = [] }

/// A counter shared between the watcher thread and the test.
final class PollCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int {
        lock.withLock {
            count += 1; return count
        }
    }
}

@Suite(.timeLimit(.minutes(3))) struct LabShellTests {
    @Test func enterWalksThroughTheSteps() {
        let s = ScriptedSession(["", "", "", "", ""])
        #expect(s.text.contains("Every cell kind"))
        #expect(s.text.contains("alpha = 0.5"))
        #expect(s.text.contains("> w + 1\n4\n> w * alpha\n1.5"))
        #expect(s.text.contains("Exercise ex1: define double."))
        #expect(s.reader.prompts.last?.prompt == "ex1> ")
        #expect(s.reader.prompts.contains { $0.prefill == "double = 0" }, "the starter text is pre-filled")
    }

    @Test func exercisesAreCheckedOnTheirValueWithMisconceptionsAndHints() {
        let s = ScriptedSession([
            ":goto ex1", "double = w", ":why", ":hint", ":hint", ":hint", "helper = 1", "double = w + w",
            ":check", "",
        ])
        #expect(s.text.contains("✗ that is `w` itself: multiply it by 2"))
        #expect(s.text.contains("(rolled back"))
        #expect(s.text.contains("✗ expect double ~= 2w"), "`:why` shows the failed expectation")
        #expect(s.text.contains("hint 1/2: Multiplying by two: `2w`."))
        #expect(s.text.contains("hint 2/2: Type `double = 2w`."))
        #expect(s.text.contains("No more hints"))
        #expect(s.text.contains("✓ Correct."))
        #expect(s.text.contains("What is 2 + 2?"), "Enter after a solved exercise moves on")
        // Each line of the answer follows the seed of the stream it drew from, so a resume replays it exactly.
        let answer = s.shell.session.progress.answers["ex1"]?.split(separator: "\n") ?? []
        #expect(answer.filter { !$0.hasPrefix("seed(") } == ["helper = 1", "double = w + w"])
        #expect(
            answer.count == 4 && answer[0].hasPrefix("seed(") && answer[2].hasPrefix("seed("), "\(answer)")
        #expect(s.shell.session.progress.attempts["ex1"] == 1)
    }

    @Test func aMetaCommandTypedAfterTheStarterIsStillAMetaCommand() {
        let s = ScriptedSession([":goto ex1", "double = 0:hint", "double = 0 :solution"])
        #expect(s.text.contains("hint 1/2: Multiplying by two: `2w`."))
        #expect(
            s.reader.prompts.filter { $0.prefill == "double = 0" }.count == 2,
            "after the hint the starter is offered again")
        #expect(s.text.contains("solution:\n    double = 2w"))
        #expect(!s.text.contains("error"))
    }

    @Test func aStarterThatIsNotYetCodeIsNotRunWhenSentBackUntouched() {
        let s = ScriptedSession([])
        #expect(s.shell.handle("w = ", starter: "w = "))
        #expect(s.shell.session.prefill == "w = ", "the starter is offered again")
        #expect(s.output.last?.hasPrefix("Finish the line after `w =`") == true)
        #expect(s.shell.handle("double = 0", starter: "double = 0"), "a starter that is code runs as typed")
        #expect(s.output.filter { $0.hasPrefix("Finish the line") }.count == 1)
        #expect(s.shell.handle("double + 1"))
        #expect(s.output.last == "1")
    }

    @Test func aLineThatEndsEarlyIsAnErrorNotAContinuation() {
        let evaluator = ScriptedSession([]).shell.session.evaluator
        #expect(!evaluator.isIncomplete("w = "))
        #expect(!evaluator.isIncomplete("w = 1 +"))
        #expect(evaluator.isIncomplete("function f(x)"))
        #expect(evaluator.isIncomplete("[1,"))
        #expect(evaluator.isIncomplete("for i in 1:3"))
    }

    @Test func aCellThatShowsAnErrorOnPurposeCountsAsDone() {
        let s = ScriptedSession(["", "", ":toc"], lesson: "fixture.error-cell")
        #expect(s.text.contains("error: cannot multiply two Vectors"))
        #expect(!s.text.contains("rolled back"), "only the failing line is undone; the cell goes on")
        #expect(s.text.contains("> y\n3"))
        #expect(s.text.contains("> y * 2\n6"))
        #expect(s.text.contains("✓  2 an-error"))
    }

    @Test func goingForwardPastADeliberateErrorIsSilent() {
        let s = ScriptedSession([":goto after"], lesson: "fixture.error-cell")
        #expect(!s.text.contains("error:"))
        #expect(s.text.contains("> y * 2\n6"))
    }

    @Test func aMultiLinePrefillIsOneLineWithoutDoubleSemicolons() {
        #expect(promptLine("x = 1;\ny = 2;") == "x = 1; y = 2;")
        #expect(promptLine("for i in 1:3\n    s += i\nend") == "for i in 1:3; s += i; end")
        #expect(promptLine("w = ") == "w = ", "the starter keeps its trailing space for the answer")
    }

    @Test func theWholeAnswerTypedAfterTheStarterCounts() {
        let s = ScriptedSession([])
        #expect(s.shell.handle("w = w = 5", starter: "w = "))
        #expect(s.shell.handle("w + 1"))
        #expect(s.output.last == "6")
    }

    @Test func aBareValueAtAnExerciseGetsOneReminderToAssign() {
        let s = ScriptedSession([":goto ex1", "2w", "3w", "double = 2w"])
        let reminders = s.output.filter { $0.contains("A value on its own is not checked") }
        #expect(reminders.count == 1, "said once per visit, not after every helper value")
        #expect(s.text.contains("store it with double = …"))
        #expect(s.text.contains("✓ Correct."))
    }

    @Test func aFinishedExerciseReopenedIsStillChecked() {
        let s = ScriptedSession([":goto ex1", "double = 2w", ":goto ex1", "double = 7", "double"])
        #expect(s.text.contains("✗ Not yet: got 7, about 17% too large"))
        #expect(s.text.contains("Exercise ex1 ✓ done; your answer is in place (double = 2w)."))
        #expect(s.lastResult == "6", "the wrong value was rolled back to the accepted answer")
        #expect(s.shell.session.progress.isDone("ex1"), "a wrong try later does not undo the tick")
    }

    @Test func movingOnFromAReopenedExerciseKeepsItsAnswer() {
        let s = ScriptedSession([":goto ex1", "double = 2w", ":goto ex1", ":next", "double + 1"])
        #expect(s.lastResult == "7", "the answer was put back when the exercise was reopened")
    }

    @Test func replacingTheLessonsNamesIsPointedOut() {
        let s = ScriptedSession([":goto ex1", "w = 10", "alpha = 0.9", "helper = 1"])
        let text = s.text.replacingOccurrences(of: "\n", with: " ")
        #expect(
            text.contains(
                "(This replaced the lesson's w; later cells may need it. :goto 6 brings the lesson's back.)"))
        #expect(
            text.contains(
                "(alpha is a parameter of this lesson: :set alpha=… also re-runs the cells that use it.)"))
        #expect(
            s.output.filter { $0.hasPrefix("(This replaced") }.count == 1,
            "a new helper name is not a replacement")
    }

    @Test func aSolvedExerciseWhoseLessonChangedIsOpenedAgain() throws {
        let first = ScriptedSession([":goto ex1", "double = 2w", ""])
        let store = ProgressStore(folder: first.state + "/progress")
        var warning: String? = nil
        var saved = try #require(store.load(id: "fixture.every-kind", warning: &warning))
        #expect(saved.isDone("ex1"))
        // As if the lesson had changed under the learner: the old answer no longer passes.
        saved.hash = "an older version"
        saved.answers["ex1"] = "double = 7"
        try store.save(saved)
        let second = ScriptedSession(["double"], state: first.state)
        #expect(second.text.contains("Changed since you solved it, and open again: ex1."))
        #expect(second.lastResult == "6", "the solution ran in place of the stale answer")
        #expect(!second.shell.session.progress.isDone("ex1"))
    }

    @Test func anExerciseLeftPendingRunsItsSolutionOnResume() {
        let first = ScriptedSession([":goto ex1", ":next", ""])
        let second = ScriptedSession(["double"], state: first.state)
        #expect(second.lastResult == "6", "the cells after a pending exercise can use its target")
    }

    @Test func notYetWhenNoRuleMatches() {
        let s = ScriptedSession([":goto ex1", "double = 7", "double"])
        #expect(s.text.contains("✗ Not yet: got 7, about 17% too large"))
        #expect(s.text.contains("undefined name double"), "the wrong answer was rolled back")
    }

    @Test func solutionAndSkip() {
        let s = ScriptedSession([":goto ex1", ":solution", ":skip", ":toc"])
        #expect(s.text.contains("solution:\n    double = 2w"))
        #expect(s.reader.prompts.contains { $0.prefill == "double = 2w" })
        #expect(s.text.contains("Skipped ex1: its solution ran."))
        #expect(s.text.contains("✓  6 ex1"))
        #expect(s.text.contains("▸  7 q1"))
    }

    @Test func quizzes() {
        let s = ScriptedSession([":goto q1", "1", "", "2"])
        #expect(s.text.contains("✗ one short"))
        #expect(s.text.contains("Answer with the number of an option"))
        #expect(s.text.contains("✓ Right."))
    }

    /// A quiz answer out of range ran as Lab and printed the number; after the quiz was answered
    /// (or reopened with :back) a choice ran as Lab too.
    @Test func aQuizStepTakesItsAnswersEvenOutOfRangeOrAfterwards() {
        let s = ScriptedSession([":goto q1", "4", "2", "1", "7"])
        #expect(
            s.text.components(separatedBy: "Answer with the number of an option, 1 to 3.").count == 3,
            "\(s.text)")
        guard let right = s.text.range(of: "✓ Right.") else {
            Issue.record("the right answer was not taken: \(s.text)")
            return
        }
        #expect(
            s.text[right.upperBound...].contains("✗ one short"),
            "an answer after the quiz was answered is still an answer")
    }

    @Test func parametersSetRerunAndSweep() {
        let s = ScriptedSession([
            ":goto first", ":params", ":set alpha=0.25", ":set alpha=2", ":set beta=1",
            ":sweep alpha 0:0.5:1 w * alpha", "alpha",
        ])
        #expect(s.text.contains("alpha = 0.5  range 0..1  step size α"))
        #expect(s.text.contains("[first]\n> w + 1\n4\n> w * alpha\n0.75"))
        #expect(s.text.contains("alpha = 2 is outside its range 0..1."))
        #expect(s.text.contains("`beta` is not a parameter of this lesson"))
        #expect(s.text.contains("alpha  w * alpha\n    0  0\n  0.5  1.5\n    1  3"))
        #expect(s.lastResult == "0.25", "the sweep leaves the state as it was")
    }

    /// An unclosed `[` gave only the `+` prompt, with no word that Ctrl-C cancels, and Ctrl-D
    /// there quit the whole shell. The first continuation of a run says what is open and how
    /// to get out (only at a terminal); Ctrl-D on a continuation line drops the command.
    @Test func aContinuationSaysWhatIsOpenAndCtrlDDropsItWithoutQuitting() {
        let s = ScriptedSession(
            [
                ":goto first", "v = [1,", "2", ScriptedLineReader.ctrlD, "w", "for i in 1:2", "end",
                "u = (1,",
                ScriptedLineReader.ctrlD, "w + 1",
            ], interactive: true)
        let words = s.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            words.contains("(continuing: close the `[` from 1:5 with `]`, or press Ctrl-C to cancel)"),
            "\(words)")
        #expect(words.components(separatedBy: "(continuing:").count == 2, "said once per run")
        #expect(
            words.contains(
                "Dropped the unfinished command: the `[` from 1:5 was never closed. "
                    + "Ctrl-D at an empty prompt leaves."))
        #expect(words.contains("Dropped the unfinished command: the `(` from 1:5 was never closed."))
        #expect(s.lastResult == "4", "the shell went on after each Ctrl-D")
        #expect(!s.shell.session.evaluator.completionNames().contains("v"), "nothing of `v = [1, 2` ran")
        #expect(s.reader.prompts.filter { $0.prompt == "+ " }.count == 4)
    }

    /// Piped input that ends inside a bracket: said, without the terminal's hints.
    @Test func inputThatEndsInsideABracketSaysSo() {
        let s = ScriptedSession([":goto first", "f(x) = [x,"])
        #expect(s.text.contains("Dropped the unfinished command: the `[` from 1:8 was never closed."))
        #expect(!s.text.contains("(continuing:") && !s.text.contains("Ctrl-D at an empty prompt"))
        #expect(s.text.contains("Progress saved."), "and the shell ends at the end of input, as before")
    }

    /// `:set =1` said "`` is not a parameter of this lesson": the name is missing, so say that
    /// and show the usage with a parameter the lesson has; `:set alpha=` asks for the value.
    @Test func aSetWithoutANameSaysTheNameIsMissing() {
        let s = ScriptedSession([":goto first", ":set =1", ":set  = 0.25", ":set alpha=", "alpha"])
        let words = s.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!words.contains("is not a parameter"), "\(words)")
        #expect(
            words.components(
                separatedBy: "A parameter name is missing before `=`: write :set NAME=VALUE, "
                    + "for instance :set alpha=0.5"
            ).count == 3, "\(words)")
        #expect(s.text.contains("Give a value: :set alpha=VALUE"))
        #expect(s.lastResult == "0.5", "nothing was set")
    }

    /// `:save /tmp` wrote `/tmp.md`, beside the folder it was given. A folder (one that
    /// exists, or a path ending in `/`) gets the session saved inside it as LESSON-ID.md, as
    /// `cp FILE DIR` does; the lesson file itself is never overwritten.
    @Test func saveIntoAFolderSavesInsideItUnderTheLessonsID() throws {
        let folder = scratchPath("save-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let s = ScriptedSession(["", "", ":save \(folder)", ":save \(folder)/", ":save \(folder)/missing/"])
        let inside = folder + "/fixture.every-kind.md"
        #expect(FileManager.default.fileExists(atPath: inside))
        #expect(!FileManager.default.fileExists(atPath: folder + ".md"), "not beside the folder")
        let words = s.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.components(separatedBy: "Saved the session to \(inside)").count == 3, "\(words)")
        #expect(words.contains("Cannot save to \(folder)/missing/fixture.every-kind.md"), "\(words)")
        let report = LessonChecker(makeEvaluator: { LabCellEvaluator(context: .plain) }).check(path: inside)
        #expect(report.passed, "\(report.failures.map(\.description))")
    }

    @Test func saveNeverOverwritesTheLessonItself() throws {
        let course = try scratchFolder("save-course")
        let lesson = course + "/every-kind.md"
        try FileManager.default.copyItem(atPath: ScriptedSession.fixtures + "/every-kind.md", toPath: lesson)
        let before = try String(contentsOfFile: lesson, encoding: .utf8)
        let s = ScriptedSession(
            ["", ":save \(lesson)", ":save \(course)/./every-kind"], courseFolder: course)
        #expect(try String(contentsOfFile: lesson, encoding: .utf8) == before)
        let words = s.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            words.components(separatedBy: "is the lesson itself; save the session under another name")
                .count == 3, "\(words)")
    }

    /// `:sweep` ran values outside a parameter's declared range, which `:set` refuses.
    @Test func aSweepKeepsToTheParametersRange() {
        let s = ScriptedSession([":goto first", ":sweep alpha 0:0.5:1.5 w * alpha", "alpha"])
        #expect(s.text.contains("alpha = 1.5 is outside its range 0..1; sweep inside it."))
        #expect(!s.text.contains("alpha  w * alpha"), "no row was computed")
        #expect(s.lastResult == "0.5")
    }

    @Test func anErrorRollsBackAndTheShellGoesOn() {
        let s = ScriptedSession([":goto first", "w = undefined_name + 1", "w", "[1, 2] * [3, 4]", "w + 1"])
        #expect(s.text.contains("<input>:1:5: error:"))
        #expect(s.output.contains("3"))
        #expect(s.lastResult == "4")
    }

    @Test func continuationPastedPromptsAndCtrlC() {
        let s = ScriptedSession([
            ":goto first", "function f(x)", "x^2", "end", "f(3)", "> 1 + 1", "[1,", nil, "5 + 5",
        ])
        #expect(s.output.contains("9"))
        #expect(s.output.contains("2"))
        #expect(s.lastResult == "10", "Ctrl-C dropped the unfinished `[1,`")
        #expect(s.reader.prompts.contains { $0.prompt == "+ " })
    }

    @Test func helpAproposAndSymbols() {
        let s = ScriptedSession([
            ":help", "?grad", "?α", "?nosuchthing", ":apropos gradient", ":nonsense", ":apropos plot",
        ])
        #expect(s.text.contains("\n  scatter — "), ":apropos searches signatures and examples too")
        #expect(s.text.contains(":sweep NAME RANGE [EXPR]"))
        #expect(s.text.contains("grad("))
        #expect(s.text.contains("α is typed \\alpha then Tab."))
        #expect(s.text.contains("No help for `nosuchthing`."))
        #expect(s.text.contains("Unknown command `:nonsense`."))
        #expect(s.text.contains("\n  grad — The gradient function"), ":apropos lists names, one per line")
        #expect(s.text.contains("?NAME shows one in full."))
        #expect(
            s.output.flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix("  maml") }.allSatisfy {
                displayWidth(String($0)) <= 79
            })
    }

    @Test func parameterDescriptionsWrapInANarrowWindow() {
        let s = ScriptedSession(["", ":params"], width: 30)
        let lines = s.output.flatMap { $0.split(separator: "\n") }.filter {
            $0.contains("alpha") || $0.contains("step size")
        }
        #expect(lines.contains { $0.hasPrefix("  alpha = 0.5") })
        #expect(lines.contains { $0.hasPrefix("      step size α") }, "the description goes under, indented")
        for line in lines { #expect(displayWidth(String(line)) <= 30, "\(line)") }
    }

    @Test func habitsFromOtherShellsGetTheShellsOwnWay() {
        let s = ScriptedSession(["quit", "exit()", "clear", "help", "quit = 3", "quit + 1"])
        #expect(s.text.contains("To leave, type :quit or press Ctrl-D"))
        #expect(s.text.contains("Ctrl-L clears the screen."))
        #expect(s.text.contains(":sweep NAME RANGE [EXPR]"), "a bare help shows the :help table")
        #expect(s.lastResult == "4", "a learner's own variable named quit is still Lab")
        #expect(!s.text.contains("undefined name quit"))
    }

    @Test(arguments: [60, 40])
    func helpFitsANarrowWindow(width: Int) {
        let s = ScriptedSession([":help", ":lessons"], width: width)
        let lines = s.output.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        for line in lines { #expect(displayWidth(String(line)) <= width, "\(line)") }
        #expect(s.text.contains(":sweep NAME RANGE [EXPR]"))
        #expect(s.text.contains("save progress and leave"))
    }

    /// `?maml` typed at the prompt printed one 422-character line (the attack on issue 16):
    /// the shell's `?` now shows the one help text, wrapped at words to the window.
    @Test(arguments: [60, 80])
    func questionMarkHelpFitsTheWindow(width: Int) {
        let s = ScriptedSession(["?maml", "?plot"], width: width)
        let lines = s.output.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        for line in lines { #expect(displayWidth(String(line)) <= width, "\(line)") }
        #expect(s.text.contains("maml(model, dist"))
        #expect(!s.text.contains("itera\ntions") && !s.text.contains("xs\ncale"))
    }

    @Test func timeHistorySaveAndTheSavedTranscriptChecks() throws {
        let folder = scratchPath("save")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/session.md"
        let s = ScriptedSession([
            "", "", "", "", "double = 2w", "v = [1.5, 2.5]", ":time sum(v)", ":history", ":save \(file)",
        ])
        #expect(s.text.contains("time: "))
        #expect(s.text.contains("    1  double = 2w"))
        // The message wraps at the window's width before the long path: compare its words.
        let words = s.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Saved the session to \(file)"))
        let report = LessonChecker(makeEvaluator: { LabCellEvaluator(context: .plain) }).check(path: file)
        #expect(report.passed, "\(report.failures.map(\.description))")
    }

    @Test func quitSavesAndARestartResumes() {
        let first = ScriptedSession(["", "", "", ":quit"])
        #expect(first.text.contains("Progress saved."))
        let second = ScriptedSession(["w * alpha"], state: first.state)
        #expect(second.text.contains("Resuming “Every cell kind” at step 4 of 9."))
        #expect(second.lastResult == "1.5", "the state was rebuilt by replay")
        let third = ScriptedSession([":restart", "w"], state: first.state)
        #expect(third.text.contains("Starting “Every cell kind” over."))
        #expect(third.text.contains("undefined name w"))
    }

    @Test func theLearnersOwnDefinitionsSurviveRerunQuitAndReopen() {
        let first = ScriptedSession([":goto first", "f(t) = t * alpha + w", ":rerun", "f(2)", ":quit"])
        #expect(first.output.contains("4"), ":rerun kept f")
        let second = ScriptedSession(["f(2)"], state: first.state)
        #expect(second.text.contains("Your own definitions came back: f."))
        #expect(second.lastResult == "4")
    }

    @Test func backGotoSectionsAndCatalogue() {
        let s = ScriptedSession([
            ":goto Running", ":back", ":goto 99", ":lessons", ":open fixture.wrong-output", ":toc",
            ":present", ":present",
        ])
        #expect(s.text.contains("> w + 1"))
        #expect(s.text.contains("No step, cell or section called `99`"))
        #expect(s.text.contains("Every cell kind"))
        #expect(s.text.contains("broken.md: cannot be read"))
        #expect(s.text.contains("Wrong output  (fixture.wrong-output)"))
        #expect(s.text.contains("Presentation pacing on"))
        #expect(s.text.contains("Presentation pacing off"))
    }

    @Test func ctrlCDuringAComputationRollsBackAndReturns() async throws {
        let folder = scratchPath("metalab-int")
        let lesson = try LessonParser.parse(contentsOf: ScriptedSession.fixtures + "/every-kind.md")
        let box = OutputBox()
        let session = LessonSession(
            lesson: lesson, evaluator: LabCellEvaluator(context: .plain),
            renderer: ProseRenderer(context: .plain), store: ProgressStore(folder: folder),
            write: { box.lines.append($0) })
        session.start()
        session.enter("n = 1")
        let interrupt = ShellInterrupt()
        // Ctrl-C is pressed once the loop runs: the session's watcher polls `externalStop`
        // every 10 ms while a command runs, so a third poll means the command is under way.
        let running = Event()
        let polls = PollCount()
        session.externalStop = {
            if polls.increment() >= 3 { running.set() }
            return interrupt.isRequested
        }
        let stopper = Thread {
            #expect(running.wait(seconds: 30), "the command never started")
            interrupt.request()
        }
        stopper.start()
        session.enter("while true\nn = n + 1\nend")
        interrupt.clear()
        session.enter("n")
        #expect(box.lines.contains { $0.contains("interrupted") })
        #expect(box.lines.last == "1", "the loop's changes were rolled back")
    }
}
