import Diagnostics
import Foundation
import Notebook
import Terminal

/// `metalab check` and `metalab lint`: lessons as tests, and their structure. This module
/// needs no terminal and no readline (only Shell links CReadline), so CI, editors and
/// scripts can check lessons with it alone; `LessonToolsTests` proves it.
public enum LessonCommands {
    /// Where the course lives and what cells may read.
    public struct Paths: Sendable {
        public var root: String
        public var lessons: String { root + "/Lessons" }
        public var datasets: String { root + "/Datasets" }
        public init(root: String = Course.locateRoot()) { self.root = root }
    }

    // Every subcommand and the shell write through these two: the last guard against escapes from a lesson.
    public static func say(_ text: String) {
        writeStandardOutput(TerminalText.sanitize(text, keepingStyles: true) + "\n")
    }
    public static func complain(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.sanitize(text, keepingStyles: true) + "\n").utf8))
    }

    /// `metalab check [PATH…] [--update]`: exit 0 only when every lesson holds.
    public static func check(
        paths: [String], update: Bool, makeEvaluator: @escaping () -> any CellEvaluator,
        validateMath: @escaping (String, SourceLocation) -> Diagnostic? = { _, _ in nil },
        root: Paths = Paths()
    ) -> Int32 {
        let files = LessonChecker.lessonFiles(paths.isEmpty ? [root.lessons] : paths)
        guard !files.isEmpty else {
            complain("metalab check: no lesson files in \(paths.joined(separator: " "))")
            return 1
        }
        let checker = LessonChecker(
            makeEvaluator: makeEvaluator, validateMath: validateMath, readFolders: [root.datasets])
        let renderer = DiagnosticRenderer(color: false)
        var passed = 0, failed = 0, rewritten = 0
        var reports: [String: LessonCheckReport] = [:]
        for file in files {
            // A translation whose cells are its source's is proved by the source's run (issue 19).
            let report =
                checker.checkByIdentity(path: file, sourceReport: { reports[$0] })
                ?? checker.check(path: file, update: update)
            reports[file] = report
            let timing = String(format: "%.1f s", report.seconds)
            if report.passed, report.updated > 0 {
                // Like the golden recorders: a run that rewrote expectations never passes.
                rewritten += 1
                say(
                    "↻ \(file): rewrote \(report.updated) expected output\(report.updated == 1 ? "" : "s") of \(report.cells) cells (\(timing)): review the diff, then check again"
                )
            } else if report.passed {
                passed += 1
                let how = report.identicalTo.map { "checked by identity with \($0)" } ?? "(\(timing))"
                say("✓ \(file): \(report.cells) cells " + how)
            } else {
                failed += 1
                say(
                    "✗ \(file): \(report.failures.count) problem\(report.failures.count == 1 ? "" : "s") (\(timing))"
                )
                for d in report.failures { say(renderer.render(d, source: report.source)) }
            }
        }
        if rewritten > 0 {
            say("lessons: \(rewritten) rewritten by --update (review the diff; the run does not pass)")
        }
        say("lessons: \(passed) passed, \(failed) failed")
        return failed == 0 && rewritten == 0 ? 0 : 1
    }

    /// `metalab lint [PATH…]`: structure only, nothing runs.
    public static func lint(paths: [String], root: Paths = Paths()) -> Int32 {
        let files = LessonChecker.lessonFiles(paths.isEmpty ? [root.lessons] : paths)
        let renderer = DiagnosticRenderer(color: false)
        var problems = 0
        var lessons: [Lesson] = []
        for file in files {
            do {
                let lesson = try LessonParser.parse(contentsOf: file)
                lessons.append(lesson)
                let glossary = { Glossary.load(path: root.root + "/docs/GLOSSARY.zh.md") }
                let found =
                    LessonLinter.lint(lesson)
                    + (TranslationCheck.isTranslation(file)
                        ? TranslationCheck.lint(translation: lesson, glossary: glossary()) : [])
                problems += found.count
                for d in found { say(renderer.render(d, source: lesson.source)) }
            } catch {
                problems += error.diagnostics.count
                say(error.rendered())
            }
        }
        if paths.isEmpty {
            let course = Course(folder: root.lessons)
            let found = LessonLinter.lint(course)
            problems += found.count
            for d in found { say(renderer.render(d)) }
            let untranslated = TranslationCheck.untranslated(in: root.lessons)
            if !untranslated.isEmpty {
                say(
                    "note: \(untranslated.count) lessons have no Chinese translation yet: "
                        + untranslated.joined(separator: ", "))
            }
        }
        say(
            "lint: \(files.count) lesson\(files.count == 1 ? "" : "s"), \(problems) problem\(problems == 1 ? "" : "s")"
        )
        return problems == 0 ? 0 : 1
    }
}
