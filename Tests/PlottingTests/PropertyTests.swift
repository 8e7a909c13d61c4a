import Plotting
import Terminal
import Testing

@testable import Plotting

/// Contexts the properties are checked in: widths from cramped to wide, every colour mode, ASCII.
let propertyContexts: [TerminalContext] = [40, 72, 120].flatMap { width in
    [
        TerminalContext(colorMode: .none, width: width),
        TerminalContext(colorMode: .ansi16, width: width),
        TerminalContext(colorMode: .trueColor, width: width),
        TerminalContext(colorMode: .none, ascii: true, width: width),
    ]
}

@Suite struct RenderingPropertyTests {
    @Test(arguments: Fixtures.all.map(\.name))
    func linesAreEqualAndFitTheWidth(name: String) {
        let plot = Fixtures.all.first { $0.name == name }!.plot
        for context in propertyContexts {
            let lines = plot.render(context)
            #expect(!lines.isEmpty)
            let widths = Set(lines.map(displayWidth))
            #expect(widths.count == 1, "\(name) at width \(context.width): unequal line widths \(widths)")
            #expect((widths.first ?? 0) <= context.width, "\(name) wider than \(context.width)")
        }
    }

    @Test(arguments: Fixtures.all.map(\.name))
    func noEscapesWithoutColourAndOnlyASCIIInASCIIMode(name: String) {
        let plot = Fixtures.all.first { $0.name == name }!.plot
        for context in propertyContexts {
            let text = plot.rendered(context)
            if context.colorMode == .none {
                #expect(!text.contains("\u{1B}"), "\(name): escape code without colour")
            } else {
                #expect(text.contains("\u{1B}["), "\(name): no colour in colour mode")
            }
            if context.ascii {
                let offending = text.unicodeScalars.first { !$0.isASCII }
                #expect(offending == nil, "\(name): non-ASCII \(String(describing: offending)) in ASCII mode")
            }
        }
    }

    /// A title or axis label wider than the plot is wrapped, never cut: every
    /// word survives, at every width, in every mode, for every kind.
    @Test(arguments: Fixtures.all.map(\.name))
    func titlesAndAxisLabelsWiderThanThePlotWrapAndAreNeverCut(name: String) {
        var plot = Fixtures.all.first { $0.name == name }!.plot
        let words = (1...42).map { "word\($0)" }
        plot.options.title = words[0..<14].joined(separator: " ")
        plot.options.xlabel = words[14..<28].joined(separator: " ")
        plot.options.ylabel = words[28..<42].joined(separator: " ")
        for context in propertyContexts {
            let lines = plot.render(context)
            let shown = Set(lines.flatMap { ANSI.strip($0).split(separator: " ").map(String.init) })
            let cut = words.filter { !shown.contains($0) }
            #expect(cut.isEmpty, "\(name) at width \(context.width): \(cut) cut from the title or labels")
            #expect(Set(lines.map(displayWidth)).count == 1)
            #expect(lines.allSatisfy { displayWidth($0) <= context.width })
        }
    }

    @Test func colourAddsOnlyEscapes() {
        for (_, plot) in Fixtures.all where plot.heatmap == nil {
            let plain = plot.render(TerminalContext(colorMode: .none, width: 80))
            let coloured = plot.render(TerminalContext(colorMode: .ansi256, width: 80))
            // Lines differ by dash patterns (colour replaces them), but the frame and text agree.
            #expect(plain.count == coloured.count)
            #expect(plain.last == coloured.last.map(ANSI.strip))
        }
    }

    @Test func summaryNamesTheMinimumAndWhere() {
        let lines = Fixtures.line.render(TerminalContext(colorMode: .none, width: 100))
        let summary = lines.last!
        #expect(summary.contains("x 0…6.28, y −1…1"))
        #expect(summary.contains("sin: min −1 at x=4.7"))
    }

    @Test func aPathThatTurnsBackIsSummarisedByWhereItStartsAndEnds() {
        var plot = Plot()
        plot.addLine(x: [0.5, 2, 1, -3], y: [-3, -1, 2, 4], label: "Adam")
        plot.addLine(x: [0, 1, 2], y: [3, 1, 2], label: "curve")
        let summary = plot.render(TerminalContext(colorMode: .none, width: 120)).last!
        #expect(summary.contains("Adam: (0.5, −3) → (−3, 4)"))
        #expect(summary.contains("curve: min 1 at x=1"), "x only rises: still a function of x")
        let ascii = plot.render(TerminalContext(colorMode: .none, ascii: true, width: 120)).last!
        #expect(ascii.contains("Adam: (0.5, -3) -> (-3, 4)"))
    }

    @Test func scatterPointsAreListedOrCounted() {
        var plot = Plot()
        plot.addScatter(x: [1, 2], y: [3, 4], label: "ends")
        plot.addScatter(x: [1, 2, 3, 4], y: [1, 2, 3, 4], label: "data")
        let summary = plot.render(TerminalContext(colorMode: .none, width: 120)).last!
        #expect(summary.contains("ends: (1, 3), (2, 4)"))
        #expect(summary.contains("data: 4 points"))
    }

    @Test func withoutColourSeriesDifferByDashAndMarker() {
        let plain = Fixtures.line.rendered(TerminalContext(colorMode: .none, width: 100))
        #expect(plain.contains("─── sin") && plain.contains("─ ─ cos"))
        let scatter = Fixtures.scatter.rendered(TerminalContext(colorMode: .none, width: 100))
        #expect(scatter.contains("● task A") && scatter.contains("○ task B"))
    }

    @Test func widthFollowsTheContext() {
        let narrow = Fixtures.line.render(TerminalContext(colorMode: .none, width: 50))
        let wide = Fixtures.line.render(TerminalContext(colorMode: .none, width: 100))
        #expect(displayWidth(narrow[0]) <= 50)
        #expect(displayWidth(narrow[0]) < displayWidth(wide[0]))
    }

    @Test func smallMultiplesShareTheWidth() {
        let lines = Plot.renderSideBySide(
            [Fixtures.line, Fixtures.band, Fixtures.tangent], TerminalContext(colorMode: .none, width: 150))
        #expect(Set(lines.map(displayWidth)).count == 1)
        #expect(displayWidth(lines[0]) <= 150)
        #expect(lines[0].contains("sin and cos") && lines[0].contains("loss over 5 seeds"))
    }

    @Test func emptyAndDegenerateInputsStillDraw() {
        var empty = Plot()
        empty.addLine(x: [], y: [])
        var constant = Plot()
        constant.addLine(x: [1, 2, 3], y: [5, 5, 5])
        var allNaN = Plot()
        allNaN.addLine(x: [1, 2], y: [.nan, .infinity])
        let plots = [
            empty, constant, allNaN, Plot.histogram([]), Plot.bars([]), Plot.heatmap([]), Plot.heatmap([[1]]),
        ]
        for plot in plots {
            for context in propertyContexts {
                let lines = plot.render(context)
                #expect(Set(lines.map(displayWidth)).count <= 1)
                #expect(lines.allSatisfy { displayWidth($0) <= context.width })
            }
        }
    }
}
