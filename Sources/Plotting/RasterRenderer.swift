import Terminal

/// A plot drawn as an image, with terminal text around it: the title, tick
/// labels, axis labels, legend and summary stay text (so they wrap and read
/// like the rest of the shell); the image covers a block of blank cells.
public struct RasterPlot: Sendable {
    /// Lines of equal display width; the image's cells are blank in them.
    public var lines: [String]
    public var image: RasterCanvas
    /// The line (0-based) holding the image's top row of cells, and its first column.
    public var imageRow: Int
    public var imageColumn: Int
    /// The cells the image covers (`image` is columns × cell width pixels wide).
    public var columns: Int
    public var rows: Int
    /// For x–y plots, where the axis limits fall in the image: x lo…hi → x0…x1 and
    /// y hi…lo → y0…y1 (pixel coordinates, edges of pixels at integers); for bars
    /// and heatmaps the whole image.
    public var dataBox: PixelRect

    /// The image in `graphicsProtocol`'s escape sequence (PNG for kitty and iTerm2, sixel).
    public func imageEscape(_ graphicsProtocol: GraphicsProtocol) -> String {
        switch graphicsProtocol {
        case .none: return ""
        case .kitty:
            return kittyImageEscape(png: png(), columns: columns, rows: rows)
        case .iterm:
            return itermImageEscape(png: png(), columns: columns, rows: rows)
        case .sixel:
            return SixelEncoder.encode(width: image.width, height: image.height, rgba: image.pixels)
        }
    }

    /// The image as a PNG file.
    public func png() -> [UInt8] {
        PNGEncoder.encode(width: image.width, height: image.height, rgba: image.pixels)
    }

    /// What to print: the lines, then, at the end of the last line, a placeholder for the
    /// image (`TerminalImages`) that the output writer turns into: save the cursor
    /// (`ESC 7`), up to the image's line (`CSI n A`), to its column (`CSI n G`), the image,
    /// restore the cursor (`ESC 8`). The text is printed first so any scrolling has happened
    /// before the image is placed. The text itself holds no image escape: the writers
    /// sanitise it, and only a placeholder with this process's token becomes an image.
    public func terminalText(_ graphicsProtocol: GraphicsProtocol) -> String {
        placingImages(
            lines, [(row: imageRow, column: imageColumn, escape: imageEscape(graphicsProtocol))],
            graphicsProtocol)
    }
}

/// `lines` joined by newlines, then for each image a placeholder (`TerminalImages`) that the
/// output writer turns into the image put at its (row, column) of those lines from the end of
/// the last one: `ESC 7`, up (`CSI n A`), to the column (`CSI n G`), the image's escape, `ESC 8`.
func placingImages(
    _ lines: [String], _ images: [(row: Int, column: Int, escape: String)],
    _ graphicsProtocol: GraphicsProtocol
) -> String {
    var text = lines.joined(separator: "\n")
    for image in images {
        text += TerminalImages.placeholder(
            for: image.escape, as: graphicsProtocol, linesUp: lines.count - 1 - image.row,
            column: image.column)
    }
    return text
}

extension Plot {
    /// The plot as an image with text around it, when `context.graphics` offers a
    /// protocol and a cell size, the context is not ASCII-only and has colour, and the whole plot
    /// fits the window's height (the image is placed by moving the cursor up, which
    /// cannot reach above the window); nil otherwise, and for heatmaps whose values
    /// fit as numbers in their cells (the text heatmap shows them).
    public func renderRaster(_ context: TerminalContext) -> RasterPlot? {
        // Without colour (NO_COLOR) the legend could not name the image's colours: the text
        // plot, whose series differ by dash and marker, says more.
        guard context.graphics.isAvailable, !context.ascii, context.colorMode != .none else { return nil }
        let cell = PixelSize(width: context.graphics.cellWidth, height: context.graphics.cellHeight)
        var drawing: RasterDrawing?
        if let heatmap {
            drawing = rasterHeatmap(heatmap, options: options, context: context, cell: cell)
        } else if let bars {
            drawing = rasterBars(bars, options: options, context: context, cell: cell)
        } else {
            drawing = RasterXYRenderer(plot: self, context: context, cell: cell).render()
        }
        guard let drawing else { return nil }
        let (lines, titleRows) = decorate(
            drawing.lines, summary: drawing.summary, area: drawing.area, context: context)
        guard lines.count < (context.height ?? 24) else { return nil }
        return RasterPlot(
            lines: lines, image: drawing.image, imageRow: titleRows + drawing.imageRow,
            imageColumn: drawing.imageColumn, columns: drawing.columns, rows: drawing.rows,
            dataBox: drawing.dataBox
                ?? PixelRect(x0: 0, y0: 0, x1: Double(drawing.image.width), y1: Double(drawing.image.height)))
    }

