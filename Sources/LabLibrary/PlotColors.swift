import Diagnostics
import LabLang
import Plotting
import Terminal

/// The colour names `color = "…"` accepts (the terminal's 16 colours and two of
/// matplotlib's tab10, which the ANSI set lacks).
let namedSeriesColors: [String: TerminalColor] = [
    "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue, "magenta": .magenta,
    "cyan": .cyan, "white": .white, "gray": .gray, "grey": .gray, "orange": .rgb(255, 127, 14),
    "purple": .rgb(148, 103, 189),
]

/// `color = 2` (palette entry), `"red"`, or `[r, g, b]` in 0…1.
func seriesColor(_ a: Arguments) throws(Diagnostic) -> SeriesColor? {
    guard let v = a.keyword("color") else { return nil }
    if case let .string(name) = v {
        let named = namedSeriesColors
        guard let c = named[name] else {
            throw .lab(
                .domain,
                "color = \"\(name)\" is not a colour name; use one of \(named.keys.sorted().joined(separator: ", ")), a palette number or [r, g, b]"
            )
        }
        return .custom(c)
    }
    let t = try tensor(v, "color")
    if t.count == 1 {
        let k = try integer(v, "color")
        guard k >= 1 else { throw .lab(.domain, "color = \(k): palette entries start at 1") }
        return .palette(k - 1)
    }
    guard t.count == 3, t.scalars.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
        throw .lab(.domain, "color must be a palette number, a name, or [r, g, b] with components in 0…1")
    }
    let c = t.scalars.map { UInt8(($0 * 255).rounded()) }
    return .custom(.rgb(c[0], c[1], c[2]))
}
