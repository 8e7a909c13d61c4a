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

/// One learner in one lesson: shows steps, runs cells against snapshots (an
/// error, a failed exercise or Ctrl-C rolls the cell back), checks exercises
/// and quizzes, keeps progress, and answers the meta-commands of
/// docs/LESSONS.md that concern a lesson. Everything it says goes to `write`.
public final class LessonSession {
    public let lesson: Lesson
    public let evaluator: any CellEvaluator
    public var renderer: ProseRenderer
    public let store: ProgressStore?
    public internal(set) var progress: LessonProgress
    /// Receives every line the session prints (without a trailing newline).
    public var write: (String) -> Void
    /// Presentation pacing (`:present`, `metalab present`): clear at each section.
    public var presenting = false
    /// Waits for the presenter (Enter) between a command and its output; nil: no pause.
    public var pauseBeforeOutput: (() -> Void)?
    /// Where a presenter's speaker notes go (a notes file another terminal follows); nil: nowhere.
    public var speakerNotes: ((String) -> Void)?
    /// Polled while a cell runs; true stops it (the shell's Ctrl-C flag).
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

    var snapshots: [Int: (state: EvaluatorState, journal: Int)] = [:]
    var exerciseInputs: [String] = []
    var lastReport: String?
    private var warnedAboutSaving = false
    /// Set while a command runs when Ctrl-C was pressed (the shell's flag), even if the
    /// computation stopped gracefully (a training builtin keeps what it learned).
    var stopSeen = false
    /// Set while a command runs when one of its cells failed.
    var failureSeen = false
    /// Nesting of `transaction`: inside one, a failing cell does not announce its own rollback.
    var transactionDepth = 0
    /// The learner's cells kept during this exercise visit as helper steps.
    var helperCells = 0
    /// The parameter a running `:set` changes: its new value failing fails the `:set`.
    var settingParameter: String?
    /// Names whose values a `:save` transcript could not reproduce (a computation stopped
    /// by Ctrl-C that kept what it learned), and everything computed from them.
    var unreproducible: Set<String> = []

    public init(lesson: Lesson, evaluator: any CellEvaluator, renderer: ProseRenderer, store: ProgressStore?,
                readFolders: [String] = [], write: @escaping (String) -> Void) {
        self.lesson = lesson
        self.evaluator = evaluator
        self.renderer = renderer
        self.store = store
        self.readFolders = readFolders
        self.write = write
        progress = LessonProgress(id: lesson.meta.id, hash: lesson.contentHash)
    }

    var file: String { lesson.path }
    var steps: [LessonStep] { lesson.steps }
    var context: TerminalContext { renderer.context }

    /// A command or name inside a message: cyan in colour, in backticks without (as prose renders `code`).
    func code(_ text: String) -> String {
        context.colorMode == .none ? "`" + text + "`" : styled(text, TextStyle(foreground: .cyan))
    }

    func styled(_ text: String, _ style: TextStyle) -> String { style.apply(text, mode: context.colorMode) }

    // MARK: entering

    /// Enters the lesson: a fresh seeded environment, progress loaded (a damaged
    /// file set aside), the learner's accepted cells replayed, and the current
    /// step shown (the first one for a new learner).
    public func start() {
        evaluator.reset(seed: lesson.meta.seed)
        evaluator.confineReads(to: [lesson.folder] + readFolders)
        var warning: String? = nil
        var changed = false
        if let saved = store?.load(id: lesson.meta.id, warning: &warning) {
            progress = saved
            if saved.hash != lesson.contentHash {
                changed = true
                let names = Set(steps.indices.map { steps[$0].name(at: $0) })
                progress.done = saved.done.filter(names.contains)
                progress.answers = saved.answers.filter { names.contains($0.key) }
                progress.hash = lesson.contentHash
                progress.current = min(saved.current, steps.count - 1)
                write(styled("The lesson has changed since your last visit; keeping what still applies.", TextStyle(dim: true)))
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
                writeWrapped("", styled("Changed since you solved \(reopened.count == 1 ? "it" : "them"), and open again: \(reopened.joined(separator: ", ")). Their solutions ran, so the lesson goes on.", TextStyle(dim: true)))
            }
            write(styled("Resuming “\(lesson.meta.title)” at step \(resumeAt + 1) of \(steps.count).", TextStyle(dim: true)))
            // An exercise already solved runs its answer again, as on `:back` to it.
            show(resumeAt, running: !isInteractive(resumeAt) || progress.isDone(steps[resumeAt].name(at: resumeAt)))
            noteRestoredCells()
        } else if !steps.isEmpty {
            show(0, running: true)
        }
    }

