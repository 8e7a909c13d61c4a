import Diagnostics
import Foundation
import Notebook
import Terminal

/// Everything a shell needs from outside, so that tests can fix it.
public struct ShellEnvironment {
    public var course: Course
    public var makeEvaluator: () -> any CellEvaluator
    public var store: ProgressStore?
    public var history: HistoryStore?
    /// Asked before each command, so a resized window is followed.
    public var context: () -> TerminalContext
    public var math: MathTypesetter
    /// LaTeX command → Unicode, for `\alpha` Tab and `?α`.
    public var symbols: [String: String]
    /// Folders lesson cells may read besides their own (Datasets/).
    public var readFolders: [String]
    /// Where `:lang` remembers the language (`Language.remember(in:)`, the folder `--lang`
    /// uses); nil: not remembered.
    public var settingsFolder: String?
    /// Writes a line of the shell's own (the session has its own writer); every text is
    /// fitted to the window first (`WindowFit.fitted`, the one width-aware path).
    public var write: (String) -> Void

    public init(
        course: Course, makeEvaluator: @escaping () -> any CellEvaluator, store: ProgressStore?,
        history: HistoryStore?,
        context: @escaping () -> TerminalContext, math: MathTypesetter = .source,
        symbols: [String: String] = [:],
        readFolders: [String] = [], settingsFolder: String? = nil, write: @escaping (String) -> Void
    ) {
        self.course = course
        self.makeEvaluator = makeEvaluator
        self.store = store
        self.history = history
        self.context = context
        self.math = math
        self.symbols = symbols
        self.readFolders = readFolders
        self.settingsFolder = settingsFolder
        self.write = { write(WindowFit.fitted($0, width: context().width)) }
    }
}

/// The REPL: reads lines, sends `:`-commands and `?help` to their handlers
/// and everything else to the lesson session as Lab input (asking for more
/// while the input is incomplete). It stays alive after every error.
public final class LabShell {
    public let reader: LineReader
    public var environment: ShellEnvironment
    /// This shell's Ctrl-C (its prompt's reader shares it): what stops its running command,
    /// its slide, its prompt line. Its own, so another shell in the process cannot clear it.
    public let interrupt: ShellInterrupt
    public private(set) var session: LessonSession
    private var pending: [String] = []
    /// Whether this run already said how a continuation line ends (said once, at the first).
    private var explainedContinuation = false
    var historyEntries: [String] = []
    /// A step to go to right after the lesson opens (`metalab present --from STEP`).
    public var startStep: String?

    /// Opens `lessonID` (an id, file-name prefix or order number), else the lesson the learner was in, else the first.
    public init(
        reader: LineReader, environment: ShellEnvironment, lessonID: String? = nil,
        interrupt: ShellInterrupt = ShellInterrupt()
    ) {
        self.reader = reader
        self.environment = environment
        self.interrupt = interrupt
        let course = environment.course
        var lesson = lessonID.flatMap { course.lesson(id: $0) }
        if let lessonID, lesson == nil {
            environment.write(Message.noSuchLessonOpeningCourse.text(course.language, lessonID))
        }
        if lesson == nil, let current = environment.store?.loadCourse().current {
            lesson = course.lesson(id: current)
        }
        let chosen = lesson ?? course.lessons.first ?? LabShell.scratchLesson
        session = LabShell.makeSession(chosen, environment: environment, interrupt: interrupt)
        historyEntries = environment.history?.load() ?? []
        for entry in historyEntries { reader.remember(entry) }
    }

    /// Opens exactly `lesson` (the presenter, which resolved it already).
    public init(
        reader: LineReader, environment: ShellEnvironment, lesson: Lesson,
        interrupt: ShellInterrupt = ShellInterrupt()
    ) {
        self.reader = reader
        self.environment = environment
        self.interrupt = interrupt
        session = LabShell.makeSession(lesson, environment: environment, interrupt: interrupt)
    }

