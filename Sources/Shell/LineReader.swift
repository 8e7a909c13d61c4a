import Terminal

/// What one read at the prompt produced.
public enum LineInput: Sendable, Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line is discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of standard input.
    case end
}

/// Where the shell's input comes from: GNU readline on a terminal, plain
/// lines from a pipe, or a script in tests. Only `ReadlineLineReader` knows
/// readline; everything else talks to this protocol.
public protocol LineReader: AnyObject {
    /// Reads one line after showing `prompt` (readers that decorate nothing ignore
    /// it); `prefill` is text placed at the prompt for the learner to edit.
    func readLine(prompt: String, prefill: String?) -> LineInput
    /// Remembers `line` for recall (Up arrow) in this session.
    func remember(_ line: String)
    /// Whether prompts and escape codes are shown (a terminal).
    var isInteractive: Bool { get }
}

/// A multi-line pre-fill as the one line readline edits: lines joined by `; `, a line's own
/// trailing `;` dropped so that no `;;` appears (the last line keeps its `;`, which still
/// decides whether the result is shown).
public func promptLine(_ text: String) -> String {
    var lines = text.split(separator: "\n").map(String.init).filter { !$0.trimmingWhitespace.isEmpty }
    for k in lines.indices.dropLast() {
        lines[k] = lines[k].trimmingWhitespace
        if lines[k].hasSuffix(";") { lines[k] = String(lines[k].dropLast()).trimmingWhitespace }
    }
    return lines.joined(separator: "; ")
}

/// A reader that replays lines (tests): `nil` entries stand for Ctrl-C, `ctrlD` for Ctrl-D at
/// an empty line (the end of input, as readline reports it), and so does the end of the script.
public final class ScriptedLineReader: LineReader {
    private var lines: [String?]
    /// Every prompt asked, with its prefill, in order.
    public private(set) var prompts: [(prompt: String, prefill: String?)] = []
    public private(set) var remembered: [String] = []
    /// Whether it plays a terminal (`isInteractive`), as readline's reader does.
    public let isInteractive: Bool
    /// The entry that reads as Ctrl-D: the character the key sends (EOT).
    public static let ctrlD = "\u{4}"

    public init(_ lines: [String?], interactive: Bool = false) {
        self.lines = lines
        isInteractive = interactive
    }

    public func readLine(prompt: String, prefill: String?) -> LineInput {
        prompts.append((prompt, prefill))
        guard !lines.isEmpty else { return .end }
        guard let line = lines.removeFirst() else { return .interrupted }
        return line == Self.ctrlD ? .end : .line(line)
    }

    public func remember(_ line: String) { remembered.append(line) }
}
