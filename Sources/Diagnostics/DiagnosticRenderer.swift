import Terminal

/// The one place diagnostics become text:
///
///     lesson.md:12:9: error: cannot add shapes 2×3 and 3×2
///        12 | y = A + B
///           |     ^~~~~
///     help: transpose one side with B'
///
/// Columns count characters, so the caret sits under the character it names
/// even after `α`, `∑` or `θ₁`; it is drawn in display columns, so it stays there
/// after `中文` too.
public struct DiagnosticRenderer: Sendable {
    /// Emit ANSI colour (bold red `error:`, cyan gutter).
    public var color: Bool
    /// Columns to fit the message and notes in (word-wrapped, continuation lines
    /// indented by two); nil leaves every line whole, as files and tests want.
    public var width: Int?
    /// The language of the words (issue 19); English is exactly the diagnostic's `message`.
    public var language: Language

    public init(color: Bool = false, width: Int? = nil, language: Language = .en) {
        self.color = color
        self.width = width
        self.language = language
    }

    public func render(_ diagnostic: Diagnostic, source: SourceText? = nil) -> String {
        var out = ""
        let name = diagnostic.sourceName ?? source?.name
        var header = ""
        if let name { header += name + ":" }
        if let range = diagnostic.range { header += "\(range.start.line):\(range.start.column):" }
        if !header.isEmpty { out += style(header, "1") + " " }
        let label = diagnostic.severity.label(language)
        let code = diagnostic.severity == .error ? "1;31" : diagnostic.severity == .warning ? "1;33" : "1;36"
        // After a full-width colon (错误：) no space, as Chinese punctuation wants.
        let gap = label.hasSuffix(":") ? " " : ""
        let lead = (header.isEmpty ? 0 : header.count + 1) + displayWidth(label) + gap.count
        out +=
            style(label, code) + gap
            + wrapped(Self.elided(diagnostic.message(in: language)), firstLineUsed: lead)
        if let range = diagnostic.range, let source, let line = source.line(range.start.line) {
            let number = String(range.start.line)
            let pad = String(repeating: " ", count: number.count)
            let (text, shifted) = Self.excerpt(line, around: range)
            out += "\n " + style(number + " |", "36") + " " + text
            out += "\n " + style(pad + " |", "36") + " " + caretLine(text, range: shifted)
        }
        for note in diagnostic.notes {
            out += "\n" + wrapped(Self.elided(diagnostic.note(note, in: language)), firstLineUsed: 0)
        }
        return out
    }

    /// The longest message or note shown whole (characters); longer ones keep
    /// their start and end around `…`, so a 2 MB identifier in an error is not echoed.
    public static let maximumMessageLength = 400

    /// The widest source excerpt shown (characters); a longer line is cut to a window around the range.
    public static let maximumExcerptLength = 160

    static func elided(_ text: String) -> String {
        guard text.count > maximumMessageLength else { return text }
        let keepEnd = maximumMessageLength / 4
        let cut = text.count - (maximumMessageLength - keepEnd) - keepEnd
        return String(text.prefix(maximumMessageLength - keepEnd)) + " …(\(cut) characters)… "
            + String(text.suffix(keepEnd))
    }

    /// `line`, or a window of it around the start of `range` with `…` where it was cut,
    /// and the range moved to the window's columns (the underline ends at the window).
    static func excerpt(_ line: String, around range: SourceRange) -> (String, SourceRange) {
        let chars = Array(line)
        guard chars.count > maximumExcerptLength else { return (line, range) }
        let start = max(0, min(range.start.column - 1, chars.count) - maximumExcerptLength / 3)
        let end = min(chars.count, start + maximumExcerptLength)
        let lead = start > 0 ? "…" : ""
        let text = lead + String(chars[start..<end]) + (end < chars.count ? "…" : "")
        let offset = start - lead.count
        let startColumn = range.start.column - offset
        var endColumn = range.end.line == range.start.line ? range.end.column - offset : text.count + 1
        endColumn = min(max(endColumn, startColumn + 1), text.count + 1)
        let shifted = SourceRange(
            start: SourceLocation(line: range.start.line, column: startColumn),
            end: SourceLocation(line: range.start.line, column: endColumn))
        return (text, shifted)
    }

    /// `text` broken at spaces (and between Chinese characters) so that no line passes
    /// `width` columns, given that the first line already holds `firstLineUsed` columns;
    /// unchanged when `width` is nil. A word longer than the room stays whole.
    private func wrapped(_ text: String, firstLineUsed: Int) -> String {
        guard let width, firstLineUsed + displayWidth(text) > width else { return text }
        let indent = "  "
        var lines: [String] = []
        var current = ""
        var room = max(width - firstLineUsed, 12)
        for unit in LineBreaking.units(text) {
            let joiner = current.isEmpty || !unit.spaceBefore ? "" : " "
            if current.isEmpty || displayWidth(current) + joiner.count + displayWidth(unit.text) <= room {
                current += joiner + unit.text
            } else {
                lines.append(current)
                current = unit.text
                room = max(width - indent.count, 12)
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n" + indent)
    }

    /// Spaces up to the start column, then `^` and `~` under the rest of the
    /// range on that line (tabs are copied so the caret stays aligned).
    private func caretLine(_ text: String, range: SourceRange) -> String {
        let chars = Array(text)
        let startIndex = max(0, range.start.column - 1)
        var lead = ""
        for i in 0..<min(startIndex, chars.count) {
            lead += chars[i] == "\t" ? "\t" : String(repeating: " ", count: displayWidth(String(chars[i])))
        }
        if startIndex > chars.count { lead += String(repeating: " ", count: startIndex - chars.count) }
        let endColumn = range.end.line == range.start.line ? range.end.column : chars.count + 1
        // Characters of the line count their display width; columns past its end one each.
        let lineEnd = min(endColumn - 1, chars.count)
        let inLine = startIndex < lineEnd ? Array(chars[startIndex..<lineEnd]) : []
        let pastEnd = max(0, endColumn - 1 - max(startIndex, chars.count))
        let length = max(1, inLine.map { displayWidth(String($0)) }.reduce(0, +) + pastEnd)
        let marks = "^" + String(repeating: "~", count: length - 1)
        return lead + style(marks, "1;32")
    }

    private func style(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