    static let scratchLesson: Lesson = {
        // A lesson with no steps: the shell works as a plain Lab REPL when no course is found.
        (try? LessonParser.parse("---\nid: scratch\ntitle: Scratch\n---\n", path: "<scratch>"))!
    }()

    /// A session for `lesson` whose running commands `interrupt` (the shell's Ctrl-C) stops.
    static func makeSession(_ lesson: Lesson, environment: ShellEnvironment, interrupt: ShellInterrupt)
        -> LessonSession
    {
        let session = LessonSession(
            lesson: lesson, evaluator: environment.makeEvaluator(),
            renderer: ProseRenderer(context: environment.context(), math: environment.math),
            store: lesson.meta.id == "scratch" ? nil : environment.store,
            readFolders: environment.readFolders, write: environment.write)
        session.externalStop = { interrupt.isRequested }
        session.language = environment.course.language
        return session
    }

    /// The language the shell speaks: the course's (`--lang`, `:lang`).
    var language: Language { environment.course.language }

    /// Writes a catalogue message in the shell's language.
    func say(_ message: Message, _ arguments: String...) {
        environment.write(glyphs(message.text(language, arguments)))
    }

    /// The shell's own words and marks in the glyphs the terminal shows (`--ascii`: ✓ → +).
    func glyphs(_ text: String) -> String { environment.context().glyphs(text) }

    /// A command or name inside a message: cyan in colour, in backticks without (as prose renders `code`).
    func code(_ text: String) -> String {
        session.renderer.context.colorMode == .none
            ? "`" + text + "`" : styled(text, TextStyle(foreground: .cyan))
    }

    func styled(_ text: String, _ style: TextStyle) -> String {
        style.apply(text, mode: session.renderer.context.colorMode)
    }

    var prompt: String {
        let base = session.activeExercise?.id.map { $0 + "> " } ?? "> "
        let text = pending.isEmpty ? base : String(repeating: " ", count: max(0, base.count - 2)) + "+ "
        guard reader.isInteractive, session.renderer.context.colorMode != .none else { return text }
        // \u{1}…\u{2} tell readline the escape codes take no columns.
        return "\u{1}\u{1B}[1;32m\u{2}" + text + "\u{1}\u{1B}[0m\u{2}"
    }

    /// The completer for this shell's current state.
    public func completer() -> Completer {
        Completer(
            metaCommands: LabShell.commandNames,
            lessonIDs: { [unowned self] in environment.course.lessons.map(\.meta.id) },
            cellIDs: { [unowned self] in
                session.lesson.cells.compactMap(\.id) + session.lesson.sections.map(\.title)
            },
            parameters: { [unowned self] in session.parameters.map(\.name) },
            names: { [unowned self] in session.evaluator.completionNames() },
            symbols: environment.symbols)
    }

    /// Runs until `:quit`, Ctrl-D or the end of input; returns the exit status.
    @discardableResult
    public func run() -> Int32 {
        startSession()
        if let startStep { session.goto(startStep) }
        rememberCourse()
        while true {
            let prefill = session.prefill
            session.prefill = nil
            let offered = pending.isEmpty ? prefill : nil
            switch reader.readLine(prompt: prompt, prefill: offered) {
            case .end where !pending.isEmpty:
                // Ctrl-D on a continuation line drops the unfinished input; it does not quit.
                dropPending()
            case .end:
                quit()
                return 0
            case .interrupted:
                pending = []
                interrupt.clear()
                if !reader.isInteractive { environment.write("^C") }
            case .line(let line):
                if !handle(line, starter: offered) { return 0 }
            }
        }
    }