    /// What a terminal should be sent for this plot: the image form when
    /// `renderRaster` gives one, else exactly `rendered(context)` (the text plot).
    public func renderedForTerminal(_ context: TerminalContext) -> String {
        if let raster = renderRaster(context) {
            return raster.terminalText(context.graphics.graphicsProtocol)
        }
        return rendered(context)
    }
}

extension Plot {
    /// Small multiples for a terminal: the plots side by side as `renderSideBySide`
    /// lays them out, each drawn as an image when every one of them can be
    /// (`renderRaster` with an equal share of the width), else exactly the text
    /// `renderSideBySide(plots, context)` joined by newlines.
    public static func renderedSideBySideForTerminal(
        _ plots: [Plot], _ context: TerminalContext, gap: Int = 2
    )
        -> String
    {
        let text = { renderSideBySide(plots, context, gap: gap).joined(separator: "\n") }
        guard !plots.isEmpty, context.graphics.isAvailable else { return text() }
        let share = max(1, (context.width - gap * (plots.count - 1)) / plots.count)
        let panels = plots.compactMap { $0.renderRaster(context.withWidth(share)) }
        guard panels.count == plots.count else { return text() }
        let height = panels.map(\.lines.count).max() ?? 0
        let widths = panels.map { $0.lines.first.map(displayWidth) ?? 0 }
        var lines: [String] = []
        for r in 0..<height {
            var line = ""
            for (k, panel) in panels.enumerated() {
                if k > 0 { line += String(repeating: " ", count: gap) }
                line += r < panel.lines.count ? panel.lines[r] : String(repeating: " ", count: widths[k])
            }
            lines.append(line)
        }
        var images: [(row: Int, column: Int, escape: String)] = []
        var offset = 0
        for (k, panel) in panels.enumerated() {
            images.append(
                (
                    panel.imageRow, offset + panel.imageColumn,
                    panel.imageEscape(context.graphics.graphicsProtocol)
                ))
            offset += widths[k] + gap
        }
        return placingImages(lines, images, context.graphics.graphicsProtocol)
    }
}

extension Plot {
    /// Small multiples in a grid: rows of `columns` plots, each row laid out as
    /// `renderSideBySide` does, every panel as wide as in a full row (a short last row
    /// is narrower, not stretched), rows one blank line apart.
    public static func renderGrid(_ plots: [Plot], columns: Int, _ context: TerminalContext, gap: Int = 2)
        -> [String]
    {
        gridRows(plots, columns: columns, context, gap: gap).enumerated().flatMap { k, row in
            (k == 0 ? [] : [""]) + renderSideBySide(row.plots, row.context, gap: gap)
        }
    }

    /// `renderGrid` for a terminal: each row as `renderedSideBySideForTerminal` draws it
    /// (images where every panel of the row can be one), rows one blank line apart.
    public static func renderedGridForTerminal(
        _ plots: [Plot], columns: Int, _ context: TerminalContext, gap: Int = 2
    ) -> String {
        gridRows(plots, columns: columns, context, gap: gap)
            .map { renderedSideBySideForTerminal($0.plots, $0.context, gap: gap) }
            .joined(separator: "\n\n")
    }

    /// The rows of a grid and the width each is drawn at: `columns` panels share the
    /// context's width, and a row of k panels gets k shares and the gaps between them.
    static func gridRows(_ plots: [Plot], columns: Int, _ context: TerminalContext, gap: Int)
        -> [(plots: [Plot], context: TerminalContext)]
    {
        let columns = max(1, min(columns, plots.count))
        let share = max(1, (context.width - gap * (columns - 1)) / columns)
        return stride(from: 0, to: plots.count, by: columns).map { start in
            let row = Array(plots[start..<min(start + columns, plots.count)])
            return (row, context.withWidth(share * row.count + gap * (row.count - 1)))
        }
    }
}

