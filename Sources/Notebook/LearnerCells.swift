import Foundation
import LabLang
import Terminal

/// A definition the learner typed at the prompt (`f(x) = …`, `k = 3`): a cell of the
/// lesson's graph like the lesson's own, attached to the step it was typed at. It is
/// kept across `:rerun` and `:set` (and re-run when downstream of the change), saved
/// with the progress and run again on resume.
public struct LearnerCell: Codable, Hashable, Sendable {
    /// The step (0-based) it was typed at: it runs right after that step's cell.
    public var step: Int
    public var source: String
    /// The seed of its own random stream (`cellSeed`), so a replay draws the same numbers.
    public var seed: Int?

    public init(step: Int, source: String, seed: Int? = nil) {
        self.step = step
        self.source = source
        self.seed = seed
    }
}

/// The learner's own cells: kept, replayed at their step, set aside when they no longer run.
extension LessonSession {
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
            writeWrapped(
                "",
                styled(
                    words(.setAside, dropped.joined(separator: "; ")),
                    TextStyle(dim: true)))
        }
        return defined
    }

    /// On resume: one line saying which of the learner's own definitions came back.
    func noteRestoredCells() {
        var names: [String] = []
        for cell in learnerCells {
            for name in cellNames(cell.source).defines.sorted() where !names.contains(name) {
                names.append(name)
            }
        }
        guard !names.isEmpty else { return }
        write(styled(words(.definitionsBack, names.joined(separator: ", ")), TextStyle(dim: true)))
    }

    func firstLine(_ source: String) -> String {
        let line = source.split(separator: "\n").first.map(String.init) ?? source
        return code(line.count > 40 ? String(line.prefix(39)) + "…" : line)
    }

    /// A helper step during an exercise (`helper = 1` before the answer) is the learner's
    /// own cell until the exercise passes (then it is part of the stored answer).
    func keepHelper(_ source: String, names: CellNames, reproducible: Bool, seed: Int?) {
        guard reproducible, !names.defines.isEmpty, current >= 0 else { return }
        learnerCells.append(LearnerCell(step: current, source: source, seed: seed))
        saveProgress()
    }
}
