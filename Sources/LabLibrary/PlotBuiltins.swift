import Diagnostics
import LabLang
import Plotting
import Tensors
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plot value, immutable like every Lab value. The `!` builtins (`plot!`, `annotate!`,
/// `vline!`, `hline!`, `arrow!`, `scatter!`, `path!`) return a new plot, and the language
/// rebinds the name they were given (`plot!(p, …)` is `p = plot!(p, …)`), so after `q = p`
/// the two names never share changes and a rolled-back cell takes its marks with it.
/// Displays as the drawn plot, sized to the display width.
final class PlotObject: LabObject, DisplayableObject, Sendable {
    let plot: Plot

    init(_ plot: Plot) { self.plot = plot }

    /// A new plot: this one with `change` applied (for the `!` builtins).
    func updated(_ change: (inout Plot) throws -> Void) rethrows -> Value {
        var copy = plot
        try change(&copy)
        return .object(PlotObject(copy))
    }

    var typeName: String { "Plot" }

    func display(options: DisplayOptions) -> String {
        // An image only where the terminal said it can show one; otherwise the text plot, unchanged.
        plot.renderedForTerminal(plotContext(options))
    }

    var inline: String {
        let p = plot
        if p.heatmap != nil { return "Plot(heatmap)" }
        if let bars = p.bars {
            return "Plot(\(bars.binEdges == nil ? "bars" : "histogram"), \(bars.values.count) bars)"
        }
        return
            "Plot(\(p.series.count) series\(p.annotations.isEmpty ? "" : ", \(p.annotations.count) annotations"))"
    }
}

/// The terminal a plot value is displayed on: width, height, colour, ASCII, graphics.
private func plotContext(_ options: DisplayOptions) -> TerminalContext {
    var mode = ColorMode.none
    if options.color {
        mode = ColorMode.detect(environment: processEnvironment(), isTerminal: true)
        if mode == .none { mode = .ansi16 }
    }
    var context = TerminalContext(colorMode: mode, ascii: options.ascii, width: options.width)
    context.height = options.height
    context.graphics = options.graphics
    return context
}

/// Small multiples (`panels`): plots in a grid, `columns` to a row. Immutable like a Plot.
final class PanelsObject: LabObject, DisplayableObject, Sendable {
    let plots: [Plot]
    let columns: Int

    init(_ plots: [Plot], columns: Int) {
        self.plots = plots
        self.columns = columns
    }

    var typeName: String { "Panels" }

    func display(options: DisplayOptions) -> String {
        Plot.renderedGridForTerminal(plots, columns: columns, plotContext(options))
    }

    var inline: String { "Panels(\(plots.count) plots, \(columns) to a row)" }
}

/// The keyword options of the plots on x–y axes (`plot`, `scatter`; LANGUAGE.md, "Plots").
let plotKeywords = [
    "title", "xlabel", "ylabel", "label", "legend", "width", "height", "xlim", "ylim", "xscale", "yscale",
    "color", "canvas",
]

/// The keyword options of bars, histograms and heatmaps: these have no axes
/// to limit or rescale, no series to label or colour and no pixel canvas, so
/// the rest of `plotKeywords` is rejected (naming these) rather than ignored.
let chartKeywords = ["title", "xlabel", "ylabel", "width"]

/// `height` for `bar` and `hist`: only vertical bars have one to set.
private func rejectHeightOfHorizontalBars(_ a: Arguments, _ name: String) throws(Diagnostic) {
    guard a.keyword("height") != nil else { return }
    throw .lab(
        .domain,
        "height sets the height of vertical bars; \(name) draws horizontal bars, one line each (use orientation = \"vertical\" with bar, or width)"
    )
}

/// A List of labels (Strings or numbers) for `count` rows or columns of a heatmap.
private func heatmapLabels(_ v: Value, _ what: String, count: Int) throws(Diagnostic) -> [String] {
    var out: [String] = []
    if case let .list(items) = v {
        for item in items {
            if case let .string(s) = item {
                out.append(s)
            } else {
                out.append(formatNumber(try double(item, what)))
            }
        }
    } else if case let .string(s) = v {
        out = [s]
    } else {
        out = try numbers(v, what).map(formatNumber)
    }
    guard out.count == count else {
        let things = what.hasPrefix("col") ? "columns" : "rows"
        throw .lab(.shape, "heatmap: \(what) has \(out.count) labels for \(count) \(things)")
    }
    return out
}

/// Reads the plot-level keyword options into `options`.
func applyPlotOptions(_ a: Arguments, to options: inout PlotOptions) throws(Diagnostic) {
    if let v = a.keyword("title") { options.title = try string(v, "title") }
    if let v = a.keyword("xlabel") { options.xlabel = try string(v, "xlabel") }
    if let v = a.keyword("ylabel") { options.ylabel = try string(v, "ylabel") }
    if let v = a.keyword("legend") {
        if case let .bool(b) = v {
            options.legend = b ? .auto : .none
        } else {
            let s = try string(v, "legend")
            switch s {
            case "right": options.legend = .right
            case "bottom": options.legend = .bottom
            case "ends", "lineends", "end": options.legend = .lineEnds
            case "none": options.legend = .none
            case "auto": options.legend = .auto
            default:
                throw .lab(
                    .domain,
                    "legend = \"\(s)\" is not a placement; choose right, bottom, ends, none or auto (or true/false)"
                )
            }
        }
    }
    if let v = a.keyword("width") { options.width = try plotSize(v, "width") }
    if let v = a.keyword("height") { options.height = try plotSize(v, "height") }
    if let v = a.keyword("xlim") { options.xlim = try limits(v, "xlim") }
    if let v = a.keyword("ylim") { options.ylim = try limits(v, "ylim") }
    if let v = a.keyword("xscale") { options.xscale = try axisScale(v, "xscale") }
    if let v = a.keyword("yscale") { options.yscale = try axisScale(v, "yscale") }
    if let v = a.keyword("canvas") {
        let s = try string(v, "canvas")
        guard let kind = CanvasKind(rawValue: s) else {
            throw .lab(.domain, "canvas = \"\(s)\" is not a canvas; choose braille, block or ascii")
        }
        options.canvas = kind
    }
}

private func plotSize(_ v: Value, _ what: String) throws(Diagnostic) -> Int {
    let n = try integer(v, what)
    guard n >= 2, n <= 1000 else {
        throw .lab(.domain, "\(what) must be between 2 and 1000 cells, found \(n)")
    }
    return n
}

/// `(a, b)`, `[a, b]` or `a:b` as an axis range.
func limits(_ v: Value, _ what: String) throws(Diagnostic) -> (Double, Double) {
    var pair: [Double]
    if case let .list(items) = v {
        pair = []
        for item in items { pair.append(try double(item, what)) }
    } else if case let .range(r) = v {
        pair = [r.start, r.stop]
    } else {
        pair = try tensor(v, what).scalars
    }
    guard pair.count == 2, pair[0].isFinite, pair[1].isFinite, pair[0] < pair[1] else {
        throw .lab(.domain, "\(what) must be two finite numbers [low, high] with low < high")
    }
    return (pair[0], pair[1])
}

private func axisScale(_ v: Value, _ what: String) throws(Diagnostic) -> AxisScale {
    let s = try string(v, what)
    switch s {
    case "linear", "identity": return .linear
    case "log", "log10": return .log10
    default: throw .lab(.domain, "\(what) = \"\(s)\" is not a scale; choose linear or log10")
    }
}

/// `color = 2` (palette entry), `"red"`, or `[r, g, b]` in 0…1.
private func seriesColor(_ a: Arguments) throws(Diagnostic) -> SeriesColor? {
    guard let v = a.keyword("color") else { return nil }
    if case let .string(name) = v {
        let named: [String: TerminalColor] = [
            "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue,
            "magenta": .magenta,
            "cyan": .cyan, "white": .white, "gray": .gray, "grey": .gray, "orange": .rgb(255, 127, 14),
            "purple": .rgb(148, 103, 189),
        ]
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

/// The numbers of a vector, range or number.
private func numbers(_ v: Value, _ what: String) throws(Diagnostic) -> [Double] {
    let t = try tensor(v, what)
    guard t.rank <= 1 || t.shape.filter({ $0 != 1 }).count <= 1 else {
        throw .lab(.shape, "\(what) must be a Vector, found a \(describeShape(t.shape))")
    }
    return t.scalars
}

/// One label, or one per column (a List of Strings).
private func labelList(_ a: Arguments, count: Int) throws(Diagnostic) -> [String?] {
    guard let v = a.keyword("label") else { return Array(repeating: nil, count: count) }
    if case let .list(items) = v {
        var out: [String?] = []
        for item in items { out.append(try string(item, "label")) }
        return (0..<count).map { $0 < out.count ? out[$0] : nil }
    }
    let s = try string(v, "label")
    if count == 1 { return [s] }
    return (0..<count).map { "\(s) \($0 + 1)" }
}

/// Adds the series of `plot(…)` arguments to `plot`:
/// `(y)`, `(x, y)`, `(x, Y)` one series per column of Y, `(f, a, b)` a function.
private func addSeries(
    _ a: Arguments, from start: Int, to plot: inout Plot, kind: String, interp: Interpreter
) throws {
    let rest = Array(a.positional[start...])
    let color = try seriesColor(a)
    // A function, or a callable object (a task, a model) standing in for one.
    var callable = false
    if rest.count == 3 {
        switch rest[0] {
        case .function, .object: callable = true
        default: break
        }
    }
    if callable {
        let lo = try double(rest[1], "the start of the interval")
        let hi = try double(rest[2], "the end of the interval")
        guard lo.isFinite, hi.isFinite, lo < hi else {
            throw Diagnostic.lab(
                .domain,
                "plot(f, a, b) needs finite a < b, found a = \(formatNumber(lo)), b = \(formatNumber(hi))")
        }
        let label = try labelList(a, count: 1)[0]
        let f = rest[0]
        // A ribbon around a function is one half-width σ for every x.
        var sigma: Double? = nil
        if let ribbon = a.keyword("ribbon") {
            let r = try numbers(ribbon, "ribbon")
            guard r.count == 1, r[0].isFinite else {
                throw Diagnostic.lab(
                    .shape,
                    "ribbon around a function is one number σ (the band f(x) ± σ); found \(r.count) numbers")
            }
            sigma = abs(r[0])
        }
        var sampled = Plot()
        try sampled.addFunction(from: lo, to: hi, label: label, color: color) { x in
            let y = try interp.call(f, .number(x))
            guard let value = numericValue(y) else {
                throw Diagnostic.lab(
                    .type,
                    "the plotted function must return a number, returned a \(y.typeName) at x = \(formatNumber(x))"
                )
            }
            return value
        }
        let curve = sampled.series[0]
        if let sigma {
            plot.addBand(
                x: curve.x, mean: curve.y, lower: curve.y.map { $0 - sigma },
                upper: curve.y.map { $0 + sigma }, label: label, color: color)
        } else {
            plot.add(curve)
        }
        return
    }
    guard rest.count == 1 || rest.count == 2 else {
        throw Diagnostic.lab(
            .type, "\(kind) takes (y), (x, y), (x, Y) or (f, a, b); found \(rest.count) arguments")
    }
    let yValue = rest.count == 1 ? rest[0] : rest[1]
    let y = try tensor(yValue, "y")
    let columns = y.rank == 2 ? y.shape[1] : 1
    let rows = y.rank == 2 ? y.shape[0] : y.count
    let x = rest.count == 2 ? try numbers(rest[0], "x") : (0..<rows).map { Double($0 + 1) }
    guard x.count == rows else {
        throw Diagnostic.lab(
            .shape,
            "\(kind): x has \(x.count) elements but y has \(rows) \(y.rank == 2 ? "rows" : "elements")")
    }
    let labels = try labelList(a, count: columns)
    for c in 0..<columns {
        let ys = y.rank == 2 ? (0..<rows).map { y.scalars[$0 * columns + c] } : y.scalars
        let colorOfColumn = columns > 1 && color != nil ? nil : color
        if kind == "scatter" {
            plot.addScatter(x: x, y: ys, label: labels[c], color: colorOfColumn)
        } else if let ribbon = a.keyword("ribbon") {
            let r = try numbers(ribbon, "ribbon")
            guard r.count == rows || r.count == 1 else {
                throw Diagnostic.lab(.shape, "ribbon has \(r.count) elements but y has \(rows)")
            }
            let sigma = r.count == 1 ? Array(repeating: r[0], count: rows) : r
            plot.addBand(
                x: x, mean: ys, lower: zip(ys, sigma).map { $0 - $1 }, upper: zip(ys, sigma).map { $0 + $1 },
                label: labels[c], color: colorOfColumn)
        } else {
            plot.addLine(x: x, y: ys, label: labels[c], color: colorOfColumn)
        }
    }
}

/// A number returned by a plotted function (a Number, Bool or one-element tensor), or nil.
private func numericValue(_ v: Value) -> Double? {
    switch v {
    case .number, .bool: return try? double(v)
    default: return v.tensorObject.flatMap { $0.tensor.count == 1 ? $0.tensor.scalars[0] : nil }
    }
}

private func plotObject(_ v: Value, _ name: String) throws(Diagnostic) -> PlotObject {
    if case let .object(o) = v, let p = o as? PlotObject { return p }
    throw .lab(.type, "\(name) needs a Plot as its first argument, found a \(v.typeName)")
}

func registerPlots(_ r: inout Registry) {
    let seriesKeywords = plotKeywords + ["ribbon"]
    r.define(
        "plot", keywords: seriesKeywords,
        signature:
            "plot(x, y; title, xlabel, ylabel, label, legend, width, height, xlim, ylim, xscale, yscale, color, canvas, ribbon) or plot(f, a, b) or plot(x, Y)",
        summary:
            "A line plot: y against x, a function f on [a, b] (sampled at least twice per pixel, broken at poles), or one line per column of Y; ribbon = σ shades y ± σ.",
        example: "plot(sin, 0, 2pi; title = \"sin\", label = \"sin x\")"
    ) { a, interp in
        try a.expect(1...3)
        var options = PlotOptions()
        try applyPlotOptions(a, to: &options)
        var plot = Plot(options: options)
        try addSeries(a, from: 0, to: &plot, kind: "plot", interp: interp)
        return .object(PlotObject(plot))
    }
    r.define(
        "plot!", keywords: ["label", "color", "ribbon"],
        signature: "plot!(p, x, y; label, color, ribbon) or plot!(p, f, a, b)",
        summary: "Adds a line (or a function, or one line per column) to the plot p; returns the new plot, and p names it.",
        example: "p = plot(sin, 0, 2pi; label = \"sin\"); plot!(p, cos, 0, 2pi; label = \"cos\")"
    ) { a, interp in
        try a.expect(2...4)
        let p = try plotObject(a[0], "plot!")
        return try p.updated { plot in try addSeries(a, from: 1, to: &plot, kind: "plot!", interp: interp) }
    }
    r.define(
        "scatter", keywords: plotKeywords,
        signature:
            "scatter(x, y; title, xlabel, ylabel, label, legend, width, height, xlim, ylim, xscale, yscale, color, canvas)",
        summary: "Points at (x, y), each series with its own marker so it reads without colour.",
        example: "scatter([1, 2, 3], [2, 1, 3]; label = \"data\")"
    ) { a, interp in
        try a.expect(1...2)
        var options = PlotOptions()
        try applyPlotOptions(a, to: &options)
        var plot = Plot(options: options)
        try addSeries(a, from: 0, to: &plot, kind: "scatter", interp: interp)
        return .object(PlotObject(plot))
    }
    r.define(
        "scatter!", keywords: ["label", "color"], signature: "scatter!(p, x, y; label, color)",
        summary: "Adds points at (x, y) to the plot p, with a marker of their own; returns the new plot, and p names it.",
        example: "p = plot(sin, 0, 2pi; label = \"sin\"); scatter!(p, [1, 2, 3], [0.8, 0.9, 0.1]; label = \"data\")"
    ) { a, interp in
        try a.expect(2...3)
        let p = try plotObject(a[0], "scatter!")
        return try p.updated { plot in try addSeries(a, from: 1, to: &plot, kind: "scatter", interp: interp) }
    }
    r.define(
        "hist", keywords: chartKeywords + ["bins"], signature: "hist(x; bins, title, xlabel, ylabel, width)",
        summary:
            "A histogram of the finite values of x: bins equal bins (default ⌈log₂ n⌉ + 1 on round edges), as bars labelled by bin with their counts.",
        example: "seed(1); hist(randn(200); bins = 8)"
    ) { a, _ in
        try a.expect(1)
        try rejectHeightOfHorizontalBars(a, "hist")
        var options = PlotOptions()
        try applyPlotOptions(a, to: &options)
        let bins = try a.keyword("bins").map { v throws(Diagnostic) in try size(v, "bins") }
        if let bins, bins < 1 || bins > 200 {
            throw Diagnostic.lab(.domain, "bins must be between 1 and 200, found \(bins)")
        }
        return .object(
            PlotObject(Plot.histogram(try tensor(a[0], "x").scalars, bins: bins, options: options)))
    }
    r.define(
        "bar", keywords: chartKeywords + ["height", "labels", "orientation"],
        signature: "bar(v; labels, orientation = \"horizontal\", title, xlabel, ylabel, width, height)",
        summary:
            "Signed bars, one per element of v, drawn with 1/8-cell blocks; labels is a List of Strings (list(\"a\", …)); orientation \"horizontal\" or \"vertical\" (height only for vertical bars).",
        example: "bar([3, -1, 2]; labels = list(\"a\", \"b\", \"c\"))"
    ) { a, _ in
        try a.expect(1)
        var options = PlotOptions()
        try applyPlotOptions(a, to: &options)
        let values = try numbers(a[0], "v")
        var labels: [String]? = nil
        if let v = a.keyword("labels") {
            guard case let .list(items) = v else {
                throw Diagnostic.lab(.type, "labels must be a List of Strings")
            }
            var out: [String] = []
            for item in items { out.append(try string(item, "a label")) }
            guard out.count == values.count else {
                throw Diagnostic.lab(.shape, "bar: \(values.count) values but \(out.count) labels")
            }
            labels = out
        }
        let orientation =
            try a.keyword("orientation").map { v throws(Diagnostic) -> BarOrientation in
                let s = try string(v, "orientation")
                guard let o = BarOrientation(rawValue: s) else {
                    throw .lab(.domain, "orientation = \"\(s)\"; choose horizontal or vertical")
                }
                return o
            } ?? .horizontal
        if orientation == .horizontal { try rejectHeightOfHorizontalBars(a, "bar") }
        return .object(
            PlotObject(Plot.bars(values, labels: labels, orientation: orientation, options: options)))
    }
    r.define(
        "heatmap", keywords: chartKeywords + ["labels", "row_labels", "col_labels"],
        signature: "heatmap(M; labels, row_labels, col_labels, title, xlabel, ylabel, width)",
        summary:
            "A heatmap of a Matrix: values printed when they fit, a diverging scale centred at 0 when M has both signs, shades without colour. Rows and columns are numbered 1, 2, … unless row_labels / col_labels (Lists) name them; labels names both (a square matrix such as cosine similarities). width is the matrix area in columns.",
        example: "heatmap([1 -0.2; -0.2 1]; labels = list(\"sin\", \"cos\"), title = \"cosine\")"
    ) { a, _ in
        try a.expect(1)
        var options = PlotOptions()
        try applyPlotOptions(a, to: &options)
        let m = try tensor(a[0], "M")
        guard m.rank == 2 || m.rank == 1 else {
            throw Diagnostic.lab(.shape, "heatmap needs a Matrix, found a \(describeShape(m.shape))")
        }
        let columns = m.rank == 2 ? m.shape[1] : m.count
        let rows = m.rank == 2 ? m.shape[0] : 1
        let data = (0..<rows).map { i in Array(m.scalars[(i * columns)..<((i + 1) * columns)]) }
        var rowLabels: [String]? = nil
        var columnLabels: [String]? = nil
        if let v = a.keyword("labels") {
            guard rows == columns else {
                throw Diagnostic.lab(
                    .shape,
                    "heatmap: labels names both rows and columns of a square matrix; this one is \(rows)×\(columns), so give row_labels and col_labels"
                )
            }
            rowLabels = try heatmapLabels(v, "labels", count: rows)
            columnLabels = rowLabels
        }
        if let v = a.keyword("row_labels") { rowLabels = try heatmapLabels(v, "row_labels", count: rows) }
        if let v = a.keyword("col_labels") {
            columnLabels = try heatmapLabels(v, "col_labels", count: columns)
        }
        return .object(
            PlotObject(
                Plot.heatmap(data, rowLabels: rowLabels, columnLabels: columnLabels, options: options)))
    }
    r.define(
        "contour", keywords: plotKeywords.filter { $0 != "color" } + ["levels"],
        signature:
            "contour(f, xlim, ylim; levels, title, xlabel, ylabel, label, legend, width, height, xscale, yscale, canvas)",
        summary:
            "Contour lines of f(x, y) over the box xlim × ylim (marching squares on a 61×61 grid), each level labelled on its line. levels = n draws n levels evenly spaced inside the range of f (Plots.jl); a Vector gives the levels themselves.",
        example: "contour((x, y) -> x^2 + 3y^2, [-2, 2], [-1, 1]; levels = [0.5, 1, 2])"
    ) { a, interp in
        try a.expect(3)
        var options = PlotOptions()
        try applyPlotOptions(a, to: &options)
        let (x0, x1) = try limits(a[1], "xlim")
        let (y0, y1) = try limits(a[2], "ylim")
        let levels = try a.keyword("levels").map { v throws(Diagnostic) in try contourLevels(v) } ?? .automatic
        var plot = Plot(options: options)
        let f = a[0]
        try plot.addContour(x: x0...x1, y: y0...y1, levels: levels, label: try labelList(a, count: 1)[0]) {
            x, y in
            let z = try interp.call(f, .number(x), .number(y))
            guard let value = numericValue(z) else {
                throw Diagnostic.lab(
                    .type, "the contoured function must return a number, returned a \(z.typeName)")
            }
            return value
        }
        return .object(PlotObject(plot))
    }
    r.define(
        "annotate!", signature: "annotate!(p, x, y, text)",
        summary: "Marks the point (x, y) on p with a dot and a label (θ, θ′, θ*), returns the new plot, and p names it.",
        example: "p = plot(x -> x^2, -1, 1); annotate!(p, 0, 0, \"θ*\")"
    ) { a, _ in
        try a.expect(4)
        let p = try plotObject(a[0], "annotate!")
        let x = try double(a[1], "x")
        let y = try double(a[2], "y")
        let text = try string(a[3], "the text")
        return p.updated { $0.annotate(.point(x: x, y: y, label: text)) }
    }
    r.define(
        "vline!", keywords: ["label"], signature: "vline!(p, x; label)",
        summary: "A dashed vertical reference line at x on p, labelled at its top; returns the new plot, and p names it.",
        example: "p = plot(sin, 0, 2pi); vline!(p, pi; label = \"π\")"
    ) { a, _ in
        try a.expect(2)
        let p = try plotObject(a[0], "vline!")
        let label = try a.keyword("label").map { v throws(Diagnostic) in try string(v, "label") }
        let xs = try numbers(a[1], "x")
        return p.updated { plot in for x in xs { plot.annotate(.verticalLine(x: x, label: label)) } }
    }
    r.define(
        "hline!", keywords: ["label"], signature: "hline!(p, y; label)",
        summary:
            "A dashed horizontal reference line at y on p, labelled at its right end; returns the new plot, and p names it.",
        example: "p = plot(sin, 0, 2pi); hline!(p, 0; label = \"0\")"
    ) { a, _ in
        try a.expect(2)
        let p = try plotObject(a[0], "hline!")
        let label = try a.keyword("label").map { v throws(Diagnostic) in try string(v, "label") }
        let ys = try numbers(a[1], "y")
        return p.updated { plot in for y in ys { plot.annotate(.horizontalLine(y: y, label: label)) } }
    }
    r.define(
        "arrow!", keywords: ["label"],
        signature: "arrow!(p, from, to; label) with from = [x0, y0], to = [x1, y1]",
        summary:
            "An arrow on p from one point to another (a gradient step), labelled at its tail; returns the new plot, and p names it.",
        example: "p = plot(x -> x^2, -2, 2); arrow!(p, [1.5, 2.25], [0.9, 0.81]; label = \"-η∇L\")"
    ) { a, _ in
        try a.expect(3)
        let p = try plotObject(a[0], "arrow!")
        let from = try numbers(a[1], "from")
        let to = try numbers(a[2], "to")
        guard from.count == 2, to.count == 2 else {
            throw Diagnostic.lab(
                .shape, "arrow! needs two points [x, y]; found \(from.count) and \(to.count) numbers")
        }
        let label = try a.keyword("label").map { v throws(Diagnostic) in try string(v, "label") }
        return p.updated { $0.annotate(.arrow(fromX: from[0], fromY: from[1], toX: to[0], toY: to[1], label: label)) }
    }
    r.define(
        "panels", keywords: ["columns"], signature: "panels(plots; columns = 2) or panels(p, q, …; columns)",
        summary:
            "Small multiples: the plots in a grid, columns to a row, each panel an equal share of the width (braille, or images where the terminal shows them).",
        example: "panels(list(plot(sin, 0, 2pi; title = \"sin\"), plot(cos, 0, 2pi; title = \"cos\")))"
    ) { a, _ in
        try a.expect(1...12)
        var items = a.positional
        if items.count == 1, case let .list(list) = items[0] { items = list }
        guard !items.isEmpty else { throw Diagnostic.lab(.domain, "panels needs at least one Plot, found an empty List") }
        var plots: [Plot] = []
        for (k, item) in items.enumerated() {
            guard case let .object(o) = item, let p = o as? PlotObject else {
                throw Diagnostic.lab(.type, "panels takes Plots; item \(k + 1) is a \(item.typeName)")
            }
            plots.append(p.plot)
        }
        let columns = try a.keyword("columns").map { v throws(Diagnostic) in try integer(v, "columns") } ?? min(2, plots.count)
        guard (1...6).contains(columns) else {
            throw Diagnostic.lab(.domain, "columns must be between 1 and 6, found \(columns)")
        }
        return .object(PanelsObject(plots, columns: columns))
    }
    r.define(
        "path!", keywords: ["label"], signature: "path!(p, xs, ys; label)",
        summary:
            "An optimisation path on p: the iterates (xs[k], ys[k]) joined by a line, the first marked ○, the rest •, the last ● with the label; returns the new plot, and p names it.",
        example:
            "p = contour((x, y) -> x^2 + 4y^2, [-2, 2], [-1, 1]); path!(p, [-1.8, -1.2, -0.7], [0.8, -0.2, 0.05]; label = \"GD\")"
    ) { a, _ in
        try a.expect(3)
        let p = try plotObject(a[0], "path!")
        let xs = try numbers(a[1], "xs")
        let ys = try numbers(a[2], "ys")
        guard xs.count == ys.count, !xs.isEmpty else {
            throw Diagnostic.lab(
                .shape, "path! needs as many xs as ys (found \(xs.count) and \(ys.count)), at least one")
        }
        let label = try a.keyword("label").map { v throws(Diagnostic) in try string(v, "label") }
        return p.updated { $0.annotate(.path(x: xs, y: ys, label: label)) }
    }
}

/// `levels` of `contour`, as in Plots.jl: a whole number n is a count of levels
/// (evenly spaced inside the range of z), a Vector (or List, Range) the levels.
func contourLevels(_ v: Value) throws(Diagnostic) -> ContourLevels {
    guard case let .number(n) = v else { return .values(try numbers(v, "levels")) }
    guard n == n.rounded(), n >= 1, n <= 100 else {
        throw Diagnostic.lab(
            .domain,
            "levels = \(formatNumber(n)) is a number of levels, a whole number from 1 to 100; for the single level \(formatNumber(n)) write levels = [\(formatNumber(n))]"
        )
    }
    return .count(Int(n))
}
