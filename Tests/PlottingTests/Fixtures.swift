import Foundation
import Plotting
import Terminal
import TestSupport

/// The plots every golden and property test draws: one per kind of mark.
enum Fixtures {
    static let xs = (0..<200).map { Double($0) * 2 * Double.pi / 199 }

    static let all: [(name: String, plot: Plot)] = {
        [
            ("line", line), ("function-tan", tangent), ("scatter", scatter), ("histogram", histogram),
            ("bars-horizontal", barsHorizontal), ("bars-vertical", barsVertical),
            ("heatmap-numbers", heatmapSmall),
            ("heatmap-large", heatmapLarge), ("heatmap-labelled", heatmapLabelled), ("contour-path", contour),
            ("band", band),
            ("annotations", annotations), ("log-scale", logScale), ("legend-bottom", legendBottom),
            ("line-ends", lineEnds), ("block-canvas", blockCanvas),
        ]
    }()

    /// Two series of 200 points: the W3 plot.
    static var line: Plot {
        var p = Plot(options: PlotOptions(title: "sin and cos", xlabel: "x", width: 60, height: 15))
        p.addLine(x: xs, y: xs.map(sin), label: "sin")
        p.addLine(x: xs, y: xs.map(cos), label: "cos")
        return p
    }

    static var tangent: Plot {
        var p = Plot(options: PlotOptions(title: "tan breaks at its poles", height: 12))
        p.addFunction(from: -Double.pi, to: Double.pi, label: "tan") { tan($0) }
        p.annotate(.horizontalLine(y: 0, label: nil))
        return p
    }

    static var scatter: Plot {
        var rng = SplitMix64(seed: 7)
        let x1 = (0..<40).map { _ in rng.normal() }
        let y1 = x1.map { 0.8 * $0 + 0.3 * rng.normal() }
        let x2 = (0..<40).map { _ in rng.normal() + 2 }
        let y2 = x2.map { -0.5 * $0 + 0.3 * rng.normal() + 1 }
        var p = Plot(options: PlotOptions(title: "two tasks", xlabel: "x", ylabel: "y", height: 12))
        p.addScatter(x: x1, y: y1, label: "task A")
        p.addScatter(x: x2, y: y2, label: "task B")
        return p
    }

    static var histogram: Plot {
        var rng = SplitMix64(seed: 3)
        return Plot.histogram(
            (0..<500).map { _ in rng.normal() }, options: PlotOptions(title: "500 normal draws"))
    }

    static var barsHorizontal: Plot {
        Plot.bars(
            [0.82, -0.35, 0.125, 1.5, -1.07], labels: ["sine", "linear", "step", "quadratic", "noise"],
            options: PlotOptions(title: "transfer gain per task", width: 40))
    }

    static var barsVertical: Plot {
        Plot.bars(
            [3, 5.5, -2.25, 7, 1], labels: ["a", "b", "c", "d", "e"], orientation: .vertical,
            options: PlotOptions(title: "signed bars", height: 10))
    }

    static var heatmapSmall: Plot {
        let rows: [[Double]] = (0..<4).map { i in (0..<5).map { j in cos(Double(i) - Double(j) * 0.7) - 0.2 }
        }
        return Plot.heatmap(
            rows, rowLabels: ["task 1", "task 2", "task 3", "task 4"], columnLabels: nil,
            options: PlotOptions(title: "task similarity"))
    }

    static var heatmapLarge: Plot {
        let rows: [[Double]] = (0..<16).map { i in
            (0..<24).map { j in
                let d2 = Double((i - 8) * (i - 8) + (j - 12) * (j - 12))
                return exp(-d2 / 30)
            }
        }
        return Plot.heatmap(rows, options: PlotOptions(title: "a Gaussian bump"))
    }

