import Plotting
import Terminal
import Testing

@testable import Plotting

@Suite struct PlotTests {
    /// Plots.jl's `levels = n`: n levels at zmin + k(zmax − zmin)/(n + 1), k = 1…n,
    /// so none sits on the extremes (where the contour would be a point).
    @Test func aCountOfLevelsIsEvenlySpacedInsideTheRange() {
        #expect(ContourLevels.count(4).resolved(lo: 0, hi: 10) == [2, 4, 6, 8])
        #expect(ContourLevels.count(1).resolved(lo: -3, hi: 5) == [1])
        let twelve = ContourLevels.count(12).resolved(lo: -182, hi: 100)
        #expect(twelve.count == 12)
        #expect(twelve.allSatisfy { $0 > -182 && $0 < 100 })
        #expect(zip(twelve, twelve.dropFirst()).allSatisfy { abs(($1 - $0) - 282.0 / 13) < 1e-12 })
    }

    @Test func givenLevelsAreKeptAndTheDefaultIsRound() {
        #expect(ContourLevels.values([10]).resolved(lo: 0, hi: 7) == [10])
        #expect(ContourLevels.automatic.resolved(lo: 0, hi: 10) == [2, 4, 6, 8])
    }

    /// A title that fits over the data area is centred there; a longer one is
    /// centred over the whole plot; one wider than the plot wraps, never cut.
    @Test func titlesAreCentredOverTheDataAreaElseTheWholePlotElseWrapped() {
        let plain = TerminalContext(colorMode: .none, width: 80)
        func bars(_ title: String) -> [String] {
            Plot.bars([1, 2], labels: ["first", "second"], options: PlotOptions(title: title, width: 10))
                .render(plain)
        }
        // Bars start after "second ┤" (8 columns) and are 10 wide.
        #expect(bars("short")[0].hasPrefix(String(repeating: " ", count: 8 + 2) + "short"))
        let wider = bars("wider than bars")  // 15 > 10: centred over the whole plot
        let plotWidth = displayWidth(wider[0])
        let lead = wider[0].prefix { $0 == " " }.count
        #expect(abs(lead - (plotWidth - 15) / 2) <= 1)
        let long = bars("a title much longer than the forty columns of this small bar chart")
        #expect(long[0].contains("a title much longer than") && !long[0].contains("chart"))
        #expect(long[1].contains("bar chart"))
        #expect(long.allSatisfy { displayWidth($0) == displayWidth(long[0]) })
    }

    /// Summaries break between groups: "(4, 3)" and "[2, 3)" stay whole.
    @Test func summariesWrapBetweenParenthesisedGroups() {
        let summary =
            "5×3 matrix, values 0.367…4.1; min at (4, 3), max at (2, 1); bins [1, 1.67) and [2.33, 3]"
        for width in 20...60 {
            let lines = wrapKeepingGroups(summary, width: width)
            #expect(lines.joined(separator: " ") == summary)
            #expect(lines.allSatisfy { displayWidth($0) <= width })
            for group in ["(4, 3)", "(2, 1)", "[1, 1.67)", "[2.33, 3]"] {
                #expect(lines.contains { $0.contains(group) }, "\(group) split at width \(width)")
            }
        }
        // An unclosed parenthesis glues nothing.
        #expect(wrapKeepingGroups("f(x is a long label with no closing parenthesis", width: 12).count > 3)
    }
}
