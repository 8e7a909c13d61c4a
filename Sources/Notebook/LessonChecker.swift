import Diagnostics
import Foundation
import LabLang
import Terminal

/// The result of checking one lesson file.
public struct LessonCheckReport: Sendable {
    public var path: String
    /// Every failure, located in the lesson file.
    public var failures: [Diagnostic]
    public var source: SourceText?
    /// Cells checked.
    public var cells: Int
    public var seconds: Double
    /// Cells whose expected output `--update` rewrote.
    public var updated: Int
    /// A translation whose cells run exactly as its English source's: that source's path,
    /// whose check proves this file too (`TranslationCheck.runsIdentically`).
    public var identicalTo: String? = nil

    public var passed: Bool { failures.isEmpty }
}

/// `metalab check`: a fresh, seeded run of a lesson, top to bottom. Every
/// `lab`/`plot` output matches; every exercise's check fails on its starter
/// and passes after its solution; every `when` rule is well-formed (evaluates
/// to a Bool after the starter and after the solution) and false on the
/// solution; every `math` block typesets in strict mode; every cell stays
/// within its timeout. `update` rewrites stale expected output in the file.
public struct LessonChecker {
    public var makeEvaluator: () -> any CellEvaluator
    /// Strict parse of a `math` cell's LaTeX starting at a file location: nil when fine, else the problem.
    public var validateMath: (String, SourceLocation) -> Diagnostic?
    public var readFolders: [String]

    public init(
        makeEvaluator: @escaping () -> any CellEvaluator,
        validateMath: @escaping (String, SourceLocation) -> Diagnostic? = { _, _ in nil },
        readFolders: [String] = []
    ) {
        self.makeEvaluator = makeEvaluator
        self.validateMath = validateMath
        self.readFolders = readFolders
    }

