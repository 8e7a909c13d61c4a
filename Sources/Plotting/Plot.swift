/// # Plotting: numbers and a `TerminalContext` in, lines of text out.
///
/// Layers (UnicodePlots.jl's): `TextGrid` (cells, styles, display width) →
/// `PixelCanvas` (braille 2×4, block 2×2, ASCII 3×3; lines, clipping, dashes,
/// NaN and jump breaks — pixels only) → the renderers here (world
/// coordinates, scales, ticks, frame, legend, summary) → `[String]`.
///
/// ## The API (what the Lab builtins bind)
///
///     var p = Plot(options: PlotOptions(title: "sin and cos", xlabel: "x"))
///     p.addLine(x: xs, y: ys, label: "sin")          // plot(x, y) / plot!(p, x, y)
///     try p.addFunction(from: 0, to: 6.3, label: "cos") { cos($0) }   // plot(f, a, b)
///     p.addScatter(x: xs, y: ys, label: "data")      // scatter(x, y)
///     p.addBand(x: xs, mean: m, lower: m - s, upper: m + s, label: "mean ± σ")
///     try p.addContour(x: -2...2, y: -2...2, label: "loss") { x, y in x*x + 3*y*y }  // contour(f, xlim, ylim)
///     p.annotate(.point(x: 1, y: 0, label: "θ*"))   // annotate!(p, x, y, text)
///     p.annotate(.horizontalLine(y: 0, label: "0"))   // hline!
///     p.annotate(.verticalLine(x: 1, label: "x₀"))    // vline!
///     p.annotate(.arrow(fromX: 0, fromY: 1, toX: 0.5, toY: 0.2, label: "−η∇L"))   // arrow!
///     p.annotate(.text(x: 2, y: 0.5, text: "note"))
///     p.annotate(.span(from: 1, to: 2, label: "train"))
///     p.annotate(.path(x: iterX, y: iterY, label: "GD"))   // an optimisation path over a contour
///     let lines = p.render(TerminalContext.detect())
///
///     Plot.histogram(values, bins: nil)             // hist(x)
///     Plot.bars(values, labels: names, orientation: .horizontal)   // bar(v)
///     Plot.heatmap(rows, rowLabels: nil, columnLabels: nil)        // heatmap(M)
///     Plot.renderSideBySide([p, q], context)         // small multiples
///
/// Options (`PlotOptions`, the Lab keyword options): `title xlabel ylabel`
/// `legend` (.right .bottom .lineEnds .none, default right when it fits, else
/// bottom), `width height` (canvas size in cells; clamped so every line fits
/// the context width), `xlim ylim`, `xscale yscale` (.linear, .log10),
/// `canvas` (.braille .block .ascii; the context's `ascii` forces .ascii),
/// and per series `color` (a palette index or a `TerminalColor`).
///
/// Guarantees tested for every kind: every line has the same display width,
/// at most the context width; no escape code when `colorMode == .none`; only
/// ASCII when `context.ascii`; tick values inside the axis limits; without
/// colour, series differ by dash pattern or marker and heatmaps by shade and
/// printed numbers; the last lines are a text summary (ranges, minima).
import Terminal

/// Where series names go. Never over the data.
public enum LegendPosition: String, Sendable, CaseIterable {
    /// Right of the frame if it fits the width, else below.
    case auto
    case right
    case bottom
    /// Each label right of the frame, on the row where its line ends.
    case lineEnds
    case none
}

/// Bar direction.
public enum BarOrientation: String, Sendable {
    case horizontal, vertical
}

/// The keyword options of a plot (docs/LANGUAGE.md, "Plots").
public struct PlotOptions: Sendable {
    public var title: String?
    public var xlabel: String?
    public var ylabel: String?
    public var legend: LegendPosition
    /// Canvas width in cells (default: what the context width allows, at most
    /// `defaultCanvasWidth(windowWidth:)`: 60 up to a 100-column window, wider after).
    public var width: Int?
    /// Canvas height in cells (default 15).
    public var height: Int?
    public var xlim: (Double, Double)?
    public var ylim: (Double, Double)?
    public var xscale: AxisScale
    public var yscale: AxisScale
    public var canvas: CanvasKind
    /// Whether to print the one-line text summary under the plot.
    public var summary: Bool

