/// How serious a diagnostic is.
public enum Severity: String, Sendable {
    case error, warning, note
}

/// A located message about something a user typed or a file says.
///
/// `kind` says what went wrong (`Diagnostic.Kind`); code and tests match on it, the
/// renderer does not print it. Messages say what was expected and what was found;
/// they are formatted only by `DiagnosticRenderer`.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a value code can switch on (never a message compared as text).
    /// The raw value is a stable short name.
    public enum Kind: String, Sendable, CaseIterable {
        // A Lab program's errors (LANGUAGE.md, "Errors").
        case syntax, name, type, shape, index, domain, limit, io
        /// Ctrl-C (or a cell's timeout, while it runs) stopped the computation.
        case interrupted
        /// A cell ran past its timeout (`metalab check` reports it at the cell's line).
        case timeout
        /// A lesson file's structure: front matter, cells, ids, attributes.
        case lesson
        /// `metalab check`: an output, an exercise or a rule that does not hold.
        case check
        /// A translation that does not match its English source; a word against the glossary.
        case translation, glossary
        /// A LaTeX formula that does not parse.
        case formula

        /// The kinds a Lab program's error can have.
        public static let lab: Set<Kind> = [
            .syntax, .name, .type, .shape, .index, .domain, .limit, .io, .interrupted,
        ]
    }

    public var severity: Severity
    public var kind: Kind
    public var message: String
    public var range: SourceRange?
    /// The name of the source the range points into (a file path, `<eval>`, a cell id).
    public var sourceName: String?
    /// Extra lines printed under the excerpt (`help: …`, `note: …`).
    public var notes: [String]

    public init(
        _ severity: Severity = .error, kind: Kind, message: String,
        range: SourceRange? = nil, sourceName: String? = nil, notes: [String] = []
    ) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.range = range
        self.sourceName = sourceName
        self.notes = notes
    }

    public var description: String {
        var s = ""
        if let sourceName { s += sourceName + ":" }
        if let range { s += "\(range.start.line):\(range.start.column):" }
        if !s.isEmpty { s += " " }
        return s + "\(severity.rawValue): \(message)"
    }
}
