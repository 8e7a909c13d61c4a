import Foundation
import Testing

/// The environment variable that re-records golden files: `METALAB_RECORD_GOLDENS=1`.
/// Recording writes the file and still fails the test, so a run can never pass by recording.
public let recordGoldensVariable = "METALAB_RECORD_GOLDENS"

/// Whether this run records goldens instead of comparing.
public var isRecordingGoldens: Bool { ProcessInfo.processInfo.environment[recordGoldensVariable] != nil }

/// Compares `actual` with the text golden `folder/name.txt`. Escape characters are stored as
/// `\e`, so colour goldens stay readable. On a difference the first differing line is shown.
public func expectTextGolden(
    _ name: String, _ actual: String, in folder: URL,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let file = folder.appendingPathComponent(name + ".txt")
    let text = actual.replacingOccurrences(of: "\u{1B}", with: "\\e")
    let expected = try? String(contentsOf: file, encoding: .utf8)
    if isRecordingGoldens {
        guard expected != text else { return }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record(
                "recorded \(name).txt: review it, then run without \(recordGoldensVariable)",
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("could not write \(file.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected else {
        Issue.record(
            "missing golden \(file.path); record it with \(recordGoldensVariable)=1",
            sourceLocation: sourceLocation)
        return
    }
    guard expected != text else { return }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = text.split(separator: "\n", omittingEmptySubsequences: false)
    let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    Issue.record(
        """
        \(name).txt differs from its golden at line \(first + 1):
        expected: \(first < a.count ? String(a[first]) : "<end>")
          actual: \(first < b.count ? String(b[first]) : "<end>")
        """, sourceLocation: sourceLocation)
}
