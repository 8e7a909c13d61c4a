import LabLang
import LabLibrary
import Plotting
import Terminal
import Testing

/// `panels`: small multiples from a List of Plots (issue 20).
@Suite struct PanelsTests {
    let lab = LabLibrary.makeInterpreter(options: DisplayOptions(width: 80, height: 40))

    /// A plot drawn on its own at `width` columns, as the reference a panel must equal.
    func alone(_ source: String, width: Int) -> [String] {
        let output = LabLibrary.makeInterpreter(options: DisplayOptions(width: width, height: 40)).evaluate(
            source
        ).output
        return output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.isEmpty
        }
    }

    @Test func twoPlotsSideBySideEachAsDrawnAtItsShare() {
        let sin = "plot(sin, 0, 6; title = \"sin\")", cos = "plot(cos, 0, 6; title = \"cos\")"
        let lines = lab.evaluate("panels(list(\(sin), \(cos)))").output.split(separator: "\n").map(
            String.init)
        // 80 columns, 2 apart: two panels of 39.
        let left = alone(sin, width: 39), right = alone(cos, width: 39)
        #expect(left.count == right.count && lines.count == left.count, "\(lines.joined(separator: "\n"))")
        for (k, line) in lines.enumerated() where k < left.count {
            #expect(
                line.trimmingTrailingSpaces == (left[k] + "  " + right[k]).trimmingTrailingSpaces, "row \(k)")
        }
    }

    @Test func aShortLastRowKeepsThePanelWidth() {
        let p = "plot(sin, 0, 6; title = \"one\")"
        let output = lab.evaluate("p = \(p); panels(p, p, p; columns = 2)").output
        let rows = output.components(separatedBy: "\n\n")
        #expect(rows.count == 2, "two rows, one blank line apart:\n\(output)")
        let single = alone(p, width: 39)
        #expect(
            rows.last?.split(separator: "\n").map { String($0).trimmingTrailingSpaces }
                == single.map(\.trimmingTrailingSpaces), "the third plot alone, 39 wide, not stretched to 80")
    }

    @Test func badArgumentsSayWhatWasExpected() {
        func error(_ source: String) -> String { lab.evaluate(source).diagnostics.map(\.message).joined() }
        #expect(error("panels(list())").contains("panels needs at least one Plot"))
        #expect(error("panels(list(plot(sin, 0, 1), 3))").contains("panels takes Plots; item 2 is a Number"))
        #expect(error("panels(plot(sin, 0, 1); columns = 0)").contains("columns must be between 1 and 6"))
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