    public init(
        title: String? = nil, xlabel: String? = nil, ylabel: String? = nil, legend: LegendPosition = .auto,
        width: Int? = nil, height: Int? = nil, xlim: (Double, Double)? = nil, ylim: (Double, Double)? = nil,
        xscale: AxisScale = .linear, yscale: AxisScale = .linear, canvas: CanvasKind = .braille,
        summary: Bool = true
    ) {
        self.title = title
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.legend = legend
        self.width = width
        self.height = height
        self.xlim = xlim
        self.ylim = ylim
        self.xscale = xscale
        self.yscale = yscale
        self.canvas = canvas
        self.summary = summary
    }
}

/// A series colour: an index into the plot palette, or an explicit colour.
public enum SeriesColor: Sendable, Hashable {
    case palette(Int)
    case custom(TerminalColor)
}

/// Which levels a contour plot draws (Plots.jl's `levels`: a number of levels or the levels).
public enum ContourLevels: Sendable, Equatable {
    /// About six round values strictly inside the range of z.
    case automatic
    /// n levels evenly spaced strictly inside [zmin, zmax]:
    /// zmin + k(zmax − zmin)/(n + 1) for k = 1…n (as Plots.jl's `levels = n`).
    case count(Int)
    /// Exactly these levels.
    case values([Double])

    /// The levels for data ranging over [lo, hi] (lo < hi).
    public func resolved(lo: Double, hi: Double) -> [Double] {
        switch self {
        case .automatic: return niceTickValues(lo, hi, target: 6).filter { $0 > lo && $0 < hi }
        case .count(let n):
            return (0..<Swift.max(0, n)).map { lo + (hi - lo) * Double($0 + 1) / Double(n + 1) }
        case .values(let v): return v
        }
    }
}

/// One mark on x–y axes.
public struct Series: Sendable {
    public enum Kind: Sendable {
        /// A polyline through (x, y); NaN or ±∞ breaks it.
        case line
        /// A sampled function: like a line, and also broken at jumps larger than
        /// half the plot height (poles such as tan's).
        case function
        /// Points drawn with a marker distinct per scatter series.
        case scatter
        /// `y` is the mean; the region between `lower` and `upper` is shaded.
        case band(lower: [Double], upper: [Double])
        /// Contour lines of `z` (rows along y, columns along x) at `levels`,
        /// labelled on the plot.
        case contour(z: [[Double]], levels: ContourLevels)
    }

    public var kind: Kind
    public var x: [Double]
    public var y: [Double]
    public var label: String?
    public var color: SeriesColor?

    public init(kind: Kind, x: [Double], y: [Double], label: String? = nil, color: SeriesColor? = nil) {
        self.kind = kind
        self.x = x
        self.y = y
        self.label = label
        self.color = color
    }
}

/// Marks that explain rather than show data.
public enum Annotation: Sendable {
    /// A marked point with a label beside it (θ, θ′, θ*).
    case point(x: Double, y: Double, label: String)
    /// A dashed horizontal reference line, labelled at its right end.
    case horizontalLine(y: Double, label: String?)
    /// A dashed vertical reference line, labelled at its top.
    case verticalLine(x: Double, label: String?)
    /// An arrow from one point to another (a gradient step), labelled at its tail.
    case arrow(fromX: Double, fromY: Double, toX: Double, toY: Double, label: String?)
    /// Text whose first character sits at (x, y).
    case text(x: Double, y: Double, text: String)
    /// A shaded vertical span x ∈ [from, to].
    case span(from: Double, to: Double, label: String?)
    /// An optimisation path: iterates joined by a line, each marked, the last labelled.
    case path(x: [Double], y: [Double], label: String?)
}

/// Data of a bar chart or histogram.
public struct BarChart: Sendable {
    public var values: [Double]
    public var labels: [String]
    public var orientation: BarOrientation
    /// For histograms: the bin edges (count + 1), shown in the summary.
    public var binEdges: [Double]?

    public init(values: [Double], labels: [String], orientation: BarOrientation, binEdges: [Double]? = nil) {
        self.values = values
        self.labels = labels
        self.orientation = orientation
        self.binEdges = binEdges
    }
}

/// Data of a heatmap: `rows[i][j]` is drawn at row i (top first), column j.
public struct Heatmap: Sendable {
    public var rows: [[Double]]
    public var rowLabels: [String]?
    public var columnLabels: [String]?

