import Terminal

/// How serious a diagnostic is.
public enum Severity: String, Sendable {
    case error, warning, note

    /// `error:` in English, `错误：` in Chinese.
    public func label(_ language: Language) -> String {
        switch self {
        case .error: return Message.severityError.text(language)
        case .warning: return Message.severityWarning.text(language)
        case .note: return Message.severityNote.text(language)
        }
    }
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
    /// The message as a catalogue entry (issue 19), when the thrower made it from one:
    /// `message` is its English, byte for byte; other languages are rendered from this.
    public var localized: LocalizedText?
    /// Notes made from the catalogue, keyed by their English text in `notes`.
    public var localizedNotes: [String: LocalizedText] = [:]

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

    /// A diagnostic whose message comes from the catalogue (its English is `message`).
    public init(
        _ severity: Severity = .error, kind: Kind, localized: LocalizedText,
        range: SourceRange? = nil, sourceName: String? = nil, notes: [String] = []
    ) {
        self.init(
            severity, kind: kind, message: localized.text(.en), range: range, sourceName: sourceName,
            notes: notes)
        self.localized = localized
    }

    /// The message in `language`: the catalogue's words when it came from there, else the English.
    public func message(in language: Language) -> String {
        language == .en ? message : localized?.text(language) ?? message
    }

    /// A note in `language` (the English note when it is not from the catalogue).
    public func note(_ note: String, in language: Language) -> String {
        language == .en ? note : localizedNotes[note]?.text(language) ?? note
    }

    /// Adds a note from the catalogue.
    public mutating func addNote(_ note: LocalizedText) {
        let english = note.text(.en)
        notes.append(english)
        localizedNotes[english] = note
    }

    public var description: String {
        var s = ""
        if let sourceName { s += sourceName + ":" }
        if let range { s += "\(range.start.line):\(range.start.column):" }
        if !s.isEmpty { s += " " }
        return s + "\(severity.rawValue): \(message)"
    }
}
