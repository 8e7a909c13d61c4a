import Foundation
import LabLang
import Terminal

/// Exercises and quizzes: checking an answer, `:check`, `:why`, `:hint`, `:solution`,
/// `:skip`, and answering a quiz by number.
extension LessonSession {
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

    /// The exercise of the current step, done or not.
    var currentExercise: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .exercise else { return nil }
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
}