    /// A cosine-similarity matrix of five task gradients with named rows and
    /// columns, a set width, both axis labels and a title wider than the matrix.
    static var heatmapLabelled: Plot {
        let angles = [0.0, 0.3, 1.2, 2.0, 3.0]
        let rows = angles.map { a in angles.map { b in cos(a - b) } }
        let names = ["sine", "cosine", "square", "step", "saw"]
        return Plot.heatmap(
            rows, rowLabels: names, columnLabels: names,
            options: PlotOptions(
                title: "cosine similarity of the five task gradients after one step of joint training",
                xlabel: "task j", ylabel: "task i", width: 60))
    }

    static var contour: Plot {
        var p = Plot(options: PlotOptions(title: "gradient descent on x² + 4y²", height: 14))
        p.addContour(x: -2...2, y: -1...1, resolution: 41) { x, y in x * x + 4 * y * y }
        var px: [Double] = [-1.8]
        var py: [Double] = [0.8]
        for _ in 0..<6 {
            px.append(px.last! - 0.15 * 2 * px.last!)
            py.append(py.last! - 0.15 * 8 * py.last!)
        }
        p.annotate(.path(x: px, y: py, label: "GD"))
        p.annotate(.point(x: 0, y: 0, label: "θ*"))
        return p
    }

    static var band: Plot {
        let steps = (0..<50).map(Double.init)
        let mean = steps.map { 1.5 * exp(-$0 / 12) + 0.1 }
        let sigma = steps.map { 0.3 * exp(-$0 / 20) }
        var p = Plot(options: PlotOptions(title: "loss over 5 seeds", xlabel: "step", height: 12))
        p.addBand(
            x: steps, mean: mean, lower: zip(mean, sigma).map { $0 - $1 },
            upper: zip(mean, sigma).map { $0 + $1 }, label: "mean ± σ")
        return p
    }

    static var annotations: Plot {
        var p = Plot(options: PlotOptions(title: "one step of gradient descent", height: 14))
        p.addFunction(from: -2, to: 2, label: "L(θ)") { $0 * $0 }
        p.annotate(.span(from: 0.5, to: 1.0, label: nil))
        p.annotate(.point(x: 1.5, y: 2.25, label: "θ"))
        p.annotate(.point(x: 0.9, y: 0.81, label: "θ′"))
        p.annotate(.arrow(fromX: 1.5, fromY: 2.25, toX: 0.9, toY: 0.81, label: "−η∇L"))
        p.annotate(.verticalLine(x: 0, label: "θ*"))
        p.annotate(.horizontalLine(y: 3, label: "L = 3"))
        p.annotate(.text(x: -1.9, y: 3.8, text: "convex"))
        return p
    }

    static var logScale: Plot {
        let steps = (1...100).map(Double.init)
        var p = Plot(
            options: PlotOptions(
                title: "error vs steps", xlabel: "steps", height: 10, xscale: .log10, yscale: .log10))
        p.addLine(x: steps, y: steps.map { 1 / $0 }, label: "1/n")
        p.addLine(x: steps, y: steps.map { 1 / ($0 * $0) }, label: "1/n²")
        return p
    }

    static var legendBottom: Plot {
        var p = Plot(options: PlotOptions(legend: .bottom, height: 8))
        for k in 0..<4 {
            p.addLine(
                x: xs, y: xs.map { sin($0 + Double(k) * 0.6) * (1 - 0.2 * Double(k)) }, label: "phase \(k)")
        }
        return p
    }

    static var lineEnds: Plot {
        let steps = (0..<30).map(Double.init)
        var p = Plot(options: PlotOptions(title: "meta-train loss", legend: .lineEnds, height: 10))
        p.addLine(x: steps, y: steps.map { 2 * exp(-$0 / 8) }, label: "MAML")
        p.addLine(x: steps, y: steps.map { 2 * exp(-$0 / 15) + 0.2 }, label: "pretrain")
        return p
    }

    static var blockCanvas: Plot {
        var p = Plot(options: PlotOptions(title: "block canvas", height: 8, canvas: .block))
        p.addFunction(from: -3, to: 3, label: "gauss") { exp(-$0 * $0) }
        return p
    }
}

/// Uniform and normal draws from the shared seeded generator, so fixtures are the same
/// on every machine.
extension SplitMix64 {
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Box–Muller.
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
