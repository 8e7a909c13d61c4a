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
    var visitPrefix: String
    var remindedToAssign: Bool
    var lastReport: String?
    var unreproducible: Set<String>
    /// How many saves had taken in another shell's work (`LessonSession.adoptions`).
    var adoptions: Int
}

extension LessonSession {
    func captureState() -> SessionState {
        SessionState(
            evaluator: evaluator.snapshot(), journal: journal, snapshots: snapshots, progress: progress,
            current: current, exerciseInputs: exerciseInputs, visitPrefix: visitPrefix,
            remindedToAssign: remindedToAssign, lastReport: lastReport, unreproducible: unreproducible,
            adoptions: adoptions.count)
    }

    func restoreState(_ state: SessionState) {
        evaluator.restore(state.evaluator)
        journal = state.journal
        snapshots = state.snapshots
        progress = state.progress
        // Found by attack: a slide whose failed value saved (taking in another shell's answer),
        // then Esc, wrote the file back without that answer. Another shell's work stays.
        for merge in adoptions.dropFirst(state.adoptions) {
            for name in merge.addedSteps { progress.markDone(name) }
            for id in merge.addedAnswers where progress.answers[id] == nil {
                progress.answers[id] = merge.saved.answers[id]
            }
        }
        current = state.current
        exerciseInputs = state.exerciseInputs
        visitPrefix = state.visitPrefix
        remindedToAssign = state.remindedToAssign
        lastReport = state.lastReport
        unreproducible = state.unreproducible
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
        writeWrapped(
            "",
            styled(
                words(stopped ? .undoneStopped : .undone, command),
                TextStyle(dim: true)))
        return false
    }

    // MARK: the timeline of states, one before each step

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
            let run = timedRun(
                source, line: line, timeout: timeout(cell),
                name: cell.kind == .exercise ? "<answer \(cell.id ?? "")>" : nil)
            if run.succeeded { journal.append(.setup(source)) } else { report(run) }
            return run.succeeded
        }
    }
}
