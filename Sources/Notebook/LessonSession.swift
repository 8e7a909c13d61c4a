import Diagnostics
import Foundation
import LabLang
import Terminal

/// What the session has committed to the lesson state, in order: the
/// material of `:save` (a transcript `metalab check` can run).
public enum JournalEntry: Sendable, Equatable {
    /// Code run silently (setup cells, parameters, replayed answers).
    case setup(String)
    /// A command and what it displayed.
    case command(String, output: String)
    /// A cell started its own random stream from this seed (`cellSeed`).
    case seed(Int)
}

/// One learner in one lesson: the state every command shares, entering the lesson
/// (progress loaded, accepted cells replayed) and saving progress. Everything it says
/// goes to `write`. Its jobs live beside it, one file each:
/// - StepCursor.swift: Enter, `:next`, `:back`, `:goto`, `:restart`, `:toc`;
/// - StepRunner.swift: showing a step and running its cell;
/// - SessionTransaction.swift: the state timeline (snapshots, rewind, replay) and
///   every command all or nothing; CellGraph.swift: what a change reaches;
/// - PromptLine.swift: a line typed at the prompt; LearnerCells.swift: the learner's cells;
/// - ExerciseGrader.swift: answers, `:check`, `:why`, hints, solutions, quizzes;
/// - ParameterWhatIfs.swift (`:params`, `:set`, `:rerun`), ParameterSweep.swift (`:sweep`);
/// - SessionPresenter.swift: the presenter's pacing; SessionWriting.swift: how it speaks.
public final class LessonSession {
    public let lesson: Lesson
    public let evaluator: any CellEvaluator
    public var renderer: ProseRenderer
    public let store: ProgressStore?
    public internal(set) var progress: LessonProgress
    /// Receives every line the session prints (without a trailing newline), fitted to the
    /// window on its way: setting it sets the sink, calling it fits the text
    /// (`WindowFit.fitted` at the context's width, the one width-aware path) and then writes.
    public var write: (String) -> Void {
        // The closure holds the sink of this moment, so `let w = write; write = { … w(…) }` and
        // then `write = w` (what :slide does) never makes the sink call itself. Fitting twice
        // leaves fitted text as it is.
        get {
            let sink = self.sink
            return { [unowned self] text in sink(WindowFit.fitted(text, width: context.width)) }
        }
        set { sink = newValue }
    }
    private var sink: (String) -> Void
    /// Presentation pacing (`:present`, `metalab present`): clear at each section.
    public var presenting = false
    /// Waits for the presenter (Enter) between a command and its output; nil: no pause.
    public var pauseBeforeOutput: (() -> Void)?
    /// Where a presenter's speaker notes go (a notes file another terminal follows); nil: nowhere.
    public var speakerNotes: ((String) -> Void)?
    /// Polled while a cell runs; true stops it (the shell's own Ctrl-C, its `ShellInterrupt`).
    public var externalStop: (@Sendable () -> Bool)?
    /// Starter text the shell should pre-fill at the next prompt (an exercise's starter, a solution).
    public var prefill: String?
    /// The index of the step last shown (-1 before the first).
    public internal(set) var current = -1
    /// Whether this exercise visit has already said that answers are assignments.
    var remindedToAssign = false
    public internal(set) var journal: [JournalEntry] = []
    /// Folders cells may read from.
    public let readFolders: [String]
    /// The language the session speaks (its words from `Message`; the lesson is already
    /// the translation when there is one).
    public var language: Language = .en
    /// The content hash of this lesson's twin in the other language, when their cells are in
    /// step (`:lang`): progress saved under it is this lesson's, not a changed lesson's.
    public var twinHash: String?

    var snapshots: [Int: (state: EvaluatorState, journal: Int)] = [:]
    var exerciseInputs: [String] = []
    /// What ran at this step before the learner typed: a solved exercise's saved answer, then
    /// the learner's cells kept at the step (each after its stream's `seed(n)`). An answer
    /// accepted here starts with it, so a replay runs what ran, in the order it ran.
    var visitPrefix = ""
    var lastReport: String?
    private var warnedAboutSaving = false
    /// The progress as this shell last loaded or saved it: what the file gains beyond it
    /// came from another shell.
    var lastSaved: LessonProgress?
    /// Every save that took in another shell's work, in order: a command that rolls back
    /// (`restoreState`) keeps those, since they are not its own to undo.
    var adoptions: [ProgressMerge] = []
    /// Set while a command runs when Ctrl-C was pressed (the shell's flag), even if the
    /// computation stopped gracefully (a training builtin keeps what it learned).
    var stopSeen = false
    /// Set while a command runs when one of its cells failed.
    var failureSeen = false
    /// Nesting of `transaction`: inside one, a failing cell does not announce its own rollback.
    var transactionDepth = 0
    /// The parameter a running `:set` changes: its new value failing fails the `:set`.
    var settingParameter: String?
    /// Names whose values a `:save` transcript could not reproduce (a computation stopped
    /// by Ctrl-C that kept what it learned), and everything computed from them.
    var unreproducible: Set<String> = []

    public init(
        lesson: Lesson, evaluator: any CellEvaluator, renderer: ProseRenderer, store: ProgressStore?,
        readFolders: [String] = [], write: @escaping (String) -> Void
    ) {
        self.lesson = lesson
        self.evaluator = evaluator
        self.renderer = renderer
        self.store = store
        self.readFolders = readFolders
        self.sink = write
        progress = LessonProgress(id: lesson.meta.id, hash: lesson.contentHash)
    }