    /// One line of input; false when the shell should stop. `starter` is the text the
    /// prompt was pre-filled with (an exercise's starter, `x = `): a meta-command typed
    /// after it is still a meta-command, and the starter sent back untouched is not run.
    public func handle(_ raw: String, starter: String? = nil) -> Bool {
        session.follow(environment.context())
        var line = raw
        // The prompt showed the starter as one line (`promptLine`); compare with that.
        if let starter, case let shown = promptLine(starter), !shown.isEmpty, pending.isEmpty,
            line.hasPrefix(shown)
        {
            let rest = String(line.dropFirst(shown.count)).trimmingWhitespace
            if rest.isEmpty, !session.evaluator.parses(starter) {
                say(.finishTheLine, code(shown.trimmingWhitespace))
                session.prefill = starter
                return true
            }
            // The learner typed the whole answer after the starter: `x = x = 5` means `x = 5`.
            if rest.hasPrefix(shown) { line = rest }
            if rest.hasPrefix(":") || rest.hasPrefix("?") {
                // Run the meta-command; if the learner is still at the same exercise, offer the starter again.
                let step = session.current
                let keepGoing = handle(rest)
                if keepGoing, session.prefill == nil, session.current == step, session.activeExercise != nil {
                    session.prefill = starter
                }
                return keepGoing
            }
        }
        // A pasted transcript keeps its prompts: `> ` starts a command, `+ ` continues one.
        if line.hasPrefix("> ") {
            line.removeFirst(2)
        } else if !pending.isEmpty, line.hasPrefix("+ ") {
            line.removeFirst(2)
        }
        if pending.isEmpty {
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty { session.advance(); return true }
            if trimmed.hasPrefix(":") {
                record(trimmed)
                return meta(trimmed)
            }
            if trimmed.hasPrefix("?") && !trimmed.dropFirst().contains(where: { $0 == " " || $0 == "(" }) {
                record(trimmed)
                help(String(trimmed.dropFirst()))
                return true
            }
            if let answer = habitAnswer(trimmed) {
                record(trimmed)
                if answer.isEmpty { helpTable() } else { environment.write(glyphs(answer)) }
                return true
            }
        }
        pending.append(line)
        let source = pending.joined(separator: "\n")
        if let open = session.evaluator.unfinished(source) {
            if pending.count == 1, !explainedContinuation, reader.isInteractive {
                explainedContinuation = true
                environment.write(styled(continuationHint(open), TextStyle(dim: true)))
            }
            return true
        }
        pending = []
        record(source)
        interrupt.clear()
        session.enter(source)
        interrupt.clear()
        return true
    }

    /// "(continuing: close the `[` from 1:5 with `]`, or press Ctrl-C to cancel)".
    func continuationHint(_ open: UnfinishedInput) -> String {
        guard let opener = open.opener, let closer = open.closer, let at = open.location else {
            return Message.continuingUnnamed.text(language)
        }
        return Message.continuing.text(language, opener, "\(at.line):\(at.column)", closer)
    }

    /// Ctrl-D (or the end of the input) inside an unfinished command: drops it, says what was
    /// open, and, at a terminal, that Ctrl-D at an empty prompt leaves.
    func dropPending() {
        let open = session.evaluator.unfinished(pending.joined(separator: "\n"))
        pending = []
        var line: String
        if let opener = open?.opener, let at = open?.location {
            line = Message.droppedUnfinished.text(language, opener, "\(at.line):\(at.column)")
        } else {
            line = Message.droppedUnfinishedUnnamed.text(language)
        }
        if reader.isInteractive { line += Message.ctrlDAgainLeaves.text(language) }
        environment.write(styled(line, TextStyle(dim: true)))
    }

    func record(_ entry: String) {
        historyEntries.append(entry)
        for line in entry.split(separator: "\n") { reader.remember(String(line)) }
        environment.history?.append(entry)
    }

    /// What a newcomer types out of habit from other shells (`quit`, `exit()`, `clear`,
    /// a bare `help`), answered with the shell's own way when the word is not a Lab name
    /// of the learner's; "" means show the :help table. Nil: run it as Lab.
    func habitAnswer(_ input: String) -> String? {
        let word = input.hasSuffix("()") ? String(input.dropLast(2)) : input
        let answers = [
            "quit": Message.habitQuit.text(language), "exit": Message.habitQuit.text(language),
            "clear": Message.habitClear.text(language), "help": "",
        ]
        guard let answer = answers[word] else { return nil }
        if word == "help" { return input == "help" ? answer : nil }
        return session.evaluator.completionNames().contains(word) ? nil : answer
    }

