import Diagnostics
import Foundation
import LessonTools
import Notebook
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the `metalab` subcommands that need the shell do (`check` and `lint` are
/// `LessonCommands`, which link no readline); the executable only parses flags.
public enum ShellCommands {
    /// Where the course lives and what cells may read.
    public typealias Paths = LessonCommands.Paths

    // Every subcommand and the shell write through LessonCommands' two: the last guard against escapes.
    static func say(_ text: String) { LessonCommands.say(text) }
    static func complain(_ text: String) { LessonCommands.complain(text) }
    /// What `say` and `complain` write for `text`: sanitised, MetaLab's styles kept, and
    /// MetaLab's own image placeholders (`TerminalImages`) turned into their images.
    static func terminalText(_ text: String) -> String { TerminalText.sanitize(text, keepingStyles: true) }

    /// The process edge of a shell run: installs the SIGINT latch and the SIGWINCH wake-up
    /// (`ProcessSignals`) and returns the one shell's Ctrl-C, fed from that latch.
    static func installSignals() -> ShellInterrupt {
        ProcessSignals.installInterrupt()
        ProcessSignals.installResize()
        return ShellInterrupt(source: { ProcessSignals.takeInterrupt() })
    }

    /// `metalab [LESSON]`, `metalab present LESSON`: the shell, on a terminal
    /// with readline, otherwise reading plain lines from standard input.
    public static func open(
        lesson: String?, context: TerminalContext, present: Bool = false,
        language: Language = .en,
        makeEvaluator: @escaping (TerminalContext) -> any CellEvaluator,
        math: MathTypesetter = .source, symbols: [String: String] = [:], paths: Paths = Paths()
    ) -> Int32 {
        let interrupt = ShellCommands.installSignals()
        let course = Course(folder: paths.lessons, language: language)
        if language == .zh, let lesson, let found = course.lesson(id: lesson),
            !TranslationCheck.isTranslation(found.path), course.brokenTranslation(of: found) == nil
        {
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
            math: math, symbols: symbols, readFolders: [paths.datasets], settingsFolder: state,
            write: { say($0) })
        let reader: LineReader =
            interactive ? ReadlineLineReader(interrupt: interrupt) : PlainLineReader(interrupt: interrupt)
        let shell = LabShell(
            reader: reader, environment: environment, lessonID: lesson, interrupt: interrupt)
        if interactive { ReadlineLineReader.use(shell.completer()) }
        shell.session.presenting = present
        return shell.run()
    }

    /// `metalab present LESSON [--from STEP] [--notes FILE]`: the lesson from the top (or STEP),
    /// with presentation pacing, never touching a learner's progress. Speaker notes go to FILE
    /// (follow it in a second terminal: `tail -f FILE`), never to the audience's screen. An
    /// unknown lesson is a usage error (exit 2) listing the lessons. Returns the exit status.
    public static func present(
        lesson id: String, from step: String?, notes: String?, context: TerminalContext,
        language: Language = .en,
        makeEvaluator: @escaping (TerminalContext) -> any CellEvaluator, math: MathTypesetter = .source,
        symbols: [String: String] = [:], paths: Paths = Paths()
    ) -> Int32 {
        let course = Course(folder: paths.lessons, language: language)
        var lesson = course.lesson(id: id)
        if lesson == nil, id.hasSuffix(".md"), FileManager.default.fileExists(atPath: id) {
            // A lesson file with a mistake says where it is, not "there is no lesson".
            do { lesson = try LessonParser.parse(contentsOf: id) } catch {
                complain(error.rendered())
                return 1
            }
        }
        guard let lesson else {
            complain("metalab present: there is no lesson `\(id)`. The lessons:")
            for known in course.lessons {
                complain("  \(known.meta.order)  \(known.meta.id)  \(known.meta.title)")
            }
            return 2
        }
        if let step,
            !lesson.steps.indices.contains(where: { lesson.steps[$0].cell?.id == step })
                && Int(step).map({ $0 < 1 || $0 > lesson.steps.count }) ?? !lesson.sections.contains(where: {
                    $0.title.lowercased().hasPrefix(step.lowercased())
                })
        {
            complain(
                "metalab present: `\(lesson.meta.id)` has no step `\(step)` (a cell id, a number 1–\(lesson.steps.count) or a section)"
            )
            return 2
        }
        var noteSink: ((String) -> Void)? = nil
        if let notes {
            let file: NotesFile
            let stopped = { (code: Int32) in
                complain(
                    "metalab present: speaker notes stopped, cannot write \(notes): \(String(cString: strerror(code)))"
                )
            }
            switch NotesFile.opening(notes, stopped: stopped) {
            case .success(let opened): file = opened
            case .failure(let why):
                complain(
                    why.code == ENXIO
                        ? "metalab present: cannot write the notes file \(notes): it is a FIFO that no one reads yet (start `cat FILE` first)"
                        : "metalab present: cannot write the notes file \(notes): \(String(cString: strerror(why.code)))"
                )
                return 2
            }
            file.add("Speaker notes: \(lesson.meta.title)")
            noteSink = { file.add($0) }
        }
        let interrupt = ShellCommands.installSignals()
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let environment = ShellEnvironment(
            course: course, makeEvaluator: { makeEvaluator(context) }, store: nil, history: nil,
            context: {
                interactive
                    ? TerminalContext.detect(plain: context.colorMode == .none, ascii: context.ascii)
                    : context
            },
            math: math, symbols: symbols, readFolders: [paths.datasets], write: { say($0) })
        let reader: LineReader =
            interactive ? ReadlineLineReader(interrupt: interrupt) : PlainLineReader(interrupt: interrupt)
        let shell = LabShell(
            reader: reader, environment: environment, lesson: lesson, interrupt: interrupt)
        if interactive { ReadlineLineReader.use(shell.completer()) }
        shell.session.presenting = true
        shell.session.speakerNotes = noteSink
        shell.session.pauseBeforeOutput = { [unowned shell] in
            _ = shell.reader.readLine(prompt: "", prefill: nil)
        }
        shell.startStep = step
        return shell.run()
    }

    /// `metalab lessons`: the catalogue in order, with minutes and progress.
    public static func lessons(
        context: TerminalContext, language: Language = .en,
        root: Paths = Paths()
    ) -> Int32 {
        let course = Course(folder: root.lessons, language: language)
        let store = ProgressStore.standard()
        let current = store.loadCourse().current
        if course.lessons.isEmpty { say(Message.noLessonsIn.text(language, root.lessons)) }
        let lines = LessonCatalogue.lines(
            course.lessons, current: current,
            progress: { lesson in
                var warning: String? = nil
                let progress = store.load(id: lesson.meta.id, warning: &warning)
                if let warning { complain(warning) }
                return progress
            }, context: context, language: language)
        for line in lines { say(line) }
        for broken in course.broken {
            complain(context.glyphs(Message.cannotBeRead.text(language, broken.source.name)))
        }
        return course.broken.isEmpty ? 0 : 1
    }
}