/// What a raster renderer returns before the title and summary are added.
struct RasterDrawing {
    var lines: [String]
    var summary: String
    /// The columns the title is centred over.
    var area: Range<Int>
    var image: RasterCanvas
    var imageRow: Int
    var imageColumn: Int
    var columns: Int
    var rows: Int
    var dataBox: PixelRect? = nil
}

extension TerminalColor {
    /// The colour as an opaque RGBA pixel.
    var pixel: RGBA {
        let (r, g, b) = rgbValue
        return RGBA(r, g, b)
    }
}

/// Colours of the raster plots that read on dark and light backgrounds alike.
enum RasterInk {
    static let frame = RGBA(128, 128, 128)
    static let grid = RGBA(128, 128, 128, 40)
    static let muted = RGBA(140, 140, 140)
}

/// A legend entry: pieces of text, each in its own style.
typealias LegendPieces = [(text: String, style: TextStyle)]

func piecesWidth(_ pieces: LegendPieces) -> Int { pieces.reduce(0) { $0 + displayWidth($1.text) } }

extension TextGrid {
    /// Writes styled pieces from `column`; returns the columns used.
    @discardableResult
    mutating func put(_ pieces: LegendPieces, row: Int, column: Int) -> Int {
        var c = column
        for p in pieces { c += put(p.text, row: row, column: c, style: styleIndex(p.style)) }
        return c - column
    }

    /// Writes a legend `beside` an image (entry k on row `top + k`, at most `rows` of them, from
    /// `column`), else below it in `lines` (from `flowLegend`) from row `below`, three columns
    /// apart. Returns the row after what it wrote.
    mutating func putLegend(
        _ entries: [LegendPieces], beside: Bool, lines: [[Int]], top: Int, rows: Int, column: Int, below: Int
    ) -> Int {
        guard !beside else {
            for (k, entry) in entries.enumerated() where k < rows { put(entry, row: top + k, column: column) }
            return below
        }
        var r = below
        for line in lines {
            var c = 0
            for k in line { c += put(entries[k], row: r, column: c) + 3 }
            r += 1
        }
        return r
    }
}

/// Lays legend entries out in lines of at most `width` columns, three spaces apart.
func flowLegend(_ entries: [LegendPieces], width: Int) -> [[Int]] {
    flowLines(widths: entries.map(piecesWidth), gap: 3, width: width)
}

