import Foundation
import Terminal

/// Everything a command may change, so that a failed or stopped command can put it
/// back exactly: the values (a dictionary copy, since Lab values are immutable), the
/// journal, the cursor and its snapshots, and the progress (marks, parameters, the
/// learner's own cells).
struct SessionState {
    var evaluator: EvaluatorState
    var journal: [JournalEntry]
    var snapshots: [Int: (state: EvaluatorState, journal: Int)]
    var progress: LessonProgress
    var current: Int
    var exerciseInputs: [String]
    var remindedToAssign: Bool
    var lastReport: String?
    var unreproducible: Set<String>
    var helperCells: Int
}

extension LessonSession {
    func captureState() -> SessionState {
        SessionState(evaluator: evaluator.snapshot(), journal: journal, snapshots: snapshots, progress: progress,
                     current: current, exerciseInputs: exerciseInputs, remindedToAssign: remindedToAssign,
                     lastReport: lastReport, unreproducible: unreproducible, helperCells: helperCells)
    }

    func restoreState(_ state: SessionState) {
        evaluator.restore(state.evaluator)
        journal = state.journal
        snapshots = state.snapshots
        progress = state.progress
        current = state.current
        exerciseInputs = state.exerciseInputs
        remindedToAssign = state.remindedToAssign
        lastReport = state.lastReport
        unreproducible = state.unreproducible
        helperCells = state.helperCells
    }

    /// Runs one command all or nothing: when `body` returns false (a cell failed), or
    /// Ctrl-C was pressed while it ran, everything `SessionState` holds goes back to what
    /// it was before the command, the progress file too, and one line says so.
    @discardableResult
    func transaction(_ command: String, _ body: () -> Bool) -> Bool {
        let before = captureState()
        let outer = (stopSeen, failureSeen)
        stopSeen = false
        failureSeen = false
        transactionDepth += 1
        let succeeded = body()
        transactionDepth -= 1
        let stopped = stopSeen
        let failed = !succeeded || failureSeen
        stopSeen = outer.0 || stopped
        failureSeen = outer.1
        guard stopped || failed else { return true }
        guard transactionDepth == 0 else { return false }  // the outermost command undoes and says so
        restoreState(before)
        saveProgress()
        let what = stopped ? "Stopped" : "That failed"
        writeWrapped("", styled("\(what): \(command) was undone; the values, parameters and marks are as before it.",
                                TextStyle(dim: true)))
        return false
    }

    // MARK: the learner's own cells

    /// The learner's definitions typed at the prompt, in order, each attached to the step it was typed at.
    var learnerCells: [LearnerCell] {
        get { progress.learnerCells ?? [] }
        set { progress.learnerCells = newValue.isEmpty ? nil : newValue }
    }

    /// Runs the learner's cells attached to step `k`, silently. One that no longer runs (the
    /// lesson changed, or it needs a name from a later step) is dropped with a note.
    /// Returns the names the cells that ran define.
    @discardableResult
    func runLearnerCells(at k: Int) -> [String] {
        var defined: [String] = []
        var dropped: [String] = []
        var kept: [LearnerCell] = []
        for cell in learnerCells {
            guard cell.step == k else { kept.append(cell); continue }
            if let seed = cell.seed {
                evaluator.reseed(seed)
                journal.append(.seed(seed))
            }
            let run = timedRun(cell.source, line: 1, timeout: lesson.meta.timeout, name: "<your cell>")
            if run.succeeded {
                journal.append(.setup(cell.source))
                defined += cellNames(cell.source).defines.sorted()
                kept.append(cell)
            } else {
                dropped.append(firstLine(cell.source))
            }
        }
        if !dropped.isEmpty {
            learnerCells = kept
            writeWrapped("", styled("(Your \(dropped.joined(separator: "; ")) no longer runs here and was set aside.)",
                                    TextStyle(dim: true)))
        }
        return defined
    }

    /// On resume: one line saying which of the learner's own definitions came back.
    func noteRestoredCells() {
        var names: [String] = []
        for cell in learnerCells {
            for name in cellNames(cell.source).defines.sorted() where !names.contains(name) { names.append(name) }
        }
        guard !names.isEmpty else { return }
        write(styled("Your own definitions came back: \(names.joined(separator: ", ")).", TextStyle(dim: true)))
    }

    func firstLine(_ source: String) -> String {
        let line = source.split(separator: "\n").first.map(String.init) ?? source
        return code(line.count > 40 ? String(line.prefix(39)) + "…" : line)
    }
}
