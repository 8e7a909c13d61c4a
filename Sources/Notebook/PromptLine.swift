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
}
