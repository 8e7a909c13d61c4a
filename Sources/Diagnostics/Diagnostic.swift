/// How serious a diagnostic is.
public enum Severity: String, Sendable {
    case error, warning, note
}

/// A located message about something a user typed or a file says.
///
/// `kind` is a short machine-readable category (for Lab: `syntax`, `name`,
/// `type`, `shape`, `index`, `domain`, `limit`, `interrupted`, `io`); tests
/// match on it, the renderer does not print it. Messages say what was
/// expected and what was found; they are formatted only by `DiagnosticRenderer`.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public var severity: Severity
    public var kind: String
    public var message: String
    public var range: SourceRange?
    /// The name of the source the range points into (a file path, `<eval>`, a cell id).
    public var sourceName: String?
    /// Extra lines printed under the excerpt (`help: …`, `note: …`).
    public var notes: [String]

    public init(
        _ severity: Severity = .error, kind: String, message: String,
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
