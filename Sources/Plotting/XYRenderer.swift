import Terminal

/// Minimum and maximum of the values seen.
struct Extent {
    var lo = Double.infinity
    var hi = -Double.infinity
    var isEmpty: Bool { lo > hi }

    @inline(__always)
    mutating func include(_ v: Double) {
        if v < lo { lo = v }
        if v > hi { hi = v }
    }
}

/// Draws series and annotations on x–y axes, in layers (see `render`): `XYLayout`,
/// `XYCanvas` (world → pixel, overlays, the one label placer), then the frame.
struct XYRenderer {
    let plot: Plot
    let context: TerminalContext
    let ascii: Bool
    let kind: CanvasKind
    let colored: Bool

    init(plot: Plot, context: TerminalContext) {
        self.plot = plot
        self.context = context
        ascii = context.ascii
        kind = context.ascii ? .ascii : plot.options.canvas
        colored = context.colorMode != .none
    }

    var options: PlotOptions { plot.options }

    func text(_ s: String) -> String { ascii ? asciiFolded(s) : s }

    // MARK: limits

    /// Whether `v` can be drawn on `scale`.
    @inline(__always)
    private func valid(_ v: Double, _ scale: AxisScale) -> Bool {
        v.isFinite && (scale == .linear || v > 0)
    }

    func limits() -> (x: (Double, Double), y: (Double, Double)) {
        var xe = Extent()
        var ye = Extent()
        let xs = options.xscale
        let ys = options.yscale
        for s in plot.series {
            switch s.kind {
            case .contour:
                for v in s.x where valid(v, xs) { xe.include(v) }
                for v in s.y where valid(v, ys) { ye.include(v) }
            case .band(let lower, let upper):
                for i in 0..<min(s.x.count, s.y.count) where valid(s.x[i], xs) {
                    xe.include(s.x[i])
                    for v in [s.y[i], i < lower.count ? lower[i] : .nan, i < upper.count ? upper[i] : .nan]
                    where valid(v, ys) { ye.include(v) }
                }
            case .function:
                var values: [Double] = []
                for i in 0..<min(s.x.count, s.y.count) where valid(s.x[i], xs) {
                    xe.include(s.x[i])
                    if valid(s.y[i], ys) { values.append(s.y[i]) }
                }
                for v in robustRange(values) { ye.include(v) }
            case .line, .scatter:
                for i in 0..<min(s.x.count, s.y.count) where valid(s.x[i], xs) && valid(s.y[i], ys) {
                    xe.include(s.x[i])
                    ye.include(s.y[i])
                }
            }
        }
        for a in plot.annotations {
            switch a {
            case .point(let x, let y, _), .text(let x, let y, _):
                if valid(x, xs) && valid(y, ys) { xe.include(x); ye.include(y) }
            case .horizontalLine(let y, _): if valid(y, ys) { ye.include(y) }
            case .verticalLine(let x, _): if valid(x, xs) { xe.include(x) }
            case .arrow(let x0, let y0, let x1, let y1, _):
                for (x, y) in [(x0, y0), (x1, y1)] where valid(x, xs) && valid(y, ys) {
                    xe.include(x); ye.include(y)
                }
            case .span(let a, let b, _):
                if xe.isEmpty { for v in [a, b] where valid(v, xs) { xe.include(v) } }
            case .path(let px, let py, _):
                for i in 0..<min(px.count, py.count) where valid(px[i], xs) && valid(py[i], ys) {
                    xe.include(px[i])
                    ye.include(py[i])
                }
            }
        }
        return (fixed(options.xlim, xe, options.xscale), fixed(options.ylim, ye, options.yscale))
    }

