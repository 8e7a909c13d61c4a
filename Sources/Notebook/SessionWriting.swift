import Diagnostics
import Foundation
import LabLang
import Terminal

/// How the session speaks: styled words, messages wrapped to the window, rendered
/// diagnostics and the prompt's echo of a command.
extension LessonSession {
    /// A command or name inside a message: cyan in colour, in backticks without (as prose renders `code`).
    func code(_ text: String) -> String {
        context.colorMode == .none ? "`" + text + "`" : styled(text, TextStyle(foreground: .cyan))
    }

    func styled(_ text: String, _ style: TextStyle) -> String { style.apply(text, mode: context.colorMode) }

    /// A catalogue message in the session's language, in the glyphs the terminal shows
    /// (`--ascii`: ✓ → +, ← → <-).
    func words(_ message: Message, _ arguments: String...) -> String {
        context.glyphs(message.text(language, arguments))
    }

    /// A mark of the session's own (✗ before a wrong answer) in the glyphs the terminal shows.
    func mark(_ glyph: String) -> String { context.glyphs(glyph) }

    /// The echo of a command: `> ` before its first line, `+ ` before each line it was typed
    /// on after that. A line wider than the window wraps at a token boundary (`wrapCode`:
    /// after `, ` or `; `, else at a space outside strings), each continuation starting with
    /// the marker `… ` (`~ ` with `--ascii`) so it cannot be mistaken for a typed line.
    /// The command is the lesson's text (or the learner's): its escapes are shown, not sent.
    func promptText(_ input: String) -> String {
        let input = TerminalText.sanitize(input)
        let room = max(context.width - 2, 10)
        let mark = { (text: String) in self.styled(text, TextStyle(foreground: .green, bold: true)) }
        return input.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap {
            k, line in
            let pieces =
                displayWidth(String(line)) <= room
                ? [String(line)] : wrapCode(String(line), width: room, firstLine: room, atSpaces: true)
            return pieces.enumerated().map { j, piece in
                mark(j > 0 ? (context.ascii ? "~ " : "… ") : k == 0 ? "> " : "+ ") + piece
            }
        }.joined(separator: "\n")
    }

    func report(_ run: CellRun) {
        // A live terminal gets messages wrapped at words; transcripts and checks keep them whole.
        let renderer = DiagnosticRenderer(
            color: context.colorMode != .none, width: context.isTerminal ? context.width - 1 : nil,
            language: language)
        for d in run.diagnostics { write(renderer.render(d, source: run.source)) }
    }

    /// A one-paragraph message from the lesson (a `when` message, quiz feedback) with its
    /// Markdown rendered: `code` in colour instead of backticks, $math$ in Unicode.
    func inlineMarkdown(_ text: String) -> String {
        guard case .paragraph(let inlines)? = LessonParser.markdown(text).first else { return text }
        return renderer.inlineText(inlines, keepingAtomsWhole: true)
    }

    /// Writes `lead` (already styled) and then `text`, word-wrapped to the window;
    /// continuation lines are indented under the text when the lead is short (≤ 12
    /// columns), else by two. Lines of `text` are kept as separate lines.
    func writeWrapped(_ lead: String, _ text: String) {
        let width = max(context.width - 1, 20)
        let leadWidth = displayWidth(lead)
        let indent = leadWidth <= 12 ? leadWidth : 2
        var out: [String] = []
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let first = k == 0 ? width - leadWidth : width - indent
            let pieces = String(line).wordWrapped(toWidth: width - indent, firstLine: first)
            for (j, piece) in pieces.enumerated() {
                out.append(k == 0 && j == 0 ? lead + piece : String(repeating: " ", count: indent) + piece)
            }
        }
        write(out.joined(separator: "\n"))
    }

    /// Writes `lead` (already styled) and then Markdown blocks rendered to fit beside it,
    /// every line after the first indented under the first (a hint: "hint 1/2: …").
    func writeBlocks(_ lead: String, _ blocks: [MarkdownBlock]) {
        let leadWidth = displayWidth(lead)
        var narrow = renderer
        narrow.context.width = max(context.width - leadWidth, 20)
        let lines = narrow.render(blocks).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        let pad = String(repeating: " ", count: leadWidth)
        write(
            lines.enumerated().map { k, line in (k == 0 ? lead : line.isEmpty ? "" : pad) + line }.joined(
                separator: "\n"))
    }
}