    public func check(path: String, update: Bool = false) -> LessonCheckReport {
        let start = monotonicSeconds()
        let lesson: Lesson
        do { lesson = try LessonParser.parse(contentsOf: path) } catch {
            return LessonCheckReport(
                path: path, failures: error.diagnostics, source: error.source, cells: 0,
                seconds: monotonicSeconds() - start, updated: 0)
        }
        var failures = LessonLinter.lint(lesson)
        let evaluator = makeEvaluator()
        evaluator.reset(seed: lesson.meta.seed)
        evaluator.confineReads(to: [lesson.folder] + readFolders)
        var replacements: [(line: Int, count: Int, lines: [String])] = []
        var cellCount = 0
        let file = lesson.path
        func fail(_ message: String, _ range: SourceRange, notes: [String] = []) {
            failures.append(
                Diagnostic(kind: .check, message: message, range: range, sourceName: file, notes: notes))
        }
        /// Runs `source`; past `timeout` the run fails (even when a trainer stopped
        /// cleanly and returned), reported at `reportLine` of the lesson file.
        func run(
            _ source: String, line: Int, timeout: Double, name: String? = nil, reportLine: Int? = nil
        ) -> CellRun {
            evaluator.clearInterrupt()
            let (r, timedOut) = withDeadline(seconds: timeout, interrupt: evaluator.interrupter) {
                evaluator.run(source, name: name ?? file, firstLine: line)
            }
            evaluator.clearInterrupt()
            if timedOut {
                var t = r
                t.diagnostics = [
                    Diagnostic(
                        kind: .timeout, message: "the cell ran past its \(formatNumber(timeout)) s timeout",
                        range: SourceRange(.init(line: reportLine ?? line, column: 1)), sourceName: file)
                ]
                return t
            }
            return r
        }
        /// Lesson-supplied check code (`expect`, `when`) under the cell's timeout: a rule that loops is stopped.
        func guarded<T>(_ timeout: Double, _ body: () -> T) -> T {
            evaluator.clearInterrupt()
            let (result, _) = withDeadline(seconds: timeout, interrupt: evaluator.interrupter) { body() }
            evaluator.clearInterrupt()
            return result
        }
        func stopped(_ verdict: ExerciseVerdict, _ id: String, _ cell: Cell, _ timeout: Double) -> Bool {
            guard case .stopped(let rule) = verdict else { return false }
            fail(
                "the check of `\(id)` ran past its \(formatNumber(timeout)) s timeout in \(rule) "
                    + "and was stopped",
                cell.infoRange)
            return true
        }
        /// A `when` rule evaluated on its own (reachability), under the timeout; past it, that is
        /// the failure, named with the rule and the time (the bare "interrupted" said neither).
        func whenValue(_ expression: String, line: Int, timeout: Double, on state: String) -> Result<
            CheckValue, Diagnostic
        >? {
            let result = guarded(timeout) { evaluator.value(of: expression, name: file, line: line) }
            guard case .failure(let d) = result, d.kind == .interrupted else { return result }
            fail(
                "the rule `when \(expression)` ran past its \(formatNumber(timeout)) s timeout "
                    + "on the \(state) and was stopped",
                SourceRange(.init(line: line, column: 1)))
            return nil
        }
        let renderer = DiagnosticRenderer(color: false)
        for cell in lesson.cells {
            let timeout = cell["timeout"].flatMap(parseDuration) ?? lesson.meta.timeout
            if lesson.meta.cellStreams, cell.kind.runs, let id = cell.id {
                evaluator.reseed(cellSeed(lessonSeed: lesson.meta.seed, cellID: id))
            }
            switch cell.kind {
            case .math:
                cellCount += 1
                if var problem = validateMath(cell.body, SourceLocation(line: cell.bodyFirstLine, column: 1))
                {
                    if problem.range == nil { problem.range = cell.infoRange }
                    problem.sourceName = file
                    failures.append(problem)
                }
            case .setup:
                cellCount += 1
                let r = run(cell.body, line: cell.bodyFirstLine, timeout: timeout)
                if !r.succeeded { failures += r.diagnostics.map { located($0, file: file) } }
            case .params:
                cellCount += 1
                let source = cell.parameters.map { "\($0.name) = \($0.value);" }.joined(separator: "\n")
                let r = run(source, line: cell.bodyFirstLine, timeout: timeout)
                if !r.succeeded { failures += r.diagnostics.map { located($0, file: file) } }
            case .lab, .plot:
                cellCount += 1
                let options = OutputCheckOptions(cell: cell, lesson: lesson.meta.tolerance)
                for entry in cell.transcript {
                    let before = evaluator.snapshot()
                    let r = run(
                        entry.input, line: 1, timeout: timeout, name: "<input>", reportLine: entry.line)
                    var got = ANSI.strip(r.output).trimmingTrailingNewlines
                    if !r.succeeded {
                        evaluator.restore(before)
                        let errors = r.diagnostics.map { renderer.render($0, source: r.source) }.joined(
                            separator: "\n")
                        got = got.isEmpty ? errors : got + "\n" + errors
                        if r.diagnostics.contains(where: { $0.kind == .timeout }) {
                            failures += r.diagnostics
                            continue
                        }
                    }
                    let match = OutputMatcher.compare(expected: entry.expected, got: got, options: options)
                    if case .mismatch(let why) = match {
                        if update {
                            replacements.append(
                                (
                                    entry.expectedLine, entry.expected.count,
                                    got.isEmpty
                                        ? []
                                        : OutputMatcher.visible(got).split(
                                            separator: "\n", omittingEmptySubsequences: false
                                        ).map(String.init)
                                ))
                        } else {
                            let expectedRange = SourceRange(
                                start: .init(line: entry.expectedLine, column: 1),
                                end: .init(
                                    line: entry.expectedLine, column: 1 + (entry.expected.first?.count ?? 0)))
                            fail(
                                "the output of `\(entry.input.split(separator: "\n").first ?? "")` differs from the lesson: \(why)",
                                entry.expected.isEmpty
                                    ? SourceRange(.init(line: entry.line, column: 1)) : expectedRange,
                                notes: ["got:"]
                                    + got.split(separator: "\n", omittingEmptySubsequences: false).map {
                                        "    " + $0
                                    } + [
                                        "help: `metalab check --update` rewrites the expected output for review"
                                    ])
                        }
                    }
                }
            case .exercise:
                cellCount += 1
                guard let id = cell.id else { continue }
                let rules = lesson.cells(.check, for: id).flatMap(\.rules)
                let checker = ExerciseChecker(tolerance: lesson.meta.tolerance)
                let before = evaluator.snapshot()
                if !cell.body.allSatisfy(\.isWhitespace) {
                    _ = run(cell.body, line: cell.bodyFirstLine, timeout: timeout)
                }
                let (starterVerdict, _) = guarded(timeout) {
                    checker.verdict(rules: rules, target: cell["target"], evaluator: evaluator, file: file)
                }
                if stopped(starterVerdict, id, cell, timeout) { evaluator.restore(before); continue }
                if starterVerdict == .passed {
                    fail(
                        "the check of `\(id)` already passes on the starter text: it checks nothing",
                        cell.infoRange)
                }
                let whenRules = rules.compactMap { rule -> (String, Int)? in
                    if case .when(let e, _, let l) = rule { return (e, l) } else { return nil }
                }
                var wellFormedOnStarter: [Int: Bool] = [:]
                var outOfTime: Set<Int> = []  // reported once, not run again on the solution
                for (expression, line) in whenRules {
                    switch whenValue(expression, line: line, timeout: timeout, on: "starter") {
                    case .success(.bool): wellFormedOnStarter[line] = true
                    case nil: outOfTime.insert(line)
                    default: break
                    }
                }
                evaluator.restore(before)  // the exercise's own stream again, as the learner gets it
                guard let solution = lesson.cells(.solution, for: id).first else { continue }
                let r = run(solution.body, line: solution.bodyFirstLine, timeout: timeout)
                if !r.succeeded {
                    failures += r.diagnostics.map { located($0, file: file) }
                    fail("the solution of `\(id)` fails to run", solution.infoRange)
                    continue
                }
                let (verdict, report) = guarded(timeout) {
                    checker.verdict(rules: rules, target: cell["target"], evaluator: evaluator, file: file)
                }
                if stopped(verdict, id, cell, timeout) { continue }
                if verdict != .passed {
                    fail(
                        "the solution of `\(id)` does not pass its check", solution.infoRange,
                        notes: report.split(separator: "\n").map { "    " + $0 })
                }
                for (expression, line) in whenRules where !outOfTime.contains(line) {
                    let range = SourceRange(.init(line: line, column: 1))
                    switch whenValue(expression, line: line, timeout: timeout, on: "solution") {
                    case nil: break  // said
                    case .success(.bool(false)):
                        if wellFormedOnStarter[line] != true && cell["target"] == nil {
                            fail("the rule `when \(expression)` cannot be evaluated on the starter", range)
                        }
                    case .success(.bool(true)):
                        fail(
                            "the rule `when \(expression)` holds for the solution too, so it would never be the reason a wrong answer fails",
                            range)
                    case .success:
                        fail("the rule `when \(expression)` is not a true/false condition", range)
                    case .failure(let d):
                        fail("the rule `when \(expression)` cannot be evaluated: \(d.message)", range)
                    }
                }
            case .quiz:
                cellCount += 1
            case .check, .hint, .solution:
                break
            }
        }
        var updated = 0
        if update, !replacements.isEmpty {
            var lines = lesson.source.lines
            for r in replacements.sorted(by: { $0.line > $1.line }) {
                lines.replaceSubrange((r.line - 1)..<(r.line - 1 + r.count), with: r.lines)
            }
            let text = lines.joined(separator: "\n")
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                updated = replacements.count
            } catch {
                failures.append(
                    Diagnostic(
                        kind: .io, message: "cannot rewrite the lesson: \(error.localizedDescription)",
                        sourceName: path))
            }
        }
        return LessonCheckReport(
            path: path, failures: failures, source: lesson.source, cells: cellCount,
            seconds: monotonicSeconds() - start, updated: updated)
    }

    func located(_ d: Diagnostic, file: String) -> Diagnostic {
        var copy = d
        copy.sourceName = file
        return copy
    }

    /// The `.md` lessons a list of files and folders names (folders: their `*.md`, README aside,
    /// then the lessons of their `zh/` translations folder).
    public static func lessonFiles(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                files += names.filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }.sorted().map {
                    base + "/" + $0
                }
                // A course folder's translations come after it (so their sources are checked first).
                let zh = TranslationCheck.translationFolder(of: base)
                if names.contains("zh"), FileManager.default.fileExists(atPath: zh) {
                    files += lessonFiles([zh])
                }
            } else {
                files.append(path)
            }
        }
        return files
    }
}