    /// The [min, max] of a function's values, ignoring the few huge values near
    /// a pole: when the full range is over 10× the 5–95% range, the 5–95% range
    /// widened by 10% on each side.
    private func robustRange(_ values: [Double]) -> [Double] {
        guard values.count >= 20 else { return values }
        let sorted = values.sorted()
        let q05 = sorted[sorted.count / 20]
        let q95 = sorted[sorted.count - 1 - sorted.count / 20]
        let full = sorted.last! - sorted.first!
        guard q95 > q05, full > 10 * (q95 - q05) else { return [sorted.first!, sorted.last!] }
        let pad = 0.1 * (q95 - q05)
        return [Swift.max(sorted.first!, q05 - pad), Swift.min(sorted.last!, q95 + pad)]
    }

    private func fixed(_ given: (Double, Double)?, _ e: Extent, _ scale: AxisScale) -> (Double, Double) {
        if let (a, b) = given, valid(a, scale), valid(b, scale), a != b {
            return (Swift.min(a, b), Swift.max(a, b))
        }
        var lo = e.isEmpty ? (scale == .log10 ? 1 : 0) : e.lo
        var hi = e.isEmpty ? (scale == .log10 ? 10 : 1) : e.hi
        if let (a, b) = given {  // one usable end of a degenerate request
            if valid(a, scale) { lo = a }
            if valid(b, scale) && b > lo { hi = b }
        }
        if lo == hi {
            if scale == .log10 {
                lo /= 10
                hi *= 10
            } else {
                let d = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= d
                hi += d
            }
        }
        return (lo, hi)
    }

    // MARK: drawing

    /// The plot in four layers, as UnicodePlots layers one: layout (`XYLayout`: limits,
    /// sizes, ticks, legend) → canvas (`XYCanvas`: world → pixel, the marks) → overlays
    /// (markers, arrow heads and labels, placed off the data by the canvas's one label
    /// placer) → frame (`frame`: ticks, legend and the canvas cells in a `TextGrid`).
    func render() -> (lines: [String], summary: String, titleArea: Range<Int>) {
        var layout = XYLayout(self)
        var canvas = XYCanvas(kind: kind, layout: layout, xscale: options.xscale, yscale: options.yscale)
        layout.placeXTicks(scale: options.xscale, ascii: ascii, column: canvas.column)
        _ = canvas.slot(TextStyle(foreground: Palette.muted))  // frames and annotations: slot 1, as always
        drawShading(&canvas, layout)
        let contourSummaries = drawContours(&canvas, layout)
        drawSeries(&canvas, layout)
        drawAnnotations(&canvas)
        if layout.legend == .lineEnds { findLineEnds(&layout, canvas) }
        let (lines, area) = frame(layout, canvas)
        return (lines, summary(layout.x.lo, layout.x.hi, layout.y.lo, layout.y.hi, contourSummaries), area)
    }

    /// Spans (shaded columns, their label centred on the top row) and bands (shaded
    /// between their lower and upper curves).
    private func drawShading(_ canvas: inout XYCanvas, _ layout: XYLayout) {
        let width = canvas.width, height = canvas.height
        let mutedStyle = TextStyle(foreground: Palette.muted)
        for a in plot.annotations {
            if case .span(let from, let to, let spanLabel) = a {
                let c0 = canvas.column(Swift.min(from, to))
                let c1 = canvas.column(Swift.max(from, to))
                let s = canvas.slot(mutedStyle)
                for r in 0..<height { for c in c0...c1 { canvas.shade[r * width + c] = s } }
                if let spanLabel, !spanLabel.isEmpty {
                    let t = text(spanLabel)
                    let w = displayWidth(t)
                    let start = Swift.max(0, Swift.min(width - w, (c0 + c1 + 1) / 2 - w / 2))
                    canvas.texts.append((0, start, t, s))
                }
            }
        }
        for (k, s) in plot.series.enumerated() {
            guard case .band(let lower, let upper) = s.kind else { continue }
            let st = canvas.slot(layout.seriesStyles[k])
            let n = Swift.min(s.x.count, lower.count, upper.count)
            guard n >= 2 else { continue }
            // For each cell column, the band's extent at the column centre (linear interpolation).
            var order = Array(0..<n).filter { s.x[$0].isFinite }
            order.sort { s.x[$0] < s.x[$1] }
            var j = 0
            for c in 0..<width {
                let centre = (Double(c * canvas.cellX) + Double(canvas.cellX - 1) / 2)
                while j + 1 < order.count - 1 && canvas.px(s.x[order[j + 1]]) < centre { j += 1 }
                guard order.count >= 2 else { break }
                let i0 = order[j]
                let i1 = order[Swift.min(j + 1, order.count - 1)]
                let p0 = canvas.px(s.x[i0])
                let p1 = canvas.px(s.x[i1])
                guard centre >= Swift.min(p0, p1) - 0.5, centre <= Swift.max(p0, p1) + 0.5 else { continue }
                let t = p1 == p0 ? 0 : Swift.min(1, Swift.max(0, (centre - p0) / (p1 - p0)))
                let lo = canvas.py(lower[i0] + (lower[i1] - lower[i0]) * t)
                let hi = canvas.py(upper[i0] + (upper[i1] - upper[i0]) * t)
                guard lo.isFinite, hi.isFinite else { continue }
                let r0 = Swift.max(0, Int(Swift.min(lo, hi).rounded()) / canvas.cellY)
                let r1 = Swift.min(height - 1, Int(Swift.max(lo, hi).rounded()) / canvas.cellY)
                if r0 <= r1 { for r in r0...r1 { canvas.shade[r * width + c] = st } }
            }
        }
    }

