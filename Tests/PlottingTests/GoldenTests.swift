import Foundation
import Plotting
import Terminal
import TestSupport
import Testing

/// Compares `lines` with `Golden/<name>.txt` (see `expectTextGolden`; re-record with
/// `METALAB_RECORD_GOLDENS=1`, and the test still fails after recording).
func expectGolden(_ name: String, _ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    expectTextGolden(
        name, lines.joined(separator: "\n") + "\n", in: GoldenJSON.folder(), sourceLocation: sourceLocation)
}

/// The three renderings every kind is checked in, at a fixed width.
let goldenContexts: [(suffix: String, context: TerminalContext)] = [
    ("color", TerminalContext(colorMode: .ansi256, width: 80)),
    ("plain", TerminalContext(colorMode: .none, width: 80)),
    ("ascii", TerminalContext(colorMode: .none, ascii: true, width: 80)),
]

@Suite struct GoldenTests {
    @Test(arguments: Fixtures.all.map(\.name))
    func everyKindInEveryMode(name: String) {
        let plot = Fixtures.all.first { $0.name == name }!.plot
        for (suffix, context) in goldenContexts {
            expectGolden("\(name)-\(suffix)", plot.render(context))
        }
    }

    @Test func smallMultiples() {
        let lines = Plot.renderSideBySide(
            [Fixtures.tangent, Fixtures.blockCanvas], TerminalContext(colorMode: .none, width: 100))
        expectGolden("side-by-side-plain", lines)
    }
}
