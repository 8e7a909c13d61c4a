import Terminal
import Testing

@testable import Plotting

@Suite struct TextGridTests {
    @Test func wideCharactersTakeTwoCellsAndClipAtTheEdge() {
        var grid = TextGrid(width: 5, height: 1)
        let used = grid.put("a漢字", row: 0, column: 0)
        #expect(used == 5)
        #expect(grid.render(.none) == ["a漢字"])
        var clipped = TextGrid(width: 4, height: 1)
        clipped.put("a漢字", row: 0, column: 0)
        #expect(clipped.render(.none) == ["a漢 "])
        #expect(displayWidth(clipped.render(.none)[0]) == 4)
    }

    @Test func combiningMarksRideOnTheirCell() {
        var grid = TextGrid(width: 3, height: 1)
        grid.put("x\u{0304}y", row: 0, column: 0)
        #expect(grid.render(.none) == ["x\u{0304}y "])
        #expect(displayWidth(grid.render(.none)[0]) == 3)
    }

    @Test func escapesOnlyWhereTheStyleChanges() {
        var grid = TextGrid(width: 4, height: 1)
        let red = grid.styleIndex(TextStyle(foreground: .red))
        grid.put("ab", row: 0, column: 0, style: red)
        grid.put("c", row: 0, column: 2)
        #expect(grid.render(.ansi16) == ["\u{1B}[31mab\u{1B}[0mc "])
        #expect(grid.render(.none) == ["abc "])
    }
}

@Suite struct MarkTests {
    let plain = TerminalContext(colorMode: .none, width: 80)

    @Test func barsUseEighthBlocks() {
        let lines = Plot.bars([8, 1], labels: ["a", "b"], options: PlotOptions(width: 8, summary: false))
            .render(plain)
        #expect(lines[0].contains("████████"))
        #expect(lines[1].contains("┤█ "))
        let eighth = Plot.bars([64, 1], labels: ["a", "b"], options: PlotOptions(width: 8, summary: false))
            .render(plain)
        #expect(eighth[1].contains("┤▏"))
    }

    @Test func heatmapPrintsSmallMatricesAndCentresDivergingScalesAtZero() {
        let text = Plot.heatmap([[-2, 1], [0.5, 0]]).rendered(plain)
        #expect(text.contains("−2.00") && text.contains("1.00") && text.contains("0.50"))
        #expect(text.contains("scale centred at 0"))
        #expect(text.contains("|v| 1.5…2"))
    }

    @Test func heatmapWithoutRoomForNumbersStillReads() {
        let rows = (0..<30).map { i in (0..<70).map { j in Double(i * j) } }
        let text = Plot.heatmap(rows).rendered(plain)
        #expect(!text.contains("2030"))  // no numbers printed…
        #expect(text.contains("░") && text.contains("█"))  // …but a shade ramp
        #expect(text.contains("min at (1, 1), max at (30, 70)"))
    }

    @Test func functionLinesBreakAtPoles() {
        var p = Plot(options: PlotOptions(legend: .none, width: 40, height: 10, summary: false))
        p.addFunction(from: 0.1, to: 3.0) { tan($0) }
        let lines = p.render(plain)
        // No column of the canvas is drawn in every row (a stroke joining +∞ to −∞ would be).
        let canvasRows = lines.filter { $0.contains("│") || $0.contains("┤") }.map { Array($0) }
        let frameColumn = canvasRows[0].firstIndex { $0 == "│" || $0 == "┤" }!
        for c in (frameColumn + 1)..<(frameColumn + 41) {
            #expect(
                !canvasRows.allSatisfy { c < $0.count && $0[c] != " " }, "column \(c) is a vertical stroke")
        }
    }

    @Test func histogramCountsEveryFiniteValue() {
        let values = [0.1, 0.2, 0.3, 1.5, 2.5, 2.6, .nan, .infinity]
        let plot = Plot.histogram(values, bins: 3)
        #expect(plot.bars!.values.reduce(0, +) == 6)
        #expect(plot.bars!.values == [3, 1, 2])
    }

    @Test func marchingSquaresFindsACircle() {
        let xs = (0..<21).map { -1 + Double($0) / 10 }
        let z = xs.map { y in xs.map { x in x * x + y * y } }
        let segments = marchingSquares(x: xs, y: xs, z: z, level: 0.25)
        #expect(!segments.isEmpty)
        for s in segments {
            for r in [(s.0 * s.0 + s.1 * s.1).squareRoot(), (s.2 * s.2 + s.3 * s.3).squareRoot()] {
                #expect(abs(r - 0.5) < 0.02)
            }
        }
    }

    @Test func asciiFoldingKeepsWordsApart() {
        #expect(asciiFolded("−η∇L") == "-eta grad L")
        #expect(asciiFolded("θ*") == "theta*")
        #expect(asciiFolded("x₁ + σ²") == "x1 + sigma^2")
        #expect(asciiFolded("mean ± σ") == "mean +/- sigma")
    }

    /// `--ascii --lang zh`: the Chinese title of lesson 0's plot was drawn as `f ??????`.
    @Test func asciiFoldingKeepsChineseWords() {
        #expect(asciiFolded("f 上的梯度下降") == "f 上的梯度下降")
        #expect(asciiFolded("步骤（η）") == "步骤（eta）")
        #expect(asciiFolded("★ θ") == "* theta")
        #expect(asciiFolded("♣") == "?", "a symbol with no ASCII spelling is still '?'")
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
