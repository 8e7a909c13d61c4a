import Terminal

/// A heatmap as pixels: each entry a block of one colour (the scale of the text
/// heatmap), row labels on the left, column labels above, a colour key on the
/// right (or below). Nil when the text heatmap prints every value in its cell —
/// the numbers are the point there — or when it does not fit.
func rasterHeatmap(_ heatmap: Heatmap, options: PlotOptions, context: TerminalContext, cell: PixelSize)
    -> RasterDrawing?
{
    // The text heatmap decides whether numbers fit and gives the summary (colour plays no part in either).
    var plain = context
    plain.colorMode = .none
    let text = renderHeatmap(heatmap, options: options, context: plain)
    guard !text.showsNumbers else { return nil }
    let m = heatmap.rows.count
    let n = heatmap.rows.reduce(0) { Swift.max($0, $1.count) }
    guard m > 0, n > 0 else { return nil }
    func value(_ i: Int, _ j: Int) -> Double { j < heatmap.rows[i].count ? heatmap.rows[i][j] : .nan }
    var e = Extent()
    for i in 0..<m { for j in 0..<n where value(i, j).isFinite { e.include(value(i, j)) } }
    let scale = HeatmapScale(e)
    let rowLabels = (0..<m).map { i in
        heatmap.rowLabels.flatMap { i < $0.count ? $0[i] : nil } ?? String(i + 1)
    }
    let columnLabels = (0..<n).map { j in
        heatmap.columnLabels.flatMap { j < $0.count ? $0[j] : nil } ?? String(j + 1)
    }
    let rowLabelWidth = rowLabels.reduce(0) { Swift.max($0, displayWidth($1)) }
    let key: [LegendPieces] = scale.keyValues.map {
        [
            ("██", TextStyle(foreground: scale.color($0))),
            (" " + formatSignificant($0, digits: 3, ascii: false), .plain),
        ]
    }
    let keyWidth = 2 + key.reduce(0) { Swift.max($0, piecesWidth($1)) }
    let keyBeside = context.width - rowLabelWidth - 1 - keyWidth >= 20
    let available = context.width - rowLabelWidth - 1 - (keyBeside ? keyWidth : 0)
    var columns = Swift.min(options.width ?? defaultCanvasWidth(windowWidth: context.width), available)
    // Whole cells per entry when there is room, so the labels sit exactly on their entries.
    if columns >= n { columns = columns / n * n }
    guard columns >= 4 else { return nil }
    let ylabel = labelLines(options.ylabel, width: context.width)
    let xlabel = labelLines(options.xlabel, width: context.width)
    let keyLines = keyBeside ? [] : flowLegend(key, width: context.width)
    let otherLines = (options.title == nil ? 0 : 1) + ylabel.count + 1 + xlabel.count + keyLines.count + 2
    let maxRows = (context.height ?? 24) - 1 - otherLines
    // Square entries when they fit.
    let natural = Int((Double(columns * cell.width) / Double(n) * Double(m) / Double(cell.height)).rounded())
    var rows = Swift.min(maxRows, Swift.max(keyBeside ? key.count : 1, Swift.max(2, natural)))
    if rows >= m {
        rows = Swift.min(maxRows / m, Swift.max(1, Int((Double(natural) / Double(m)).rounded()))) * m
    }
    guard rows >= 2 else { return nil }
    let pw = columns * cell.width
    let ph = rows * cell.height
    var canvas = RasterCanvas(width: pw, height: ph)
    var colors: [[RGBA?]] = []
    for i in 0..<m {
        colors.append((0..<n).map { j in value(i, j).isFinite ? scale.color(value(i, j)).pixel : nil })
    }
    for y in 0..<ph {
        let i = Swift.min(m - 1, y * m / ph)
        for x in 0..<pw {
            if let c = colors[i][Swift.min(n - 1, x * n / pw)] { canvas.blend(x, y, c, coverage: 1) }
        }
    }

    let imageColumn = rowLabelWidth + 1
    let totalWidth = Swift.min(context.width, imageColumn + columns + (keyBeside ? keyWidth : 0))
    var grid = TextGrid(width: totalWidth, height: ylabel.count + 1 + rows + keyLines.count + xlabel.count)
    for (k, line) in ylabel.enumerated() { grid.put(line, row: k, column: 0) }
    let mutedStyle = grid.styleIndex(TextStyle(foreground: Palette.muted))
    let labelRow = ylabel.count
    var nextFree = imageColumn
    for j in 0..<n {
        let w = displayWidth(columnLabels[j])
        let centre = imageColumn + Int((Double(j) + 0.5) * Double(columns) / Double(n))
        let c = centre - w / 2
        guard c >= nextFree, c + w <= totalWidth else { continue }
        grid.put(columnLabels[j], row: labelRow, column: c, style: mutedStyle)
        nextFree = c + w + 1
    }
    let top = labelRow + 1
    var usedRows = Set<Int>()
    for i in 0..<m {
        let r = Int((Double(i) + 0.5) * Double(rows) / Double(m))
        guard r < rows, !usedRows.contains(r) else { continue }
        usedRows.insert(r)
        grid.put(
            rowLabels[i], row: top + r, column: rowLabelWidth - displayWidth(rowLabels[i]), style: mutedStyle)
    }
    let r = grid.putLegend(
        key, beside: keyBeside, lines: keyLines, top: top, rows: rows, column: imageColumn + columns + 2,
        below: top + rows)
    grid.putCentred(xlabel, row: r, over: imageColumn..<(imageColumn + columns))
    return RasterDrawing(
        lines: grid.render(context.colorMode), summary: text.summary,
        area: imageColumn..<(imageColumn + columns),
        image: canvas, imageRow: top, imageColumn: imageColumn, columns: columns, rows: rows)
}