    /// Contour lines, each level labelled on its own line; returns the summary entries.
    private func drawContours(_ canvas: inout XYCanvas, _ layout: XYLayout) -> [String] {
        var contourSummaries: [String] = []
        for (k, s) in plot.series.enumerated() {
            guard case .contour(let z, let givenLevels) = s.kind,
                let resolved = resolveContour(s, z: z, levels: givenLevels, ascii: ascii)
            else { continue }
            let levels = resolved.levels
            for (li, level) in levels.enumerated() {
                let style =
                    colored && levels.count > 1
                    ? TextStyle(
                        foreground: Palette.sequential(0.15 + 0.7 * Double(li) / Double(levels.count - 1)))
                    : layout.seriesStyles[k]
                let st = canvas.slot(style)
                let segments = marchingSquares(x: s.x, y: s.y, z: z, level: level)
                var phase = 0.0
                for seg in segments {
                    canvas.pixels.line(
                        canvas.px(seg.0), canvas.py(seg.1), canvas.px(seg.2), canvas.py(seg.3), color: st,
                        phase: &phase)
                }
                // Label the level on its line, from the middle segment outwards.
                guard !segments.isEmpty else { continue }
                let middle = segments.count / 2
                let cells = (0..<segments.count).compactMap { offset -> (Int, Int)? in
                    let idx =
                        (middle + (offset % 2 == 0 ? offset / 2 : -(offset + 1) / 2) + segments.count)
                        % segments.count
                    let seg = segments[idx]
                    return canvas.cellOf((seg.0 + seg.2) / 2, (seg.1 + seg.3) / 2)
                }
                canvas.placeLabel(resolved.labels[li], .onLine(cells), style: st)
            }
            if let entry = resolved.summary { contourSummaries.append(entry) }
        }
        return contourSummaries
    }

    /// Lines, functions, band means and scatter markers.
    private func drawSeries(_ canvas: inout XYCanvas, _ layout: XYLayout) {
        for (k, s) in plot.series.enumerated() {
            let st = canvas.slot(layout.seriesStyles[k])
            let n = Swift.min(s.x.count, s.y.count)
            switch s.kind {
            case .contour: continue
            case .scatter:
                let glyph = layout.seriesMarker[k]!
                for i in 0..<n { canvas.mark(s.x[i], s.y[i], glyph, st) }
                continue
            default: break
            }
            var xs = [Double](repeating: 0, count: n)
            var ys = [Double](repeating: 0, count: n)
            for i in 0..<n {
                xs[i] = canvas.px(s.x[i])
                ys[i] = canvas.py(s.y[i])
            }
            var jump: Double? = nil
            if case .function = s.kind { jump = Double(canvas.pixelHeight) / 2 }
            canvas.pixels.polyline(xs: xs, ys: ys, color: st, dash: layout.seriesDash[k], breakJump: jump)
        }
    }

