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

    static func say(_ text: String) { writeStandardOutput(text + "\n") }
    static func complain(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    /// `metalab [LESSON]`, `metalab present LESSON`: the shell, on a terminal
    /// with readline, otherwise reading plain lines from standard input.
    public static func open(lesson: String?, context: TerminalContext, present: Bool = false,
                            makeEvaluator: @escaping (TerminalContext) -> any CellEvaluator,
                            math: MathTypesetter = .source, symbols: [String: String] = [:], paths: Paths = Paths()) -> Int32 {
        ShellInterrupt.install()
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let state = ProgressStore.stateDirectory()
        let environment = ShellEnvironment(
            course: Course(folder: paths.lessons),
            makeEvaluator: { makeEvaluator(context) },
            store: ProgressStore.standard(), history: HistoryStore(path: state + "/history"),
            context: { interactive ? TerminalContext.detect(plain: context.colorMode == .none, ascii: context.ascii) : context },
            math: math, symbols: symbols, readFolders: [paths.datasets], write: { say($0) })
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
        var passed = 0, failed = 0
        for file in files {
            let report = checker.check(path: file, update: update)
            let timing = String(format: "%.1f s", report.seconds)
            if report.passed {
                passed += 1
                say("✓ \(file): \(report.cells) cells (\(timing))" + (report.updated > 0 ? ", rewrote \(report.updated) expected outputs: review the diff" : ""))
            } else {
                failed += 1
                say("✗ \(file): \(report.failures.count) problem\(report.failures.count == 1 ? "" : "s") (\(timing))")
                for d in report.failures { say(renderer.render(d, source: report.source)) }
            }
        }
        say("lessons: \(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
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
                let found = LessonLinter.lint(lesson)
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
        }
        say("lint: \(files.count) lesson\(files.count == 1 ? "" : "s"), \(problems) problem\(problems == 1 ? "" : "s")")
        return problems == 0 ? 0 : 1
    }

    /// `metalab lessons`: the catalogue in order, with minutes and progress.
    public static func lessons(context: TerminalContext, root: Paths = Paths()) -> Int32 {
        let course = Course(folder: root.lessons)
        let store = ProgressStore.standard()
        let current = store.loadCourse().current
        if course.lessons.isEmpty { say("No lessons in \(root.lessons).") }
        let lines = LessonCatalogue.lines(course.lessons, current: current, progress: { lesson in
            var warning: String? = nil
            let progress = store.load(id: lesson.meta.id, warning: &warning)
            if let warning { complain(warning) }
            return progress
        }, context: context)
        for line in lines { say(line) }
        for broken in course.broken { complain("✗ \(broken.source.name): cannot be read (metalab lint shows why)") }
        return course.broken.isEmpty ? 0 : 1
    }
}