    /// After the lesson file changed: a solved exercise whose saved answer no longer
    /// passes its check (a new target, a new question under the same id) is put back to
    /// the state before it, its solution run instead, and marked open. Returns its id.
    func reopenIfChanged(_ k: Int) -> String? {
        guard let cell = steps[k].cell, cell.kind == .exercise, let id = cell.id, progress.isDone(steps[k].name(at: k)),
              progress.answers[id] != nil else { return nil }
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

    // MARK: moving

    /// Enter on an empty line: the next step, unless an exercise or quiz here waits for an answer.
    public func advance() {
        if let cell = activeExercise {
            writeWrapped("", "Exercise \(cell.id ?? "") is waiting for your answer: " + styled(":hint", TextStyle(bold: true)) + " for a hint, "
                  + styled(":solution", TextStyle(bold: true)) + " to see one, " + styled(":next", TextStyle(bold: true)) + " to leave it for later.")
            return
        }
        if activeQuiz != nil {
            writeWrapped("", "Answer with the number of an option (or :next to leave the question for later).")
            return
        }
        next()
    }

    /// `:next`: show and run the next step.
    public func next() {
        guard current + 1 < steps.count else {
            finish()
            return
        }
        transaction("the next step") { leavePendingExercise() && show(current + 1, running: true) }
    }

    func finish() {
        let pending = steps.indices.filter { isInteractive($0) && !progress.isDone(steps[$0].name(at: $0)) }
        writeWrapped(styled("End of “\(lesson.meta.title)”. ", TextStyle(bold: true)), pending.isEmpty ? "Everything is done." :
            "Still pending: " + pending.map { steps[$0].name(at: $0) }.joined(separator: ", ") + " (:goto ID).")
        write("\(code(":lessons")) lists the course; \(code(":open ID")) opens a lesson.")
        progress.current = steps.count - 1
        saveProgress()
    }

    /// Moving forward from an exercise left pending runs its solution, unmarked, so later cells
    /// work, and a resumed session (which replays it the same way) equals this one.
    func leavePendingExercise() -> Bool {
        guard let exercise = activeExercise, let id = exercise.id, let solution = lesson.cells(.solution, for: id).first
        else { return true }
        beginStream(of: exercise)
        return runSilently(solution.body, line: solution.bodyFirstLine, timeout: timeout(exercise), showErrors: true)
    }

    /// `:back`: the previous step again, with the state as it was before it.
    public func back() {
        guard current > 0 else { write("This is the first step."); return }
        go(to: current - 1, command: ":back")
    }

    /// `:goto ID|N|section`. Forward, the steps in between run silently (an
    /// exercise skipped over runs its solution, unmarked, so later cells work);
    /// backward, the state returns to what it was before the target step.
    public func goto(_ target: String) {
        guard let k = resolveStep(target) else {
            write("No step, cell or section called \(code(target)) in this lesson; :toc lists them.")
            return
        }
        go(to: k, command: ":goto \(target)")
    }

    func go(to k: Int, command: String) {
        transaction(command) { move(to: k) }
    }

    /// The body of `:goto`/`:back`. Backward, the learner's cells typed at the steps left
    /// behind come along to the target step (their work is kept, not replayed later).
    func move(to k: Int) -> Bool {
        if k <= current {
            learnerCells = learnerCells.map { $0.step >= k ? LearnerCell(step: k, source: $0.source, seed: $0.seed) : $0 }
            if let saved = snapshots[k] {
                evaluator.restore(saved.state)
                journal.removeLast(journal.count - saved.journal)
            } else {
                evaluator.reset(seed: lesson.meta.seed)
                journal = []
                for j in 0..<k { replayStep(j, forward: true) }
            }
        } else {
            guard leavePendingExercise() else { return false }
            for j in (current + 1)..<k where !replayStep(j, forward: true) { return false }
        }
        return show(k, running: true)
    }

    /// A step by cell id (a check, hint or solution id leads to its exercise), 1-based number, or section title.
    func resolveStep(_ target: String) -> Int? {
        let t = target.stripping(" ")
        if let k = steps.indices.first(where: { steps[$0].cell?.id == t }) { return k }
        if let cell = lesson.cells.first(where: { $0.id == t }), let owner = cell["for"],
           let k = steps.indices.first(where: { steps[$0].cell?.id == owner }) { return k }
        if let n = Int(t), n >= 1, n <= steps.count { return n - 1 }
        let lower = t.lowercased()
        if let section = lesson.sections.first(where: { $0.title.lowercased() == lower })
            ?? lesson.sections.first(where: { $0.title.lowercased().hasPrefix(lower) }) { return section.firstStep }
        return nil
    }

    /// `:restart`: forget this lesson's progress and begin again.
    public func restart() {
        store?.remove(id: lesson.meta.id)
        progress = LessonProgress(id: lesson.meta.id, hash: lesson.contentHash)
        journal = []
        snapshots = [:]
        current = -1
        evaluator.reset(seed: lesson.meta.seed)
        write(styled("Starting “\(lesson.meta.title)” over.", TextStyle(dim: true)))
        if !steps.isEmpty { show(0, running: true) }
    }

    // MARK: showing and running steps

    /// Shows step `k` (and runs it when `running`); false when a cell in it failed.
    @discardableResult
    func show(_ k: Int, running: Bool) -> Bool {
        let step = steps[k]
        var failed = false
        snapshots[k] = (evaluator.snapshot(), journal.count)
        snapshots = snapshots.filter { $0.key <= k }
        if presenting, k == 0 || lesson.sections.contains(where: { $0.firstStep == k }) { write("\u{1B}[2J\u{1B}[H") }
        current = k
        exerciseInputs = []
        helperCells = 0
        remindedToAssign = false
        prefill = nil
        let prose = step.items.compactMap { item -> MarkdownBlock? in if case .prose(let b) = item { return b } else { return nil } }
        if !prose.isEmpty { write(renderer.render(prose)) }
        if presenting {
            // Speaker notes never reach the audience's screen: only the presenter's sink.
            if let speakerNotes { for case .speakerNote(let note) in step.items { speakerNotes("step \(k + 1): " + note) } }
        }
        var completed = true
        if let cell = step.cell {
            if running { beginStream(of: cell) }
            switch cell.kind {
            case .setup:
                if running {
                    completed = runSilently(cell.body, line: cell.bodyFirstLine, timeout: timeout(cell), showErrors: true)
                    failed = !completed
                }
            case .params:
                if running {
                    completed = runParameters(cell, showErrors: true)
                    failed = !completed
                }
                showParameters(cell)
            case .lab, .plot:
                if running {
                    completed = cell.has("hidden")
                        ? runSilently(cell.transcript.map(\.input).joined(separator: "\n"), line: cell.bodyFirstLine, timeout: timeout(cell), showErrors: true)
                        : runTranscript(cell)
                    failed = !completed
                } else {
                    for entry in cell.transcript { write(promptText(entry.input)) }
                }
            case .exercise:
                if progress.isDone(step.name(at: k)), running, let id = cell.id {
                    // Back at an exercise already solved: put the answer back, so the cells after it
                    // work whether the learner moves on or tries again (a new try is still checked).
                    let answer = progress.answers[id] ?? lesson.cells(.solution, for: id).first?.body ?? ""
                    runSilently(answer, line: 1, timeout: timeout(cell), showErrors: true)
                    showExercise(cell, solved: answer)
                } else {
                    completed = false
                    showExercise(cell)
                }
            case .quiz:
                completed = false
                showQuiz(cell)
            case .math, .check, .hint, .solution: break
            }
        }
        if !failed { runLearnerCells(at: k) }
        if completed { progress.markDone(step.name(at: k)) }
        progress.current = k
        saveProgress()
        if step.cell == nil || completed, k + 1 < steps.count, !presenting {
            write(styled("(Enter: next step)", TextStyle(dim: true)))
        } else if k + 1 == steps.count, completed {
            finish()
        }
        return !failed
    }

    /// Starts `cell`'s own random stream (`cellSeed`), recorded in the journal so that a
    /// `:save` transcript draws the same numbers.
    func beginStream(of cell: Cell) {
        guard lesson.meta.cellStreams, cell.kind.runs, let id = cell.id else { return }
        let seed = cellSeed(lessonSeed: lesson.meta.seed, cellID: id)
        evaluator.reseed(seed)
        journal.append(.seed(seed))
    }

    func timeout(_ cell: Cell) -> Double { cell["timeout"].flatMap(parseDuration) ?? lesson.meta.timeout }

    func promptText(_ input: String) -> String {
        input.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { k, line in
            styled(k == 0 ? "> " : "+ ", TextStyle(foreground: .green, bold: true)) + line
        }.joined(separator: "\n")
    }

    /// Runs a lab/plot cell entry by entry, showing each command and its output.
    /// On an error the whole cell is rolled back.
    func runTranscript(_ cell: Cell) -> Bool {
        let before = evaluator.snapshot(), journalCount = journal.count
        for entry in cell.transcript {
            write(promptText(entry.input))
            // "Predict first": in a presentation the code shows, the room thinks, then it runs.
            if presenting, let pauseBeforeOutput { pauseBeforeOutput() }
            let entryBefore = evaluator.snapshot()
            let run = timedRun(entry.input, line: 1, timeout: timeout(cell), name: "<input>")
            if !run.output.isEmpty { write(run.output.trimmingTrailingNewlines) }
            if !run.succeeded, entry.showsAnError, !run.interrupted {
                // A deliberate error, as the lesson shows it: only this line is undone.
                report(run)
                evaluator.restore(entryBefore)
                continue
            }
            if !run.succeeded {
                report(run)
                evaluator.restore(before)
                journal.removeLast(journal.count - journalCount)
                failureSeen = true
                if transactionDepth == 0 {
                    write(styled("The cell was rolled back; the lesson state is as before it.", TextStyle(dim: true)))
                }
                return false
            }
            journal.append(.command(entry.input, output: run.output.trimmingTrailingNewlines))
        }
        return true
    }

    @discardableResult
    func runSilently(_ source: String, line: Int, timeout: Double?, showErrors: Bool) -> Bool {
        let before = evaluator.snapshot()
        let run = timedRun(source, line: line, timeout: timeout)
        if !run.succeeded {
            if showErrors { report(run) }
            evaluator.restore(before)
            failureSeen = true
            return false
        }
        journal.append(.setup(source))
        return true
    }

    func timedRun(_ source: String, line: Int, timeout: Double?, name: String? = nil) -> CellRun {
        evaluator.clearInterrupt()
        let (run, timedOut) = withDeadline(seconds: timeout, interrupt: evaluator.interrupter, externalStop: externalStop) {
            evaluator.run(source, name: name ?? file, firstLine: line)
        }
        if run.interrupted || externalStop?() == true { stopSeen = true }
        guard timedOut, !run.succeeded else { return run }
        var r = run
        r.diagnostics = r.diagnostics.map { d in
            guard d.kind == "interrupted" else { return d }
            var t = d
            t.message = "the cell ran past its \(formatNumber(timeout ?? 0)) s timeout and was stopped"
            return t
        }
        return r
    }

    func report(_ run: CellRun) {
        // A live terminal gets messages wrapped at words; transcripts and checks keep them whole.
        let renderer = DiagnosticRenderer(color: context.colorMode != .none, width: context.isTerminal ? context.width - 1 : nil)
        for d in run.diagnostics { write(renderer.render(d, source: run.source)) }
    }

    // MARK: parameters

    /// The parameter specs of every params cell, in order.
    public var parameters: [ParameterSpec] { lesson.cells.filter { $0.kind == .params }.flatMap(\.parameters) }

    func parameterSource(_ cell: Cell) -> String {
        cell.parameters.map { "\($0.name) = \(progress.parameters[$0.name] ?? $0.value);" }.joined(separator: "\n")
    }

    /// Runs a params cell: the lesson's values, located in the lesson file, then the
    /// learner's `:set` overrides, each located as `<:set NAME>`. A saved override that no
    /// longer runs (an old `:set`, a changed lesson) is dropped with a note, and the lesson's
    /// value stays.
    func runParameters(_ cell: Cell, showErrors: Bool) -> Bool {
        let lessonSource = cell.parameters.map { "\($0.name) = \($0.value);" }.joined(separator: "\n")
        guard runSilently(lessonSource, line: cell.bodyFirstLine, timeout: timeout(cell), showErrors: showErrors) else { return false }
        for spec in cell.parameters {
            guard let value = progress.parameters[spec.name] else { continue }
            let source = "\(spec.name) = \(value);"
            let before = evaluator.snapshot()
            if isParameterValue(spec.name, value) {
                let run = timedRun(source, line: 1, timeout: timeout(cell), name: "<:set \(spec.name)>")
                if run.succeeded {
                    journal.append(.setup(source))
                    continue
                }
                evaluator.restore(before)
                if externalStop?() == true { return false }
                report(run)
                if spec.name == settingParameter { return false }  // the `:set` itself failed: undo it
            }
            progress.parameters[spec.name] = nil
            saveProgress()
            let why = isParameterValue(spec.name, value) ? "no longer runs" : "is not one Lab expression"
            writeWrapped("", styled("(Your :set \(spec.name)=\(value) \(why), so it was dropped; \(spec.name) is the lesson's \(spec.value) again.)", TextStyle(dim: true)))
        }
        return true
    }

    func showParameters(_ cell: Cell) {
        for spec in cell.parameters { writeParameter(spec) }
        write(styled("Change one with :set NAME=VALUE, or try a range with :sweep NAME LOW:STEP:HIGH.", TextStyle(dim: true)))
    }

    /// One parameter's line, its description wrapped under itself when the window is narrow.
    func writeParameter(_ spec: ParameterSpec) {
        let line = parameterLine(spec)
        guard displayWidth(line) >= context.width, !spec.description.isEmpty else { write(line); return }
        let head = String(line.dropLast(spec.description.count + 2))
        write(head)
        writeWrapped("      ", spec.description)
    }

    func parameterLine(_ spec: ParameterSpec) -> String {
        let value = progress.parameters[spec.name] ?? spec.value
        var line = "  " + styled(spec.name, TextStyle(bold: true)) + " = " + value
        if progress.parameters[spec.name] != nil { line += styled("  (lesson: \(spec.value))", TextStyle(dim: true)) }
        if let range = spec.range { line += styled("  range \(formatNumber(range.lowerBound))..\(formatNumber(range.upperBound))", TextStyle(dim: true)) }
        if !spec.description.isEmpty { line += "  " + spec.description }
        return line
    }

    /// `:params`.
    public func listParameters() {
        let specs = parameters
        if specs.isEmpty { write("This lesson has no parameters."); return }
        for spec in specs { writeParameter(spec) }
    }

    /// `:set NAME=VALUE`: override a parameter and re-run what depends on it.
    public func set(_ assignment: String) {
        guard let eq = assignment.firstIndex(of: "=") else { write("Write :set NAME=VALUE, for instance :set alpha=0.1"); return }
        let name = assignment[..<eq].stripping(" "), value = assignment[assignment.index(after: eq)...].stripping(" ")
        guard let spec = parameters.first(where: { $0.name == name }) else {
            write("\(code(name)) is not a parameter of this lesson" + (parameters.isEmpty ? "." : "; :params lists them."))
            return
        }
        if let range = spec.range, let x = Double(value), !range.contains(x) {
            write("\(name) = \(value) is outside its range \(formatNumber(range.lowerBound))..\(formatNumber(range.upperBound)).")
            return
        }
        guard !value.isEmpty else { write("Give a value: :set \(name)=VALUE"); return }
        // One expression, nothing after it: `:set eta=0.5; while true end` is not a value.
        guard isParameterValue(name, value) else {
            writeWrapped("", "\(code(value)) is not one Lab expression, so \(name) keeps \(progress.parameters[name] ?? spec.value)."
                         + " Write :set \(name)=VALUE with a single value, for instance :set \(name)=\(spec.value)")
            return
        }
        settingParameter = name
        defer { settingParameter = nil }
        transaction(":set \(name)=\(value)") {
            progress.parameters[name] = value
            guard rerunGraph(changed: [name]) else { return false }
            saveProgress()
            return true
        }
    }

    /// The first params step at or before the current one that defines any of `names` (all params cells when nil).
    func parameterStep(for names: Set<String>?) -> Int? {
        steps.indices.first { k in
            guard k <= current, let cell = steps[k].cell, cell.kind == .params else { return false }
            return names.map { n in cell.parameters.contains { n.contains($0.name) } } ?? true
        }
    }

    /// Whether `value` is one Lab expression that `name = value` assigns, with nothing after it.
    func isParameterValue(_ name: String, _ value: String) -> Bool {
        let (statements, errors) = Parser.parse("\(name) = \(value)")
        guard errors.isEmpty, statements.count == 1, case .assign(.name, .none, _, _) = statements[0] else { return false }
        return true
    }

    /// `:rerun`: the cells downstream of the first parameters cell run again (`rerunGraph`);
    /// the shown ones show their new output. All or nothing.
    public func rerun() {
        transaction(":rerun") { rerunGraph(changed: nil) }
    }

    /// `:sweep NAME RANGE [EXPR]`: EXPR (default: the last command of the last
    /// cell that depends on NAME) for each value of RANGE (`low:step:high`, or
    /// `low..high` for 11 values), as a table and a plot. The state is restored after.
    public func sweep(_ arguments: String) {
        let parts = arguments.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2 else { write("Write :sweep NAME LOW:STEP:HIGH [EXPR], for instance :sweep alpha 0:0.1:0.5"); return }
        let name = parts[0]
        guard let spec = parameters.first(where: { $0.name == name }) else { write("\(code(name)) is not a parameter of this lesson; :params lists them."); return }
        guard let values = sweepValues(parts[1]), !values.isEmpty, values.count <= 200 else {
            write("Cannot read the range \(code(parts[1])): write LOW:STEP:HIGH or LOW..HIGH (at most 200 values).")
            return
        }
        // The parameter's declared range holds for a sweep as for :set (a value outside it may
        // not even run: lesson 22's σ = 0 makes its least squares singular).
        if let range = spec.range, let outside = values.first(where: { !range.contains($0) }) {
            write("\(name) = \(formatSweep(outside)) is outside its range \(formatNumber(range.lowerBound))..\(formatNumber(range.upperBound)); sweep inside it.")
            return
        }
        guard let p = parameterStep(for: [name]) else { write("The parameter \(name) is set up by a later step; go there first."); return }
        var expression = parts.count == 3 ? parts[2] : nil
        if expression == nil {
            var names: Set<String> = [name]
            for k in p...current {
                guard let cell = steps[k].cell else { continue }
                let reached = reachedNames(cell, forward: k < current, dirty: names)
                if !reached.isEmpty {
                    names.formUnion(reached)
                    if cell.kind == .lab, let last = cell.transcript.last?.input, !last.contains("\n") { expression = last }
                }
            }
        }
        guard let expression else { write("Name the quantity to sweep: :sweep \(name) \(parts[1]) EXPR"); return }
        let saved = captureState()
        var rows: [(Double, Double?)] = []
        var problem: String? = nil
        for x in values {
            progress.parameters[name] = formatNumber(x)
            stopSeen = false
            failureSeen = false
            transactionDepth += 1
            let ran = rerunGraph(changed: [name], quiet: true)
            transactionDepth -= 1
            if stopSeen { break }
            guard ran else {
                rows.append((x, nil))
                problem = problem ?? "the lesson's cells fail for \(name) = \(formatNumber(x))"
                restoreState(saved)
                continue
            }
            switch evaluator.value(of: expression, name: "<sweep>", line: 1) {
            case .success(let v):
                if let n = v.numbers, n.count == 1 {
                    rows.append((x, n[0]))
                } else {
                    rows.append((x, nil))
                    problem = problem ?? "\(code(expression)) is \(v.shapeDescription), not one number"
                }
            case .failure(let d):
                rows.append((x, nil))
                problem = problem ?? "\(code(expression)): \(d.message)"
            }
            restoreState(saved)
        }
        let stopped = stopSeen
        restoreState(saved)
        stopSeen = false
        failureSeen = false
        if stopped {
            write(styled("Stopped: :sweep was undone; the values, parameters and marks are as before it.", TextStyle(dim: true)))
            return
        }
        let header = [name, expression]
        let cells = rows.map { [formatSweep($0.0), $0.1.map(formatSweep) ?? "error"] }
        let w0 = max(displayWidth(header[0]), cells.map { displayWidth($0[0]) }.max() ?? 0)
        write(styled(header[0].padded(toWidth: w0) + "  " + header[1], TextStyle(bold: true)))
        for c in cells { write(c[0].leftPadded(toWidth: w0) + "  " + c[1]) }
        if let problem {
            writeWrapped("", "error: " + problem + ". Sweep a number, for instance :sweep \(name) \(parts[1]) EXPR with EXPR a number.")
        }
        let good = rows.compactMap { r in r.1.map { (r.0, $0) } }
        if good.count >= 2 {
            let plotSource = "plot([\(good.map { formatSweep($0.0) }.joined(separator: ", "))], [\(good.map { "\($0.1)" }.joined(separator: ", "))]; xlabel = \"\(name)\", title = \(quoteLab(expression)))"
            let run = evaluator.run(plotSource, name: "<sweep>", firstLine: 1)
            if run.succeeded, !run.output.isEmpty { write(run.output.trimmingTrailingNewlines) }
            evaluator.restore(saved.evaluator)
        }
        _ = spec
    }

    func sweepValues(_ text: String) -> [Double]? {
        if text.contains("..") {
            let ends = text.components(separatedBy: "..").compactMap { Double($0) }
            guard ends.count == 2 else { return nil }
            return (0...10).map { ends[0] + (ends[1] - ends[0]) * Double($0) / 10 }
        }
        let parts = text.split(separator: ":").compactMap { Double($0) }
        guard parts.count == text.split(separator: ":").count else { return nil }
        let (low, step, high) = parts.count == 3 ? (parts[0], parts[1], parts[2]) : parts.count == 2 ? (parts[0], 1, parts[1]) : (0, 0, 0)
        guard step != 0, (high - low) / step >= 0 else { return nil }
        let n = Int(((high - low) / step + 1e-9).rounded(.down))
        return (0...n).map { low + Double($0) * step }
    }

    func formatSweep(_ x: Double) -> String {
        let r = (x * 1e12).rounded() / 1e12
        return String(format: "%g", r)
    }

    func quoteLab(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

    /// Back to the state before step `k` (snapshots of this session, else a replay).
    func rewind(to k: Int) {
        if let saved = snapshots[k] {
            evaluator.restore(saved.state)
            journal.removeLast(journal.count - saved.journal)
        } else {
            evaluator.reset(seed: lesson.meta.seed)
            journal = []
            for j in 0..<k { replayStep(j, forward: true) }
        }
    }

    /// The code a step contributes to the state when replayed.
    func code(of cell: Cell, forward: Bool) -> String {
        switch cell.kind {
        case .setup: return cell.body
        case .params: return parameterSource(cell)
        case .lab, .plot: return cell.transcript.map(\.input).joined(separator: "\n")
        case .exercise:
            if let id = cell.id, let answer = progress.answers[id] { return answer }
            if forward, let id = cell.id { return lesson.cells(.solution, for: id).first?.body ?? "" }
            return ""
        default: return ""
        }
    }

    /// Runs step `k`'s code without showing anything (resume, `:goto`, `:rerun`), then the
    /// learner's own cells typed at it. False when a cell failed (its error is shown).
    @discardableResult
    func replayStep(_ k: Int, forward: Bool, takeSnapshot: Bool = true) -> Bool {
        if takeSnapshot { snapshots[k] = (evaluator.snapshot(), journal.count) }
        guard replayCell(k, forward: forward) else {
            failureSeen = true
            return false
        }
        runLearnerCells(at: k)
        return true
    }

    func replayCell(_ k: Int, forward: Bool) -> Bool {
        guard let cell = steps[k].cell else { return true }
        if cell.kind == .params {
            beginStream(of: cell)
            return runParameters(cell, showErrors: true)
        }
        let source = code(of: cell, forward: forward)
        guard !source.isEmpty else { return true }
        beginStream(of: cell)
        if cell.kind == .lab || cell.kind == .plot {
            for entry in cell.transcript {
                let entryBefore = evaluator.snapshot()
                let run = timedRun(entry.input, line: 1, timeout: timeout(cell), name: "<input>")
                if run.succeeded {
                    journal.append(.command(entry.input, output: run.output.trimmingTrailingNewlines))
                } else if entry.showsAnError {
                    evaluator.restore(entryBefore)  // a deliberate error: nothing to say while passing by
                } else {
                    report(run)
                    return false
                }
            }
            return true
        } else {
            let line = cell.kind == .exercise ? 1 : cell.bodyFirstLine
            let run = timedRun(source, line: line, timeout: timeout(cell), name: cell.kind == .exercise ? "<answer \(cell.id ?? "")>" : nil)
            if run.succeeded { journal.append(.setup(source)) } else { report(run) }
            return run.succeeded
        }
    }

    // MARK: exercises

    /// The exercise of the current step, while it is not done.
    public var activeExercise: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .exercise,
              !progress.isDone(steps[current].name(at: current)) else { return nil }
        return cell
    }

    /// The quiz of the current step, while it is not answered.
    public var activeQuiz: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .quiz,
              !progress.isDone(steps[current].name(at: current)) else { return nil }
        return cell
    }