    /// Annotations: point markers first (so arrows can stop short of them), then lines,
    /// arrows and paths with their labels, then free text.
    private func drawAnnotations(_ canvas: inout XYCanvas) {
        let width = canvas.width, height = canvas.height
        let cellX = canvas.cellX, cellY = canvas.cellY
        let pixelWidth = canvas.pixelWidth, pixelHeight = canvas.pixelHeight
        let mutedSlot = canvas.slot(TextStyle(foreground: Palette.muted))
        var pointCells = Set<Int>()
        let pointStyle = canvas.slot(TextStyle(bold: true))
        for a in plot.annotations {
            if case .point(let x, let y, let l) = a, let (r, c) = canvas.cellOf(x, y) {
                canvas.mark(x, y, ascii ? "*" : "●", pointStyle)
                pointCells.insert(r * width + c)
                if !l.isEmpty {
                    canvas.placeLabel(
                        text(l), .beside(row: r, column: c, preferLeft: false), style: pointStyle)
                }
            }
        }
        let arrowGlyphs: [Unicode.Scalar] =
            ascii ? [">", "^", "^", "^", "<", "v", "v", "v"] : ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]
        for a in plot.annotations {
            switch a {
            case .horizontalLine(let y, let l):
                let p = canvas.py(y)
                guard p.isFinite, p >= -0.5, p <= Double(pixelHeight) - 0.5 else { continue }
                var phase = 0.0
                canvas.pixels.line(
                    0, p, Double(pixelWidth - 1), p, color: mutedSlot, dash: .dashed, phase: &phase)
                if let l, !l.isEmpty {
                    canvas.placeLabel(
                        text(l), .beside(row: Int(p.rounded()) / cellY, column: width - 1, preferLeft: true),
                        style: mutedSlot)
                }
            case .verticalLine(let x, let l):
                let p = canvas.px(x)
                guard p.isFinite, p >= -0.5, p <= Double(pixelWidth) - 0.5 else { continue }
                var phase = 0.0
                canvas.pixels.line(
                    p, 0, p, Double(pixelHeight - 1), color: mutedSlot, dash: .dashed, phase: &phase)
                if let l, !l.isEmpty {
                    canvas.placeLabel(
                        text(l), .beside(row: 0, column: Int(p.rounded()) / cellX - 1, preferLeft: false),
                        style: mutedSlot)
                }
            case .arrow(let x0, let y0, let x1, let y1, let l):
                var phase = 0.0
                let (a0, b0, a1, b1) = (canvas.px(x0), canvas.py(y0), canvas.px(x1), canvas.py(y1))
                canvas.pixels.line(a0, b0, a1, b1, color: mutedSlot, phase: &phase)
                // Direction in screen units (a cell is about twice as tall as wide).
                let dx = (a1 - a0) / Double(cellX)
                let dy = -(b1 - b0) * 2 / Double(cellY)
                if dx != 0 || dy != 0 {
                    var angle = atan2(dy, dx) / (2 * Double.pi) * 8
                    if angle < 0 { angle += 8 }
                    let octant = Int(angle.rounded()) % 8
                    var glyph = arrowGlyphs[octant]
                    if ascii && octant % 2 == 1 {
                        glyph = abs(dx) >= abs(dy) ? (dx > 0 ? ">" : "<") : (dy > 0 ? "^" : "v")
                    }
                    // The head sits on the target cell, or one cell back when a labelled point is there.
                    var hx = a1
                    var hy = b1
                    let length = (dx * dx + dy * dy).squareRoot()
                    if let (r, c) = canvas.cellOf(x1, y1), pointCells.contains(r * width + c), length > 1 {
                        for _ in 0..<6 where Int(hx.rounded()) / cellX == c && Int(hy.rounded()) / cellY == r
                        {
                            hx -= dx / length * Double(cellX) / 2
                            hy += dy / length * Double(cellY) / 4
                        }
                    }
                    let hc = Int(hx.rounded()) / cellX
                    let hr = Int(hy.rounded()) / cellY
                    if hx >= -0.5, hy >= -0.5, hc < width, hr < height {
                        canvas.setOverlay(row: hr, column: hc, glyph, mutedSlot)
                    }
                }
                if let l, !l.isEmpty, let (r, c) = canvas.cellOf(x0, y0) {
                    canvas.placeLabel(
                        text(l), .beside(row: r, column: c, preferLeft: a1 > a0), style: mutedSlot)
                }
            case .path(let xs, let ys, let l):
                let n = Swift.min(xs.count, ys.count)
                guard n > 0 else { continue }
                let pathStyle = canvas.slot(
                    TextStyle(foreground: Palette.seriesColor(plot.series.count, mode: context.colorMode)))
                canvas.pixels.polyline(
                    xs: xs.prefix(n).map(canvas.px), ys: ys.prefix(n).map(canvas.py), color: pathStyle)
                for i in 0..<n {
                    let glyph: Unicode.Scalar =
                        i == n - 1 ? (ascii ? "*" : "●") : i == 0 ? (ascii ? "o" : "○") : (ascii ? "." : "•")
                    canvas.mark(xs[i], ys[i], glyph, pathStyle)
                }
                if let l, !l.isEmpty, let (r, c) = canvas.cellOf(xs[n - 1], ys[n - 1]) {
                    canvas.placeLabel(
                        text(l), .beside(row: r, column: c, preferLeft: false), style: pathStyle)
                }
            case .point, .text, .span:
                continue
            }
        }
        for a in plot.annotations {
            if case .text(let x, let y, let t) = a, let (r, c) = canvas.cellOf(x, y) {
                let s = text(t)
                let start = Swift.max(0, Swift.min(width - displayWidth(s), c))
                canvas.texts.append((r, start, s, 0))
            }
        }
    }

    /// For `.lineEnds` legends: the canvas row of each labelled series' last visible point.
    private func findLineEnds(_ layout: inout XYLayout, _ canvas: XYCanvas) {
        var labelled = 0
        for s in plot.series where s.label?.isEmpty == false {
            var endRow: Int? = nil
            for i in stride(from: Swift.min(s.x.count, s.y.count) - 1, through: 0, by: -1) {
                let p = canvas.py(s.y[i])
                let q = canvas.px(s.x[i])
                if p.isFinite, q.isFinite, p >= -0.5, p <= Double(canvas.pixelHeight) - 0.5, q >= -0.5,
                    q <= Double(canvas.pixelWidth) - 0.5
                {
                    endRow = Int(p.rounded()) / canvas.cellY
                    break
                }
            }
            layout.entries[labelled].endRow = endRow
            labelled += 1
        }
    }

    /// The last layer: axis labels, frame, tick marks and labels, the canvas cells (overlay,
    /// else pixels, else shading), the texts over them, and the legend, as lines.
    private func frame(_ layout: XYLayout, _ canvas: XYCanvas) -> (lines: [String], area: Range<Int>) {
        let width = layout.width, height = layout.height
        let leftWidth = layout.leftWidth, totalWidth = layout.totalWidth
        let entries = layout.entries
        let mutedStyle = TextStyle(foreground: Palette.muted)
        let xlabel = labelLines(options.xlabel.map(text), width: totalWidth)
        let ylabel = labelLines(options.ylabel.map(text), width: totalWidth)
        var bottomLegendLines: [[Int]] = []
        if layout.legend == .bottom {
            bottomLegendLines = flowLines(
                widths: entries.map { displayWidth($0.sample) + 1 + displayWidth($0.label) }, gap: 3,
                width: totalWidth - leftWidth - 2)
        }
        let gridHeight =
            ylabel.count + height + 2 + (layout.xTicks.values.isEmpty ? 0 : 1)
            + xlabel.count + bottomLegendLines.count
        var grid = TextGrid(width: totalWidth, height: gridHeight)
        var styleMap = [UInt8](repeating: 0, count: canvas.slotStyles.count)
        for (i, s) in canvas.slotStyles.enumerated() { styleMap[i] = grid.styleIndex(s) }
        let frameStyle = grid.styleIndex(mutedStyle)
        let frameLeft = leftWidth + 1
        let canvasLeft = frameLeft + 1
        var r = 0
        for line in ylabel {
            grid.put(line, row: r, column: 0)
            r += 1
        }
        let h: Unicode.Scalar = ascii ? "-" : "─"
        let v: Unicode.Scalar = ascii ? "|" : "│"
        // Top frame.
        grid.set(row: r, column: frameLeft, ascii ? "+" : "┌", style: frameStyle)
        for c in 0..<width { grid.set(row: r, column: canvasLeft + c, h, style: frameStyle) }
        grid.set(row: r, column: canvasLeft + width, ascii ? "+" : "┐", style: frameStyle)
        let top = r + 1
        r += 1
        // Canvas rows.
        var yTickRows: [Int: String] = [:]
        for (value, labelText) in zip(layout.yTicks.values, layout.yTicks.labels) {
            let tr = canvas.row(value)
            if yTickRows[tr] == nil { yTickRows[tr] = labelText }
        }
        for cr in 0..<height {
            let gr = top + cr
            if let t = yTickRows[cr] {
                grid.put(t, row: gr, column: leftWidth - displayWidth(t))
                grid.set(row: gr, column: frameLeft, ascii ? "+" : "┤", style: frameStyle)
            } else {
                grid.set(row: gr, column: frameLeft, v, style: frameStyle)
            }
            grid.set(row: gr, column: canvasLeft + width, v, style: frameStyle)
        }
        // The canvas cells, straight into the grid's storage: overlay, else pixels, else shading.
        let gridWidth = grid.width
        let canvasBits = canvas.pixels.bits
        let canvasColors = canvas.pixels.colors
        let canvasKind = canvas.pixels.kind
        let shadeGlyph: Unicode.Scalar = ascii ? "." : "░"
        grid.withStorage { scalars, styles in
            for cr in 0..<height {
                let base = (top + cr) * gridWidth + canvasLeft
                for c in 0..<width {
                    let i = cr * width + c
                    if let o = canvas.overlay[i] {
                        scalars[base + c] = o
                        styles[base + c] = styleMap[Int(canvas.overlayStyle[i])]
                    } else if let g = canvasKind.glyph(canvasBits[i]) {
                        scalars[base + c] = g
                        styles[base + c] = styleMap[Int(canvasColors[i])]
                    } else if canvas.shade[i] != 0 {
                        scalars[base + c] = shadeGlyph
                        styles[base + c] = styleMap[Int(canvas.shade[i])]
                    }
                }
            }
        }
        for t in canvas.texts {
            grid.put(t.text, row: top + t.row, column: canvasLeft + t.column, style: styleMap[Int(t.style)])
        }
        r = top + height
        // Bottom frame with x ticks.
        grid.set(row: r, column: frameLeft, ascii ? "+" : "└", style: frameStyle)
        for c in 0..<width { grid.set(row: r, column: canvasLeft + c, h, style: frameStyle) }
        for c in layout.xTickColumns {
            grid.set(row: r, column: canvasLeft + c, ascii ? "+" : "┬", style: frameStyle)
        }
        grid.set(row: r, column: canvasLeft + width, ascii ? "+" : "┘", style: frameStyle)
        r += 1
        if !layout.xTicks.values.isEmpty {
            for (c, t) in zip(layout.xTickColumns, layout.xTicks.labels) {
                let w = displayWidth(t)
                grid.put(t, row: r, column: Swift.max(0, Swift.min(totalWidth - w, canvasLeft + c - w / 2)))
            }
            r += 1
        }
        grid.putCentred(xlabel, row: r, over: canvasLeft..<(canvasLeft + width))
        r += xlabel.count
        // Legends.
        let legendColumn = canvasLeft + width + 2
        switch layout.legend {
        case .right:
            for (i, e) in entries.enumerated() where i < height {
                let used = grid.put(
                    e.sample, row: top + i, column: legendColumn, style: grid.styleIndex(e.style))
                grid.put(e.label, row: top + i, column: legendColumn + used + 1)
            }
        case .lineEnds:
            var taken = Set<Int>()
            for e in entries {
                var target = e.endRow ?? 0
                var step = 0
                while taken.contains(target) || target < 0 || target >= height {
                    step += 1
                    target = (e.endRow ?? 0) + (step % 2 == 1 ? (step + 1) / 2 : -(step / 2))
                    if step > 2 * height { break }
                }
                taken.insert(target)
                grid.put(e.label, row: top + target, column: legendColumn, style: grid.styleIndex(e.style))
            }
        case .bottom:
            for line in bottomLegendLines {
                var c = canvasLeft
                for i in line {
                    let e = entries[i]
                    c += grid.put(e.sample, row: r, column: c, style: grid.styleIndex(e.style))
                    c += 1
                    c += grid.put(e.label, row: r, column: c)
                    c += 3
                }
                r += 1
            }
        case .auto, .none:
            break
        }
        return (grid.render(context.colorMode), canvasLeft..<(canvasLeft + width))
    }

    func num(_ v: Double) -> String { formatSignificant(v, digits: 3, ascii: ascii) }

    /// "x 0…6.28, y −1…1; sin: min −1 at x = 4.71; …". A line whose x turns back
    /// (an optimisation path, a parametric curve) is not a function of x: it reads
    /// "path: (0.5, −3) → (−6.05, 2.1)", from its first finite point to its last.
    /// Scatter points have no order: up to three are listed, more are counted. Every
    /// series is described (the summary wraps under the plot; nothing is cut with "…").
    func summary(_ xlo: Double, _ xhi: Double, _ ylo: Double, _ yhi: Double, _ contours: [String]) -> String {
        let dots = ascii ? ".." : "…"
        var parts = ["x \(num(xlo))\(dots)\(num(xhi)), y \(num(ylo))\(dots)\(num(yhi))"]
        for (k, s) in plot.series.enumerated() {
            if case .contour = s.kind { continue }
            var best = Double.infinity
            var at = Double.nan
            for i in 0..<Swift.min(s.x.count, s.y.count)
            where s.y[i].isFinite && s.x[i].isFinite && s.y[i] < best {
                best = s.y[i]
                at = s.x[i]
            }
            let name = s.label.map(text) ?? "series \(k + 1)"
            let finite = (0..<Swift.min(s.x.count, s.y.count)).filter { s.x[$0].isFinite && s.y[$0].isFinite }
            if case .scatter = s.kind {
                parts.append(
                    finite.count <= 3
                        ? "\(name): "
                            + finite.map { "(\(num(s.x[$0])), \(num(s.y[$0])))" }.joined(separator: ", ")
                        : "\(name): \(finite.count) points")
            } else if case .line = s.kind, let first = finite.first, let last = finite.last,
                turnsBack(finite.map { s.x[$0] })
            {
                let arrow = ascii ? "->" : "→"
                parts.append(
                    "\(name): (\(num(s.x[first])), \(num(s.y[first]))) \(arrow) (\(num(s.x[last])), \(num(s.y[last])))"
                )
            } else if best.isFinite {
                parts.append("\(name): min \(num(best)) at x=\(num(at))")
            } else {
                parts.append("\(name): no finite points")
            }
        }
        parts += contours
        return parts.joined(separator: "; ")
    }

    /// Whether `xs` both rises and falls somewhere (so y is not a function of x).
    func turnsBack(_ xs: [Double]) -> Bool {
        var rises = false, falls = false
        for (a, b) in zip(xs, xs.dropFirst()) {
            if b > a { rises = true } else if b < a { falls = true }
            if rises && falls { return true }
        }
        return false
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
