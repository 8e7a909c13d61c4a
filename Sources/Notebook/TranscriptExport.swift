import Foundation
import LabLang
import Terminal

/// `:save FILE.md`: the session as a lesson-format transcript. Setup code and
/// the learner's commands, with what they displayed, become `setup` and `lab`
/// cells under the lesson's seed, so `metalab check FILE.md` runs it again.
public enum TranscriptExport {
    /// `timeout` (seconds) is the lesson's per-cell budget, so its slow cells still fit when checked.
    public static func markdown(
        journal: [JournalEntry], lessonID: String, title: String, seed: Int, tolerance: Tolerance,
        timeout: Double? = nil, date: Date = Date()
    ) -> String {
        let stamp = ISO8601DateFormatter().string(from: date)
        var out = """
            ---
            id: transcript.\(lessonID)
            title: "Session transcript: \(title.replacingOccurrences(of: "\"", with: "'"))"
            seed: \(seed)
            streams: lesson
            tolerance: { rtol: \(tolerance.rtol), atol: \(tolerance.atol) }\(timeout.map { "\ntimeout: \(formatNumber($0))s" } ?? "")
            ---

            # Session transcript: \(title)

            Saved \(stamp) from the lesson `\(lessonID)`. `metalab check` runs it again.

            """
        var labLines: [String] = []
        var counter = 0
        func flush() {
            guard !labLines.isEmpty else { return }
            counter += 1
            out += "\n```lab id=step-\(counter)\n" + labLines.joined(separator: "\n") + "\n```\n"
            labLines = []
        }
        for entry in journal {
            switch entry {
            case .setup(let source):
                flush()
                counter += 1
                out += "\n```setup id=step-\(counter)\n" + source.trimmingTrailingNewlines + "\n```\n"
            case .seed(let n):
                flush()
                counter += 1
                out += "\n```setup id=step-\(counter)\nseed(\(n))\n```\n"
            case .command(let source, let output):
                let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
                labLines.append("> " + lines[0])
                labLines += lines.dropFirst().map { "+ " + $0 }
                if !output.isEmpty { labLines.append(ANSI.strip(output)) }
            }
        }
        flush()
        return out
    }
}