    var file: String { lesson.path }
    var steps: [LessonStep] { lesson.steps }
    var context: TerminalContext { renderer.context }

    /// Draws from now on for `context` (a resized window): prose and messages through the
    /// renderer, values (plots at the window's width) through the evaluator.
    public func follow(_ context: TerminalContext) {
        renderer.context = context
        evaluator.context = context
    }

    /// Enters the lesson: a fresh seeded environment, progress loaded (a damaged
    /// file set aside), the learner's accepted cells replayed, and the current
    /// step shown (the first one for a new learner).
    public func start() {
        evaluator.reset(seed: lesson.meta.seed)
        evaluator.confineReads(to: [lesson.folder] + readFolders)
        var warning: String? = nil
        var changed = false
        if let saved = store?.load(id: lesson.meta.id, warning: &warning, language: language) {
            progress = saved
            lastSaved = saved
            if saved.hash != lesson.contentHash, saved.hash != twinHash {
                changed = true
                let names = Set(steps.indices.map { steps[$0].name(at: $0) })
                progress.done = saved.done.filter(names.contains)
                progress.answers = saved.answers.filter { names.contains($0.key) }
                progress.hash = lesson.contentHash
                progress.current = min(saved.current, steps.count - 1)
                write(styled(words(.lessonChanged), TextStyle(dim: true)))
            }
        }
        if let warning { write(styled(warning, TextStyle(foreground: .yellow))) }
        let resumeAt = min(progress.current, steps.count - 1)
        if resumeAt >= 0 {
            // Forward: an exercise left pending runs its solution, so the cells after it work.
            var reopened: [String] = []
            for k in 0..<resumeAt {
                replayStep(k, forward: true)
                if changed, let id = reopenIfChanged(k) { reopened.append(id) }
            }
            if !reopened.isEmpty {
                let list = reopened.joined(separator: ", ")
                writeWrapped(
                    "",
                    styled(
                        words(reopened.count == 1 ? .reopenedOne : .reopenedMany, list), TextStyle(dim: true))
                )
            }
            write(
                styled(
                    words(.resuming, lesson.meta.title, "\(resumeAt + 1)", "\(steps.count)"),
                    TextStyle(dim: true)))
            // An exercise already solved runs its answer again, as on `:back` to it.
            show(
                resumeAt,
                running: !isInteractive(resumeAt) || progress.isDone(steps[resumeAt].name(at: resumeAt)))
            noteRestoredCells()
        } else if !steps.isEmpty {
            show(0, running: true)
        }
    }

    /// After the lesson file changed: a solved exercise whose saved answer no longer
    /// passes its check (a new target, a new question under the same id) is put back to
    /// the state before it, its solution run instead, and marked open. Returns its id.
    func reopenIfChanged(_ k: Int) -> String? {
        guard let cell = steps[k].cell, cell.kind == .exercise, let id = cell.id,
            progress.isDone(steps[k].name(at: k)),
            progress.answers[id] != nil
        else { return nil }
        let (verdict, _) = checkVerdict(cell)
        if case .passed = verdict { return nil }
        if let saved = snapshots[k] {
            evaluator.restore(saved.state)
            journal.removeLast(journal.count - saved.journal)
        }
        progress.answers[id] = nil
        progress.done.removeAll { $0 == steps[k].name(at: k) }
        replayStep(k, forward: true, takeSnapshot: false)
        return id
    }

    func isInteractive(_ k: Int) -> Bool {
        guard let kind = steps[k].cell?.kind else { return false }
        return kind == .exercise || kind == .quiz
    }

    /// `:time EXPR`.
    public func time(_ source: String) {
        let start = monotonicSeconds()
        let run = timedRun(source, line: 1, timeout: nil, name: "<time>")
        let elapsed = monotonicSeconds() - start
        if run.stopped { write("") }  // after the terminal's ^C, as at the prompt
        if !run.output.isEmpty { write(run.output.trimmingTrailingNewlines) }
        if run.succeeded {
            for note in run.stopNotes { write(styled(note.text(language), TextStyle(dim: true))) }
        }
        if !run.succeeded { report(run) }
        write(styled(words(.timeTaken, String(format: "%.3g", elapsed)), TextStyle(dim: true)))
    }

    /// Writes the progress file (a failure is reported once, never fatal).
    /// Saves progress; false (after a one-time warning saying what failed and where) when it was not saved.
    @discardableResult
    public func saveProgress() -> Bool {
        guard let store else { return false }
        do {
            let merge = try store.save(progress, since: lastSaved)
            lastSaved = merge.saved
            if let copy = merge.damagedCopy {
                let file = store.path(for: progress.id)
                write(styled(words(.progressDamagedOnSave, file, copy), TextStyle(foreground: .yellow)))
            }
            if !merge.isEmpty {
                // Another shell on this lesson saved meanwhile: its work is kept, here too, and said once.
                progress = merge.saved
                adoptions.append(merge)
                announce(merge)
            }
            return true
        } catch {
            if !warnedAboutSaving { write(words(.progressNotSaved, "\(error)")) }
            warnedAboutSaving = true
            return false
        }
    }
}

extension LessonSession {
    /// One line saying what another shell's save added (its answers, else how many steps).
    func announce(_ merge: ProgressMerge) {
        let line =
            merge.addedAnswers.isEmpty
            ? words(.anotherShellSteps, "\(merge.addedSteps.count)")
            : words(.anotherShellAnswers, merge.addedAnswers.joined(separator: ", "))
        writeWrapped("", styled(line, TextStyle(dim: true)))
    }
}
