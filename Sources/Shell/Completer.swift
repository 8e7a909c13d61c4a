/// Context-aware Tab completion (docs/LESSONS.md): meta-commands after `:`,
/// cell and lesson ids after `:goto`/`:open`, parameters after `:set`,
/// `:sweep` and `:slide`, LaTeX names after `\` (`\alpha` → α, `\_1` → ₁), otherwise
/// builtins, variables and parameters. Pure: tests call it directly.
public struct Completer {
    public var metaCommands: [String]
    public var lessonIDs: () -> [String]
    public var cellIDs: () -> [String]
    public var parameters: () -> [String]
    public var names: () -> [String]
    /// LaTeX command (with its backslash, `\alpha`, `\_1`) → Unicode.
    public var symbols: [String: String]

    public init(
        metaCommands: [String], lessonIDs: @escaping () -> [String], cellIDs: @escaping () -> [String],
        parameters: @escaping () -> [String], names: @escaping () -> [String], symbols: [String: String]
    ) {
        self.metaCommands = metaCommands
        self.lessonIDs = lessonIDs
        self.cellIDs = cellIDs
        self.parameters = parameters
        self.names = names
        self.symbols = symbols
    }

    /// Candidates replacing `word` (the text before the cursor back to a word
    /// break); `appendSpace` when a finished word is usually followed by an argument.
    public func complete(lineBeforeCursor: String, word: String) -> (candidates: [String], appendSpace: Bool)
    {
        // LaTeX: the escapes before the last backslash convert as they are; the last one completes.
        if let slash = word.lastIndex(of: "\\") {
            let head = convertingEscapes(String(word[..<slash])), name = String(word[slash...])
            if let symbol = symbols[name] { return ([head + symbol], false) }
            let matches = symbols.keys.filter { $0.hasPrefix(name) }.sorted()
            if matches.count == 1, let symbol = symbols[matches[0]] { return ([head + symbol], false) }
            return (matches.map { head + $0 }, false)
        }
        let trimmed = lineBeforeCursor.drop { $0 == " " }
        let wordsBefore = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        let typingFirstWord = !trimmed.dropLast(word.count).contains { $0 != " " }
        if trimmed.hasPrefix(":") {
            if typingFirstWord {
                return (metaCommands.filter { $0.hasPrefix(word) }.sorted(), true)
            }
            let command = String(wordsBefore.first ?? "")
            switch command {
            case ":goto": return (cellIDs().filter { $0.hasPrefix(word) }.sorted(), false)
            case ":open": return (lessonIDs().filter { $0.hasPrefix(word) }.sorted(), false)
            case ":set", ":sweep", ":slide":
                let argumentIndex = wordsBefore.count - (word.isEmpty ? 0 : 1)
                if argumentIndex == 1 {
                    return (parameters().filter { $0.hasPrefix(word) }.sorted(), command == ":sweep")
                }
                return (names().filter { $0.hasPrefix(word) && !word.isEmpty }.sorted(), false)
            case ":lang": return (["en", "zh"].filter { $0.hasPrefix(word) }, false)
            case ":time": break
            default: return ([], false)
            }
        }
        if word.hasPrefix("?") {
            let stem = String(word.dropFirst())
            return (Set(names()).filter { $0.hasPrefix(stem) }.sorted().map { "?" + $0 }, false)
        }
        guard !word.isEmpty else { return ([], false) }
        return (Set(names() + parameters()).filter { $0.hasPrefix(word) }.sorted(), false)
    }

    /// `text` with every complete LaTeX escape replaced by its symbol (`\theta\_1` → `θ₁`):
    /// a backslash and its run of letters (`\theta`), else the longest symbol name there
    /// (`\_1`). An unknown escape stays as typed.
    func convertingEscapes(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i] == "\\", i + 1 < chars.count else {
                out.append(chars[i])
                i += 1
                continue
            }
            var end = i + 1
            if chars[end].isLetter {
                while end < chars.count && chars[end].isLetter { end += 1 }
            } else {
                let rest = String(chars[i...])
                let longest = symbols.keys.filter { rest.hasPrefix($0) }.max { $0.count < $1.count }
                end = i + (longest?.count ?? 1)
            }
            let name = String(chars[i..<end])
            out += symbols[name] ?? name
            i = end
        }
        return out
    }
}
