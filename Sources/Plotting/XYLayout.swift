import Terminal

/// The first layer of an x–y plot: everything decided before a pixel is set. The world
/// limits, the canvas size in cells, the y and x ticks (and the cell column of each x tick),
/// each series' style, dash and marker, the legend entries and where the legend goes.
struct XYLayout {
    struct LegendEntry {
        var sample: String
        var style: TextStyle
        var label: String
        /// The canvas row of the series' last visible point (for `.lineEnds`).
        var endRow: Int?
    }

    var x: (lo: Double, hi: Double)
    var y: (lo: Double, hi: Double)
    /// Canvas size in cells.
    var width: Int
    var height: Int
    var yTicks: Ticks
    /// Columns of the y tick labels, left of the frame.
    var leftWidth: Int
    var xTicks = Ticks(values: [], labels: [])
    var xTickColumns: [Int] = []
    var seriesStyles: [TextStyle] = []
    var seriesDash: [DashPattern] = []
    var seriesMarker: [Unicode.Scalar?] = []
    var entries: [LegendEntry] = []
    var legend: LegendPosition
    /// Columns right of the frame taken by a legend beside it.
    var besideWidth: Int
    var totalWidth: Int

    init(_ r: XYRenderer) {
        let plot = r.plot, options = r.options, context = r.context, ascii = r.ascii
        let (xl, yl) = r.limits()
        x = (xl.0, xl.1)
        y = (yl.0, yl.1)

        // Vertical size and y ticks (independent of the width).
        height = Swift.max(2, Swift.min(200, options.height ?? 15))
        yTicks = makeTicks(
            y.lo, y.hi, scale: options.yscale, target: Swift.max(2, (height + 2) / 4 + 1), ascii: ascii)
        leftWidth = yTicks.labels.reduce(0) { Swift.max($0, displayWidth($1)) }

        // Legend entries and styles per series.
        var lineIndex = 0
        var scatterIndex = 0
        for (k, s) in plot.series.enumerated() {
            let color: TerminalColor
            switch s.color {
            case .custom(let c): color = c
            case .palette(let i): color = Palette.seriesColor(i, mode: context.colorMode)
            case nil: color = Palette.seriesColor(k, mode: context.colorMode)
            }
            let style = TextStyle(foreground: color)
            seriesStyles.append(style)
            var sample: String
            switch s.kind {
            case .scatter:
                let markers = ascii ? Palette.markersASCII : Palette.markers
                let m = markers[scatterIndex % markers.count]
                scatterIndex += 1
                seriesMarker.append(m)
                seriesDash.append(.solid)
                sample = String(Character(m))
            case .contour:
                seriesMarker.append(nil)
                seriesDash.append(.solid)
                sample = ascii ? "---" : "───"
            default:
                let dash = r.colored ? DashPattern.solid : Palette.dashes[lineIndex % Palette.dashes.count]
                let samples = ascii ? Palette.dashSamplesASCII : Palette.dashSamples
                sample = r.colored ? samples[0] : samples[lineIndex % samples.count]
                if case .band = s.kind { sample = (ascii ? "." : "░") + sample.dropFirst() }
                lineIndex += 1
                seriesMarker.append(nil)
                seriesDash.append(dash)
            }
            if let label = s.label, !label.isEmpty {
                entries.append(LegendEntry(sample: sample, style: style, label: r.text(label)))
            }
        }

        // Horizontal size: canvas width after labels, frame and a right legend.
        legend = options.legend
        let rightLegendWidth =
            1 + entries.reduce(0) { Swift.max($0, displayWidth($1.sample) + 1 + displayWidth($1.label)) }
        let lineEndWidth = 1 + entries.reduce(0) { Swift.max($0, displayWidth($1.label)) }
        let fixedWidth = leftWidth + 1 + 2
        if entries.isEmpty { legend = .none }
        if legend == .auto {
            let roomy = context.width - fixedWidth - rightLegendWidth >= Swift.min(40, options.width ?? 40)
            legend = roomy ? .right : .bottom
        }
        besideWidth = legend == .right ? rightLegendWidth : legend == .lineEnds ? lineEndWidth : 0
        let available = Swift.max(1, context.width - fixedWidth - besideWidth)
        width = Swift.max(
            1, Swift.min(options.width ?? defaultCanvasWidth(windowWidth: context.width), available))
        totalWidth = fixedWidth + width + besideWidth
    }

    /// The x ticks: as many as fit with two spaces between labels (else the two ends, else
    /// the first), at the cell columns `column` gives.
    mutating func placeXTicks(scale: AxisScale, ascii: Bool, column: (Double) -> Int) {
        var target = Swift.max(2, width / 8)
        while true {
            let ticks = makeTicks(x.lo, x.hi, scale: scale, target: target, ascii: ascii)
            let columns = ticks.values.map(column)
            var fits = true
            var previousEnd = -leftWidth - 2
            for (c, label) in zip(columns, ticks.labels) {
                let w = displayWidth(label)
                let start = c - w / 2
                if start < previousEnd + 2 || start + w > width + 1 + besideWidth { fits = false; break }
                previousEnd = start + w
            }
            if fits || target <= 2 {
                if fits {
                    xTicks = ticks
                    xTickColumns = columns
                } else if let first = ticks.values.first, let last = ticks.values.last,
                    ticks.values.count >= 2
                {
                    xTicks = Ticks(values: [first, last], labels: [ticks.labels.first!, ticks.labels.last!])
                    xTickColumns = [column(first), column(last)]
                    if displayWidth(xTicks.labels[0]) / 2 + 2 + displayWidth(xTicks.labels[1]) / 2
                        > xTickColumns[1] - xTickColumns[0]
                    {
                        xTicks = Ticks(values: [first], labels: [ticks.labels[0]])
                        xTickColumns = [column(first)]
                    }
                }
                break
            }
            target -= 1
        }
    }
}