    public init(rows: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil) {
        self.rows = rows
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
    }
}

/// A plot: series and annotations on x–y axes, or a bar chart, or a heatmap.
/// A value: adding to a copy leaves the original alone.
public struct Plot: Sendable {
    public var options: PlotOptions
    public var series: [Series] = []
    public var annotations: [Annotation] = []
    /// When set, the plot is this bar chart (series are ignored).
    public var bars: BarChart?
    /// When set, the plot is this heatmap (series are ignored).
    public var heatmap: Heatmap?

    public init(options: PlotOptions = PlotOptions()) {
        self.options = options
    }

    // MARK: x–y marks

    public mutating func add(_ series: Series) { self.series.append(series) }

    /// A line through (x[i], y[i]); extra elements of the longer array are ignored.
    public mutating func addLine(x: [Double], y: [Double], label: String? = nil, color: SeriesColor? = nil) {
        add(Series(kind: .line, x: x, y: y, label: label, color: color))
    }

    /// Points with a marker distinct from other scatter series.
    public mutating func addScatter(x: [Double], y: [Double], label: String? = nil, color: SeriesColor? = nil)
    {
        add(Series(kind: .scatter, x: x, y: y, label: label, color: color))
    }

    /// `f` sampled at `samples` evenly spaced points of [a, b] (default 1201,
    /// at least twice per pixel column up to 300 braille cells); errors from `f`
    /// propagate, non-finite values break the line.
    public mutating func addFunction(
        from a: Double, to b: Double, samples: Int = 1201, label: String? = nil, color: SeriesColor? = nil,
        _ f: (Double) throws -> Double
    ) rethrows {
        let n = max(2, samples)
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(n)
        ys.reserveCapacity(n)
        for i in 0..<n {
            let x = interpolate(a, b, step: i, of: n - 1)
            xs.append(x)
            ys.append(try f(x))
        }
        add(Series(kind: .function, x: xs, y: ys, label: label, color: color))
    }

    /// A mean line with the region [lower, upper] shaded (mean ± σ).
    public mutating func addBand(
        x: [Double], mean: [Double], lower: [Double], upper: [Double], label: String? = nil,
        color: SeriesColor? = nil
    ) {
        add(Series(kind: .band(lower: lower, upper: upper), x: x, y: mean, label: label, color: color))
    }

    /// Contour lines of a sampled surface: `z[i][j]` at (x[j], y[i]).
    public mutating func addContour(
        x: [Double], y: [Double], z: [[Double]], levels: ContourLevels = .automatic, label: String? = nil
    ) {
        add(Series(kind: .contour(z: z, levels: levels), x: x, y: y, label: label))
    }

    /// Contour lines of `f` sampled on a `resolution`×`resolution` grid of the box.
    public mutating func addContour(
        x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int = 61,
        levels: ContourLevels = .automatic,
        label: String? = nil, _ f: (Double, Double) throws -> Double
    ) rethrows {
        let n = max(3, resolution)
        let xs = (0..<n).map { interpolate(x.lowerBound, x.upperBound, step: $0, of: n - 1) }
        let ys = (0..<n).map { interpolate(y.lowerBound, y.upperBound, step: $0, of: n - 1) }
        var z: [[Double]] = []
        z.reserveCapacity(n)
        for yv in ys { z.append(try xs.map { try f($0, yv) }) }
        addContour(x: xs, y: ys, z: z, levels: levels, label: label)
    }

    public mutating func annotate(_ annotation: Annotation) { annotations.append(annotation) }

    // MARK: other kinds

    /// A histogram of the finite `values`: `bins` equal bins (default Sturges'
    /// rule, ⌈log₂ n⌉ + 1, on nice edges), drawn as horizontal bars labelled by bin.
    public static func histogram(_ values: [Double], bins: Int? = nil, options: PlotOptions = PlotOptions())
        -> Plot
    {
        var plot = Plot(options: options)
        plot.bars = makeHistogram(values, bins: bins, ascii: false)
        return plot
    }

    /// Signed bars, one per value, labelled (default labels 1, 2, 3…).
    public static func bars(
        _ values: [Double], labels: [String]? = nil, orientation: BarOrientation = .horizontal,
        options: PlotOptions = PlotOptions()
    ) -> Plot {
        var plot = Plot(options: options)
        plot.bars = BarChart(
            values: values, labels: labels ?? values.indices.map { String($0 + 1) }, orientation: orientation)
        return plot
    }

