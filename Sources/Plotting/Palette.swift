import Terminal

/// Colours, dash patterns and markers that tell series apart.
enum Palette {
    /// Series colours: the Okabe–Ito palette (Okabe & Ito 2008), ordered so that no two
    /// early series are a red–green pair, which one reader in twelve cannot tell apart
    /// (blue, orange, bluish green, vermillion, reddish purple, sky blue).
    static let series: [TerminalColor] = [
        .rgb(0, 114, 178), .rgb(230, 159, 0), .rgb(0, 158, 115), .rgb(213, 94, 0),
        .rgb(204, 121, 167), .rgb(86, 180, 233),
    ]
    /// What the series colours become with only 16 colours (blue, yellow, cyan, red, magenta, green).
    static let series16: [TerminalColor] = [.ansi(12), .ansi(11), .ansi(14), .ansi(9), .ansi(13), .ansi(10)]

    static func seriesColor(_ index: Int, mode: ColorMode) -> TerminalColor {
        mode == .ansi16 ? series16[index % series16.count] : series[index % series.count]
    }

    /// Line styles used when there is no colour: solid, dashed, dotted, dash-dot.
    static let dashes: [DashPattern] = [.solid, .dashed, .dotted, .dashDot]
    /// Legend samples for those dashes.
    static let dashSamples = ["───", "─ ─", "···", "─·─"]
    static let dashSamplesASCII = ["---", "- -", "...", "-.-"]

    /// Scatter markers, one per series.
    static let markers: [Unicode.Scalar] = ["●", "○", "■", "□", "▲", "△", "◆", "◇", "✚", "✖"]
    static let markersASCII: [Unicode.Scalar] = ["o", "x", "+", "*", "#", "@", "%", "&", "$", "="]

    static let muted = TerminalColor.rgb(128, 128, 128)

    /// Sequential map (viridis anchors), t in [0, 1].
    static func sequential(_ t: Double) -> TerminalColor {
        interpolate(
            [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)], t)
    }

    /// Diverging map centred at 0 (cool–warm), t in [−1, 1].
    static func diverging(_ t: Double) -> TerminalColor {
        interpolate(
            [(59, 76, 192), (141, 176, 254), (221, 221, 221), (244, 154, 123), (180, 4, 38)], (t + 1) / 2)
    }

    private static func interpolate(_ anchors: [(Double, Double, Double)], _ t: Double) -> TerminalColor {
        let t = Swift.min(1, Swift.max(0, t.isFinite ? t : 0))
        let position = t * Double(anchors.count - 1)
        let i = Swift.min(anchors.count - 2, Int(position))
        let f = position - Double(i)
        let a = anchors[i]
        let b = anchors[i + 1]
        func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8((x + (y - x) * f).rounded()) }
        return .rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Black or white, whichever reads better on `background`.
    static func textColor(on background: TerminalColor) -> TerminalColor {
        let (r, g, b) = background.rgbValue
        let luminance = 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)
        return luminance > 140 ? .rgb(0, 0, 0) : .rgb(255, 255, 255)
    }

    /// Shade ramps from light to dark.
    static let shades: [Unicode.Scalar] = [" ", "░", "▒", "▓", "█"]
    static let shadesASCII: [Unicode.Scalar] = [" ", ".", ":", "+", "#"]
}
