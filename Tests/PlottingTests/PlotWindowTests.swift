import Foundation
import Terminal
import Testing

@testable import Plotting

/// Plots in the window: labels off the data, summaries that wrap instead of "…", and a
/// canvas that grows with a wide window.
@Suite struct PlotWindowTests {
    static let xs = (0..<200).map { Double($0) / 199 }

    /// The cells a label covers, as (row, column range), found in `labelled` by its text.
    func spot(of label: String, in lines: [String]) -> (row: Int, columns: Range<Int>)? {
        for (r, line) in lines.enumerated() {
            let chars = Array(line)
            guard
                let start = line.range(of: label).map({
                    line.distance(from: line.startIndex, to: $0.lowerBound)
                })
            else { continue }
            let before = displayWidth(String(chars[..<start]))
            return (r, before..<(before + displayWidth(label)))
        }
        return nil
    }

    /// The same plot drawn without the label shows no data under the label's cells.
    func expectOffTheData(_ labelled: Plot, _ bare: Plot, label: String, width: Int = 80) {
        let context = TerminalContext(colorMode: .none, width: width)
        let a = labelled.render(context)
        let b = bare.render(context)
        guard let (row, columns) = spot(of: label, in: a) else {
            Issue.record("no \(label) in \(a.joined(separator: "\n"))")
            return
        }
        let under = Array(b[row].unicodeScalars.map(Character.init))
        let covered = columns.filter { $0 < under.count }.map { under[$0] }
        #expect(
            covered.allSatisfy { $0 == " " },
            "\(label) covers \(String(covered)):\n\(a.joined(separator: "\n"))")
    }

    /// `hline!(p, floor_mse; label = "floor")` (lesson 14) wrote "floor" over its own line.
    @Test func anHlineLabelSitsBesideItsLine() {
        func make(_ label: String?) -> Plot {
            var p = Plot(options: PlotOptions(title: "loss"))
            p.addLine(x: Self.xs, y: Self.xs.map { 2 * exp(-4 * $0) + 0.2 }, label: "MAML")
            p.annotate(.horizontalLine(y: 0.25, label: label))
            return p
        }
        expectOffTheData(make("floor"), make(nil), label: "floor")
    }

    /// `vline!(p, alpha; label = "α in use")` (lesson 13) was placed over the curve.
    @Test func aVlineLabelAvoidsTheCurve() {
        func make(_ label: String?) -> Plot {
            var p = Plot(options: PlotOptions(title: "loss against α"))
            p.addLine(x: Self.xs, y: Self.xs.map { 1 - $0 }, label: "after one step")
            p.annotate(.verticalLine(x: 0.3, label: label))
            return p
        }
        expectOffTheData(make("α in use"), make(nil), label: "α in use")
    }

    /// A path label starting with Chinese characters (Lessons/zh/17) landed on the path.
    @Test func aChinesePathLabelAvoidsThePath() {
        func make(_ label: String?) -> Plot {
            var p = Plot(options: PlotOptions(title: "路径"))
            p.addLine(x: Self.xs, y: Self.xs.map { $0 * $0 }, label: "J")
            let px = stride(from: 0.9, through: 0.5, by: -0.1).map { $0 }
            p.annotate(.path(x: px, y: px.map { $0 * $0 + 0.05 }, label: label))
            return p
        }
        expectOffTheData(make("学到的路径"), make(nil), label: "学到的路径")
    }

    /// Lessons 14 and 17 cut the summary after four series with "…"; it now names them all.
    @Test func theSummaryNamesEverySeries() {
        var p = Plot(options: PlotOptions(title: "five curves"))
        for k in 1...6 { p.addLine(x: Self.xs, y: Self.xs.map { $0 * Double(k) }, label: "curve \(k)") }
        let lines = p.render(TerminalContext(colorMode: .none, width: 80))
        let text = lines.joined(separator: " ")
        for k in 1...6 { #expect(text.contains("curve \(k): min"), "\(k)") }
        #expect(!text.contains("; …"))
        #expect(lines.allSatisfy { displayWidth($0) <= 80 })
    }

    /// At 120 columns the canvas stayed 60 cells wide; it now grows (to the window less 40).
    @Test func theCanvasGrowsWithAWideWindow() {
        var p = Plot(options: PlotOptions(title: "wide"))
        p.addLine(x: Self.xs, y: Self.xs, label: "y = x")
        for (window, canvas) in [(80, 60), (100, 60), (120, 80), (160, 120)] {
            let lines = p.render(TerminalContext(colorMode: .none, width: window))
            let top = lines.first { $0.contains("┌") }!
            #expect(top.filter { $0 == "─" }.count == canvas, "\(window): \(top)")
            #expect(lines.allSatisfy { displayWidth($0) <= window })
        }
    }
}
