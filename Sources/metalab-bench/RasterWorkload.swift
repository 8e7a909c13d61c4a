import Foundation
import Plotting
import Terminal

/// Two series of 1201 samples (sin, cos) rasterised at 640 × 400 pixels (64 × 20
/// cells of 10 × 20 pixels, anti-aliased, with frame, ticks and legend as text)
/// and encoded for the terminal (`--protocol kitty|iterm|sixel`, default kitty:
/// PNG through zlib, base64, chunks), `--iters` times. Target: median ≤ 5 ms.
let rasterWorkload = Workload(
    name: "raster", summary: "640×400 two-series plot rasterised and encoded (--iters 200 --protocol kitty)"
) { options in
    let iterations = options.iters ?? 200
    let name = options.graphicsProtocol ?? "kitty"
    guard let graphicsProtocol = GraphicsProtocol(rawValue: name), graphicsProtocol != .none else {
        throw BenchError.usage("--protocol expects kitty, iterm or sixel, got \(name)")
    }
    var plot = Plot(options: PlotOptions(title: "raster", width: 64, height: 20))
    plot.addFunction(from: 0, to: 2 * Double.pi, label: "sin") { sin($0) }
    plot.addFunction(from: 0, to: 2 * Double.pi, label: "cos") { cos($0) }
    var context = TerminalContext(colorMode: .trueColor, width: 120, height: 60, isTerminal: true)
    context.graphics = GraphicsSupport(graphicsProtocol, cellWidth: 10, cellHeight: 20)
    guard let probe = plot.renderRaster(context), probe.image.width == 640, probe.image.height == 400 else {
        throw BenchError.usage("the raster plot is not 640 × 400 pixels")
    }
    var bytes = 0
    let samples = Samples.measure(iterations: iterations, warmup: 5) {
        bytes &+= plot.renderedForTerminal(context).utf8.count
    }
    // The two halves on their own: layout and pixels, then the encoding of fixed pixels.
    let drawing = Samples.measure(iterations: iterations, warmup: 5) { _ = plot.renderRaster(context) }
    let encoding = Samples.measure(iterations: iterations, warmup: 5) {
        _ = probe.imageEscape(graphicsProtocol)
    }
    return [
        jsonLine([
            ("workload", .string("raster")), ("protocol", .string(name)), ("pixels", .string("640x400")),
            ("median_ms", .number(samples.median)), ("p10_ms", .number(samples.percentile(0.1))),
            ("p90_ms", .number(samples.percentile(0.9))), ("n_samples", .int(iterations)),
            ("draw_median_ms", .number(drawing.median)), ("encode_median_ms", .number(encoding.median)),
            ("bytes", .int(bytes / max(1, iterations + 5))),
        ])
    ]
}
