import Diagnostics
import LabLang
import Plotting

/// Adds the series of `plot(…)` arguments to `plot`:
/// `(y)`, `(x, y)`, `(x, Y)` one series per column of Y, `(f, a, b)` a function.
func addSeries(
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
func numericValue(_ v: Value) -> Double? {
    switch v {
    case .number, .bool: return try? double(v)
    default: return v.tensorObject.flatMap { $0.tensor.count == 1 ? $0.tensor.scalars[0] : nil }
    }
}

/// `plot(…)` or `scatter(…)`: a new plot on the call's options holding the call's series.
func newSeriesPlot(_ a: Arguments, kind: String, _ interp: Interpreter) throws -> Value {
    var plot = Plot(options: try plotOptions(a))
    try addSeries(a, from: 0, to: &plot, kind: kind, interp: interp)
    return .object(PlotObject(plot))
}
