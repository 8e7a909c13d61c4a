import Foundation
import LabLang
import Terminal

/// Showing a step and running its cell: a transcript shown command by command, silent
/// code, each cell on its own random stream and under its timeout and Ctrl-C.
extension LessonSession {
    /// Shows step `k` (and runs it when `running`); false when a cell in it failed.
    @discardableResult
    func show(_ k: Int, running: Bool) -> Bool {
        let step = steps[k]
        var failed = false
        snapshots[k] = (evaluator.snapshot(), journal.count)
        snapshots = snapshots.filter { $0.key <= k }
        clearScreenAtSection(k)
        current = k
        exerciseInputs = []
        visitPrefix = ""
        remindedToAssign = false
        prefill = nil
        let prose = step.items.compactMap { item -> MarkdownBlock? in
            if case .prose(let b) = item { return b } else { return nil }
        }
        if !prose.isEmpty { write(renderer.render(prose)) }
        sendSpeakerNotes(of: step, at: k)
        var completed = true
        if let cell = step.cell {
            if running { beginStream(of: cell) }
            switch cell.kind {
            case .setup:
                if running {
                    completed = runSilently(
                        cell.body, line: cell.bodyFirstLine, timeout: timeout(cell), showErrors: true)
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
                    completed =
                        cell.has("hidden")
                        ? runSilently(
                            cell.transcript.map(\.input).joined(separator: "\n"), line: cell.bodyFirstLine,
                            timeout: timeout(cell), showErrors: true)
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
                    if runSilently(answer, line: 1, timeout: timeout(cell), showErrors: true) {
                        visitPrefix = answer
                    }
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
        if !failed {
            runLearnerCells(at: k)
            // What ran here before the learner types: a new answer starts with it (`acceptAnswer`).
            let mine = learnerCells.filter { $0.step == k }.map {
                ($0.seed.map { "seed(\($0))\n" } ?? "") + $0.source
            }
            visitPrefix = ([visitPrefix] + mine).filter { !$0.isEmpty }.joined(separator: "\n")
        }
        if completed { progress.markDone(step.name(at: k)) }
        progress.current = k
        saveProgress()
        if step.cell == nil || completed, k + 1 < steps.count, !presenting {
            write(styled(words(.enterNextStep), TextStyle(dim: true)))
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

    /// Runs a lab/plot cell entry by entry, showing each command and its output.
    /// On an error the whole cell is rolled back.
    func runTranscript(_ cell: Cell) -> Bool {
        let before = evaluator.snapshot(), journalCount = journal.count
        for entry in cell.transcript {
            write(promptText(entry.input))
            pauseToPredict()
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
                    write(styled(words(.cellRolledBack), TextStyle(dim: true)))
                }
                return false
            }
            journal.append(.command(entry.input, output: run.output.trimmingTrailingNewlines))
            // Ctrl-C stopped a training that kept its result, inside a command that will be
            // undone (a what-if, a step): the entries after it only failed with "interrupted".
            if stopSeen, transactionDepth > 0 { return false }
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
        let (run, timedOut) = withDeadline(
            seconds: timeout, interrupt: evaluator.interrupter, externalStop: externalStop
        ) {
            evaluator.run(source, name: name ?? file, firstLine: line)
        }
        // Only a stop something honoured counts: a Ctrl-C that came as the run ended cut
        // nothing short. A training builtin stopped by the cell's timeout (not by the
        // learner) keeps what it learned, as in every release so far, and says so.
        if run.interrupted || (run.stopped && !timedOut) { stopSeen = true }
        if timedOut, run.succeeded {
            for note in run.stopNotes {
                write(
                    styled(
                        note.text(language) + words(.cellTimeoutNote, formatNumber(timeout ?? 0)),
                        TextStyle(dim: true)))
            }
        }
        guard timedOut, !run.succeeded else { return run }
        var r = run
        r.diagnostics = r.diagnostics.map { d in
            guard d.kind == .interrupted else { return d }
            var t = d
            t.kind = .timeout
            t.message = Message.cellTimedOut.text(.en, formatNumber(timeout ?? 0))
            t.localized = Message.cellTimedOut.localized(formatNumber(timeout ?? 0))
            return t
        }
        return r
    }
}
