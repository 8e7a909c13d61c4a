/// A terminal colour, downgraded to what a `ColorMode` allows when written.
public enum TerminalColor: Sendable, Hashable {
    /// One of the 16 ANSI colours: 0 black, 1 red, 2 green, 3 yellow, 4 blue,
    /// 5 magenta, 6 cyan, 7 white; 8–15 are the bright variants.
    case ansi(UInt8)
    /// An xterm 256-palette index.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    public static let black = TerminalColor.ansi(0)
    public static let red = TerminalColor.ansi(1)
    public static let green = TerminalColor.ansi(2)
    public static let yellow = TerminalColor.ansi(3)
    public static let blue = TerminalColor.ansi(4)
    public static let magenta = TerminalColor.ansi(5)
    public static let cyan = TerminalColor.ansi(6)
    public static let white = TerminalColor.ansi(7)
    public static let gray = TerminalColor.ansi(8)

    /// The SGR parameters selecting this colour as foreground (or background),
    /// downgraded to `mode`: rgb → nearest 256-palette entry → nearest of 16.
    /// Empty for `.none`.
    public func sgrParameters(background: Bool, mode: ColorMode) -> String {
        switch mode {
        case .none:
            return ""
        case .ansi16:
            let c = ansi16Index
            let base = background ? (c < 8 ? 40 : 100 - 8) : (c < 8 ? 30 : 90 - 8)
            return String(base + Int(c))
        case .ansi256:
            switch self {
            case .ansi(let c): return (background ? "48;5;" : "38;5;") + String(c)
            case .indexed(let i): return (background ? "48;5;" : "38;5;") + String(i)
            case .rgb(let r, let g, let b):
                return (background ? "48;5;" : "38;5;") + String(Self.nearest256(r, g, b))
            }
        case .trueColor:
            switch self {
            case .ansi, .indexed:
                let (r, g, b) = rgbValue
                return (background ? "48;2;" : "38;2;") + "\(r);\(g);\(b)"
            case .rgb(let r, let g, let b):
                return (background ? "48;2;" : "38;2;") + "\(r);\(g);\(b)"
            }
        }
    }

    /// The colour as 24-bit components (xterm's default palette for the indexed cases).
    public var rgbValue: (UInt8, UInt8, UInt8) {
        switch self {
        case .rgb(let r, let g, let b): return (r, g, b)
        case .ansi(let c): return Self.ansiRGB[Int(c & 15)]
        case .indexed(let i):
            if i < 16 { return Self.ansiRGB[Int(i)] }
            if i >= 232 {
                let v = UInt8(8 + 10 * Int(i - 232))
                return (v, v, v)
            }
            let n = Int(i) - 16
            let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
            return (steps[n / 36], steps[(n / 6) % 6], steps[n % 6])
        }
    }

    /// The nearest of the 16 ANSI colours (by squared RGB distance).
    public var ansi16Index: UInt8 {
        switch self {
        case .ansi(let c): return c & 15
        case .indexed(let i) where i < 16: return i
        default:
            let (r, g, b) = rgbValue
            var best = 0
            var bestDistance = Int.max
            for (k, c) in Self.ansiRGB.enumerated() {
                let d = Self.distance((r, g, b), c)
                if d < bestDistance { (best, bestDistance) = (k, d) }
            }
            return UInt8(best)
        }
    }

    /// The nearest xterm-256 entry: the 6×6×6 cube or the 24-step gray ramp.
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func cubeIndex(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let (ri, gi, bi) = (cubeIndex(r), cubeIndex(g), cubeIndex(b))
        let steps = [0, 95, 135, 175, 215, 255]
        let cube = (UInt8(steps[ri]), UInt8(steps[gi]), UInt8(steps[bi]))
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let grayIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grayValue = UInt8(8 + 10 * grayIndex)
        let cubeDistance = distance((r, g, b), cube)
        let grayDistance = distance((r, g, b), (grayValue, grayValue, grayValue))
        return grayDistance < cubeDistance ? UInt8(232 + grayIndex) : UInt8(16 + 36 * ri + 6 * gi + bi)
    }

