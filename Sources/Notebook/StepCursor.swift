import Foundation
import LabLang
import Terminal

/// Moving through a lesson's steps: Enter, `:next`, `:back`, `:goto`, `:restart`, `:toc`.
extension LessonSession {
    /// Enter on an empty line: the next step, unless an exercise or quiz here waits for an answer.
    public func advance() {
        if let cell = activeExercise {
            let bold = TextStyle(bold: true)
            writeWrapped(
                "",
                words(
                    .exerciseWaiting, cell.id ?? "", styled(":hint", bold), styled(":solution", bold),
                    styled(":next", bold)))
            return
        }
        if activeQuiz != nil {
            writeWrapped("", words(.quizWaiting))
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
        transaction(words(.theNextStep)) { leavePendingExercise() && show(current + 1, running: true) }
    }

    func finish() {
        let pending = steps.indices.filter { isInteractive($0) && !progress.isDone(steps[$0].name(at: $0)) }
        writeWrapped(
            styled(words(.endOfLesson, lesson.meta.title), TextStyle(bold: true)),
            pending.isEmpty
                ? words(.everythingDone)
                : words(.stillPending, pending.map { steps[$0].name(at: $0) }.joined(separator: ", ")))
        write(words(.lessonsAndOpen, code(":lessons"), code(":open ID")))
        progress.current = steps.count - 1
        saveProgress()
    }

    /// Moving forward from an exercise left pending runs its solution, unmarked, so later cells
    /// work, and a resumed session (which replays it the same way) equals this one.
    func leavePendingExercise() -> Bool {
        guard let exercise = activeExercise, let id = exercise.id,
            let solution = lesson.cells(.solution, for: id).first
        else { return true }
        beginStream(of: exercise)
        return runSilently(
            solution.body, line: solution.bodyFirstLine, timeout: timeout(exercise), showErrors: true)
    }

    /// `:back`: the previous step again, with the state as it was before it.
    public func back() {
        guard current > 0 else { write(words(.firstStep)); return }
        go(to: current - 1, command: ":back")
    }

    /// `:goto ID|N|section`. Forward, the steps in between run silently (an
    /// exercise skipped over runs its solution, unmarked, so later cells work);
    /// backward, the state returns to what it was before the target step.
    public func goto(_ target: String) {
        guard let k = resolveStep(target) else {
            write(words(.noSuchStep, code(target)))
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
            learnerCells = learnerCells.map {
                $0.step >= k ? LearnerCell(step: k, source: $0.source, seed: $0.seed) : $0
            }
            rewind(to: k)
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
            let k = steps.indices.first(where: { steps[$0].cell?.id == owner })
        {
            return k
        }
        if let n = Int(t), n >= 1, n <= steps.count { return n - 1 }
        let lower = t.lowercased()
        if let section = lesson.sections.first(where: { $0.title.lowercased() == lower })
            ?? lesson.sections.first(where: { $0.title.lowercased().hasPrefix(lower) })
        {
            return section.firstStep
        }
        return nil
    }

    /// `:restart`: forget this lesson's progress and begin again.
    public func restart() {
        store?.remove(id: lesson.meta.id)
        lastSaved = nil
        progress = LessonProgress(id: lesson.meta.id, hash: lesson.contentHash)
        journal = []
        snapshots = [:]
        current = -1
        evaluator.reset(seed: lesson.meta.seed)
        write(styled(words(.startingOver, lesson.meta.title), TextStyle(dim: true)))
        if !steps.isEmpty { show(0, running: true) }
    }

    /// `:toc`: sections and steps; ✓ done, ▸ here, · pending.
    public func toc() {
        write(
            styled(lesson.meta.title, TextStyle(bold: true))
                + styled("  (\(lesson.meta.id))", TextStyle(dim: true)))
        var section: Int? = -1
        for (k, step) in steps.enumerated() {
            if step.section != section {
                section = step.section
                if let s = section { write(styled(lesson.sections[s].title, TextStyle(bold: true))) }
            }
            let name = step.name(at: k)
            let shown = step.cell?.id ?? words(.stepNumber, "\(k + 1)")
            let mark = self.mark(
                k == current ? "▸" : progress.isDone(name) ? "✓" : (isInteractive(k) ? "·" : " "))
            let kind = step.cell.map { " " + language.cellKind($0.kind.rawValue) } ?? ""
            write(
                "  \(mark) \(String(k + 1).leftPadded(toWidth: 2)) \(shown)"
                    + styled(kind, TextStyle(dim: true)))
        }
    }
}
