import Terminal

/// How a heatmap maps values to colours: data with both signs use the diverging
/// map centred at 0 (position v / max|v| ∈ [−1, 1]); otherwise the sequential map
/// (position (v − lo)/(hi − lo) ∈ [0, 1]).
struct HeatmapScale {
    let lo: Double
    let hi: Double
    let diverging: Bool
    let maxAbs: Double

    init(_ e: Extent) {
        lo = e.isEmpty ? 0 : e.lo
        hi = e.isEmpty ? 1 : e.hi
        diverging = lo < 0 && hi > 0
        maxAbs = Swift.max(abs(lo), abs(hi))
    }

    func position(_ v: Double) -> Double {
        if diverging { return v / maxAbs }
        return hi == lo ? 0.5 : (v - lo) / (hi - lo)
    }

    func color(_ v: Double) -> TerminalColor {
        diverging ? Palette.diverging(position(v)) : Palette.sequential(position(v))
    }

    /// The five values a colour key shows, largest first.
    var keyValues: [Double] {
        diverging
            ? [maxAbs, maxAbs / 2, 0, -maxAbs / 2, -maxAbs] : (0..<5).map { hi - (hi - lo) * Double($0) / 4 }
    }
}

/// Draws a heatmap. Every matrix entry takes a whole number of cells. When
/// the numbers fit, each entry shows its value (on its colour, or after a
/// shade glyph without colour); otherwise colour uses half blocks (`▀`, two
/// entries per cell row when small) and plain output a shade ramp
/// (`░▒▓█`, with a sign column for diverging data). Data with both signs
/// use a diverging scale centred at 0; a key on the right (or below) maps
/// shades or colours to values. Rows and columns are numbered 1, 2, … unless
/// labelled. `options.width` is the width of the matrix area in columns
/// (cells are widened or narrowed to it, within the context width); a
/// `ylabel` takes the first line, an `xlabel` the last; the title is placed by
/// `Plot.render` over the returned `titleArea` (the matrix columns).
/// `showsNumbers` tells whether every entry's value is printed in its cell.
func renderHeatmap(_ heatmap: Heatmap, options: PlotOptions, context: TerminalContext) -> (
    lines: [String], summary: String, titleArea: Range<Int>, showsNumbers: Bool
) {
    let ascii = context.ascii
    let colored = context.colorMode != .none
    func text(_ s: String) -> String { ascii ? asciiFolded(s) : s }
    let m = heatmap.rows.count
    let n = heatmap.rows.reduce(0) { Swift.max($0, $1.count) }
    func value(_ i: Int, _ j: Int) -> Double { j < heatmap.rows[i].count ? heatmap.rows[i][j] : .nan }
    var e = Extent()
    var argmin = (0, 0)
    var argmax = (0, 0)
    for i in 0..<m {
        for j in 0..<n {
            let v = value(i, j)
            guard v.isFinite else { continue }
            if v < e.lo { argmin = (i, j) }
            if v > e.hi { argmax = (i, j) }
            e.include(v)
        }
    }
    let scale = HeatmapScale(e)
    let (lo, hi, diverging, maxAbs) = (scale.lo, scale.hi, scale.diverging, scale.maxAbs)
    func position(_ v: Double) -> Double { scale.position(v) }
    func color(_ v: Double) -> TerminalColor { scale.color(v) }
    let ramp = ascii ? Palette.shadesASCII : Palette.shades
    func shade(_ v: Double) -> Unicode.Scalar {
        guard v.isFinite else { return " " }
        let t = abs(position(v))
        return ramp[1 + Swift.min(3, Int(t * 4))]
    }
    // Value labels with a common number of decimals (3 significant digits of the largest).
    let decimals = maxAbs == 0 ? 0 : Swift.max(0, Swift.min(4, 2 - Int(floor(log10(maxAbs)))))
    func format(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "" : formatFixed(v, decimals: 0, ascii: ascii) }
        return maxAbs >= 1e5
            ? formatSignificant(v, digits: 3, ascii: ascii) : formatFixed(v, decimals: decimals, ascii: ascii)
    }
    var valueWidth = 1
    for i in 0..<m {
        for j in 0..<n { valueWidth = Swift.max(valueWidth, displayWidth(format(value(i, j)))) }
    }
    let rowLabels = (0..<m).map { i in
        text(heatmap.rowLabels.flatMap { i < $0.count ? $0[i] : nil } ?? String(i + 1))
    }
    let columnLabels = (0..<n).map { j in
        text(heatmap.columnLabels.flatMap { j < $0.count ? $0[j] : nil } ?? String(j + 1))
    }
    let rowLabelWidth = rowLabels.reduce(0) { Swift.max($0, displayWidth($1)) }

    // The key: five values with their colours, or without colour each shade with its range.
    let dots = ascii ? ".." : "…"
    var keySamples: [(sample: String, colorValue: Double?, label: String)] = []
    if colored {
        keySamples = scale.keyValues.map {
            (
                String(repeating: Character(ascii ? "#" : "█"), count: 2), $0,
                formatSignificant($0, digits: 3, ascii: ascii)
            )
        }
    } else {
        let top = diverging ? maxAbs : hi
        let bottom = diverging ? 0 : lo
        for k in stride(from: 3, through: 0, by: -1) {
            let a = formatSignificant(bottom + (top - bottom) * Double(k) / 4, digits: 2, ascii: ascii)
            let b = formatSignificant(bottom + (top - bottom) * Double(k + 1) / 4, digits: 2, ascii: ascii)
            let g = Character(ramp[k + 1])
            keySamples.append(("\(g)\(g)", nil, diverging ? "|v| \(a)\(dots)\(b)" : "\(a)\(dots)\(b)"))
        }
        if diverging {
            keySamples.append(((ascii ? "-" : "−") + String(Character(ramp[2])), nil, "negative"))
        }
    }
    let keyWidth =
        2 + keySamples.reduce(0) { Swift.max($0, displayWidth($1.sample) + 1 + displayWidth($1.label)) }

    // Choose the cell layout: numbers when they fit (at most 40 rows), else
    // half blocks (colour) or shades, up to 4 columns a cell unless a width is given.
    enum Layout { case numbers, halfBlocks, shades }
    let numberCell = valueWidth + (colored ? 2 : 3)
    let room = context.width - rowLabelWidth - 1 - keyWidth
    let roomNoKey = Swift.max(1, context.width - rowLabelWidth - 1)
    let requested = options.width.map { Swift.min($0, roomNoKey) }
    var layout: Layout
    var cellWidth: Int
    if n * numberCell <= (requested ?? room) && m <= 40 {
        layout = .numbers
        cellWidth = requested.map { Swift.max(numberCell, $0 / Swift.max(1, n)) } ?? numberCell
    } else {
        layout = colored ? .halfBlocks : .shades
        let minimum = !colored && diverging ? 2 : 1
        let fit = (requested ?? Swift.min(4 * n, Swift.max(room, 1))) / Swift.max(1, n)
        cellWidth = Swift.max(minimum, fit)
    }
    if case .numbers = layout, diverging, !colored { keySamples.removeLast() }  // the numbers carry the sign
    // In a widened number cell the content (shade, value) sits in the middle.
    let leading = layout == .numbers ? (cellWidth - numberCell + 1) / 2 : 0
    let contentWidth = cellWidth - leading
    var matrixRows: Int
    switch layout {
    case .numbers, .shades: matrixRows = m
    case .halfBlocks: matrixRows = (m * cellWidth + 1) / 2
    }
    let matrixWidth = n * cellWidth
    let keyBeside =
        rowLabelWidth + 1 + matrixWidth + keyWidth <= context.width && matrixRows >= keySamples.count
    // Column labels: every k-th so that labels fit their slots.
    let columnLabelWidth = columnLabels.reduce(0) { Swift.max($0, displayWidth($1)) }
    let every = Swift.max(1, Int((Double(columnLabelWidth + 1) / Double(cellWidth)).rounded(.up)))
    // Below the matrix the key flows into as many lines as it needs.
    var keyLines: [[Int]] = []
    let flowWidth = Swift.min(context.width, Swift.max(rowLabelWidth + 1 + matrixWidth, 40))
    if !keyBeside {
        keyLines = flowLines(
            widths: keySamples.map { displayWidth($0.sample) + 1 + displayWidth($0.label) }, gap: 2,
            width: flowWidth)
    }
    let keyRows = keyLines.count
    let totalWidth = Swift.min(
        context.width, keyBeside ? rowLabelWidth + 1 + matrixWidth + keyWidth : flowWidth)
    let ylabel = labelLines(options.ylabel.map(text), width: totalWidth)
    let xlabel = labelLines(options.xlabel.map(text), width: totalWidth)
    let headerRows = ylabel.count
    var grid = TextGrid(
        width: totalWidth, height: headerRows + 1 + matrixRows + keyRows + xlabel.count)
    for (k, line) in ylabel.enumerated() { grid.put(line, row: k, column: 0) }
    let left = rowLabelWidth + 1
    let labelRow = headerRows
    for j in stride(from: 0, to: n, by: every) {
        let l = columnLabels[j]
        let w = displayWidth(l)
        let c = left + j * cellWidth + leading + Swift.max(0, (contentWidth - w + 1) / 2)
        grid.put(l, row: labelRow, column: c, style: grid.styleIndex(TextStyle(foreground: Palette.muted)))
    }
    let top = labelRow + 1
    /// A row label, right-aligned before the matrix.
    func putRowLabel(_ label: String, row: Int) {
        grid.put(
            label, row: row, column: rowLabelWidth - displayWidth(label),
            style: grid.styleIndex(TextStyle(foreground: Palette.muted)))
    }
    switch layout {
    case .numbers:
        for i in 0..<m {
            putRowLabel(rowLabels[i], row: top + i)
            for j in 0..<n {
                let v = value(i, j)
                let s = format(v)
                let c = left + j * cellWidth + leading
                if colored && v.isFinite {
                    let bg = color(v)
                    let style = grid.styleIndex(
                        TextStyle(foreground: Palette.textColor(on: bg), background: bg))
                    let cell =
                        String(repeating: " ", count: leading) + " " + s.leftPadded(toWidth: valueWidth)
                    grid.put(cell.padded(toWidth: cellWidth), row: top + i, column: c - leading, style: style)
                } else {
                    grid.set(row: top + i, column: c, shade(v))
                    grid.put(s.leftPadded(toWidth: valueWidth), row: top + i, column: c + 2)
                }
            }
        }
    case .halfBlocks:
        let s = cellWidth
        // Half-row h shows matrix row h / s; cell row r shows half-rows 2r (top) and 2r+1 (bottom).
        for r in 0..<matrixRows {
            let upper = (2 * r) / s
            let lower = (2 * r + 1) / s
            if (2 * r) % s == 0 || r == 0 {
                putRowLabel(rowLabels[upper], row: top + r)
            }
            for j in 0..<n {
                let a = value(upper, j)
                let b = lower < m ? value(lower, j) : .nan
                var style = TextStyle()
                if a.isFinite { style.foreground = color(a) }
                if b.isFinite { style.background = color(b) }
                let glyph: Unicode.Scalar = a.isFinite ? "▀" : (b.isFinite ? "▄" : " ")
                if !a.isFinite && b.isFinite { style = TextStyle(foreground: color(b)) }
                let index = grid.styleIndex(style)
                for k in 0..<s { grid.set(row: top + r, column: left + j * s + k, glyph, style: index) }
            }
        }
    case .shades:
        let s = cellWidth
        for i in 0..<m {
            putRowLabel(rowLabels[i], row: top + i)
            for j in 0..<n {
                let v = value(i, j)
                let c = left + j * s
                let style = colored ? grid.styleIndex(TextStyle(foreground: v.isFinite ? color(v) : nil)) : 0
                for k in 0..<s { grid.set(row: top + i, column: c + k, shade(v), style: style) }
                if diverging && s >= 2 && v.isFinite && v != 0 {
                    grid.set(row: top + i, column: c, v < 0 ? (ascii ? "-" : "−") : "+", style: style)
                }
            }
        }
    }
    // Key.
    func keyStyle(_ value: Double?) -> UInt8 {
        guard let value else { return 0 }
        return grid.styleIndex(TextStyle(foreground: color(value)))
    }
    if keyBeside {
        let c = left + matrixWidth + 2
        for (k, entry) in keySamples.enumerated() {
            let used = grid.put(entry.sample, row: top + k, column: c, style: keyStyle(entry.colorValue))
            grid.put(entry.label, row: top + k, column: c + used + 1)
        }
    } else {
        for (line, indices) in keyLines.enumerated() {
            var c = 0
            for k in indices {
                let entry = keySamples[k]
                c += grid.put(
                    entry.sample, row: top + matrixRows + line, column: c, style: keyStyle(entry.colorValue))
                c += grid.put(" " + entry.label + "  ", row: top + matrixRows + line, column: c)
            }
        }
    }
    grid.putCentred(xlabel, row: grid.height - xlabel.count, over: left..<(left + matrixWidth))
    var summary = "\(m)×\(n) matrix"
    if ascii { summary = "\(m)x\(n) matrix" }
    if !e.isEmpty {
        summary +=
            ", values \(formatSignificant(lo, digits: 3, ascii: ascii))\(dots)\(formatSignificant(hi, digits: 3, ascii: ascii))"
            + "; min at (\(rowLabels[argmin.0]), \(columnLabels[argmin.1]))"
            + ", max at (\(rowLabels[argmax.0]), \(columnLabels[argmax.1]))"
        if diverging { summary += "; scale centred at 0" }
    }
    return (grid.render(context.colorMode), summary, left..<(left + matrixWidth), layout == .numbers)
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
