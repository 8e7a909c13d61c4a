import Terminal
import Testing

@testable import Plotting

/// The heatmap renderer: its options (width, ylabel, labels) and its layout.
@Suite struct HeatmapRendererTests {
    let plain = TerminalContext(colorMode: .none, width: 80)

    /// The rows of the matrix area: those starting with a row label.
    func matrixRows(_ lines: [String], labels: [String]) -> [String] {
        lines.filter { line in labels.contains { line.hasPrefix($0 + " ") } }
    }

    @Test func rowsAndColumnsAreNumberedWithoutLabels() {
        let cosine: [[Double]] = [[1, 0.5, -0.2], [0.5, 1, 0.1], [-0.2, 0.1, 1]]
        let lines = Plot.heatmap(cosine).render(plain)
        #expect(lines[0].split(separator: " ") == ["1", "2", "3"])
        #expect(lines[1].hasPrefix("1 ") && lines[2].hasPrefix("2 ") && lines[3].hasPrefix("3 "))
    }

    @Test func labelsNameRowsAndColumns() {
        let lines = Plot.heatmap([[1, 2], [3, 4]], rowLabels: ["sin", "cos"], columnLabels: ["a", "b"])
            .render(plain)
        #expect(lines[0].split(separator: " ") == ["a", "b"])
        #expect(lines[1].hasPrefix("sin ") && lines[2].hasPrefix("cos "))
        let summary = lines.suffix(2).map { String($0.reversed().drop { $0 == " " }.reversed()) }
        #expect(summary.joined(separator: " ").contains("min at (sin, a), max at (cos, b)"))
    }

    /// `width` is the matrix area: number cells widen to it, shade cells too,
    /// and it is clamped to what the context leaves.
    @Test(arguments: [30, 48, 66])
    func widthSetsTheMatrixArea(width: Int) {
        let rows: [[Double]] = (0..<3).map { i in (0..<3).map { j in Double(i * 3 + j) } }
        let lines = Plot.heatmap(rows, options: PlotOptions(width: width, summary: false)).render(plain)
        let row = Array(matrixRows(lines, labels: ["3"])[0])
        // Where "6.00", "7.00", "8.00" end: one cell of width / 3 columns apart.
        let ends = ["6.00", "7.00", "8.00"].map { v in
            (0...(row.count - 4)).first { String(row[$0..<($0 + 4)]) == v }.map { $0 + 4 } ?? -1
        }
        #expect(ends[1] - ends[0] == width / 3 && ends[2] - ends[1] == width / 3, "\(ends)")
        #expect(ends[2] <= 2 + width)
        let large = (0..<10).map { i in (0..<40).map { j in Double(i + j) } }
        let shaded = Plot.heatmap(large, options: PlotOptions(width: 120, summary: false)).render(plain)
        #expect(shaded.allSatisfy { displayWidth($0) <= 80 })
        let narrow = Plot.heatmap(large, options: PlotOptions(width: 40, summary: false)).render(plain)
        let first = matrixRows(narrow, labels: [" 1"])[0]
        #expect(first.dropFirst(3).prefix(40).allSatisfy { "░▒▓█".contains($0) })
        #expect(!"░▒▓█".contains(first.dropFirst(3).dropFirst(40).first ?? " "))
    }

    @Test func ylabelTakesTheFirstLineAndXlabelTheLast() {
        let lines = Plot.heatmap(
            [[1, 2], [3, 4]], options: PlotOptions(xlabel: "task j", ylabel: "task i", summary: false)
        ).render(plain)
        #expect(lines[0].hasPrefix("task i"))
        #expect(lines.last!.contains("task j"))
        #expect(lines[1].split(separator: " ") == ["1", "2"])
    }

    /// The summary of a wide heatmap wraps at the plot's width, not at 40 columns.
    @Test func summaryWrapsAtThePlotWidth() {
        let lines = Fixtures.heatmapLabelled.render(plain)
        let width = displayWidth(lines[0])
        #expect(width > 60)
        let summary = lines.suffix(2)
        #expect(summary.first!.contains("5×5 matrix, values"))
        #expect(summary.contains { $0.reversed().drop { $0 == " " }.count > 40 })
    }
}
