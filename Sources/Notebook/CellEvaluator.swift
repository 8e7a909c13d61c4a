import Diagnostics
import Foundation
import Terminal

/// What running Lab source in the lesson environment produced.
public struct CellRun: Sendable {
    /// Everything displayed: values of expression statements and printed text.
    public var output: String
    /// Errors (an `interrupted` one after Ctrl-C or a timeout).
    public var diagnostics: [Diagnostic]
    /// The source, for diagnostic excerpts.
    public var source: SourceText
    /// What each training builtin stopped by Ctrl-C said: it returned what it learned so
    /// far. Held, not printed: true only if the command keeps its result (`LessonSession`),
    /// which says it in the session's language.
    public var stopNotes: [LocalizedText]

    public init(
        output: String, diagnostics: [Diagnostic], source: SourceText, stopNotes: [LocalizedText] = []
    ) {
        self.output = output
        self.diagnostics = diagnostics
        self.source = source
        self.stopNotes = stopNotes
    }

    public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
    /// Whether Ctrl-C or the cell's timeout stopped it with an error.
    public var interrupted: Bool { diagnostics.contains { $0.kind == .interrupted || $0.kind == .timeout } }
    /// Whether Ctrl-C (or a timeout) cut this run short: an `interrupted` error, or a
    /// training builtin that stopped and returned what it learned.
    public var stopped: Bool { interrupted || !stopNotes.isEmpty }
}

/// A value as checks see it: numbers and tensors compare within tolerance.
public enum CheckValue: Sendable, Equatable {
    case number(Double)
    case bool(Bool)
    /// Row-major values and their shape.
    case tensor(shape: [Int], values: [Double])
    /// Anything else, by its display.
    case text(String)

    var shapeDescription: String { shapeDescription(.en) }

    /// "a 3-element Vector", "2×3 tensor", … in `language`.
    func shapeDescription(_ language: Language) -> String {
        switch self {
        case .number: return Message.aNumber.text(language)
        case .bool: return Message.aBool.text(language)
        case .tensor(let shape, _):
            return shape.count == 1
                ? Message.aVector.text(language, "\(shape[0])")
                : Message.aTensor.text(language, shape.map(String.init).joined(separator: "×"))
        case .text: return Message.aNonNumericValue.text(language)
        }
    }

    var numbers: [Double]? {
        switch self {
        case .number(let x): return [x]
        case .tensor(_, let v): return v
        default: return nil
        }
    }

    var shape: [Int] {
        if case .tensor(let shape, _) = self { return shape }
        return []
    }
}

/// A saved environment, opaque to Notebook.
public struct EvaluatorState: @unchecked Sendable {
    public let payload: Any
    public init(_ payload: Any) { self.payload = payload }
}

/// The one thing Notebook needs from the language: run a cell's source
/// against a persistent environment that can be saved and restored.
/// `LabCellEvaluator` binds it to the Lab interpreter.
public protocol CellEvaluator: AnyObject {
    /// The terminal the values are drawn for: plots take its width (`LessonSession.follow`).
    var context: TerminalContext { get set }
    /// Runs `source` (several statements allowed); `name`/`firstLine` locate errors in the lesson file.
    func run(_ source: String, name: String, firstLine: Int) -> CellRun
    /// The value of one expression, for exercise checks; an error as a diagnostic.
    func value(of expression: String, name: String, line: Int) -> Result<CheckValue, Diagnostic>
    func snapshot() -> EvaluatorState
    func restore(_ state: EvaluatorState)
    /// Binds each of `names` as it was in `state` (unbinds it where it was unbound); the rest stays.
    func copyBindings(_ names: Set<String>, from state: EvaluatorState)
    /// A fresh environment whose random generator is seeded with `seed`.
    func reset(seed: Int)
    /// Restarts the random generator from `seed`, keeping every binding (a cell's own stream).
    func reseed(_ seed: Int)
    /// What leaves `source` unfinished (an open bracket or block), so the shell asks for more;
    /// nil when it is finished (or wrong in another way, which running it reports).
    func unfinished(_ source: String) -> UnfinishedInput?
    /// Whether `source` parses as it stands (an exercise starter like `x = ` does not).
    func parses(_ source: String) -> Bool
    /// Builtin names and the names defined now, for Tab completion.
    func completionNames() -> [String]
    /// `?name`: the builtin's documentation, formula rendered; nil when unknown.
    /// The builtin's reference (English, as Julia's docstrings), its labels in `language`.
    func help(_ name: String, language: Language) -> String?
    /// `:apropos word`: one line per matching builtin.
    func apropos(_ word: String) -> [String]
    /// Confines what cells read (readcsv, readjson, dataset) to these folders.
    func confineReads(to folders: [String])
    /// Asks this evaluator's running evaluation to stop, from any thread (never another's).
    var interrupter: @Sendable () -> Void { get }
    /// Forgets an interrupt request that arrived while nothing ran.
    func clearInterrupt()
}

/// Runs `body` with a deadline: past `seconds`, or as soon as `externalStop()`
/// says so (Ctrl-C seen by the shell), `interrupt` is called from a watcher thread.
public func withDeadline<T>(
    seconds: Double?, interrupt: @escaping @Sendable () -> Void,
    externalStop: (@Sendable () -> Bool)? = nil, _ body: () -> T
) -> (T, timedOut: Bool) {
    guard seconds != nil || externalStop != nil else { return (body(), false) }
    let state = WatchState()
    let deadline = seconds.map { Date().addingTimeInterval($0) }
    let thread = Thread {
        while !state.finished {
            if let deadline, Date() >= deadline { state.timedOut = true; interrupt(); return }
            if let externalStop, externalStop() { interrupt(); return }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
    thread.start()
    let result = body()
    state.finished = true
    return (result, state.timedOut)
}

private final class WatchState: @unchecked Sendable {
    private let lock = NSLock()
    private var _finished = false, _timedOut = false
    var finished: Bool {
        get { lock.withLock { _finished } }
        set { lock.withLock { _finished = newValue } }
    }
    var timedOut: Bool {
        get { lock.withLock { _timedOut } }
        set { lock.withLock { _timedOut = newValue } }
    }
}

/// Input that goes on past the line (`x = [1,`): the bracket or block keyword still open and
/// where it opened (line and column in the input), when the parser names one.
public struct UnfinishedInput: Sendable, Equatable {
    /// `[`, `(`, `.(`, `function`, `for`, … (nil: the parser named none).
    public var opener: String?
    public var location: SourceLocation?

    public init(opener: String? = nil, location: SourceLocation? = nil) {
        self.opener = opener
        self.location = location
    }

    /// What closes `opener`: `)` for `(` and `.(`, `]` for `[`, `end` for a block keyword.
    public var closer: String? {
        switch opener {
        case nil: return nil
        case "(", ".(": return ")"
        case "[": return "]"
        default: return "end"
        }
    }
}

extension CellEvaluator {
    /// Whether `source` is unfinished input (an open bracket or block): the shell asks for more.
    public func isIncomplete(_ source: String) -> Bool { unfinished(source) != nil }
}