/// Bars and histograms as pixels: one bar per cell row (horizontal: labels left,
/// values right) or per column slot (vertical: y ticks left, labels below), from a
/// zero line; positive bars in the first series colour, negative in the second.
func rasterBars(_ chart: BarChart, options: PlotOptions, context: TerminalContext, cell: PixelSize)
    -> RasterDrawing?
{
    let summary = renderBars(chart, options: options, context: context).summary
    let values = chart.values
    guard !values.isEmpty else { return nil }
    let labels = values.indices.map { $0 < chart.labels.count ? chart.labels[$0] : String($0 + 1) }
    let finite = values.filter(\.isFinite)
    let lo = Swift.min(0, finite.min() ?? 0)
    let hi = Swift.max(0, finite.max() ?? 0)
    let span = hi - lo == 0 ? 1 : hi - lo
    let positive = Palette.series[0].pixel
    let negative = Palette.series[1].pixel
    let ylabel = labelLines(options.ylabel, width: context.width)
    let xlabel = labelLines(options.xlabel, width: context.width)
    let extra = (options.title == nil ? 0 : 1) + ylabel.count + xlabel.count + 2
    let maxRows = (context.height ?? 24) - 1 - extra
    if chart.orientation == .horizontal {
        let valueLabels = values.map { formatSignificant($0, digits: 4, ascii: false) }
        let labelWidth = labels.reduce(0) { Swift.max($0, displayWidth($1)) }
        let valueWidth = valueLabels.reduce(0) { Swift.max($0, displayWidth($1)) }
        let columns = Swift.min(options.width ?? 40, context.width - labelWidth - 1 - 1 - valueWidth)
        let rows = values.count
        guard columns >= 4, rows <= maxRows else { return nil }
        let pw = columns * cell.width
        let ph = rows * cell.height
        var canvas = RasterCanvas(width: pw, height: ph)
        func px(_ v: Double) -> Double { 1 + (v - lo) / span * Double(pw - 2) }
        let gap = Double(cell.height) * 0.15
        for (i, v) in values.enumerated() where v.isFinite && v != 0 {
            canvas.fillRect(
                x0: px(Swift.min(0, v)), y0: Double(i * cell.height) + gap, x1: px(Swift.max(0, v)),
                y1: Double((i + 1) * cell.height) - gap, v > 0 ? positive : negative)
        }
        canvas.polyline(xs: [px(0), px(0)], ys: [0, Double(ph)], RasterInk.frame, lineWidth: 1)
        let imageColumn = labelWidth + 1
        let totalWidth = imageColumn + columns + 1 + valueWidth
        var grid = TextGrid(width: totalWidth, height: ylabel.count + rows + xlabel.count)
        for (k, line) in ylabel.enumerated() { grid.put(line, row: k, column: 0) }
        let top = ylabel.count
        for i in 0..<rows {
            grid.put(labels[i], row: top + i, column: labelWidth - displayWidth(labels[i]))
            grid.put(valueLabels[i], row: top + i, column: totalWidth - displayWidth(valueLabels[i]))
        }
        grid.putCentred(xlabel, row: top + rows, over: imageColumn..<(imageColumn + columns))
        return RasterDrawing(
            lines: grid.render(context.colorMode), summary: summary,
            area: imageColumn..<(imageColumn + columns),
            image: canvas, imageRow: top, imageColumn: imageColumn, columns: columns, rows: rows)
    }
    let rows = Swift.min(maxRows, options.height ?? 12)
    guard rows >= 3 else { return nil }
    let ticks = makeTicks(lo, hi, scale: .linear, target: Swift.max(2, (rows + 2) / 4 + 1), ascii: false)
    let tickWidth = ticks.labels.reduce(0) { Swift.max($0, displayWidth($1)) }
    let n = values.count
    let slot = Swift.max(1, Swift.min(9, (context.width - tickWidth - 1) / n))
    let columns = Swift.min(options.width.map { Swift.max(n, $0) } ?? slot * n, context.width - tickWidth - 1)
    guard columns >= n else { return nil }
    let pw = columns * cell.width
    let ph = rows * cell.height
    var canvas = RasterCanvas(width: pw, height: ph)
    func py(_ v: Double) -> Double { 1 + (hi - v) / span * Double(ph - 2) }
    let slotWidth = Double(pw) / Double(n)
    for (i, v) in values.enumerated() where v.isFinite && v != 0 {
        canvas.fillRect(
            x0: Double(i) * slotWidth + slotWidth * 0.15, y0: py(Swift.max(0, v)),
            x1: Double(i + 1) * slotWidth - slotWidth * 0.15, y1: py(Swift.min(0, v)),
            v > 0 ? positive : negative)
    }
    canvas.polyline(xs: [0, Double(pw)], ys: [py(0), py(0)], RasterInk.frame, lineWidth: 1)
    for v in ticks.values {
        canvas.polyline(xs: [0, 4], ys: [py(v), py(v)], RasterInk.frame, lineWidth: 1.5)
    }
    let imageColumn = tickWidth + 1
    let totalWidth = imageColumn + columns
    var grid = TextGrid(width: totalWidth, height: ylabel.count + rows + 1 + xlabel.count)
    for (k, line) in ylabel.enumerated() { grid.put(line, row: k, column: 0) }
    let top = ylabel.count
    var usedRows = Set<Int>()
    for (v, label) in zip(ticks.values, ticks.labels) {
        let r = Swift.min(rows - 1, Int(py(v)) / cell.height)
        guard !usedRows.contains(r) else { continue }
        usedRows.insert(r)
        grid.put(label, row: top + r, column: tickWidth - displayWidth(label))
    }
    var nextFree = imageColumn
    for (i, label) in labels.enumerated() {
        let w = displayWidth(label)
        let c = imageColumn + Int((Double(i) + 0.5) * Double(columns) / Double(n)) - w / 2
        guard c >= nextFree, c + w <= totalWidth else { continue }
        grid.put(label, row: top + rows, column: c)
        nextFree = c + w + 1
    }
    grid.putCentred(xlabel, row: top + rows + 1, over: imageColumn..<(imageColumn + columns))
    return RasterDrawing(
        lines: grid.render(context.colorMode), summary: summary, area: imageColumn..<(imageColumn + columns),
        image: canvas, imageRow: top, imageColumn: imageColumn, columns: columns, rows: rows)
}
