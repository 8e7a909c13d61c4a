import Diagnostics
import LabLang
import LabLibrary
import Terminal

/// `CellEvaluator` bound to the Lab interpreter and its builtins: the only
/// place Notebook meets the language.
public final class LabCellEvaluator: CellEvaluator {
    public private(set) var interpreter: Interpreter
    public var context: TerminalContext
    public var math: MathTypesetter
    private var readFolders: [String]? = nil

    public init(context: TerminalContext = .plain, math: MathTypesetter = .source) {
        self.context = context
        self.math = math
        interpreter = LabLibrary.makeInterpreter(options: LabCellEvaluator.displayOptions(context))
        host?.holdsStopNotes = true
    }

    /// The builtins' host: the random generator, read confinement, training stop notes.
    private var host: LabHost? { interpreter.host as? LabHost }

    static func displayOptions(_ c: TerminalContext) -> DisplayOptions {
        DisplayOptions(
            width: c.width, height: c.height ?? 24, color: c.colorMode != .none, ascii: c.ascii,
            graphics: c.graphics)
    }

    public func run(_ source: String, name: String, firstLine: Int) -> CellRun {
        interpreter.options = LabCellEvaluator.displayOptions(context)
        host?.stopNotes = []
        let e = interpreter.evaluate(source, name: name, firstLine: firstLine)
        return CellRun(
            output: e.output, diagnostics: e.diagnostics, source: e.source, stopNotes: host?.stopNotes ?? [])
    }

    /// Evaluates `expression` into a scratch global, reads it, and restores the
    /// environment, so a check never changes the learner's state.
    public func value(of expression: String, name: String, line: Int) -> Result<CheckValue, Diagnostic> {
        let saved = interpreter.snapshot()
        defer { interpreter.restore(saved) }
        let slot = "__metalab_check__"
        let e = interpreter.evaluate("\(slot) = (\(expression));", name: name, firstLine: max(line, 1))
        if let d = e.diagnostics.first { return .failure(d) }
        guard let value = interpreter.global(slot) else {
            return .failure(Diagnostic(kind: .name, localized: Message.hasNoValue.localized(expression)))
        }
        return .success(checkValue(value))
    }

    func checkValue(_ value: Value) -> CheckValue {
        switch value {
        case .number(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .range(let r): return .tensor(shape: [r.count], values: r.elements)
        case .object(let o as TensorObject):
            let t = o.tensor
            if t.shape.isEmpty, let x = t.scalar { return .number(x) }
            if o.isMask { return .tensor(shape: t.shape, values: t.scalars) }
            return .tensor(shape: t.shape, values: t.scalars)
        default: return .text(interpreter.inline(value))
        }
    }

    public func snapshot() -> EvaluatorState { EvaluatorState(interpreter.snapshot()) }

    public func restore(_ state: EvaluatorState) {
        if let s = state.payload as? Snapshot { interpreter.restore(s) }
    }

    public func copyBindings(_ names: Set<String>, from state: EvaluatorState) {
        guard let s = state.payload as? Snapshot else { return }
        for name in names { interpreter.copyGlobal(name, from: s) }
    }

    public func reset(seed: Int) {
        interpreter = LabLibrary.makeInterpreter(options: LabCellEvaluator.displayOptions(context))
        host?.allowedReadRoots = readFolders
        host?.holdsStopNotes = true
        reseed(seed)
    }

    /// What Lab's `seed(n)` does, without going through the name `seed` (a lesson may rebind it).
    public func reseed(_ seed: Int) {
        (interpreter.host as? LabHost)?.seed(seed)
    }

    /// The open bracket or block that more lines could complete (the parser's "never closed"
    /// error names it and where it opened). A line that merely ends early (`w = `, `1 +`) is
    /// not unfinished: statements end at a newline, so the next line could never finish it
    /// (the parse with a newline added must still run off the end).
    public func unfinished(_ source: String) -> UnfinishedInput? {
        // Parsed (and the tree freed) on a large stack: a pasted `1+1+…` 200,000 terms long
        // recursed past the main thread's stack and crashed the shell.
        func runsOff(_ text: String) -> Diagnostic? {
            onLargeStack(for: text) {
                Parser.parse(text).errors.first { $0.message.contains("end of input") }
            }
        }
        // Unfinished when it runs off the end even with the line ended (`x = ` does not).
        guard runsOff(source) != nil, let error = runsOff(source + "\n") else { return nil }
        guard let text = error.localized, text.message == .neverClosed,
            case .verbatim(let opener)? = text.arguments.first
        else { return UnfinishedInput() }
        return UnfinishedInput(opener: opener, location: error.range?.start)
    }

    public func parses(_ source: String) -> Bool {
        onLargeStack(for: source) { Parser.parse(source).errors.isEmpty }
    }

    public func completionNames() -> [String] {
        LabLibrary.documentation.map(\.name) + interpreter.globalBindings.filter { !$0.hasPrefix("__") }
    }

    public func help(_ name: String, language: Language = .en) -> String? {
        // The one help text (LabLibrary's), wrapped at words to this window like `help(name)`.
        guard let entry = LabLibrary.documentation.first(where: { $0.name == name }) else { return nil }
        return helpText(name, entry.doc, LabCellEvaluator.displayOptions(context), language: language)
    }

    public func apropos(_ word: String) -> [String] {
        let w = word.lowercased()
        // The name, the family, the summary, the signature and the example: `plot` finds scatter and hist too.
        return LabLibrary.documentation.filter {
            [$0.name, $0.family, $0.doc.summary, $0.doc.signature, $0.doc.example].contains {
                $0.lowercased().contains(w)
            }
        }
        .map { "  " + $0.name + " — " + $0.doc.summary }
    }

    public func confineReads(to folders: [String]) {
        readFolders = folders
        (interpreter.host as? LabHost)?.allowedReadRoots = folders
    }

    /// This interpreter's own stop request, not the process-wide flag: another
    /// interpreter clearing its requests (a parallel test, a builtin) must not eat it.
    public var interrupter: @Sendable () -> Void { interpreter.interruptRequester }

    public func clearInterrupt() { interpreter.clearInterrupt() }
}