    func helpTable() {
        let rows = LabShell.metaCommands(language)
        let width = rows.map { displayWidth($0.0) }.max() ?? 0
        let columns = environment.context().width - 1
        // Descriptions wrap under their own column; when that column would be too narrow,
        // each description goes on the lines below its command instead.
        let side = columns - (2 + width + 2) >= 24
        let descriptionWidth = side ? columns - (2 + width + 2) : columns - 6
        for (name, what) in rows {
            let lines = glyphs(what).wordWrapped(toWidth: descriptionWidth)
            if side {
                environment.write(
                    "  " + styled(name.padded(toWidth: width), TextStyle(bold: true)) + "  " + lines[0])
                for line in lines.dropFirst() {
                    environment.write(String(repeating: " ", count: 2 + width + 2) + line)
                }
            } else {
                environment.write("  " + styled(name, TextStyle(bold: true)))
                for line in lines { environment.write("      " + line) }
            }
        }
        let tip = glyphs(Message.helpTip.text(language))
        for line in tip.wordWrapped(toWidth: columns) { environment.write(line) }
    }

    /// `?name`: builtin help; for a symbol, how to type it.
    func help(_ name: String) {
        let name = name.trimmingWhitespace
        var said = false
        let spellings = environment.symbols.filter { $0.value == name }.map(\.key).sorted {
            ($0.count, $0) < ($1.count, $1)
        }
        if let spelling = spellings.first {
            let typed = styled(spelling, TextStyle(bold: true))
            if spellings.count > 1 {
                say(.symbolTypedAlso, name, typed, spellings.dropFirst().joined(separator: ", "))
            } else {
                say(.symbolTyped, name, typed)
            }
            said = true
        }
        if let text = session.evaluator.help(name, language: language) {
            environment.write(text)
            said = true
        }
        if !said {
            let near = session.evaluator.completionNames().filter { $0.hasPrefix(String(name.prefix(2))) }
                .prefix(5)
            say(
                .noHelp, code(name),
                near.isEmpty ? "" : Message.nearNames.text(language, near.joined(separator: ", ")))
        }
    }

    func lessons() {
        let course = environment.course
        if course.lessons.isEmpty { say(.noLessonsFound, course.folder); return }
        let current = session.lesson.meta.id
        let lines = LessonCatalogue.lines(
            course.lessons, current: current,
            progress: { lesson in
                var warning: String? = nil
                return lesson.meta.id == current
                    ? self.session.progress
                    : self.environment.store?.load(id: lesson.meta.id, warning: &warning)
            }, context: environment.context(), language: language)
        for line in lines { environment.write(line) }
        for broken in course.broken {
            let message = glyphs(
                Message.cannotBeRead.text(language, (broken.source.name as NSString).lastPathComponent))
            for line in message.wordWrapped(toWidth: environment.context().width - 1) {
                environment.write(line)
            }
        }
    }

    func open(_ id: String) {
        // Read the folder again: an author editing a lesson sees the new text on :open.
        environment.course = Course(folder: environment.course.folder, language: environment.course.language)
        guard let lesson = environment.course.lesson(id: id) else {
            say(.noSuchLesson, code(id))
            return
        }
        session.saveProgress()
        session = LabShell.makeSession(lesson, environment: environment, interrupt: interrupt)
        startSession()
        rememberCourse()
    }