    private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0)
        let dg = Int(a.1) - Int(b.1)
        let db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }

    private static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}

/// A text style: colours and attributes, written as one SGR escape sequence.
public struct TextStyle: Sendable, Hashable {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var bold: Bool
    public var dim: Bool
    public var italic: Bool
    public var underline: Bool

    public init(
        foreground: TerminalColor? = nil, background: TerminalColor? = nil,
        bold: Bool = false, dim: Bool = false, italic: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.italic = italic
        self.underline = underline
    }

    /// The unstyled style.
    public static let plain = TextStyle()

    public var isPlain: Bool { self == .plain }

    /// The escape sequence that switches this style on (empty when `mode` is
    /// `.none` or the style is plain). Attributes follow colours: with
    /// `.none` even bold is dropped, so plain output has no escape at all.
    public func opening(_ mode: ColorMode) -> String {
        guard mode != .none, !isPlain else { return "" }
        var parameters: [String] = []
        if bold { parameters.append("1") }
        if dim { parameters.append("2") }
        if italic { parameters.append("3") }
        if underline { parameters.append("4") }
        if let foreground { parameters.append(foreground.sgrParameters(background: false, mode: mode)) }
        if let background { parameters.append(background.sgrParameters(background: true, mode: mode)) }
        return "\u{1B}[" + parameters.joined(separator: ";") + "m"
    }

    /// The reset sequence, or empty when nothing was opened.
    public func closing(_ mode: ColorMode) -> String {
        mode == .none || isPlain ? "" : ANSI.reset
    }

    /// `text` wrapped in this style's opening and a reset (just `text` without colour).
    public func apply(_ text: String, mode: ColorMode) -> String {
        let open = opening(mode)
        return open.isEmpty ? text : open + text + ANSI.reset
    }
}

/// Raw escape sequences.
public enum ANSI {
    public static let reset = "\u{1B}[0m"
    /// Erase from the cursor to the end of the line.
    public static let clearToEndOfLine = "\u{1B}[K"

    /// `text` with every escape sequence removed: CSI (`ESC [ … final`), the
    /// string sequences OSC (`ESC ]`), DCS (`ESC P`), SOS (`ESC X`), PM (`ESC ^`)
    /// and APC (`ESC _`) up to their terminator (ST `ESC \\` or BEL), and
    /// two-character escapes such as `ESC 7`.
    public static func strip(_ text: String) -> String {
        guard text.utf8.contains(0x1B) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}" {
                i = escapeEnd(scalars, from: i)
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The index just past the escape sequence starting at `scalars[start]` (an ESC).
    static func escapeEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var i = start + 1
        guard i < scalars.count else { return i }
        let kind = scalars[i]
        i += 1
        switch kind {
        case "[":
            while i < scalars.count {
                defer { i += 1 }
                if (0x40...0x7E).contains(scalars[i].value) { return i + 1 }
            }
            return i
        case "]", "P", "_", "^", "X":
            // OSC, and the string sequences DCS (sixel), APC (kitty images), PM, SOS: to BEL or ST.
            while i < scalars.count {
                if scalars[i] == "\u{07}" { return i + 1 }
                if scalars[i] == "\u{1B}" { return min(i + 2, scalars.count) }
                i += 1
            }
            return i
        default:
            return i
        }
    }

    /// Advances past the rest of an escape sequence whose ESC was just read
    /// (the same sequences as `escapeEnd`, for one pass over an iterator).
    static func skipEscape(_ it: inout String.UnicodeScalarView.Iterator) {
        guard let kind = it.next() else { return }
        switch kind {
        case "[":
            while let s = it.next(), !(0x40...0x7E).contains(s.value) {}
        case "]", "P", "_", "^", "X":  // OSC and the string sequences (sixel, kitty images): to BEL or ST
            while let s = it.next() {
                if s == "\u{07}" { return }
                if s == "\u{1B}" { _ = it.next(); return }
            }
        default:
            return  // a two-character sequence such as ESC 7
        }
    }
}
