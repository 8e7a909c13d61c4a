/// The one width-aware path of everything the shell prints (docs/DESIGN.md, "Output that
/// fits the window"): the session's and the shell's writers pass every text through
/// `fitted(_:width:)`, so a message written anywhere, today or later, cannot overflow.
///
/// Renderers still lay out what they know best (prose wraps with its styles, records break
/// between entries, plots are drawn at the window's width); this is the guard behind them.
/// A line that fits is written exactly as it came. A line wider than the window breaks
/// where `LineBreaking` allows (spaces, between CJK characters, never inside a word, a
/// number or a run joined by no-break spaces or word joiners), its continuation lines
/// indented like the line itself. Only a single unbreakable run wider than the whole
/// window is cut. Last, the protections go: a no-break space becomes a space, a word
/// joiner disappears.
public enum WindowFit {
    /// U+00A0: a space no line may break at (`α = 0.25` in a message, a string in echoed code).
    public static let noBreakSpace: Character = "\u{00A0}"

    /// `text` with every line fitting `width` columns (see the type's summary).
    /// - Complexity: O(n) in the length of `text` when every line fits.
    public static func fitted(_ text: String, width: Int) -> String {
        let width = max(1, width)
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(line)
            if displayWidth(line) <= width {
                out.append(unprotected(line))
                continue
            }
            let indent = String(line.prefix { $0 == " " })
            // Very deep indents give way so the text keeps a sensible line.
            let keep = indent.count <= width / 2 ? indent : ""
            let body = String(line.dropFirst(indent.count))
            let pieces = body.wordWrapped(toWidth: width - keep.count, firstLine: width - indent.count)
            for (k, piece) in pieces.enumerated() {
                out.append(unprotected((k == 0 ? indent : keep) + piece))
            }
        }
        return out.joined(separator: "\n")
    }

    /// `text` as the terminal shows it: no-break spaces as spaces, word joiners gone.
    public static func unprotected(_ text: String) -> String {
        guard text.contains(where: { $0 == noBreakSpace || $0 == LineBreaking.wordJoiner }) else {
            return text
        }
        return String(text.compactMap { $0 == noBreakSpace ? " " : $0 == LineBreaking.wordJoiner ? nil : $0 })
    }

    /// `text` kept whole by `fitted` and `wordWrapped`: its spaces made no-break, and a word
    /// joiner between characters where a CJK break would fall. Text wider than `limit`
    /// columns is returned as it is (it may break at its spaces rather than overflow).
    public static func unbreakable(_ text: String, limit: Int = 30) -> String {
        guard displayWidth(text) <= limit else { return text }
        var out = ""
        for c in text {
            if let last = out.last, LineBreaking.isWide(last) || LineBreaking.isWide(c) {
                out.append(LineBreaking.wordJoiner)
            }
            out.append(c == " " ? noBreakSpace : c)
        }
        return out
    }
}