    func showExercise(_ cell: Cell, solved answer: String? = nil) {
        let id = cell.id ?? ""
        if let answer {
            let shown = answer.split(separator: "\n").first.map(String.init) ?? ""
            writeWrapped(styled("Exercise \(id) ✓ ", TextStyle(foreground: .green, bold: true)),
                         styled("done; your answer is in place (\(shown)). Type another to try again, or press Enter.", TextStyle(dim: true)))
            return
        }
        let hints = lesson.cells(.hint, for: id).count
        var line = styled("Exercise \(id)", TextStyle(foreground: .magenta, bold: true))
        if let target = cell["target"] { line += ": define " + styled(target, TextStyle(bold: true)) + "." }
        line += styled(" (\(hints) hint\(hints == 1 ? "" : "s"), :hint; :solution; :skip)", TextStyle(dim: true))
        write(line)
        let starter = cell.body.trimmingTrailingNewlines
        if !starter.isEmpty { prefill = starter }
    }

    /// Any Lab input typed at the prompt: run against a snapshot (an error
    /// rolls it back); during an exercise, checked on the resulting state; a
    /// number answers a pending quiz.
    public func enter(_ source: String) {
        // At a quiz step (answered or reopened by :back) a bare number is an answer: one in
        // range is checked, one out of range is told the range rather than run as Lab.
        if let cell = currentQuiz, let quiz = cell.quiz {
            if let choice = quizChoice(source, count: quiz.options.count) {
                answerQuiz(choice, of: cell)
                return
            }
            if Int(source.stripping(" ")) != nil {
                write("Answer with the number of an option, 1 to \(quiz.options.count).")
                return
            }
        }
        // A finished exercise reopened (:back, :goto) is still checked: a wrong value is rolled back.
        let exercise = activeExercise ?? currentExercise
        let target = exercise?["target"]
        let targetBefore = target.flatMap { try? evaluator.value(of: $0, name: "<check>", line: 1).get() }
        let before = captureState()
        stopSeen = false
        failureSeen = false
        // A line typed at the prompt draws from its own stream, kept with it, so that
        // replaying the learner's definitions on resume gives back the same numbers.
        var seed: Int? = nil
        if lesson.meta.cellStreams {
            seed = cellSeed(lessonSeed: lesson.meta.seed, cellID: "prompt-\(journal.count)-\(learnerCells.count)")
            evaluator.reseed(seed!)
        }
        let run = timedRun(source, line: 1, timeout: nil, name: "<input>")
        if !run.output.isEmpty { write(run.output.trimmingTrailingNewlines) }
        guard run.succeeded else {
            if run.interrupted { write("") }
            report(run)
            restoreState(before)
            let what = run.interrupted ? "Stopped" : "That failed"
            write(styled("\(what); everything is as before the command.", TextStyle(dim: true)))
            stopSeen = false
            return
        }
        let names = cellNames(source)
        let reproducible = record(source, names: names, output: run.output.trimmingTrailingNewlines, seed: seed, stopped: stopSeen)
        stopSeen = false
        noteReplacedNames(names.defines, exerciseTarget: exercise == nil ? nil : target ?? "")
        guard let exercise, let id = exercise.id else {
            if reproducible, !names.defines.isEmpty, current >= 0 {
                learnerCells.append(LearnerCell(step: current, source: source, seed: seed))
                saveProgress()
            }
            return
        }
        exerciseInputs.append(source)
        let (verdict, detail) = checkVerdict(exercise)
        lastReport = detail
        if case .stopped(let why) = verdict {
            restoreState(before)
            writeWrapped(styled("✗ ", TextStyle(foreground: .red, bold: true)), why + "; your command was undone.")
            stopSeen = false
            return
        }
        let targetUnchanged = target.flatMap { try? evaluator.value(of: $0, name: "<check>", line: 1).get() } == targetBefore
        switch verdict {
        case .stopped: break  // handled above
        case .passed:
            // A solved exercise reopened: a look at other values is not a new answer.
            if progress.isDone(id), targetUnchanged {
                keepHelper(source, names: names, reproducible: reproducible, seed: seed)
                helperCells = 0  // not part of an answer: the exercise was solved before
                break
            }
            progress.answers[id] = exerciseInputs.joined(separator: "\n")
            learnerCells.removeLast(min(helperCells, learnerCells.count))  // they are part of the answer now
            helperCells = 0
            progress.markDone(id)
            saveProgress()
            write(styled("✓ Correct.", TextStyle(foreground: .green, bold: true)) + styled(" (Enter: next step)", TextStyle(dim: true)))
        case .incomplete:
            keepHelper(source, names: names, reproducible: reproducible, seed: seed)
            remindToAssign(target, shownValue: !run.output.isEmpty)
        case .misconception(let message), .notYet(let message):
            if let target, let now = try? evaluator.value(of: target, name: "<check>", line: 1).get(), now == targetBefore {
                keepHelper(source, names: names, reproducible: reproducible, seed: seed)
                remindToAssign(target, shownValue: !run.output.isEmpty)
                break // the target did not change: a helper step, not an answer
            }
            let attempts = progress.attempts[id, default: 0] + 1
            restoreState(before)
            progress.attempts[id] = attempts
            lastReport = detail
            saveProgress()
            if case .misconception = verdict {
                writeWrapped(styled("✗ ", TextStyle(foreground: .red, bold: true)), inlineMarkdown(message))
            } else {
                writeWrapped(styled("✗ Not yet: ", TextStyle(foreground: .red, bold: true)), message)
            }
            writeWrapped("", styled("(rolled back; :why shows expected and got, :hint gives a hint)", TextStyle(dim: true)))
        }
    }

