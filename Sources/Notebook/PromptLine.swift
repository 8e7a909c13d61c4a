import Foundation
import LabLang
import Terminal

/// A line typed at the prompt: run as a transaction, journaled for `:save`, kept as the
/// learner's own cell when it defines names, and graded when an exercise waits.
extension LessonSession {
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
                write(words(.quizRange, "\(quiz.options.count)"))
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
            seed = cellSeed(
                lessonSeed: lesson.meta.seed, cellID: "prompt-\(journal.count)-\(learnerCells.count)")
            evaluator.reseed(seed!)
        }
        let run = timedRun(source, line: 1, timeout: nil, name: "<input>")
        // The terminal echoed the Ctrl-C the command honoured as ^C where the cursor stood:
        // what follows (the output, the error, a trainer's stop note) starts on a line of its own.
        if run.stopped { write("") }
        if !run.output.isEmpty { write(run.output.trimmingTrailingNewlines) }
        guard run.succeeded else {
            report(run)
            restoreState(before)
            write(styled(words(run.interrupted ? .commandStopped : .commandFailed), TextStyle(dim: true)))
            stopSeen = false
            return
        }
        // At the prompt a training builtin stopped by Ctrl-C keeps what it learned: now it is true, say it.
        for note in run.stopNotes { write(styled(note.text(language), TextStyle(dim: true))) }
        let names = cellNames(source)
        let reproducible = record(
            source, names: names, output: run.output.trimmingTrailingNewlines, seed: seed, stopped: stopSeen)
        stopSeen = false
        noteReplacedNames(names.defines, exerciseTarget: exercise == nil ? nil : target ?? "")
        guard let exercise, let id = exercise.id else {
            if reproducible, !names.defines.isEmpty, current >= 0 {
                learnerCells.append(LearnerCell(step: current, source: source, seed: seed))
                saveProgress()
            }
            return
        }
        // Each line keeps the stream it drew from, so the stored answer replays its numbers.
        exerciseInputs.append((seed.map { "seed(\($0))\n" } ?? "") + source)
        let (verdict, detail) = checkVerdict(exercise)
        lastReport = detail
        if case .stopped(let why) = verdict {
            restoreState(before)
            writeWrapped(
                styled(mark("✗ "), TextStyle(foreground: .red, bold: true)), words(.commandUndone, why))
            stopSeen = false
            return
        }
        let targetUnchanged =
            target.flatMap { try? evaluator.value(of: $0, name: "<check>", line: 1).get() } == targetBefore
        switch verdict {
        case .stopped: break  // handled above
        case .passed:
            // A solved exercise reopened: a look at other values is not a new answer.
            if progress.isDone(id), targetUnchanged {
                keepHelper(source, names: names, reproducible: reproducible, seed: seed)
                break
            }
            acceptAnswer(id)
            write(
                styled(words(.correct), TextStyle(foreground: .green, bold: true))
                    + styled(words(.enterNextStepAfter), TextStyle(dim: true)))
        case .incomplete:
            keepHelper(source, names: names, reproducible: reproducible, seed: seed)
            remindToAssign(target, shownValue: !run.output.isEmpty)
        case .misconception(let message), .notYet(let message):
            if let target, let now = try? evaluator.value(of: target, name: "<check>", line: 1).get(),
                now == targetBefore
            {
                keepHelper(source, names: names, reproducible: reproducible, seed: seed)
                remindToAssign(target, shownValue: !run.output.isEmpty)
                break  // the target did not change: a helper step, not an answer
            }
            let attempts = progress.attempts[id, default: 0] + 1
            restoreState(before)
            progress.attempts[id] = attempts
            lastReport = detail
            saveProgress()
            if case .misconception = verdict {
                writeWrapped(
                    styled(mark("✗ "), TextStyle(foreground: .red, bold: true)), inlineMarkdown(message))
            } else {
                writeWrapped(styled(words(.notYetLead), TextStyle(foreground: .red, bold: true)), message)
            }
            writeWrapped("", styled(words(.rolledBackWhy), TextStyle(dim: true)))
        }
    }

    /// Journals a command that ran at the prompt, for `:save`. One stopped by Ctrl-C that
    /// kept what it learned cannot be reproduced by a transcript, and neither can what is
    /// computed from it: those are left out, and their names remembered until redefined.
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

    /// A learner's assignment to a name the lesson owns: a parameter (say that `:set`
    /// also re-runs what depends on it), or, during an exercise, a name the lesson's cells
    /// set, which a helper line can clobber without noticing (`r` in lesson 16).
    func noteReplacedNames(_ assigned: Set<String>, exerciseTarget: String?) {
        guard !assigned.isEmpty, current >= 0 else { return }
        let parameterNames = Set(parameters.map(\.name))
        if let name = assigned.intersection(parameterNames).sorted().first {
            writeWrapped("", styled(words(.parameterNote, name), TextStyle(dim: true)))
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
        writeWrapped("", styled(words(.replacedNote, list, "\(current + 1)"), TextStyle(dim: true)))
    }

    /// Once per exercise visit: a value typed on its own, with the target still unset or
    /// unchanged, is probably meant as the answer, which only an assignment gives.
    func remindToAssign(_ target: String?, shownValue: Bool) {
        guard let target, shownValue, !remindedToAssign else { return }
        remindedToAssign = true
        writeWrapped("", styled(words(.remindToAssign, target), TextStyle(dim: true)))
    }
}