    /// `:lang zh|en`: the shell and the lessons speak that language at once, and it is
    /// remembered where `--lang` remembers it. The lesson opens again from its translation
    /// (or its English) at the same step: progress is kept by cell id, so the place, the
    /// answers and the learner's own cells come back as on a resume.
    func switchLanguage(_ argument: String) {
        guard let chosen = Language(rawValue: argument.trimmingWhitespace.lowercased()) else {
            say(.writeLang)
            return
        }
        if let folder = environment.settingsFolder { chosen.remember(in: folder) }
        session.saveProgress()
        environment.course = Course(folder: environment.course.folder, language: chosen)
        say(.languageNow)
        let id = session.lesson.meta.id
        guard id != "scratch", let lesson = environment.course.lesson(id: id) else { return }
        if chosen != .en, !TranslationCheck.isTranslation(lesson.path),
            environment.course.brokenTranslation(of: lesson) == nil
        {
            say(.noTranslationYet, String(lesson.meta.order))
        }
        let presenting = session.presenting, step = session.current, before = session.lesson
        session = LabShell.makeSession(lesson, environment: environment, interrupt: interrupt)
        session.presenting = presenting
        // A translation in step with its source (the same cells) continues the same progress.
        let (translation, source) =
            TranslationCheck.isTranslation(lesson.path) ? (lesson, before) : (before, lesson)
        if TranslationCheck.compare(translation: translation, source: source).isEmpty {
            session.twinHash = before.contentHash
        }
        startSession()
        // Without a progress store (the presenter) the place is not saved: go back to it.
        if environment.store == nil, step > 0 { session.goto(String(step + 1)) }
    }

    /// Starts the session, first saying when the lesson is the English because its
    /// translation cannot be read: the translation's located errors, then the English.
    func startSession() {
        if let problems = environment.course.brokenTranslation(of: session.lesson) {
            say(.translationBroken, String(session.lesson.meta.order))
            let context = environment.context()
            let renderer = DiagnosticRenderer(
                color: context.colorMode != .none, width: context.width - 1, language: language)
            for diagnostic in problems.errors.prefix(3) {
                environment.write(renderer.render(diagnostic, source: problems.source))
            }
        }
        session.start()
    }

    /// Where `:save PATH` writes: into a folder (one that exists, or PATH ending in `/`) as
    /// LESSON-ID.md, else PATH with `.md` added when missing.
    static func saveTarget(_ path: String, lessonID: String) -> String {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if path.hasSuffix("/") { return path + lessonID + ".md" }
        if exists && isFolder.boolValue { return path + "/" + lessonID + ".md" }
        return path.hasSuffix(".md") ? path : path + ".md"
    }

    /// `:save PATH`: PATH.md (`.md` added when missing); a folder (one that exists, or a path
    /// ending in `/`) gets LESSON-ID.md inside it, as `cp FILE DIR` does. Never the lesson file.
    func save(_ path: String) {
        guard !path.isEmpty else { say(.writeSave); return }
        let meta = session.lesson.meta
        let file = LabShell.saveTarget(path, lessonID: meta.id)
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        if resolved(file) == resolved(session.lesson.path) {
            say(.saveWouldOverwriteLesson, file)
            return
        }
        let text = TranscriptExport.markdown(
            journal: session.journal, lessonID: meta.id, title: meta.title, seed: meta.seed,
            tolerance: meta.tolerance, timeout: meta.timeout)
        do {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            say(.savedSession, file)
        } catch {
            say(.cannotSave, file, error.localizedDescription)
        }
    }

    func rememberCourse() {
        guard session.lesson.meta.id != "scratch" else { return }
        try? environment.store?.saveCourse(CourseState(current: session.lesson.meta.id))
    }

    func quit() {
        let saved = session.saveProgress()
        rememberCourse()
        // `metalab present` and the scratch pad keep no progress: nothing failed, and there
        // is no warning above.
        let goodbye: Message =
            environment.store == nil
            ? .goodbyePresented : session.store == nil ? .goodbyeScratch : saved ? .goodbye : .goodbyeUnsaved
        environment.write(styled(glyphs(goodbye.text(language)), TextStyle(dim: true)))
    }
}
