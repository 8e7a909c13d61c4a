import Foundation
import LabLang
import Terminal

/// Exercises and quizzes: checking an answer, `:check`, `:why`, `:hint`, `:solution`,
/// `:skip`, and answering a quiz by number.
extension LessonSession {
    /// The exercise of the current step, while it is not done.
    public var activeExercise: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .exercise,
            !progress.isDone(steps[current].name(at: current))
        else { return nil }
        return cell
    }

    /// The quiz of the current step, while it is not answered.
    public var activeQuiz: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .quiz,
            !progress.isDone(steps[current].name(at: current))
        else { return nil }
        return cell
    }

    /// The exercise of the current step, done or not.
    var currentExercise: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .exercise
        else { return nil }
        return cell
    }

    func showExercise(_ cell: Cell, solved answer: String? = nil) {
        let id = cell.id ?? ""
        if let answer {
            // The line that answered (the last), not a `seed(n)` that keeps a stream.
            let shown = answer.split(separator: "\n").last { !$0.hasPrefix("seed(") }.map(String.init) ?? ""
            writeWrapped(
                styled(words(.exerciseSolved, id), TextStyle(foreground: .green, bold: true)),
                styled(words(.exerciseSolvedDone, shown), TextStyle(dim: true)))
            return
        }
        let hints = lesson.cells(.hint, for: id).count
        var line = styled(words(.exerciseHeader, id), TextStyle(foreground: .magenta, bold: true))
        if let target = cell["target"] {
            line += words(.exerciseDefine, styled(target, TextStyle(bold: true)))
        }
        line += styled(
            words(hints == 1 ? .exerciseHintsOne : .exerciseHints, "\(hints)"), TextStyle(dim: true))
        write(line)
        let starter = cell.body.trimmingTrailingNewlines
        if !starter.isEmpty { prefill = starter }
    }

    /// The exercise's check rules, under the cell timeout and Ctrl-C (lesson code may loop).
    func checkVerdict(_ exercise: Cell) -> (ExerciseVerdict, report: String) {
        let rules = lesson.cells(.check, for: exercise.id ?? "").flatMap(\.rules)
        let seconds = timeout(exercise)
        evaluator.clearInterrupt()
        let (result, timedOut) = withDeadline(
            seconds: seconds, interrupt: evaluator.interrupter, externalStop: externalStop
        ) {
            ExerciseChecker(tolerance: lesson.meta.tolerance, language: language).verdict(
                rules: rules, target: exercise["target"], evaluator: evaluator, file: file)
        }
        evaluator.clearInterrupt()
        guard case .stopped(let rule) = result.0 else { return result }
        let name = exercise.id ?? words(.thisExercise)
        let why =
            timedOut ? words(.checkTimedOut, name, formatNumber(seconds), rule) : words(.checkStopped, name)
        return (.stopped(why), result.1)
    }

    /// An exercise passed: what ran at the step before (`visitPrefix`: a previous answer,
    /// the learner's cells kept there) and the lines typed at this visit, each after the
    /// seed of the stream it drew from (`seed(n)`), become its stored answer, replayed on
    /// resume in the order they ran, with the same numbers. The learner's cells at this
    /// step are part of it now (a replay runs a step's own cells after its answer, so kept
    /// apart they would come after it). Marked done and saved.
    func acceptAnswer(_ id: String) {
        progress.answers[id] = ([visitPrefix] + exerciseInputs).filter { !$0.isEmpty }.joined(separator: "\n")
        learnerCells.removeAll { $0.step == current }
        progress.markDone(id)
        saveProgress()
    }

    /// `:check`: the current exercise's check, now.
    public func check() {
        guard let exercise = currentExercise, let id = exercise.id else { write(words(.noExercise)); return }
        let (verdict, detail) = checkVerdict(exercise)
        lastReport = detail
        switch verdict {
        case .stopped(let why):
            writeWrapped(styled(mark("✗ "), TextStyle(foreground: .red, bold: true)), why + ".")
        case .passed:
            if !progress.isDone(id) { acceptAnswer(id) }
            write(styled(words(.correct), TextStyle(foreground: .green, bold: true)))
        case .incomplete: writeWrapped("", words(.notYet, detail))
        case .misconception(let message):
            writeWrapped(styled(mark("✗ "), TextStyle(foreground: .red, bold: true)), inlineMarkdown(message))
        case .notYet(let message):
            writeWrapped(styled(words(.notYetLead), TextStyle(foreground: .red, bold: true)), message)
        }
    }

    /// `:why`: the last check in detail, expected against got, with the tolerance.
    public func why() {
        guard let lastReport else { write(words(.nothingChecked)); return }
        // Each line wrapped to the window, continuing under its own indentation.
        for line in lastReport.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = String(line.prefix { $0 == " " })
            var text = String(line.dropFirst(indent.count))
            // The check's own mark (✓/✗ before each rule) in the terminal's glyphs; the rule is the lesson's.
            if let first = text.first, first == "✓" || first == "✗" {
                text = mark(String(first)) + text.dropFirst()
            }
            writeWrapped(indent, text)
        }
        write(styled(words(.compareRule, "\(lesson.meta.tolerance)"), TextStyle(dim: true)))
    }

    /// `:hint`: the next hint of the current exercise ("hint 2/3").
    public func hint() {
        guard let exercise = currentExercise, let id = exercise.id else { write(words(.noExercise)); return }
        let hints = lesson.cells(.hint, for: id)
        let used = progress.hints[id] ?? 0
        guard used < hints.count else {
            write(words(hints.isEmpty ? .noHints : .noMoreHints))
            return
        }
        writeBlocks(
            styled(
                words(.hintLabel, "\(used + 1)", "\(hints.count)"), TextStyle(foreground: .yellow, bold: true)
            ),
            LessonParser.markdown(hints[used].body))
        progress.hints[id] = used + 1
        saveProgress()
    }

    /// `:solution`: shows the reference answer and puts it at the prompt.
    public func solution() {
        guard let exercise = currentExercise, let id = exercise.id,
            let solution = lesson.cells(.solution, for: id).first
        else {
            write(words(.noExercise)); return
        }
        write(styled(words(.solutionLabel), TextStyle(bold: true)))
        write(renderer.render([.code(info: "", text: solution.body)]))
        write(styled(words(.solutionAtPrompt), TextStyle(dim: true)))
        prefill = solution.body.trimmingTrailingNewlines
    }

    /// `:skip`: an exercise runs its solution and counts as done; anything else moves on.
    public func skip() {
        if let exercise = activeExercise, let id = exercise.id,
            let solution = lesson.cells(.solution, for: id).first
        {
            beginStream(of: exercise)
            let run = timedRun(solution.body, line: solution.bodyFirstLine, timeout: timeout(exercise))
            if run.succeeded {
                journal.append(.setup(solution.body))
                progress.answers[id] = solution.body
                progress.markDone(id)
                write(styled(words(.skipped, id), TextStyle(dim: true)))
            } else {
                report(run)
            }
        } else if let quiz = activeQuiz, let id = quiz.id {
            write(styled(words(.leftQuestion, id), TextStyle(dim: true)))
        }
        next()
    }

    func showQuiz(_ cell: Cell) {
        guard let quiz = cell.quiz else { return }
        write(renderer.render(LessonParser.markdown(quiz.question)))
        for (k, option) in quiz.options.enumerated() {
            writeWrapped(
                "  " + styled("\(k + 1).", TextStyle(bold: true)) + " ",
                renderer.inlineText(
                    LessonParser.markdown(option.text).first.flatMap {
                        if case .paragraph(let i) = $0 { return i } else { return nil }
                    } ?? [.text(option.text)]))
        }
        write(styled(words(.answerWithANumber), TextStyle(dim: true)))
    }

    func quizChoice(_ text: String, count: Int) -> Int? {
        let t = text.stripping(" ")
        if let n = Int(t), n >= 1, n <= count { return n - 1 }
        if t.count == 1, let c = t.lowercased().unicodeScalars.first, c.value >= 97,
            c.value < 97 + UInt32(count)
        {
            return Int(c.value - 97)
        }
        return nil
    }

    /// The quiz of the current step, answered or not.
    var currentQuiz: Cell? {
        guard current >= 0, current < steps.count, let cell = steps[current].cell, cell.kind == .quiz else {
            return nil
        }
        return cell
    }

    func answerQuiz(_ choice: Int, of cell: Cell) {
        guard let quiz = cell.quiz, let id = cell.id else { return }
        let option = quiz.options[choice]
        if option.correct {
            progress.markDone(id)
            writeWrapped(
                styled(words(.rightAnswer), TextStyle(foreground: .green, bold: true)),
                (option.feedback.map { inlineMarkdown($0) + " " } ?? "")
                    + styled(words(.enterNextStep), TextStyle(dim: true)))
        } else {
            progress.attempts[id, default: 0] += 1
            writeWrapped(
                styled(mark("✗ "), TextStyle(foreground: .red, bold: true)),
                option.feedback.map(inlineMarkdown) ?? words(.notQuite))
        }
        saveProgress()
    }
}