    /// Journals a command that ran at the prompt, for `:save`. One stopped by Ctrl-C that
    /// kept what it learned cannot be reproduced by a transcript, and neither can what is
    /// computed from it: those are left out, and their names remembered until redefined.
    /// A helper step during an exercise (`helper = 1` before the answer) is the learner's
    /// own cell until the exercise passes (then it is part of the stored answer).
    func keepHelper(_ source: String, names: CellNames, reproducible: Bool, seed: Int?) {
        guard reproducible, !names.defines.isEmpty, current >= 0 else { return }
        learnerCells.append(LearnerCell(step: current, source: source, seed: seed))
        helperCells += 1
        saveProgress()
    }

    /// Returns whether it was journaled (a learner's cell is kept only then).
    func record(_ source: String, names: CellNames, output: String, seed: Int?, stopped: Bool) -> Bool {
        if stopped || !names.reads.isDisjoint(with: unreproducible) {
            unreproducible.formUnion(names.defines)
            return false
        }
        unreproducible.subtract(names.defines)
        if let seed { journal.append(.seed(seed)) }
        journal.append(.command(source, output: output))
        return true
    }

    /// The exercise's check rules, under the cell timeout and Ctrl-C (lesson code may loop).
    func checkVerdict(_ exercise: Cell) -> (ExerciseVerdict, report: String) {
        let rules = lesson.cells(.check, for: exercise.id ?? "").flatMap(\.rules)
        let seconds = timeout(exercise)
        evaluator.clearInterrupt()
        let (result, timedOut) = withDeadline(seconds: seconds, interrupt: evaluator.interrupter, externalStop: externalStop) {
            ExerciseChecker(tolerance: lesson.meta.tolerance).verdict(rules: rules, target: exercise["target"], evaluator: evaluator, file: file)
        }
        evaluator.clearInterrupt()
        guard case .stopped = result.0 else { return result }
        let why = timedOut ? "The check of \(exercise.id ?? "this exercise") ran past its \(formatNumber(seconds)) s timeout and was stopped"
            : "The check of \(exercise.id ?? "this exercise") was stopped"
        return (.stopped(why), result.1)
    }