    /// A heatmap of a matrix given as rows.
    public static func heatmap(
        _ rows: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil,
        options: PlotOptions = PlotOptions()
    ) -> Plot {
        var plot = Plot(options: options)
        plot.heatmap = Heatmap(rows: rows, rowLabels: rowLabels, columnLabels: columnLabels)
        return plot
    }

    // MARK: drawing

    /// The plot as lines of equal display width, at most `context.width`:
    /// the title, the drawing, then the text summary (unless `options.summary`
    /// is false). The title is centred over the data area when it fits there,
    /// else over the whole plot; title and summary wrap (never cut) at the
    /// plot's width, or at 40 columns for a narrower plot, and a summary line
    /// breaks between parenthesised groups rather than inside "(4, 3)".
    public func render(_ context: TerminalContext) -> [String] {
        var lines: [String]
        var summary: String
        var area: Range<Int>
        if let heatmap {
            (lines, summary, area, _) = renderHeatmap(heatmap, options: options, context: context)
        } else if let bars {
            (lines, summary, area) = renderBars(bars, options: options, context: context)
        } else {
            (lines, summary, area) = XYRenderer(plot: self, context: context).render()
        }
        return decorate(lines, summary: summary, area: area, context: context).lines
    }

    /// The drawing's lines with the title above and the summary below (see `render`);
    /// `titleRows` is the number of lines added above.
    func decorate(_ lines: [String], summary: String, area: Range<Int>, context: TerminalContext)
        -> (lines: [String], titleRows: Int)
    {
        var lines = lines
        // Grid lines are all as wide as the grid: measure one.
        let gridWidth = lines.first.map(displayWidth) ?? 0
        let wrapWidth = max(1, min(context.width, max(gridWidth, 40)))
        var width = gridWidth
        var summaryLines: [String] = []
        if options.summary && !summary.isEmpty {
            summaryLines = wrapKeepingGroups(summary, width: wrapWidth)
            width = summaryLines.reduce(width) { max($0, displayWidth($1)) }
        }
        var titleLines: [String] = []
        var titleFitsArea = false
        if let title = options.title.map({ context.ascii ? asciiFolded($0) : $0 }), !title.isEmpty {
            titleFitsArea = displayWidth(title) <= area.count
            titleLines = titleFitsArea ? [title] : wrap(title, width: wrapWidth)
            width = titleLines.reduce(width) { max($0, displayWidth($1)) }
        }
        width = min(width, context.width)
        if gridWidth > width {
            lines = lines.map { $0.truncated(toWidth: width) }
        } else if width > gridWidth {
            let padding = String(repeating: " ", count: width - gridWidth)
            lines = lines.map { $0 + padding }
        }
        if !titleLines.isEmpty {
            var grid = TextGrid(width: width, height: titleLines.count)
            let bold = grid.styleIndex(TextStyle(bold: true))
            for (r, line) in titleLines.enumerated() {
                let w = displayWidth(line)
                let column =
                    titleFitsArea ? area.lowerBound + (area.count - w) / 2 : (width - w) / 2
                grid.put(line, row: r, column: max(0, min(width - w, column)), style: bold)
            }
            lines = grid.render(context.colorMode) + lines
        }
        return (lines + equalise(summaryLines, width: width, to: width), titleLines.count)
    }

    /// The plot as one string, lines joined by newlines.
    public func rendered(_ context: TerminalContext) -> String {
        render(context).joined(separator: "\n")
    }

    /// Small multiples: the plots drawn side by side, each given an equal share
    /// of the width (two columns apart), rows aligned at the top.
    public static func renderSideBySide(_ plots: [Plot], _ context: TerminalContext, gap: Int = 2) -> [String]
    {
        guard !plots.isEmpty else { return [] }
        let share = max(1, (context.width - gap * (plots.count - 1)) / plots.count)
        let panels = plots.map { $0.render(context.withWidth(share)) }
        let height = panels.map(\.count).max() ?? 0
        let widths = panels.map { $0.first.map(displayWidth) ?? 0 }
        var lines: [String] = []
        for r in 0..<height {
            var line = ""
            for (k, panel) in panels.enumerated() {
                if k > 0 { line += String(repeating: " ", count: gap) }
                line += r < panel.count ? panel[r] : String(repeating: " ", count: widths[k])
            }
            lines.append(line)
        }
        return equalise(lines, width: context.width)
    }
}

