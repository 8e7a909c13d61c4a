import Diagnostics
import LabLang
import Plotting
import Tensors

// The keyword options of the plot builtins, read into Plotting's values: the keyword
// lists, axis limits and scales, sizes, labels and contour levels.

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
func rejectHeightOfHorizontalBars(_ a: Arguments, _ name: String) throws(Diagnostic) {
    guard a.keyword("height") != nil else { return }
    throw .lab(
        .domain,
        "height sets the height of vertical bars; \(name) draws horizontal bars, one line each (use orientation = \"vertical\" with bar, or width)"
    )
}

/// A List of labels (Strings or numbers) for `count` rows or columns of a heatmap.
func heatmapLabels(_ v: Value, _ what: String, count: Int) throws(Diagnostic) -> [String] {
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

/// The plot-level keyword options of a call (`title`, `xlim`, …), the rest at their defaults.
func plotOptions(_ a: Arguments) throws(Diagnostic) -> PlotOptions {
    var options = PlotOptions()
    try applyPlotOptions(a, to: &options)
    return options
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

func plotSize(_ v: Value, _ what: String) throws(Diagnostic) -> Int {
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

func axisScale(_ v: Value, _ what: String) throws(Diagnostic) -> AxisScale {
    let s = try string(v, what)
    switch s {
    case "linear", "identity": return .linear
    case "log", "log10": return .log10
    default: throw .lab(.domain, "\(what) = \"\(s)\" is not a scale; choose linear or log10")
    }
}

/// The numbers of a vector, range or number.
func numbers(_ v: Value, _ what: String) throws(Diagnostic) -> [Double] {
    let t = try tensor(v, what)
    guard t.rank <= 1 || t.shape.filter({ $0 != 1 }).count <= 1 else {
        throw .lab(.shape, "\(what) must be a Vector, found a \(describeShape(t.shape))")
    }
    return t.scalars
}

/// One label, or one per column (a List of Strings).
func labelList(_ a: Arguments, count: Int) throws(Diagnostic) -> [String?] {
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