/// Packs items of the given `widths` into lines of at most `width` columns, `gap` columns
/// apart, in order (an item wider than a line gets a line of its own): the indices of
/// each line's items. The one packer behind every legend and colour key.
func flowLines(widths: [Int], gap: Int, width: Int) -> [[Int]] {
    var lines: [[Int]] = []
    var current: [Int] = []
    var used = 0
    for (i, w) in widths.enumerated() {
        if !current.isEmpty && used + gap + w > width {
            lines.append(current)
            current = []
            used = 0
        }
        used += (current.isEmpty ? 0 : gap) + w
        current.append(i)
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

/// x–y plots as pixels: the limits, ticks and summary of `XYRenderer`, drawn with
/// anti-aliased lines, distinct markers and the Okabe–Ito colours.
struct RasterXYRenderer {
    let plot: Plot
    let context: TerminalContext
    let cell: PixelSize

    var options: PlotOptions { plot.options }

    func color(of k: Int) -> TerminalColor {
        switch plot.series[k].color {
        case .custom(let c): return c
        case .palette(let i): return Palette.series[((i % 6) + 6) % 6]
        case nil: return Palette.series[k % Palette.series.count]
        }
    }

    func render() -> RasterDrawing? {
        let xy = XYRenderer(plot: plot, context: context)
        let (xl, yl) = xy.limits()
        let (xlo, xhi) = xl
        let (ylo, yhi) = yl
        let muted = TextStyle(foreground: Palette.muted)

        // Legend: labelled series, contour levels, labelled annotations.
        var entries: [LegendPieces] = []
        var scatterIndex = 0
        var markerOf: [Int: MarkerShape] = [:]
        var contours: [(k: Int, resolved: ResolvedContour)] = []
        for (k, s) in plot.series.enumerated() {
            let style = TextStyle(foreground: color(of: k))
            var sample = "━━"
            switch s.kind {
            case .scatter:
                let i = scatterIndex % MarkerShape.allCases.count
                markerOf[k] = MarkerShape(rawValue: i)!
                sample = String(Character(Palette.markers[i]))
                scatterIndex += 1
            case .band: sample = "▒━"
            case .contour(let z, let levels):
                guard let resolved = resolveContour(s, z: z, levels: levels, ascii: false) else { continue }
                contours.append((k, resolved))
                var pieces: LegendPieces = [((s.label.map { $0 + ": " } ?? "levels "), .plain)]
                for (li, label) in resolved.labels.enumerated() {
                    let c = levelColor(li, of: resolved.levels.count, series: k)
                    pieces.append(((li == 0 ? "" : " ") + "━" + label, TextStyle(foreground: c)))
                }
                entries.append(pieces)
                continue
            default: break
            }
            if let label = s.label, !label.isEmpty {
                entries.append([(sample, style), (" " + label, .plain)])
            }
        }
        let pathColor = Palette.series[plot.series.count % Palette.series.count]
        for a in plot.annotations {
            switch a {
            case .point(_, _, let l) where !l.isEmpty:
                entries.append([("●", TextStyle(bold: true)), (" " + l, .plain)])
            case .arrow(_, _, _, _, let l?) where !l.isEmpty:
                entries.append([("→", muted), (" " + l, .plain)])
            case .path(_, _, let l?) where !l.isEmpty:
                entries.append([("○-●", TextStyle(foreground: pathColor)), (" " + l, .plain)])
            case .horizontalLine(_, let l?) where !l.isEmpty:
                entries.append([("╌╌", muted), (" " + l, .plain)])
            case .verticalLine(_, let l?) where !l.isEmpty: entries.append([("┆", muted), (" " + l, .plain)])
            case .span(_, _, let l?) where !l.isEmpty: entries.append([("░░", muted), (" " + l, .plain)])
            case .text(_, _, let t) where !t.isEmpty: entries.append([("+", muted), (" " + t, .plain)])
            default: break
            }
        }

        // Sizes in cells.
        let ylabel = labelLines(options.ylabel, width: context.width)
        let xlabel = labelLines(options.xlabel, width: context.width)
        let legendWidth = 2 + entries.reduce(0) { Swift.max($0, piecesWidth($1)) }
        var legend = entries.isEmpty ? LegendPosition.none : options.legend
        var provisionalTicks = makeTicks(ylo, yhi, scale: options.yscale, target: 6, ascii: false)
        var leftWidth = provisionalTicks.labels.reduce(0) { Swift.max($0, displayWidth($1)) }
        if legend == .auto || legend == .lineEnds {
            // Beside the image only when the image keeps at least 40 columns and 60% of the width.
            let left = context.width - leftWidth - 1 - legendWidth
            legend = left >= Swift.max(40, context.width * 3 / 5) ? .right : .bottom
        }
        // Right of the image: the legend, or at least two columns for the last x tick label to overhang.
        let besideWidth = legend == .right ? legendWidth : 2
        let available = context.width - leftWidth - 1 - besideWidth
        let columns = Swift.min(options.width ?? 100, available)
        guard columns >= 10 else { return nil }
        let bottomLegend = legend == .bottom ? flowLegend(entries, width: context.width) : []
        let otherLines =
            (options.title == nil ? 0 : 1) + ylabel.count + 1 + xlabel.count + bottomLegend.count + 2
        let maxRows = (context.height ?? 24) - 1 - otherLines
        let natural = Int((Double(columns * cell.width) / 1.7 / Double(cell.height)).rounded())
        let rows = Swift.min(maxRows, options.height ?? Swift.max(8, Swift.min(30, natural)))
        guard rows >= 4 else { return nil }
        provisionalTicks = makeTicks(
            ylo, yhi, scale: options.yscale, target: Swift.max(2, (rows + 2) / 4 + 1), ascii: false)
        let yTicks = provisionalTicks
        leftWidth = yTicks.labels.reduce(0) { Swift.max($0, displayWidth($1)) }

        // World → pixels.
        let pw = columns * cell.width
        let ph = rows * cell.height
        let lineWidth = Swift.max(1.5, Double(cell.height) / 9)
        let margin = (lineWidth + 2).rounded(.up)
        let xscale = options.xscale
        let yscale = options.yscale
        let xmap = AxisMap(
            from: xscale.forward(xlo), to: xscale.forward(xhi), pixels: Double(pw) - 2 * margin)
        let ymap = AxisMap(
            from: yscale.forward(yhi), to: yscale.forward(ylo), pixels: Double(ph) - 2 * margin)
        func px(_ x: Double) -> Double { margin + xmap(xscale.forward(x)) }
        func py(_ y: Double) -> Double { margin + ymap(yscale.forward(y)) }

        var canvas = RasterCanvas(width: pw, height: ph)
        // Grid lines and tick marks at the y ticks; x ticks chosen to fit as text.
        var xTicks = Ticks(values: [], labels: [])
        var target = Swift.max(2, columns / 8)
        while target >= 2 {
            let ticks = makeTicks(xlo, xhi, scale: options.xscale, target: target, ascii: false)
            var previousEnd = -leftWidth - 1
            var fits = true
            for (v, label) in zip(ticks.values, ticks.labels) {
                let w = displayWidth(label)
                let start = Int(px(v)) / cell.width - w / 2
                if start < previousEnd + 2 || start + w > columns + besideWidth { fits = false; break }
                previousEnd = start + w
            }
            if fits { xTicks = ticks; break }
            target -= 1
        }
        for v in yTicks.values {
            let y = py(v)
            canvas.polyline(xs: [0, Double(pw)], ys: [y, y], RasterInk.grid, lineWidth: 1)
            canvas.polyline(xs: [0, margin + 2], ys: [y, y], RasterInk.frame, lineWidth: 1.5)
        }
        for v in xTicks.values {
            let x = px(v)
            canvas.polyline(xs: [x, x], ys: [0, Double(ph)], RasterInk.grid, lineWidth: 1)
            canvas.polyline(
                xs: [x, x], ys: [Double(ph) - margin - 2, Double(ph)], RasterInk.frame, lineWidth: 1.5)
        }

        // Data stays inside the frame: nothing past the axis limits but half a line's width.
        let dataBox = PixelRect(x0: margin, y0: margin, x1: Double(pw) - margin, y1: Double(ph) - margin)
        canvas.clip = PixelRect(
            x0: margin - lineWidth / 2, y0: margin - lineWidth / 2, x1: Double(pw) - margin + lineWidth / 2,
            y1: Double(ph) - margin + lineWidth / 2)

        // Spans and bands: translucent fills under everything.
        for a in plot.annotations {
            if case .span(let from, let to, _) = a {
                canvas.fillRect(
                    x0: px(Swift.min(from, to)), y0: 0, x1: px(Swift.max(from, to)), y1: Double(ph),
                    RasterInk.muted.withAlpha(0.18))
            }
        }
        for (k, s) in plot.series.enumerated() {
            guard case .band(let lower, let upper) = s.kind else { continue }
            let n = Swift.min(s.x.count, lower.count, upper.count)
            var points: [(Double, Double, Double)] = []
            for i in 0..<n where s.x[i].isFinite && lower[i].isFinite && upper[i].isFinite {
                points.append((px(s.x[i]), py(lower[i]), py(upper[i])))
            }
            points.sort { $0.0 < $1.0 }
            guard points.count >= 2 else { continue }
            let fill = color(of: k).pixel.withAlpha(0.25)
            var j = 0
            let first = Swift.max(0, Int(points[0].0.rounded(.down)))
            let last = Swift.min(pw - 1, Int(points[points.count - 1].0.rounded(.up)))
            guard first <= last else { continue }
            for column in first...last {
                let centre = Double(column) + 0.5
                while j + 2 < points.count && points[j + 1].0 < centre { j += 1 }
                let (p, q) = (points[j], points[j + 1])
                let t = q.0 == p.0 ? 0 : Swift.min(1, Swift.max(0, (centre - p.0) / (q.0 - p.0)))
                let a = p.1 + (q.1 - p.1) * t
                let b = p.2 + (q.2 - p.2) * t
                guard a.isFinite, b.isFinite else { continue }
                canvas.fillRect(
                    x0: Double(column), y0: Swift.min(a, b), x1: Double(column + 1), y1: Swift.max(a, b), fill
                )
            }
        }

        // Contours, coloured by level.
        for (k, resolved) in contours {
            guard case .contour(let z, _) = plot.series[k].kind else { continue }
            let s = plot.series[k]
            for (li, level) in resolved.levels.enumerated() {
                for seg in marchingSquares(x: s.x, y: s.y, z: z, level: level) {
                    canvas.addSegment(px(seg.0), py(seg.1), px(seg.2), py(seg.3), lineWidth: lineWidth * 0.8)
                }
                canvas.commitStroke(levelColor(li, of: resolved.levels.count, series: k).pixel)
            }
        }

        // Lines, functions, band means, scatter markers.
        let markerSize = Swift.max(6, Double(cell.height) * 0.4)
        let lineClip = canvas.clip
        let wholeImage = PixelRect(x0: 0, y0: 0, x1: Double(pw), y1: Double(ph))
        /// A marker whose centre is inside the axis limits, drawn whole even where it
        /// reaches past them into the margin (a marker outside the limits is not drawn).
        func marker(_ shape: MarkerShape, _ x: Double, _ y: Double, _ size: Double, _ ink: RGBA) {
            guard x >= dataBox.x0 - 0.5, x <= dataBox.x1 + 0.5, y >= dataBox.y0 - 0.5, y <= dataBox.y1 + 0.5
            else { return }
            canvas.clip = wholeImage
            canvas.marker(shape, cx: x, cy: y, size: size, ink)
            canvas.clip = lineClip
        }
        for (k, s) in plot.series.enumerated() {
            let n = Swift.min(s.x.count, s.y.count)
            let ink = color(of: k).pixel
            switch s.kind {
            case .contour: continue
            case .scatter:
                let shape = markerOf[k] ?? .disc
                for i in 0..<n { marker(shape, px(s.x[i]), py(s.y[i]), markerSize, ink) }
            case .function:
                canvas.polyline(
                    xs: s.x.prefix(n).map(px), ys: s.y.prefix(n).map(py), ink, lineWidth: lineWidth,
                    breakJump: Double(ph) / 2)
            case .line, .band:
                canvas.polyline(
                    xs: s.x.prefix(n).map(px), ys: s.y.prefix(n).map(py), ink, lineWidth: lineWidth)
            }
        }

        // Annotations.
        for a in plot.annotations {
            switch a {
            case .horizontalLine(let y, _):
                canvas.polyline(
                    xs: [0, Double(pw)], ys: [py(y), py(y)], RasterInk.muted, lineWidth: 1.5, dash: [6, 4])
            case .verticalLine(let x, _):
                canvas.polyline(
                    xs: [px(x), px(x)], ys: [0, Double(ph)], RasterInk.muted, lineWidth: 1.5, dash: [6, 4])
            case .arrow(let x0, let y0, let x1, let y1, _):
                let (a0, b0, a1, b1) = (px(x0), py(y0), px(x1), py(y1))
                let length = ((a1 - a0) * (a1 - a0) + (b1 - b0) * (b1 - b0)).squareRoot()
                guard length > 0 else { continue }
                let (ux, uy) = ((a1 - a0) / length, (b1 - b0) / length)
                let head = Swift.min(length, 3 * lineWidth + 6)
                canvas.polyline(
                    xs: [a0, a1 - ux * head * 0.8], ys: [b0, b1 - uy * head * 0.8], RasterInk.muted,
                    lineWidth: lineWidth)
                // The head: a filled triangle, tip at the target.
                let (bx, by) = (a1 - ux * head, b1 - uy * head)
                let w = head * 0.5
                let corners = [(a1, b1), (bx - uy * w, by + ux * w), (bx + uy * w, by - ux * w)]
                canvas.fillShape(cx: a1, cy: b1, radius: head + 1, RasterInk.muted) { dx, dy in
                    polygonDistance(a1 + dx, b1 + dy, corners)
                }
            case .path(let xs, let ys, _):
                let n = Swift.min(xs.count, ys.count)
                guard n > 0 else { continue }
                let ink = pathColor.pixel
                canvas.polyline(
                    xs: xs.prefix(n).map(px), ys: ys.prefix(n).map(py), ink, lineWidth: lineWidth * 0.8)
                for i in 0..<n {
                    let last = i == n - 1
                    marker(
                        last ? .disc : .circle, px(xs[i]), py(ys[i]),
                        last ? markerSize * 1.2 : markerSize * 0.7, ink)
                }
            case .point(let x, let y, _):
                // Black on a white ring: visible on dark and light backgrounds.
                marker(.disc, px(x), py(y), markerSize * 1.5, RGBA(255, 255, 255))
                marker(.disc, px(x), py(y), markerSize * 1.1, RGBA(0, 0, 0))
            case .text(let x, let y, _):
                marker(.plus, px(x), py(y), markerSize, RasterInk.muted)
            case .span:
                continue
            }
        }
        // The frame, last, over everything.
        canvas.clip = PixelRect(x0: 0, y0: 0, x1: Double(pw), y1: Double(ph))
        canvas.polyline(
            xs: [0.5, Double(pw) - 0.5, Double(pw) - 0.5, 0.5, 0.5],
            ys: [0.5, 0.5, Double(ph) - 0.5, Double(ph) - 0.5, 0.5], RasterInk.frame, lineWidth: 1)

        // The text around the image.
        let imageColumn = leftWidth + 1
        let totalWidth = Swift.min(context.width, imageColumn + columns + besideWidth)
        let height = ylabel.count + rows + (xTicks.values.isEmpty ? 0 : 1) + xlabel.count + bottomLegend.count
        var grid = TextGrid(width: totalWidth, height: height)
        for (k, line) in ylabel.enumerated() { grid.put(line, row: k, column: 0) }
        let top = ylabel.count
        var usedRows = Set<Int>()
        for (v, label) in zip(yTicks.values, yTicks.labels) {
            let r = Swift.min(rows - 1, Swift.max(0, Int(py(v)) / cell.height))
            guard !usedRows.contains(r) else { continue }
            usedRows.insert(r)
            grid.put(label, row: top + r, column: leftWidth - displayWidth(label))
        }
        var r = top + rows
        if !xTicks.values.isEmpty {
            for (v, label) in zip(xTicks.values, xTicks.labels) {
                let w = displayWidth(label)
                let c = imageColumn + Int(px(v)) / cell.width - w / 2
                grid.put(label, row: r, column: Swift.max(0, Swift.min(totalWidth - w, c)))
            }
            r += 1
        }
        grid.putCentred(xlabel, row: r, over: imageColumn..<(imageColumn + columns))
        r += xlabel.count
        r = grid.putLegend(
            entries, beside: legend == .right, lines: bottomLegend, top: top, rows: rows,
            column: imageColumn + columns + 2, below: r)
        let summary = xy.summary(xlo, xhi, ylo, yhi, contours.compactMap(\.resolved.summary))
        return RasterDrawing(
            lines: grid.render(context.colorMode), summary: summary,
            area: imageColumn..<(imageColumn + columns), image: canvas, imageRow: top,
            imageColumn: imageColumn,
            columns: columns, rows: rows, dataBox: dataBox)
    }

    /// The colour of contour level `li` of `count`: viridis from dark to light (as the text plots).
    func levelColor(_ li: Int, of count: Int, series k: Int) -> TerminalColor {
        count > 1 ? Palette.sequential(0.15 + 0.7 * Double(li) / Double(count - 1)) : color(of: k)
    }
}

/// Signed distance from (x, y) to a convex polygon given counter- or clockwise (negative inside).
func polygonDistance(_ x: Double, _ y: Double, _ corners: [(Double, Double)]) -> Double {
    var inside = -Double.infinity
    // Orientation: make edge normals point outward.
    var area = 0.0
    for i in corners.indices {
        let (a, b) = (corners[i], corners[(i + 1) % corners.count])
        area += a.0 * b.1 - b.0 * a.1
    }
    let sign = area > 0 ? 1.0 : -1.0
    for i in corners.indices {
        let (a, b) = (corners[i], corners[(i + 1) % corners.count])
        let (ex, ey) = (b.0 - a.0, b.1 - a.1)
        let length = (ex * ex + ey * ey).squareRoot()
        guard length > 0 else { continue }
        // Outward normal for a positively oriented polygon is (ey, −ex).
        let d = sign * ((x - a.0) * ey - (y - a.1) * ex) / length
        inside = Swift.max(inside, d)
    }
    return inside
}
