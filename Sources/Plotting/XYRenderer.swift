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

/// Draws series and annotations on x–y axes: limits, ticks, canvas, frame,
/// legend. Maps world coordinates to pixels; the canvas does the rest.
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

    struct LegendEntry {
        var sample: String
        var style: TextStyle
        var label: String
        /// The canvas row of the series' last visible point (for `.lineEnds`).
        var endRow: Int?
    }

    func render() -> (lines: [String], summary: String, titleArea: Range<Int>) {
        let (xl, yl) = limits()
        let (xlo, xhi) = xl
        let (ylo, yhi) = yl
        let (cellX, cellY) = kind.pixelsPerCell

        // Vertical size and y ticks (independent of the width).
        let height = Swift.max(2, Swift.min(200, options.height ?? 15))
        let yTicks = makeTicks(
            ylo, yhi, scale: options.yscale, target: Swift.max(2, (height + 2) / 4 + 1), ascii: ascii)
        let leftWidth = yTicks.labels.reduce(0) { Swift.max($0, displayWidth($1)) }

        // Legend entries and styles per series.
        var seriesStyles: [TextStyle] = []
        var seriesDash: [DashPattern] = []
        var seriesMarker: [Unicode.Scalar?] = []
        var entries: [LegendEntry] = []
        var lineIndex = 0
        var scatterIndex = 0
        for (k, s) in plot.series.enumerated() {
            let color: TerminalColor
            switch s.color {
            case .custom(let c): color = c
            case .palette(let i): color = Palette.seriesColor(i, mode: context.colorMode)
            case nil: color = Palette.seriesColor(k, mode: context.colorMode)
            }
            let style = TextStyle(foreground: color)
            seriesStyles.append(style)
            var sample: String
            switch s.kind {
            case .scatter:
                let markers = ascii ? Palette.markersASCII : Palette.markers
                let m = markers[scatterIndex % markers.count]
                scatterIndex += 1
                seriesMarker.append(m)
                seriesDash.append(.solid)
                sample = String(Character(m))
            case .contour:
                seriesMarker.append(nil)
                seriesDash.append(.solid)
                sample = ascii ? "---" : "───"
            default:
                let dash = colored ? DashPattern.solid : Palette.dashes[lineIndex % Palette.dashes.count]
                let samples = ascii ? Palette.dashSamplesASCII : Palette.dashSamples
                sample = colored ? samples[0] : samples[lineIndex % samples.count]
                if case .band = s.kind { sample = (ascii ? "." : "░") + sample.dropFirst() }
                lineIndex += 1
                seriesMarker.append(nil)
                seriesDash.append(dash)
            }
            if let label = s.label, !label.isEmpty {
                entries.append(LegendEntry(sample: sample, style: style, label: text(label)))
            }
        }

        // Horizontal size: canvas width after labels, frame and a right legend.
        var legend = options.legend
        let rightLegendWidth =
            1 + entries.reduce(0) { Swift.max($0, displayWidth($1.sample) + 1 + displayWidth($1.label)) }
        let lineEndWidth = 1 + entries.reduce(0) { Swift.max($0, displayWidth($1.label)) }
        let fixedWidth = leftWidth + 1 + 2
        if entries.isEmpty { legend = .none }
        if legend == .auto {
            let roomy = context.width - fixedWidth - rightLegendWidth >= Swift.min(40, options.width ?? 40)
            legend = roomy ? .right : .bottom
        }
        let besideWidth = legend == .right ? rightLegendWidth : legend == .lineEnds ? lineEndWidth : 0
        let available = Swift.max(1, context.width - fixedWidth - besideWidth)
        let width = Swift.max(1, Swift.min(options.width ?? defaultCanvasWidth(windowWidth: context.width), available))
        let totalWidth = fixedWidth + width + besideWidth

        // x ticks: as many as fit with two spaces between labels.
        var xTicks = Ticks(values: [], labels: [])
        var xTickColumns: [Int] = []
        let pixelWidth = width * cellX
        let pixelHeight = height * cellY
        let xa = options.xscale.forward(xlo)
        let xb = options.xscale.forward(xhi)
        let ya = options.yscale.forward(ylo)
        let yb = options.yscale.forward(yhi)
        let sx = Double(pixelWidth - 1) / (xb - xa)
        let sy = Double(pixelHeight - 1) / (yb - ya)
        let xscale = options.xscale
        let yscale = options.yscale
        @inline(__always) func px(_ x: Double) -> Double { (xscale.forward(x) - xa) * sx }
        @inline(__always) func py(_ y: Double) -> Double { (yb - yscale.forward(y)) * sy }
        func column(_ x: Double) -> Int { Swift.min(width - 1, Swift.max(0, Int(px(x).rounded()) / cellX)) }
        func row(_ y: Double) -> Int { Swift.min(height - 1, Swift.max(0, Int(py(y).rounded()) / cellY)) }

        var target = Swift.max(2, width / 8)
        while true {
            let ticks = makeTicks(xlo, xhi, scale: options.xscale, target: target, ascii: ascii)
            let columns = ticks.values.map(column)
            var fits = true
            var previousEnd = -leftWidth - 2
            for (c, label) in zip(columns, ticks.labels) {
                let w = displayWidth(label)
                let start = c - w / 2
                if start < previousEnd + 2 || start + w > width + 1 + besideWidth { fits = false; break }
                previousEnd = start + w
            }
            if fits || target <= 2 {
                if fits {
                    xTicks = ticks
                    xTickColumns = columns
                } else if let first = ticks.values.first, let last = ticks.values.last,
                    ticks.values.count >= 2
                {
                    xTicks = Ticks(values: [first, last], labels: [ticks.labels.first!, ticks.labels.last!])
                    xTickColumns = [column(first), column(last)]
                    if displayWidth(xTicks.labels[0]) / 2 + 2 + displayWidth(xTicks.labels[1]) / 2
                        > xTickColumns[1] - xTickColumns[0]
                    {
                        xTicks = Ticks(values: [first], labels: [ticks.labels[0]])
                        xTickColumns = [column(first)]
                    }
                }
                break
            }
            target -= 1
        }

        // Pixels.
        var canvas = PixelCanvas(kind: kind, columns: width, rows: height)
        var slotStyles: [TextStyle] = [.plain]
        func slot(_ style: TextStyle) -> UInt8 {
            if let i = slotStyles.firstIndex(of: style) { return UInt8(i) }
            slotStyles.append(style)
            return UInt8(Swift.min(255, slotStyles.count - 1))
        }
        let mutedStyle = TextStyle(foreground: Palette.muted)
        let mutedSlot = slot(mutedStyle)
        // Cell overlays: shading under everything, markers and text over everything.
        var shade = [UInt8](repeating: 0, count: width * height)
        var overlay = [Unicode.Scalar?](repeating: nil, count: width * height)
        var overlayStyle = [UInt8](repeating: 0, count: width * height)
        var texts: [(row: Int, column: Int, text: String, style: UInt8)] = []
        var occupied = [Bool](repeating: false, count: width * height)

        func mark(_ x: Double, _ y: Double, _ glyph: Unicode.Scalar, _ style: UInt8) {
            let cx = px(x)
            let cy = py(y)
            guard cx.isFinite, cy.isFinite else { return }
            let c = Int(cx.rounded()) / cellX
            let r = Int(cy.rounded()) / cellY
            guard cx >= -0.5, cy >= -0.5, c < width, r < height else { return }
            overlay[r * width + c] = glyph
            overlayStyle[r * width + c] = style
            occupied[r * width + c] = true
        }
        /// Places a label near cell (r, c) inside the frame: right of it, else
        /// left, else the rows above and below, else two rows away; the first spot
        /// covering no drawn data, no other label and no marker wins; when every spot
        /// covers data, the first covering no label or marker; else the first candidate.
        func label(_ s: String, row r: Int, column c: Int, style: UInt8, preferLeft: Bool = false) {
            let w = displayWidth(s)
            guard w <= width, r >= 0, r < height else { return }
            let right = c + 2
            let left = c - 1 - w
            var candidates: [(Int, Int)] = preferLeft ? [(r, left), (r, right)] : [(r, right), (r, left)]
            candidates += [(r - 1, c + 1), (r + 1, c + 1), (r - 1, c - w), (r + 1, c - w)]
            let farther = [(r - 2, c + 1), (r + 2, c + 1), (r - 2, c - w), (r + 2, c - w)]
            func inside(_ spot: (Int, Int)) -> Bool {
                spot.0 >= 0 && spot.0 < height && spot.1 >= 0 && spot.1 + w <= width
            }
            func free(_ spot: (Int, Int), ofData: Bool) -> Bool {
                (spot.1..<(spot.1 + w)).allSatisfy {
                    let i = spot.0 * width + $0
                    return !occupied[i] && !(ofData && canvas.bits[i] != 0)
                }
            }
            let chosen =
                (candidates + farther).first { inside($0) && free($0, ofData: true) }
                ?? candidates.first { inside($0) && free($0, ofData: false) }
            let (fr, fc) = chosen ?? (r, Swift.max(0, Swift.min(width - w, preferLeft ? left : right)))
            for k in fc..<(fc + w) { occupied[fr * width + k] = true }
            texts.append((fr, fc, s, style))
        }
        func cellOf(_ x: Double, _ y: Double) -> (Int, Int)? {
            let cx = px(x)
            let cy = py(y)
            guard cx.isFinite, cy.isFinite, cx >= -0.5, cy >= -0.5 else { return nil }
            let c = Int(cx.rounded()) / cellX
            let r = Int(cy.rounded()) / cellY
            return c < width && r < height ? (r, c) : nil
        }
        let shadeGlyph: Unicode.Scalar = ascii ? "." : "░"

        // Spans and bands: shaded cells.
        for a in plot.annotations {
            if case .span(let from, let to, let spanLabel) = a {
                let c0 = column(Swift.min(from, to))
                let c1 = column(Swift.max(from, to))
                let s = slot(mutedStyle)
                for r in 0..<height { for c in c0...c1 { shade[r * width + c] = s } }
                if let spanLabel, !spanLabel.isEmpty {
                    let t = text(spanLabel)
                    let w = displayWidth(t)
                    let start = Swift.max(0, Swift.min(width - w, (c0 + c1 + 1) / 2 - w / 2))
                    texts.append((0, start, t, s))
                }
            }
        }
        for (k, s) in plot.series.enumerated() {
            guard case .band(let lower, let upper) = s.kind else { continue }
            let st = slot(seriesStyles[k])
            let n = Swift.min(s.x.count, lower.count, upper.count)
            guard n >= 2 else { continue }
            // For each cell column, the band's extent at the column centre (linear interpolation).
            var order = Array(0..<n).filter { s.x[$0].isFinite }
            order.sort { s.x[$0] < s.x[$1] }
            var j = 0
            for c in 0..<width {
                let centre = (Double(c * cellX) + Double(cellX - 1) / 2)
                while j + 1 < order.count - 1 && px(s.x[order[j + 1]]) < centre { j += 1 }
                guard order.count >= 2 else { break }
                let i0 = order[j]
                let i1 = order[Swift.min(j + 1, order.count - 1)]
                let p0 = px(s.x[i0])
                let p1 = px(s.x[i1])
                guard centre >= Swift.min(p0, p1) - 0.5, centre <= Swift.max(p0, p1) + 0.5 else { continue }
                let t = p1 == p0 ? 0 : Swift.min(1, Swift.max(0, (centre - p0) / (p1 - p0)))
                let lo = py(lower[i0] + (lower[i1] - lower[i0]) * t)
                let hi = py(upper[i0] + (upper[i1] - upper[i0]) * t)
                guard lo.isFinite, hi.isFinite else { continue }
                let r0 = Swift.max(0, Int(Swift.min(lo, hi).rounded()) / cellY)
                let r1 = Swift.min(height - 1, Int(Swift.max(lo, hi).rounded()) / cellY)
                if r0 <= r1 { for r in r0...r1 { shade[r * width + c] = st } }
            }
        }

        // Contours.
        var contourSummaries: [String] = []
        for (k, s) in plot.series.enumerated() {
            guard case .contour(let z, let givenLevels) = s.kind,
                let resolved = resolveContour(s, z: z, levels: givenLevels, ascii: ascii)
            else { continue }
            let levels = resolved.levels
            let levelLabels = resolved.labels
            for (li, level) in levels.enumerated() {
                let style =
                    colored && levels.count > 1
                    ? TextStyle(
                        foreground: Palette.sequential(0.15 + 0.7 * Double(li) / Double(levels.count - 1)))
                    : seriesStyles[k]
                let st = slot(style)
                let segments = marchingSquares(x: s.x, y: s.y, z: z, level: level)
                var phase = 0.0
                for seg in segments {
                    canvas.line(px(seg.0), py(seg.1), px(seg.2), py(seg.3), color: st, phase: &phase)
                }
                // Label the level on its line, where it does not cover another label.
                guard !segments.isEmpty else { continue }
                let middle = segments.count / 2
                for offset in 0..<segments.count {
                    let idx =
                        (middle + (offset % 2 == 0 ? offset / 2 : -(offset + 1) / 2) + segments.count)
                        % segments.count
                    let seg = segments[idx]
                    guard let (r, c) = cellOf((seg.0 + seg.2) / 2, (seg.1 + seg.3) / 2) else { continue }
                    let t = levelLabels[li]
                    let w = displayWidth(t)
                    guard c + w <= width else { continue }
                    var free = true
                    for q in c..<(c + w) where occupied[r * width + q] { free = false; break }
                    if free {
                        for q in Swift.max(0, c - 1)..<Swift.min(width, c + w + 1) {
                            occupied[r * width + q] = true
                        }
                        texts.append((r, c, t, st))
                        break
                    }
                }
            }
            if let entry = resolved.summary { contourSummaries.append(entry) }
        }

        // Lines, functions, band means, scatter markers.
        for (k, s) in plot.series.enumerated() {
            let st = slot(seriesStyles[k])
            let n = Swift.min(s.x.count, s.y.count)
            switch s.kind {
            case .contour: continue
            case .scatter:
                let glyph = seriesMarker[k]!
                for i in 0..<n { mark(s.x[i], s.y[i], glyph, st) }
                continue
            default: break
            }
            var xs = [Double](repeating: 0, count: n)
            var ys = [Double](repeating: 0, count: n)
            for i in 0..<n {
                xs[i] = px(s.x[i])
                ys[i] = py(s.y[i])
            }
            var jump: Double? = nil
            if case .function = s.kind { jump = Double(pixelHeight) / 2 }
            canvas.polyline(xs: xs, ys: ys, color: st, dash: seriesDash[k], breakJump: jump)
        }

        // Annotations: point markers first, so arrows can stop short of them.
        var pointCells = Set<Int>()
        let pointStyle = slot(TextStyle(bold: true))
        for a in plot.annotations {
            if case .point(let x, let y, let l) = a, let (r, c) = cellOf(x, y) {
                mark(x, y, ascii ? "*" : "●", pointStyle)
                pointCells.insert(r * width + c)
                if !l.isEmpty { label(text(l), row: r, column: c, style: pointStyle) }
            }
        }
        let arrowGlyphs: [Unicode.Scalar] =
            ascii ? [">", "^", "^", "^", "<", "v", "v", "v"] : ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]
        for a in plot.annotations {
            switch a {
            case .horizontalLine(let y, let l):
                let p = py(y)
                guard p.isFinite, p >= -0.5, p <= Double(pixelHeight) - 0.5 else { continue }
                var phase = 0.0
                canvas.line(0, p, Double(pixelWidth - 1), p, color: mutedSlot, dash: .dashed, phase: &phase)
                if let l, !l.isEmpty {
                    let t = text(l)
                    label(
                        t, row: Int(p.rounded()) / cellY, column: width - 1, style: mutedSlot,
                        preferLeft: true)
                }
            case .verticalLine(let x, let l):
                let p = px(x)
                guard p.isFinite, p >= -0.5, p <= Double(pixelWidth) - 0.5 else { continue }
                var phase = 0.0
                canvas.line(p, 0, p, Double(pixelHeight - 1), color: mutedSlot, dash: .dashed, phase: &phase)
                if let l, !l.isEmpty {
                    label(text(l), row: 0, column: Int(p.rounded()) / cellX - 1, style: mutedSlot)
                }
            case .arrow(let x0, let y0, let x1, let y1, let l):
                var phase = 0.0
                let (a0, b0, a1, b1) = (px(x0), py(y0), px(x1), py(y1))
                canvas.line(a0, b0, a1, b1, color: mutedSlot, phase: &phase)
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
                    if let (r, c) = cellOf(x1, y1), pointCells.contains(r * width + c), length > 1 {
                        for _ in 0..<6 where Int(hx.rounded()) / cellX == c && Int(hy.rounded()) / cellY == r
                        {
                            hx -= dx / length * Double(cellX) / 2
                            hy += dy / length * Double(cellY) / 4
                        }
                    }
                    let hc = Int(hx.rounded()) / cellX
                    let hr = Int(hy.rounded()) / cellY
                    if hx >= -0.5, hy >= -0.5, hc < width, hr < height {
                        overlay[hr * width + hc] = glyph
                        overlayStyle[hr * width + hc] = mutedSlot
                        occupied[hr * width + hc] = true
                    }
                }
                if let l, !l.isEmpty, let (r, c) = cellOf(x0, y0) {
                    label(text(l), row: r, column: c, style: mutedSlot, preferLeft: a1 > a0)
                }
            case .path(let xs, let ys, let l):
                let n = Swift.min(xs.count, ys.count)
                guard n > 0 else { continue }
                let pathStyle = slot(
                    TextStyle(foreground: Palette.seriesColor(plot.series.count, mode: context.colorMode)))
                canvas.polyline(xs: xs.prefix(n).map(px), ys: ys.prefix(n).map(py), color: pathStyle)
                for i in 0..<n {
                    let glyph: Unicode.Scalar =
                        i == n - 1 ? (ascii ? "*" : "●") : i == 0 ? (ascii ? "o" : "○") : (ascii ? "." : "•")
                    mark(xs[i], ys[i], glyph, pathStyle)
                }
                if let l, !l.isEmpty, let (r, c) = cellOf(xs[n - 1], ys[n - 1]) {
                    label(text(l), row: r, column: c, style: pathStyle)
                }
            case .point, .text, .span:
                continue
            }
        }
        for a in plot.annotations {
            switch a {
            case .text(let x, let y, let t):
                if let (r, c) = cellOf(x, y) {
                    let s = text(t)
                    let start = Swift.max(0, Swift.min(width - displayWidth(s), c))
                    texts.append((r, start, s, 0))
                }
            default:
                continue
            }
        }

        // Line ends, for `.lineEnds` legends.
        if legend == .lineEnds {
            var labelled = 0
            for (k, s) in plot.series.enumerated() where s.label?.isEmpty == false {
                var endRow: Int? = nil
                for i in stride(from: Swift.min(s.x.count, s.y.count) - 1, through: 0, by: -1) {
                    let p = py(s.y[i])
                    let q = px(s.x[i])
                    if p.isFinite, q.isFinite, p >= -0.5, p <= Double(pixelHeight) - 0.5, q >= -0.5,
                        q <= Double(pixelWidth) - 0.5
                    {
                        endRow = Int(p.rounded()) / cellY
                        break
                    }
                }
                _ = k
                entries[labelled].endRow = endRow
                labelled += 1
            }
        }

        // The text grid.
        let xlabel = labelLines(options.xlabel.map(text), width: totalWidth)
        let ylabel = labelLines(options.ylabel.map(text), width: totalWidth)
        var bottomLegendLines: [[Int]] = []
        if legend == .bottom {
            bottomLegendLines = flowLines(
                widths: entries.map { displayWidth($0.sample) + 1 + displayWidth($0.label) }, gap: 3,
                width: totalWidth - leftWidth - 2)
        }
        let gridHeight =
            ylabel.count + height + 2 + (xTicks.values.isEmpty ? 0 : 1)
            + xlabel.count + bottomLegendLines.count
        var grid = TextGrid(width: totalWidth, height: gridHeight)
        var styleMap = [UInt8](repeating: 0, count: slotStyles.count)
        for (i, s) in slotStyles.enumerated() { styleMap[i] = grid.styleIndex(s) }
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
        for (value, labelText) in zip(yTicks.values, yTicks.labels) {
            let tr = row(value)
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
        let canvasBits = canvas.bits
        let canvasColors = canvas.colors
        let canvasKind = canvas.kind
        grid.withStorage { scalars, styles in
            for cr in 0..<height {
                let base = (top + cr) * gridWidth + canvasLeft
                for c in 0..<width {
                    let i = cr * width + c
                    if let o = overlay[i] {
                        scalars[base + c] = o
                        styles[base + c] = styleMap[Int(overlayStyle[i])]
                    } else if let g = canvasKind.glyph(canvasBits[i]) {
                        scalars[base + c] = g
                        styles[base + c] = styleMap[Int(canvasColors[i])]
                    } else if shade[i] != 0 {
                        scalars[base + c] = shadeGlyph
                        styles[base + c] = styleMap[Int(shade[i])]
                    }
                }
            }
        }
        for t in texts {
            grid.put(t.text, row: top + t.row, column: canvasLeft + t.column, style: styleMap[Int(t.style)])
        }
        r = top + height
        // Bottom frame with x ticks.
        grid.set(row: r, column: frameLeft, ascii ? "+" : "└", style: frameStyle)
        for c in 0..<width { grid.set(row: r, column: canvasLeft + c, h, style: frameStyle) }
        for c in xTickColumns {
            grid.set(row: r, column: canvasLeft + c, ascii ? "+" : "┬", style: frameStyle)
        }
        grid.set(row: r, column: canvasLeft + width, ascii ? "+" : "┘", style: frameStyle)
        r += 1
        if !xTicks.values.isEmpty {
            for (c, t) in zip(xTickColumns, xTicks.labels) {
                let w = displayWidth(t)
                grid.put(t, row: r, column: Swift.max(0, Swift.min(totalWidth - w, canvasLeft + c - w / 2)))
            }
            r += 1
        }
        grid.putCentred(xlabel, row: r, over: canvasLeft..<(canvasLeft + width))
        r += xlabel.count
        // Legends.
        let legendColumn = canvasLeft + width + 2
        switch legend {
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
        let lines = grid.render(context.colorMode)
        return (lines, summary(xlo, xhi, ylo, yhi, contourSummaries), canvasLeft..<(canvasLeft + width))
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
                parts.append(finite.count <= 3
                    ? "\(name): " + finite.map { "(\(num(s.x[$0])), \(num(s.y[$0])))" }.joined(separator: ", ")
                    : "\(name): \(finite.count) points")
            } else if case .line = s.kind, let first = finite.first, let last = finite.last, turnsBack(finite.map { s.x[$0] }) {
                let arrow = ascii ? "->" : "→"
                parts.append("\(name): (\(num(s.x[first])), \(num(s.y[first]))) \(arrow) (\(num(s.x[last])), \(num(s.y[last])))")
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
