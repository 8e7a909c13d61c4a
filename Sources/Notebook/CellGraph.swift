import Foundation
import LabLang
import Terminal

/// The lesson's cell graph: which cells a change reaches, and re-running exactly those.
extension LessonSession {
    /// The global names `source` defines and reads, as LabLang's resolver sees them
    /// (keyword arguments, fields, parameters and locals are neither); none when it does not parse.
    func cellNames(_ source: String) -> CellNames { CellNames.of(source) ?? CellNames() }

    /// `:set`/`:rerun`: from the first params step defining one of `changed` (every
    /// parameter of the first params step when nil) up to here, exactly the cells
    /// downstream of the change run again, in lesson order: a cell runs when it reads a
    /// name the change reaches, and what it defines then reaches further. Every other
    /// cell keeps its values (copied from the state after it; its own random stream
    /// means running it would give the same numbers anyway). The learner's own cells
    /// are part of the graph. Shown `lab`/`plot` cells show their new output unless
    /// `quiet`. Returns false when a cell failed (the caller's transaction undoes it).
    func rerunGraph(changed: Set<String>?, quiet: Bool = false) -> Bool {
        guard let p = parameterStep(for: changed) else {
            if !quiet {
                write(words(changed == nil ? .nothingToRerun : .parametersTakeEffect))
            }
            return true
        }
        var dirty = changed ?? Set(steps[p].cell!.parameters.map(\.name))
        let oldSnapshots = snapshots, oldJournal = journal
        let after = evaluator.snapshot()
        /// The state right after step k (its cell and the learner's cells there), before this re-run.
        func stateAfter(_ k: Int) -> (state: EvaluatorState, journal: Int)? {
            k == current ? (after, oldJournal.count) : oldSnapshots[k + 1]
        }
        rewind(to: p)
        var shown = 0
        for k in p...current {
            snapshots[k] = (evaluator.snapshot(), journal.count)
            let cell = steps[k].cell
            // An exercise behind the cursor holds its answer, or its solution when it was passed by.
            let forward = k < current
            let source = cell.map { code(of: $0, forward: forward) } ?? ""
            let names = cellNames(source)
            let isChangedParams =
                cell?.kind == .params && cell!.parameters.contains { dirty.contains($0.name) }
            let mine = learnerCells.filter { $0.step == k }
            let mineNames = mine.map { cellNames($0.source) }
            let reached = cell.map { reachedNames($0, forward: forward, dirty: dirty) } ?? []
            let stepDirty =
                isChangedParams || !reached.isEmpty
                || mineNames.contains { !$0.reads.isDisjoint(with: dirty) }
            guard stepDirty else {
                // Nothing here reads the change: keep the values and the journal as they were.
                if let saved = stateAfter(k), let start = oldSnapshots[k]?.journal {
                    evaluator.copyBindings(
                        names.defines.union(mineNames.flatMap(\.defines)), from: saved.state)
                    journal += oldJournal[start..<saved.journal].filter { entry in
                        // A display typed at the prompt that read the change is no longer true.
                        guard case .command(let typed, _) = entry else { return true }
                        return cellNames(typed).reads.isDisjoint(with: dirty)
                    }
                } else if !replayStep(k, forward: forward, takeSnapshot: false) {
                    return false
                }
                continue
            }
            dirty.formUnion(reached)
            if !quiet, let cell, cell.kind == .lab || cell.kind == .plot, !cell.has("hidden") {
                write(styled("[\(cell.id ?? words(.stepNumber, "\(k + 1)"))]", TextStyle(dim: true)))
                beginStream(of: cell)
                guard runTranscript(cell) else { return false }
                runLearnerCells(at: k)
                shown += 1
            } else if !replayStep(k, forward: forward, takeSnapshot: false) {
                return false
            }
            for names in mineNames { dirty.formUnion(names.defines) }
        }
        if shown == 0, !quiet {
            write(styled(words(.reranSteps, "\(p + 1)", "\(current + 1)"), TextStyle(dim: true)))
        }
        return !failureSeen
    }

    /// The names a change to `dirty` reaches through `cell` (empty: the cell does not read
    /// the change). A transcript is followed command by command, so in
    /// `digits = dataset("digits")` then `ep = episodes(digits; k_shot = k_shot)` a change
    /// of `k_shot` reaches `ep` and not `digits`.
    func reachedNames(_ cell: Cell, forward: Bool, dirty: Set<String>) -> Set<String> {
        let pieces: [String]
        switch cell.kind {
        case .lab, .plot: pieces = cell.transcript.map(\.input)
        case .setup, .params, .exercise: pieces = [code(of: cell, forward: forward)]
        case .math, .quiz, .check, .hint, .solution: pieces = []
        }
        var reaching = dirty
        var reached: Set<String> = []
        for piece in pieces {
            let names = cellNames(piece)
            guard !names.reads.isDisjoint(with: reaching) else { continue }
            reaching.formUnion(names.defines)
            reached.formUnion(names.defines)
            // a display that reads the change: the cell is dirty
            if names.defines.isEmpty { reached.insert("") }
        }
        return reached
    }
}
