import Diagnostics
import Terminal

/// The kinds of Lab error (LANGUAGE.md, "Errors"). The raw value is the
/// `Diagnostic.kind` string tests match on.
public enum ErrorKind: String, Sendable, CaseIterable {
    case syntax, name, type, shape, index, domain, limit, interrupted, io
}

extension Diagnostic {
    /// A Lab error of `kind`; the interpreter fills in the range of the
    /// expression being evaluated when the thrower did not know it.
    public static func lab(
        _ kind: ErrorKind, _ message: String, at range: SourceRange? = nil, notes: [String] = []
    ) -> Diagnostic {
        Diagnostic(.error, kind: kind.rawValue, message: message, range: range, notes: notes)
    }

    /// A Lab error of `kind` whose message comes from the catalogue (issue 19): its English
    /// is the message, and a Chinese shell shows the Chinese.
    public static func lab(
        _ kind: ErrorKind, _ text: LocalizedText, at range: SourceRange? = nil, notes: [String] = []
    ) -> Diagnostic {
        Diagnostic(.error, kind: kind.rawValue, localized: text, range: range, notes: notes)
    }

    /// This diagnostic with `range` when it has none yet.
    public func located(_ range: SourceRange) -> Diagnostic {
        if self.range != nil { return self }
        var d = self
        d.range = range
        return d
    }
}
