import Diagnostics
import Foundation
import Notebook
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the `metalab` subcommands do; the executable only parses flags and calls these.
public enum ShellCommands {
    /// Where the course lives and what cells may read.
    public struct Paths: Sendable {
        public var root: String
        public var lessons: String { root + "/Lessons" }
        public var datasets: String { root + "/Datasets" }
        public init(root: String = Course.locateRoot()) { self.root = root }
    }

    // Every subcommand and the shell write through these two: the last guard against escapes from a lesson.
    static func say(_ text: String) {
        writeStandardOutput(TerminalText.sanitize(text, keepingStyles: true) + "\n")
    }
    static func complain(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.sanitize(text, keepingStyles: true) + "\n").utf8))
    }

    /// `metalab [LESSON]`, `metalab present LESSON`: the shell, on a terminal
    /// with readline, otherwise reading plain lines from standard input.
    public static func open(lesson: String?, context: TerminalContext, present: Bool = false,
                            language: Language = .en,
                            makeEvaluator: @escaping (TerminalContext) -> any CellEvaluator,
                            math: MathTypesetter = .source, symbols: [String: String] = [:], paths: Paths = Paths()) -> Int32 {
        ShellInterrupt.install()
        let course = Course(folder: paths.lessons, language: language)
        if language == .zh, let lesson, let found = course.lesson(id: lesson),
           !TranslationCheck.isTranslation(found.path) {
            complain(Message.noTranslationYet.text(language, String(found.meta.order)))
        }
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let state = ProgressStore.stateDirectory()
        let environment = ShellEnvironment(
            course: course,
            makeEvaluator: { makeEvaluator(context) },
            store: ProgressStore.standard(), history: HistoryStore(path: state + "/history"),
            context: {
                guard interactive else { return context }
                // The terminal was asked about images once, at start; the width may have changed since.
                var now = TerminalContext.detect(plain: context.colorMode == .none, ascii: context.ascii)
                now.graphics = context.graphics
                return now
            },
            math: math, symbols: symbols, readFolders: [paths.datasets], settingsFolder: state, write: { say($0) })
        let reader: LineReader = interactive ? ReadlineLineReader() : PlainLineReader()
        let shell = LabShell(reader: reader, environment: environment, lessonID: lesson)
        if interactive { ReadlineLineReader.use(shell.completer()) }
        shell.session.presenting = present
        return shell.run()
    }

    /// `metalab present LESSON [--from STEP] [--notes FILE]`: the lesson from the top (or STEP),
    /// with presentation pacing, never touching a learner's progress. Speaker notes go to FILE
    /// (follow it in a second terminal: `tail -f FILE`), never to the audience's screen. An
    /// unknown lesson is a usage error (exit 2) listing the lessons. Returns the exit status.
    public static func present(lesson id: String, from step: String?, notes: String?, context: TerminalContext,
                               makeEvaluator: @escaping (TerminalContext) -> any CellEvaluator, math: MathTypesetter = .source,
                               symbols: [String: String] = [:], paths: Paths = Paths()) -> Int32 {
        let course = Course(folder: paths.lessons)
        let lesson = course.lesson(id: id)
            ?? (id.hasSuffix(".md") ? try? LessonParser.parse(contentsOf: id) : nil)
        guard let lesson else {
            complain("metalab present: there is no lesson `\(id)`. The lessons:")
            for known in course.lessons { complain("  \(known.meta.order)  \(known.meta.id)  \(known.meta.title)") }
            return 2
        }
        if let step, !lesson.steps.indices.contains(where: { lesson.steps[$0].cell?.id == step })
            && Int(step).map({ $0 < 1 || $0 > lesson.steps.count }) ?? !lesson.sections.contains(where: { $0.title.lowercased().hasPrefix(step.lowercased()) }) {
            complain("metalab present: `\(lesson.meta.id)` has no step `\(step)` (a cell id, a number 1–\(lesson.steps.count) or a section)")
            return 2
        }
        var noteSink: ((String) -> Void)? = nil
        if let notes {
            guard FileManager.default.createFile(atPath: notes, contents: Data("Speaker notes: \(lesson.meta.title)\n".utf8)),
                  let handle = FileHandle(forWritingAtPath: notes) else {
                complain("metalab present: cannot write the notes file \(notes)")
                return 2
            }
            handle.seekToEndOfFile()
            noteSink = { handle.write(Data(($0 + "\n").utf8)) }
        }
        ShellInterrupt.install()
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let environment = ShellEnvironment(
            course: course, makeEvaluator: { makeEvaluator(context) }, store: nil, history: nil,
            context: { interactive ? TerminalContext.detect(plain: context.colorMode == .none, ascii: context.ascii) : context },
            math: math, symbols: symbols, readFolders: [paths.datasets], write: { say($0) })
        let reader: LineReader = interactive ? ReadlineLineReader() : PlainLineReader()
        let shell = LabShell(reader: reader, environment: environment, lesson: lesson)
        if interactive { ReadlineLineReader.use(shell.completer()) }
        shell.session.presenting = true
        shell.session.speakerNotes = noteSink
        shell.session.pauseBeforeOutput = { [unowned shell] in _ = shell.reader.readLine(prompt: "", prefill: nil) }
        shell.startStep = step
        return shell.run()
    }

    /// `metalab check [PATH…] [--update]`: exit 0 only when every lesson holds.
    public static func check(paths: [String], update: Bool, makeEvaluator: @escaping () -> any CellEvaluator,
                             validateMath: @escaping (String, SourceLocation) -> Diagnostic? = { _, _ in nil }, root: Paths = Paths()) -> Int32 {
        let files = LessonChecker.lessonFiles(paths.isEmpty ? [root.lessons] : paths)
        guard !files.isEmpty else {
            complain("metalab check: no lesson files in \(paths.joined(separator: " "))")
            return 1
        }
        let checker = LessonChecker(makeEvaluator: makeEvaluator, validateMath: validateMath, readFolders: [root.datasets])
        let renderer = DiagnosticRenderer(color: false)
        var passed = 0, failed = 0, rewritten = 0
        var reports: [String: LessonCheckReport] = [:]
        for file in files {
            // A translation whose cells are its source's is proved by the source's run (issue 19).
            let report = checker.checkByIdentity(path: file, sourceReport: { reports[$0] })
                ?? checker.check(path: file, update: update)
            reports[file] = report
            let timing = String(format: "%.1f s", report.seconds)
            if report.passed, report.updated > 0 {
                // Like the golden recorders: a run that rewrote expectations never passes.
                rewritten += 1
                say("↻ \(file): rewrote \(report.updated) expected output\(report.updated == 1 ? "" : "s") of \(report.cells) cells (\(timing)): review the diff, then check again")
            } else if report.passed {
                passed += 1
                let how = report.identicalTo.map { "checked by identity with \($0)" } ?? "(\(timing))"
                say("✓ \(file): \(report.cells) cells " + how)
            } else {
                failed += 1
                say("✗ \(file): \(report.failures.count) problem\(report.failures.count == 1 ? "" : "s") (\(timing))")
                for d in report.failures { say(renderer.render(d, source: report.source)) }
            }
        }
        if rewritten > 0 { say("lessons: \(rewritten) rewritten by --update (review the diff; the run does not pass)") }
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
                let found = LessonLinter.lint(lesson)
                    + (TranslationCheck.isTranslation(file) ? TranslationCheck.lint(translation: lesson, glossary: glossary()) : [])
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
                say("note: \(untranslated.count) lessons have no Chinese translation yet: " + untranslated.joined(separator: ", "))
            }
        }
        say("lint: \(files.count) lesson\(files.count == 1 ? "" : "s"), \(problems) problem\(problems == 1 ? "" : "s")")
        return problems == 0 ? 0 : 1
    }

    /// `metalab lessons`: the catalogue in order, with minutes and progress.
    public static func lessons(context: TerminalContext, language: Language = .en,
                               root: Paths = Paths()) -> Int32 {
        let course = Course(folder: root.lessons, language: language)
        let store = ProgressStore.standard()
        let current = store.loadCourse().current
        if course.lessons.isEmpty { say(Message.noLessonsIn.text(language, root.lessons)) }
        let lines = LessonCatalogue.lines(course.lessons, current: current, progress: { lesson in
            var warning: String? = nil
            let progress = store.load(id: lesson.meta.id, warning: &warning)
            if let warning { complain(warning) }
            return progress
        }, context: context, language: language)
        for line in lines { say(line) }
        for broken in course.broken { complain(Message.cannotBeRead.text(language, broken.source.name)) }
        return course.broken.isEmpty ? 0 : 1
    }
}
