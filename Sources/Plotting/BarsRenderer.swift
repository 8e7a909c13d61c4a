import Terminal

/// A histogram as bars: `bins` equal bins on nice edges covering the finite
/// values (default ⌈log₂ n⌉ + 1, Sturges), each labelled `[a, b)` (the last `[a, b]`).
func makeHistogram(_ values: [Double], bins: Int?, ascii: Bool) -> BarChart {
    let finite = values.filter(\.isFinite)
    guard let lo = finite.min(), let hi = finite.max() else {
        return BarChart(values: [], labels: [], orientation: .horizontal, binEdges: [])
    }
    let count = max(1, min(200, bins ?? Int((log2(Double(max(1, finite.count)))).rounded(.up)) + 1))
    var edges: [Double]
    if hi == lo {
        edges = [lo - 0.5, lo + 0.5]
    } else if bins == nil, let nice = niceEdges(lo, hi, count: count) {
        edges = nice
    } else {
        edges = (0...count).map { k in k == count ? hi : interpolate(lo, hi, step: k, of: count) }
        // Subnormal values a few ulps apart have fewer distinct edges than bins: a bin of zero
        // width would be labelled [a, a) and hold nothing.
        edges = edges.enumerated().filter { $0.offset == 0 || $0.element > edges[$0.offset - 1] }.map(
            \.element)
    }
    let binCount = edges.count - 1
    var counts = [Double](repeating: 0, count: binCount)
    for v in finite {
        // The first guess, clamped before it is an Int (a span of ±1e308 or 1e-323 makes it
        // ±∞ or NaN); the loops below settle the bin on the edges themselves.
        let guess = ((v - edges[0]) / (edges[binCount] - edges[0]) * Double(binCount)).rounded(.down)
        var b = guess.isNaN ? 0 : Int(min(Double(binCount - 1), max(0, guess)))
        // Guard against rounding at an edge.
        while b > 0 && v < edges[b] { b -= 1 }
        while b < binCount - 1 && v >= edges[b + 1] { b += 1 }
        counts[b] += 1
    }
    let edgeLabels = linearTickLabels(edges, ascii: ascii)
    let labels = (0..<binCount).map {
        "[\(edgeLabels[$0]), \(edgeLabels[$0 + 1])\($0 == binCount - 1 ? "]" : ")")"
    }
    return BarChart(values: counts, labels: labels, orientation: .horizontal, binEdges: edges)
}