/// Pads every line to the widest (clipping at `width`, which never happens
/// for lines the renderers made), so a block of text is a rectangle.
func equalise(_ lines: [String], width: Int, to fixedTarget: Int? = nil) -> [String] {
    let widths = lines.map(displayWidth)
    let target = fixedTarget ?? min(width, widths.max() ?? 0)
    return zip(lines, widths).map { line, w in
        if w == target { return line }
        if w < target { return line + String(repeating: " ", count: target - w) }
        return line.truncated(toWidth: target)
    }
}

/// The widest canvas an x–y plot (or a raster chart) takes by default in a window of
/// `windowWidth` columns: 60 cells up to a 100-column window (so what `metalab check`
/// records at 80 columns stays as it is), then the window less 40 columns for ticks,
/// frame and a legend beside it, at most 160.
public func defaultCanvasWidth(windowWidth: Int) -> Int { min(160, max(60, windowWidth - 40)) }

/// Greedy word wrap to `width` columns.
func wrap(_ text: String, width: Int) -> [String] { text.wordWrapped(toWidth: width) }

/// An axis label wrapped (never cut) to `width` columns; no lines for no label.
func labelLines(_ label: String?, width: Int) -> [String] {
    guard let label, !label.isEmpty else { return [] }
    return wrap(label, width: max(1, width))
}

extension TextGrid {
    /// Puts `lines` from `row` down, each centred over the columns `area`,
    /// shifted as little as needed to stay inside the grid.
    mutating func putCentred(_ lines: [String], row: Int, over area: Range<Int>) {
        for (k, line) in lines.enumerated() {
            let w = displayWidth(line)
            let column = Swift.max(0, Swift.min(width - w, area.lowerBound + (area.count - w) / 2))
            put(line, row: row + k, column: column)
        }
    }
}

/// A summary line wrapped to `width` columns: whole `; `-separated entries are
/// packed onto lines ("sin: min −1 at x=4.71" never loses its number to the next
/// line); an entry wider than a line is word-wrapped by `wrapKeepingParentheses`.
func wrapKeepingGroups(_ text: String, width: Int) -> [String] {
    let entries = text.split(separator: "; ", omittingEmptySubsequences: false).map(String.init)
    var lines: [String] = []
    var current = ""
    for (k, entry) in entries.enumerated() {
        let piece = k < entries.count - 1 ? entry + ";" : entry
        let candidate = current.isEmpty ? piece : current + " " + piece
        if displayWidth(candidate) <= width {
            current = candidate
            continue
        }
        if !current.isEmpty { lines.append(current) }
        current = ""
        if displayWidth(piece) <= width {
            current = piece
        } else {
            let wrapped = wrapKeepingParentheses(piece, width: width)
            lines += wrapped.dropLast()
            current = wrapped.last ?? ""
        }
    }
    if !current.isEmpty || lines.isEmpty { lines.append(current) }
    return lines
}

/// Greedy word wrap to `width` columns that breaks a line only at spaces
/// outside short parenthesised or bracketed groups, so "(4, 3)" or "[2, 3)"
/// stays on one line. A group without its closer, or longer than a third of
/// the width (at least 20 columns), may still be broken.
func wrapKeepingParentheses(_ text: String, width: Int) -> [String] {
    let glue: Unicode.Scalar = "\u{A0}"  // no-break space: one column, not a break point
    var scalars = Array(text.unicodeScalars)
    var i = 0
    while i < scalars.count {
        if scalars[i] == "(" || scalars[i] == "[" {
            let limit = min(scalars.count, i + max(20, width / 3))
            if let close = scalars[(i + 1)..<limit].firstIndex(where: { $0 == ")" || $0 == "]" }) {
                for k in i..<close where scalars[k] == " " { scalars[k] = glue }
                i = close
            }
        }
        i += 1
    }
    return String(String.UnicodeScalarView(scalars)).wordWrapped(toWidth: width).map {
        String(String.UnicodeScalarView($0.unicodeScalars.map { $0 == glue ? " " : $0 }))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