    /// A one-paragraph message from the lesson (a `when` message, quiz feedback) with its
    /// Markdown rendered: `code` in colour instead of backticks, $math$ in Unicode.
    func inlineMarkdown(_ text: String) -> String {
        guard case .paragraph(let inlines)? = LessonParser.markdown(text).first else { return text }
        return renderer.inlineText(inlines)
    }

    /// Writes `lead` (already styled) and then `text`, word-wrapped to the window;
    /// continuation lines are indented under the text when the lead is short (≤ 12
    /// columns), else by two. Lines of `text` are kept as separate lines.
    func writeWrapped(_ lead: String, _ text: String) {
        let width = max(context.width - 1, 20)
        let leadWidth = displayWidth(lead)
        let indent = leadWidth <= 12 ? leadWidth : 2
        var out: [String] = []
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let first = k == 0 ? width - leadWidth : width - indent
            let pieces = String(line).wordWrapped(toWidth: width - indent, firstLine: first)
            for (j, piece) in pieces.enumerated() {
                out.append(k == 0 && j == 0 ? lead + piece : String(repeating: " ", count: indent) + piece)
            }
        }
        write(out.joined(separator: "\n"))
    }

    /// Writes `lead` (already styled) and then Markdown blocks rendered to fit beside it,
    /// every line after the first indented under the first (a hint: "hint 1/2: …").
    func writeBlocks(_ lead: String, _ blocks: [MarkdownBlock]) {
        let leadWidth = displayWidth(lead)
        var narrow = renderer
        narrow.context.width = max(context.width - leadWidth, 20)
        let lines = narrow.render(blocks).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let pad = String(repeating: " ", count: leadWidth)
        write(lines.enumerated().map { k, line in (k == 0 ? lead : line.isEmpty ? "" : pad) + line }.joined(separator: "\n"))
    }

    /// A learner's assignment to a name the lesson owns: a parameter (say that `:set`
    /// also re-runs what depends on it), or, during an exercise, a name the lesson's cells
    /// set, which a helper line can clobber without noticing (`r` in lesson 16).
    func noteReplacedNames(_ assigned: Set<String>, exerciseTarget: String?) {
        guard !assigned.isEmpty, current >= 0 else { return }
        let parameterNames = Set(parameters.map(\.name))
        if let name = assigned.intersection(parameterNames).sorted().first {
            writeWrapped("", styled("(\(name) is a parameter of this lesson: :set \(name)=… also re-runs the cells that use it.)", TextStyle(dim: true)))
            return
        }
        guard let target = exerciseTarget else { return }
        var lessonNames: Set<String> = []
        for step in steps[...current] {
            guard let cell = step.cell, [.setup, .lab, .plot].contains(cell.kind) else { continue }
            lessonNames.formUnion(cellNames(code(of: cell, forward: false)).defines)
        }
        let replaced = assigned.intersection(lessonNames).subtracting([target]).sorted()
        guard !replaced.isEmpty else { return }
        let list = replaced.joined(separator: ", ")
        writeWrapped("", styled("(This replaced the lesson's \(list); later cells may need it. :goto \(current + 1) brings the lesson's back.)", TextStyle(dim: true)))
    }

    /// Once per exercise visit: a value typed on its own, with the target still unset or
    /// unchanged, is probably meant as the answer, which only an assignment gives.
    func remindToAssign(_ target: String?, shownValue: Bool) {
        guard let target, shownValue, !remindedToAssign else { return }
        remindedToAssign = true
        writeWrapped("", styled("(A value on its own is not checked: to answer, store it with \(target) = …)", TextStyle(dim: true)))
    }

    /// `:check`: the current exercise's check, now.
    public func check() {
        guard let exercise = currentExercise, let id = exercise.id else { write("There is no exercise at this step."); return }
        let (verdict, detail) = checkVerdict(exercise)
        lastReport = detail
        switch verdict {
        case .stopped(let why): writeWrapped(styled("✗ ", TextStyle(foreground: .red, bold: true)), why + ".")
        case .passed:
            if !progress.isDone(id) {
                progress.answers[id] = exerciseInputs.joined(separator: "\n")
                progress.markDone(id)
                saveProgress()
            }
            write(styled("✓ Correct.", TextStyle(foreground: .green, bold: true)))
        case .incomplete: writeWrapped("", "Not yet: " + detail + ".")
        case .misconception(let message): writeWrapped(styled("✗ ", TextStyle(foreground: .red, bold: true)), inlineMarkdown(message))
        case .notYet(let message): writeWrapped(styled("✗ Not yet: ", TextStyle(foreground: .red, bold: true)), message)
        }
    }

    /// The exercise of the current step, done or not.
    var currentExercise: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .exercise else { return nil }
        return cell
    }

    /// `:why`: the last check in detail, expected against got, with the tolerance.
    public func why() {
        guard let lastReport else { write("Nothing has been checked yet at this step."); return }
        write(lastReport)
        write(styled("Numbers compare as |got − want| ≤ atol + rtol·|want| with \(lesson.meta.tolerance).", TextStyle(dim: true)))
    }

    /// `:hint`: the next hint of the current exercise ("hint 2/3").
    public func hint() {
        guard let exercise = currentExercise, let id = exercise.id else { write("There is no exercise at this step."); return }
        let hints = lesson.cells(.hint, for: id)
        let used = progress.hints[id] ?? 0
        guard used < hints.count else {
            write(hints.isEmpty ? "This exercise has no hints; :solution shows the reference answer." : "No more hints; :solution shows the reference answer.")
            return
        }
        writeBlocks(styled("hint \(used + 1)/\(hints.count): ", TextStyle(foreground: .yellow, bold: true)), LessonParser.markdown(hints[used].body))
        progress.hints[id] = used + 1
        saveProgress()
    }

    /// `:solution`: shows the reference answer and puts it at the prompt.
    public func solution() {
        guard let exercise = currentExercise, let id = exercise.id, let solution = lesson.cells(.solution, for: id).first else {
            write("There is no exercise at this step."); return
        }
        write(styled("solution:", TextStyle(bold: true)))
        write(renderer.render([.code(info: "", text: solution.body)]))
        write(styled("(it is at the prompt: press Enter to run it, or :skip)", TextStyle(dim: true)))
        prefill = solution.body.trimmingTrailingNewlines
    }

    /// `:skip`: an exercise runs its solution and counts as done; anything else moves on.
    public func skip() {
        if let exercise = activeExercise, let id = exercise.id, let solution = lesson.cells(.solution, for: id).first {
            beginStream(of: exercise)
            let run = timedRun(solution.body, line: solution.bodyFirstLine, timeout: timeout(exercise))
            if run.succeeded {
                journal.append(.setup(solution.body))
                progress.answers[id] = solution.body
                progress.markDone(id)
                write(styled("Skipped \(id): its solution ran.", TextStyle(dim: true)))
            } else {
                report(run)
            }
        } else if let quiz = activeQuiz, let id = quiz.id {
            write(styled("Left the question \(id) for later.", TextStyle(dim: true)))
        }
        next()
    }

    // MARK: quizzes

    func showQuiz(_ cell: Cell) {
        guard let quiz = cell.quiz else { return }
        write(renderer.render(LessonParser.markdown(quiz.question)))
        for (k, option) in quiz.options.enumerated() {
            writeWrapped("  " + styled("\(k + 1).", TextStyle(bold: true)) + " ", renderer.inlineText(LessonParser.markdown(option.text).first.flatMap { if case .paragraph(let i) = $0 { return i } else { return nil } } ?? [.text(option.text)]))
        }
        write(styled("(answer with a number)", TextStyle(dim: true)))
    }

    func quizChoice(_ text: String, count: Int) -> Int? {
        let t = text.stripping(" ")
        if let n = Int(t), n >= 1, n <= count { return n - 1 }
        if t.count == 1, let c = t.lowercased().unicodeScalars.first, c.value >= 97, c.value < 97 + UInt32(count) { return Int(c.value - 97) }
        return nil
    }

    /// The quiz of the current step, answered or not.
    var currentQuiz: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .quiz else { return nil }
        return cell
    }

    func answerQuiz(_ choice: Int, of cell: Cell) {
        guard let quiz = cell.quiz, let id = cell.id else { return }
        let option = quiz.options[choice]
        if option.correct {
            progress.markDone(id)
            writeWrapped(styled("✓ Right. ", TextStyle(foreground: .green, bold: true)), (option.feedback.map { inlineMarkdown($0) + " " } ?? "") + styled("(Enter: next step)", TextStyle(dim: true)))
        } else {
            progress.attempts[id, default: 0] += 1
            writeWrapped(styled("✗ ", TextStyle(foreground: .red, bold: true)), option.feedback.map(inlineMarkdown) ?? "Not quite; try another option.")
        }
        saveProgress()
    }

    // MARK: table of contents, timing, saving

    /// `:toc`: sections and steps; ✓ done, ▸ here, · pending.
    public func toc() {
        write(styled(lesson.meta.title, TextStyle(bold: true)) + styled("  (\(lesson.meta.id))", TextStyle(dim: true)))
        var section: Int? = -1
        for (k, step) in steps.enumerated() {
            if step.section != section {
                section = step.section
                if let s = section { write(styled(lesson.sections[s].title, TextStyle(bold: true))) }
            }
            let name = step.name(at: k)
            let mark = k == current ? "▸" : progress.isDone(name) ? "✓" : (isInteractive(k) ? "·" : " ")
            let kind = step.cell.map { " " + $0.kind.rawValue } ?? ""
            write("  \(mark) \(String(k + 1).leftPadded(toWidth: 2)) \(name)" + styled(kind, TextStyle(dim: true)))
        }
    }

    /// `:time EXPR`.
    public func time(_ source: String) {
        let start = monotonicSeconds()
        let run = timedRun(source, line: 1, timeout: nil, name: "<time>")
        let elapsed = monotonicSeconds() - start
        if !run.output.isEmpty { write(run.output.trimmingTrailingNewlines) }
        if !run.succeeded { report(run) }
        write(styled(String(format: "time: %.3g s", elapsed), TextStyle(dim: true)))
    }

    /// Writes the progress file (a failure is reported once, never fatal).
    /// Saves progress; false (after a one-time warning saying what failed and where) when it was not saved.
    @discardableResult
    public func saveProgress() -> Bool {
        guard let store else { return false }
        do { try store.save(progress); return true } catch {
            if !warnedAboutSaving { write("warning: progress not saved: \(error)") }
            warnedAboutSaving = true
            return false
        }
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var s = Substring(self)
        while s.last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
