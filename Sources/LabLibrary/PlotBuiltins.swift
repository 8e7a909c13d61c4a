import Diagnostics
import LabLang
import Plotting
import Tensors

/// The plot builtins (`plot`, `scatter`, `hist`, `bar`, `heatmap`, `contour` and the `!`
/// builtins that add to a plot). The value is PlotObject.swift, the keyword options
/// PlotOptionDecoding.swift, the series arguments PlotSeries.swift, colours PlotColors.swift.
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
        return try newSeriesPlot(a, kind: "plot", interp)
    }
    r.define(
        "plot!", keywords: ["label", "color", "ribbon"],
        signature: "plot!(p, x, y; label, color, ribbon) or plot!(p, f, a, b)",
        summary:
            "Adds a line (or a function, or one line per column) to the plot p; returns the new plot, and p names it.",
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
        return try newSeriesPlot(a, kind: "scatter", interp)
    }
    r.define(
        "scatter!", keywords: ["label", "color"], signature: "scatter!(p, x, y; label, color)",
        summary:
            "Adds points at (x, y) to the plot p, with a marker of their own; returns the new plot, and p names it.",
        example:
            "p = plot(sin, 0, 2pi; label = \"sin\"); scatter!(p, [1, 2, 3], [0.8, 0.9, 0.1]; label = \"data\")"
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
        let options = try plotOptions(a)
        let bins = try a.keyword("bins", size)
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
        let options = try plotOptions(a)
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
        let options = try plotOptions(a)
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
        let options = try plotOptions(a)
        let (x0, x1) = try limits(a[1], "xlim")
        let (y0, y1) = try limits(a[2], "ylim")
        let levels =
            try a.keyword("levels").map { v throws(Diagnostic) in try contourLevels(v) } ?? .automatic
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
        summary:
            "Marks the point (x, y) on p with a dot and a label (θ, θ′, θ*), returns the new plot, and p names it.",
        example: "p = plot(x -> x^2, -1, 1); annotate!(p, 0, 0, \"θ*\")"
    ) { a, _ in
        try a.expect(4)
        let p = try plotObject(a[0], "annotate!")
        let x = try double(a[1], "x")
        let y = try double(a[2], "y")
        let text = try string(a[3], "the text")
        return p.updated { $0.annotate(.point(x: x, y: y, label: text)) }
    }
    /// `vline!` and `hline!`: one body, the axis and the annotation its only differences.
    func referenceLine(
        _ name: String, at axis: String, _ direction: String, labelled end: String, example: String,
        _ line: @escaping (Double, String?) -> Annotation
    ) {
        r.define(
            name, keywords: ["label"], signature: "\(name)(p, \(axis); label)",
            summary:
                "A dashed \(direction) reference line at \(axis) on p, labelled at its \(end); "
                + "returns the new plot, and p names it.",
            example: example
        ) { a, _ in
            try a.expect(2)
            let p = try plotObject(a[0], name)
            let label = try a.keyword("label", string)
            let values = try numbers(a[1], axis)
            return p.updated { plot in for v in values { plot.annotate(line(v, label)) } }
        }
    }
    referenceLine(
        "vline!", at: "x", "vertical", labelled: "top",
        example: "p = plot(sin, 0, 2pi); vline!(p, pi; label = \"π\")"
    ) { .verticalLine(x: $0, label: $1) }
    referenceLine(
        "hline!", at: "y", "horizontal", labelled: "right end",
        example: "p = plot(sin, 0, 2pi); hline!(p, 0; label = \"0\")"
    ) { .horizontalLine(y: $0, label: $1) }
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
        let label = try a.keyword("label", string)
        return p.updated {
            $0.annotate(.arrow(fromX: from[0], fromY: from[1], toX: to[0], toY: to[1], label: label))
        }
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
        guard !items.isEmpty else {
            throw Diagnostic.lab(.domain, "panels needs at least one Plot, found an empty List")
        }
        var plots: [Plot] = []
        for (k, item) in items.enumerated() {
            guard case let .object(o) = item, let p = o as? PlotObject else {
                throw Diagnostic.lab(.type, "panels takes Plots; item \(k + 1) is a \(item.typeName)")
            }
            plots.append(p.plot)
        }
        let columns =
            try a.keyword("columns", integer)
            ?? min(2, plots.count)
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
        let label = try a.keyword("label", string)
        return p.updated { $0.annotate(.path(x: xs, y: ys, label: label)) }
    }
}
