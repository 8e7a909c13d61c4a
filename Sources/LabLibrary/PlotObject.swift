import Diagnostics
import LabLang
import Plotting
import Terminal

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

/// The Plot a `!` builtin was given first, or a type error naming the builtin.
func plotObject(_ v: Value, _ name: String) throws(Diagnostic) -> PlotObject {
    if case let .object(o) = v, let p = o as? PlotObject { return p }
    throw .lab(.type, "\(name) needs a Plot as its first argument, found a \(v.typeName)")
}