/// Draws a bar chart. Bars grow from zero with 1/8-cell partial blocks
/// (`▏▎▍▌▋▊▉█` horizontally, `▁▂▃▄▅▆▇█` vertically); toward negative values
/// the glyph set only has halves (`▐`, `▀`), so those ends are rounded to half cells.
/// A `ylabel` takes the first line, an `xlabel` the last; the title is placed
/// by `Plot.render` over the returned `titleArea` (the bars' columns).
func renderBars(_ chart: BarChart, options: PlotOptions, context: TerminalContext) -> (
    lines: [String], summary: String, titleArea: Range<Int>
) {
    let ascii = context.ascii
    func text(_ s: String) -> String { ascii ? asciiFolded(s) : s }
    var chart = chart
    if chart.binEdges != nil && ascii {  // histogram labels were made with Unicode minus signs
        chart.labels = chart.labels.map(asciiFolded)
    }
    let values = chart.values
    let labels = values.indices.map { $0 < chart.labels.count ? text(chart.labels[$0]) : String($0 + 1) }
    let barStyle = TextStyle(foreground: Palette.seriesColor(0, mode: context.colorMode))
    let negativeStyle = TextStyle(foreground: Palette.seriesColor(1, mode: context.colorMode))
    let mutedStyle = TextStyle(foreground: Palette.muted)
    let finite = values.filter(\.isFinite)
    let lo = Swift.min(0, finite.min() ?? 0)
    let hi = Swift.max(0, finite.max() ?? 0)
    let span = hi - lo == 0 ? 1 : hi - lo
    /// `x / span` for a magnitude x ≤ span, finite even when `hi − lo` overflows (bars of
    /// ±1e308): then both are halved first. Geometry multiplies this share, never `x` itself.
    func share(_ x: Double) -> Double { span.isFinite ? x / span : (x * 0.5) / (hi * 0.5 - lo * 0.5) }
    let valueLabels = values.map { formatSignificant($0, digits: 4, ascii: ascii) }
    var lines: [String] = []
    var titleArea = 0..<0
    if chart.orientation == .horizontal {
        let labelWidth = labels.reduce(0) { Swift.max($0, displayWidth($1)) }
        let valueWidth = valueLabels.reduce(0) { Swift.max($0, displayWidth($1)) }
        let available = context.width - labelWidth - 2 - 1 - valueWidth
        let width = Swift.max(4, Swift.min(options.width ?? 40, available))
        let totalWidth = labelWidth + 2 + width + 1 + valueWidth
        let ylabel = labelLines(options.ylabel.map(text), width: totalWidth)
        let xlabel = labelLines(options.xlabel.map(text), width: totalWidth)
        let extraRows = ylabel.count + xlabel.count
        var grid = TextGrid(width: totalWidth, height: values.count + extraRows)
        let positive = grid.styleIndex(barStyle)
        let negative = grid.styleIndex(negativeStyle)
        let frame = grid.styleIndex(mutedStyle)
        for (k, line) in ylabel.enumerated() { grid.put(line, row: k, column: 0) }
        let r = ylabel.count
        titleArea = (labelWidth + 2)..<(labelWidth + 2 + width)
        // Zero sits at a cell boundary: `zero` whole cells are left of it.
        let zero = Int((Double(width) * share(-lo)).rounded())
        let eighths: [Unicode.Scalar] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
        let full: Unicode.Scalar = ascii ? "#" : "█"
        for (i, v) in values.enumerated() {
            let row = r + i
            grid.put(labels[i], row: row, column: labelWidth - displayWidth(labels[i]))
            grid.set(row: row, column: labelWidth + 1, ascii ? "|" : "┤", style: frame)
            let left = labelWidth + 2
            if v.isFinite && v != 0 {
                let cells = share(abs(v)) * Double(width)
                if v > 0 {
                    let units = Int((cells * 8).rounded())
                    let whole = Swift.min(width - zero, units / 8)
                    for c in 0..<whole { grid.set(row: row, column: left + zero + c, full, style: positive) }
                    if units % 8 > 0 && whole < width - zero {
                        grid.set(
                            row: row, column: left + zero + whole,
                            ascii ? (units % 8 >= 4 ? "#" : "=") : eighths[units % 8 - 1], style: positive)
                    }
                } else {
                    let halves = Int((cells * 2).rounded())
                    let whole = Swift.min(zero, halves / 2)
                    for c in 0..<whole {
                        grid.set(row: row, column: left + zero - 1 - c, full, style: negative)
                    }
                    if halves % 2 == 1 && whole < zero {
                        grid.set(
                            row: row, column: left + zero - 1 - whole, ascii ? "=" : "▐", style: negative)
                    }
                }
            }
            if lo < 0 && grid.scalar(row: row, column: left + zero) == " " && zero < width {
                grid.set(row: row, column: left + zero, ascii ? ":" : "┆", style: frame)
            }
            let vl = valueLabels[i]
            grid.put(vl, row: row, column: totalWidth - displayWidth(vl))
        }
        grid.putCentred(xlabel, row: r + values.count, over: (labelWidth + 2)..<(labelWidth + 2 + width))
        lines = grid.render(context.colorMode)
    } else {
        // Vertical: y axis on the left, one column group per bar.
        let height = Swift.max(3, Swift.min(100, options.height ?? 12))
        let ticks = makeTicks(
            lo, hi, scale: .linear, target: Swift.max(2, (height + 2) / 4 + 1), ascii: ascii)
        let tickWidth = ticks.labels.reduce(0) { Swift.max($0, displayWidth($1)) }
        let available = context.width - tickWidth - 2
        let n = Swift.max(1, values.count)
        let labelWidth = labels.reduce(0) { Swift.max($0, displayWidth($1)) }
        var barWidth = Swift.max(1, Swift.min(8, (available / n) - 1))
        // A given width sets the bars' columns (each bar one column narrower than its slot).
        if let w = options.width { barWidth = Swift.max(1, Swift.min(available / n - 1, w / n - 1)) }
        let slot = barWidth + 1
        let width = slot * n
        let showLabels = labelWidth <= slot - 1 || labelWidth <= barWidth
        let totalWidth = tickWidth + 2 + width
        let ylabel = labelLines(options.ylabel.map(text), width: totalWidth)
        let xlabel = labelLines(options.xlabel.map(text), width: totalWidth)
        let headerRows = ylabel.count
        var grid = TextGrid(width: totalWidth, height: headerRows + height + 2 + xlabel.count)
        let positive = grid.styleIndex(barStyle)
        let negative = grid.styleIndex(negativeStyle)
        let frame = grid.styleIndex(mutedStyle)
        for (k, line) in ylabel.enumerated() { grid.put(line, row: k, column: 0) }
        titleArea = (tickWidth + 2)..<(tickWidth + 2 + width)
        let top = headerRows
        // Zero sits at a cell boundary: `zeroRow` rows are above it.
        let zeroRow = Int((Double(height) * share(hi)).rounded())
        /// The row holding value v, measured from the zero boundary (v = 0 names the row just above it).
        func rowOf(_ v: Double) -> Int {
            Swift.min(
                height - 1,
                Swift.max(0, Int((Double(zeroRow) - share(v) * Double(height) - 1e-9).rounded(.down))))
        }
        for (v, t) in zip(ticks.values, ticks.labels) {
            let r = top + rowOf(v)
            grid.put(t, row: r, column: tickWidth - displayWidth(t))
        }
        for r in 0..<height { grid.set(row: top + r, column: tickWidth + 1, ascii ? "|" : "│", style: frame) }
        for v in ticks.values {
            grid.set(row: top + rowOf(v), column: tickWidth + 1, ascii ? "+" : "┤", style: frame)
        }
        let eighths: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let full: Unicode.Scalar = ascii ? "#" : "█"
        let left = tickWidth + 2
        for (i, v) in values.enumerated() where v.isFinite && v != 0 {
            let cells = share(abs(v)) * Double(height)
            let c0 = left + i * slot + 1
            for c in c0..<(c0 + barWidth) {
                if v > 0 {
                    let units = Int((cells * 8).rounded())
                    let whole = Swift.min(zeroRow, units / 8)
                    for k in 0..<whole {
                        grid.set(row: top + zeroRow - 1 - k, column: c, full, style: positive)
                    }
                    if units % 8 > 0 && whole < zeroRow {
                        grid.set(
                            row: top + zeroRow - 1 - whole, column: c,
                            ascii ? (units % 8 >= 4 ? "#" : "_") : eighths[units % 8 - 1], style: positive)
                    }
                } else {
                    let halves = Int((cells * 2).rounded())
                    let whole = Swift.min(height - zeroRow, halves / 2)
                    for k in 0..<whole { grid.set(row: top + zeroRow + k, column: c, full, style: negative) }
                    if halves % 2 == 1 && whole < height - zeroRow {
                        grid.set(row: top + zeroRow + whole, column: c, ascii ? "=" : "▀", style: negative)
                    }
                }
            }
        }
        // Baseline under the bars, labels under the baseline.
        let base = top + height
        grid.set(row: base, column: tickWidth + 1, ascii ? "+" : "└", style: frame)
        for c in left..<(left + width) { grid.set(row: base, column: c, ascii ? "-" : "─", style: frame) }
        for (i, l) in labels.enumerated() {
            let shown =
                showLabels
                ? l
                : (i % Swift.max(1, (displayWidth(String(n)) + 1 + slot - 1) / slot) == 0
                    ? String(i + 1) : "")
            let c0 = left + i * slot + 1
            grid.put(shown, row: base + 1, column: c0 + Swift.max(0, (barWidth - displayWidth(shown)) / 2))
        }
        grid.putCentred(xlabel, row: base + 2, over: left..<(left + width))
        lines = grid.render(context.colorMode)
    }
    // Summary.
    var summary = ""
    if let edges = chart.binEdges {
        let total = values.reduce(0, +)
        let dots = ascii ? ".." : "…"
        if let first = edges.first, let last = edges.last {
            let modeIndex = values.indices.max { values[$0] < values[$1] } ?? 0
            summary =
                "histogram of \(Int(total)) values in \(values.count) bin\(values.count == 1 ? "" : "s") \(formatSignificant(first, digits: 4, ascii: ascii))\(dots)\(formatSignificant(last, digits: 4, ascii: ascii)); "
                + "largest bin \(labels.isEmpty ? "" : labels[modeIndex]) with \(valueLabels.isEmpty ? "0" : valueLabels[modeIndex])"
        }
    } else if let minIndex = values.indices.filter({ values[$0].isFinite }).min(by: {
        values[$0] < values[$1]
    }),
        let maxIndex = values.indices.filter({ values[$0].isFinite }).max(by: { values[$0] < values[$1] })
    {
        summary =
            "\(values.count) bars; min \(valueLabels[minIndex]) (\(labels[minIndex])), max \(valueLabels[maxIndex]) (\(labels[maxIndex]))"
    }
    return (lines, summary, titleArea)
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Nice histogram edges: a round step near (hi − lo)/count, starting at a multiple of it;
/// nil when there is none to find (a span that overflows, or too small for a normal step).
func niceEdges(_ lo: Double, _ hi: Double, count: Int) -> [Double]? {
    let raw = (hi - lo) / Double(count)
    guard raw.isNormal, raw.isFinite else { return nil }
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    let start = floor(lo / step) * step
    let bins = ((hi - start) / step).rounded(.down)
    guard step.isFinite, step > 0, start.isFinite, bins.isFinite, bins <= 1000 else { return nil }
    let n = max(1, Int(bins) + 1)
    var edges = (0...n).map { start + Double($0) * step }
    guard edges.allSatisfy(\.isFinite) else { return nil }
    if let last = edges.last, edges.count > 2, edges[edges.count - 2] >= hi, last > hi {
        edges.removeLast()
    }
    return edges
}
