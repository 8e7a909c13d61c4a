import Foundation
import Plotting
import Terminal
import Testing

/// Compares `lines` with `Golden/<name>.txt`. With `METALAB_RECORD_GOLDEN=1`
/// the file is (re)written and the test still fails, so a recording run can
/// never pass. Escape characters are stored as `\e` so colour goldens are readable.
func expectGolden(_ name: String, _ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")
    let file = directory.appendingPathComponent(name + ".txt")
    let text = lines.joined(separator: "\n").replacingOccurrences(of: "\u{1B}", with: "\\e") + "\n"
    if ProcessInfo.processInfo.environment["METALAB_RECORD_GOLDEN"] != nil {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record(
            "recorded \(file.lastPathComponent); rerun without METALAB_RECORD_GOLDEN",
            sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record(
            "missing golden \(file.path); record with METALAB_RECORD_GOLDEN=1", sourceLocation: sourceLocation
        )
        return
    }
    if expected != text {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        Issue.record(
            """
            \(name) differs from its golden at line \(first + 1):
            expected: \(first < a.count ? String(a[first]) : "<end>")
              actual: \(first < b.count ? String(b[first]) : "<end>")
            """, sourceLocation: sourceLocation)
    }
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
