/// How much colour the output may carry.
///
/// Ordered: `none < ansi16 < ansi256 < trueColor`, so a colour can be
/// downgraded with `min(requested, mode)`.
public enum ColorMode: Int, Sendable, Comparable, CaseIterable {
    /// No escape codes at all (NO_COLOR, `--plain`, output not a terminal).
    case none = 0
    /// The 16 standard ANSI colours (SGR 30–37, 90–97).
    case ansi16 = 1
    /// The xterm 256-colour palette (SGR 38;5;n).
    case ansi256 = 2
    /// 24-bit colour (SGR 38;2;r;g;b).
    case trueColor = 3

    public static func < (a: ColorMode, b: ColorMode) -> Bool { a.rawValue < b.rawValue }

    /// The mode the environment asks for, in this order: `NO_COLOR` set (any
    /// value, https://no-color.org) → none; not a terminal → none;
    /// `COLORTERM` = `truecolor` or `24bit` → trueColor; `TERM` containing
    /// `256color` → ansi256; `TERM` = `dumb` → none; otherwise ansi16.
    public static func detect(environment: [String: String], isTerminal: Bool) -> ColorMode {
        if environment["NO_COLOR"] != nil { return .none }
        if !isTerminal { return .none }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .trueColor }
        let term = environment["TERM"] ?? ""
        if term.contains("256color") { return .ansi256 }
        if term == "dumb" { return .none }
        return .ansi16
    }
}
