import Foundation
import Plotting
import Terminal

/// W3: two series of 200 points on a 60×15 braille canvas with axes, ticks
/// and a legend, rendered to one string `--iters` times in process
/// (`--color none|16|256|truecolor`, default 16). Reports µs per render.
let plotWorkload = Workload(
    name: "plot", summary: "W3: 2×200-point braille plot rendered to a string (--iters 1000 --color 16)"
) {
    options in
    let iterations = options.iters ?? 1000
    let mode: ColorMode
    switch options.color ?? "16" {
    case "none": mode = .none
    case "16": mode = .ansi16
    case "256": mode = .ansi256
    case "truecolor": mode = .trueColor
    case let other: throw BenchError.usage("--color expects none, 16, 256 or truecolor, got \(other)")
    }
    let xs = (0..<200).map { Double($0) * 2 * Double.pi / 199 }
    var plot = Plot(options: PlotOptions(title: "W3", width: 60, height: 15))
    plot.addLine(x: xs, y: xs.map(sin), label: "sin")
    plot.addLine(x: xs, y: xs.map(cos), label: "cos")
    let context = TerminalContext(colorMode: mode, width: 100)
    var bytes = 0
    let samples = Samples.measure(iterations: iterations, warmup: 20) {
        bytes &+= plot.rendered(context).utf8.count
    }
    let microseconds = samples.median * 1000
    return [
        jsonLine([
            ("workload", .string("plot")), ("color", .string(options.color ?? "16")),
            ("median_us", .number(microseconds)), ("p10_us", .number(samples.percentile(0.1) * 1000)),
            ("p90_us", .number(samples.percentile(0.9) * 1000)), ("n_samples", .int(iterations)),
            ("bytes", .int(bytes / max(1, iterations + 20))),
        ])
    ]
}
