/// Text from outside MetaLab (a lesson, a Lab value, a file) made safe for a terminal.
///
/// A lesson is untrusted input: an escape sequence in its prose or in a string
/// it prints could set the clipboard (OSC 52), the window title, a hyperlink,
/// or move the cursor and overwrite what MetaLab drew. Every piece of text a
/// lesson or a value supplies passes `sanitize` on its way to the terminal, and
/// MetaLab's own styling is applied after it, so only MetaLab emits escapes.
public enum TerminalText {
    /// `text` with every control character except `\n` and `\t` shown visibly:
    /// ESC as `␛` (U+241B), the other C0 controls as their Control Pictures
    /// (U+2400 + code: NUL `␀`, BEL `␇`, CR `␍`), DEL as `␡`, and the C1
    /// controls U+0080–U+009F (8-bit CSI, OSC, DCS) as `\u{9B}`, the bidirectional controls
    /// likewise (`\u{202E}`).
    ///
    /// With `keepingStyles`, the escape sequences MetaLab's own styling writes
    /// are kept as they are: SGR (`ESC [ digits;… m`) and erase line (`ESC [ K`),
    /// and a text that is exactly the presentation's clear screen
    /// (`ESC [ 2 J ESC [ H`). The output writers use that form as a last guard
    /// over text already styled; everything else (cursor movement, OSC, DCS,
    /// a clear screen inside other text, …) is still made visible.
    /// - Complexity: O(n) in the number of Unicode scalars; text without
    ///   controls is returned unchanged without copying.
    public static func sanitize(_ text: String, keepingStyles: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        if keepingStyles, text == clearScreen { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if keepingStyles, s == "\u{1B}", let end = styleSequenceEnd(scalars, from: i) {
                out.append(contentsOf: scalars[i..<end])
                i = end
                continue
            }
            if keepingStyles, s == "\u{1B}", let image = TerminalImages.placement(in: scalars, at: i) {
                out.append(contentsOf: image.text.unicodeScalars)
                i = image.end
                continue
            }
            if isUnsafe(s) { out.append(contentsOf: visible(s).unicodeScalars) } else { out.append(s) }
            i += 1
        }
        return String(out)
    }

    /// The presentation mode's clear screen and cursor home, written on its own.
    public static let clearScreen = "\u{1B}[2J\u{1B}[H"

    /// Whether `scalar` is a control character other than newline and tab, or a bidirectional
    /// control (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the marks
    /// U+200E, U+200F, U+061C): in a terminal that reorders text, a lesson's `‮` would show
    /// code or a title other than the one that runs ("Trojan Source").
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
            || v == 0x061C
    }

    /// The visible stand-in for a control character.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        if v < 0x20 { return String(Unicode.Scalar(0x2400 + v)!) }
        if v == 0x7F { return "\u{2421}" }
        return "\\u{" + String(v, radix: 16, uppercase: true) + "}"
    }

    /// The end of the style sequence MetaLab writes that starts at `start`
    /// (an ESC), or nil when the sequence there is anything else.
    static func styleSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 1 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var i = start + 2
        while i < scalars.count, scalars[i] == ";" || ("0"..."9").contains(scalars[i]) { i += 1 }
        guard i < scalars.count else { return nil }
        let parameters = String(String.UnicodeScalarView(scalars[(start + 2)..<i]))
        switch scalars[i] {
        case "m": return i + 1
        case "K" where parameters.isEmpty: return i + 1
        default: return nil
        }
    }
}
