import Diagnostics
import Foundation
import LabLang
import LabLibrary
import TestSupport
import Testing

/// Script tests after Crafting Interpreters: every `Scripts/*.lab` file runs
/// statement by statement (going on after a runtime error, as the shell
/// does); its output lines and errors must equal, in order, the file's
/// `# expect: TEXT` and `# expect error: [line:col] message` comments.
/// A file with syntax errors runs nothing and expects exactly those errors.
///
/// `METALAB_RECORD_GOLDENS=1 swift test --filter ScriptTests` rewrites each file with the
/// expectations it produces (for review), and the test still fails.
enum Scripts {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Scripts")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".lab") }.sorted()
    }

    static func errorLine(_ d: Diagnostic) -> String {
        let position = d.range.map { "[\($0.start.line):\($0.start.column)] " } ?? ""
        return "error: \(position)\(d.message)"
    }

    /// The expectations in a script, in order: `error: [l:c] message` or the expected output line.
    static func expectations(_ source: String) -> [String] {
        var out: [String] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if let r = line.range(of: "# expect error: ") {
                out.append("error: " + line[r.upperBound...])
            } else if let r = line.range(of: "# expect:") {
                var text = String(line[r.upperBound...])
                if text.hasPrefix(" ") { text.removeFirst() }
                out.append(text)
            }
        }
        return out
    }

    static func interpreter() -> Interpreter {
        let lab = LabLibrary.makeInterpreter(options: DisplayOptions(width: 80, height: 24))
        lab.setGlobal(
            "FIXTURES", .string(directory.deletingLastPathComponent().appendingPathComponent("Fixtures").path)
        )
        return lab
    }

    /// The transcript a script produces, in the same form as `expectations`.
    static func run(_ source: String, name: String) -> (transcript: [String], perStatement: [(Int, [String])])
    {
        let lab = interpreter()
        let (syntaxErrors, results) = lab.evaluateEach(source, name: name)
        if !syntaxErrors.isEmpty {
            return (
                syntaxErrors.map(errorLine), syntaxErrors.map { ($0.range?.start.line ?? 1, [errorLine($0)]) }
            )
        }
        var transcript: [String] = []
        var per: [(Int, [String])] = []
        for r in results {
            var lines: [String] = []
            if !r.output.isEmpty {
                var text = r.output
                if text.hasSuffix("\n") { text.removeLast() }
                lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            if let d = r.diagnostic { lines.append(errorLine(d)) }
            transcript += lines
            per.append((r.range.end.line, lines))
        }
        return (transcript, per)
    }

    /// The script with its expectation comments regenerated from a run.
    static func annotated(_ source: String, _ per: [(Int, [String])]) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var insertions: [Int: [String]] = [:]
        for (line, out) in per where !out.isEmpty { insertions[line, default: []] += out }
        var result: [String] = []
        for (i, line) in lines.enumerated() {
            if let r = line.range(of: "# expect") {
                var kept = String(line[..<r.lowerBound])
                while kept.last == " " { kept.removeLast() }
                if !kept.isEmpty { result.append(kept) }
            } else {
                result.append(line)
            }
            for out in insertions[i + 1] ?? [] {
                result.append(
                    out.hasPrefix("error: ") ? "# expect error: " + out.dropFirst(7) : "# expect: " + out)
            }
        }
        return result.joined(separator: "\n")
    }
}

@Suite("Script tests")
struct ScriptTests {
    @Test("script", arguments: Scripts.names)
    func script(_ name: String) throws {
        let url = Scripts.directory.appendingPathComponent(name)
        let source = try String(contentsOf: url, encoding: .utf8)
        let expected = Scripts.expectations(source)
        let (transcript, per) = Scripts.run(source, name: name)
        if isRecordingGoldens {
            try Scripts.annotated(source, per).write(to: url, atomically: true, encoding: .utf8)
            Issue.record("re-annotated \(name): review the diff")
            return
        }
        #expect(!expected.isEmpty, "\(name) has no expectations")
        for i in 0..<max(expected.count, transcript.count) {
            let want = i < expected.count ? expected[i] : "<nothing>"
            let got = i < transcript.count ? transcript[i] : "<nothing>"
            if want != got {
                Issue.record(
                    "\(name): expectation \(i + 1): expected \(want.debugDescription), got \(got.debugDescription)"
                )
                return
            }
        }
    }

    @Test func atLeastFourHundredExpectations() throws {
        var total = 0
        for name in Scripts.names {
            let source = try String(
                contentsOf: Scripts.directory.appendingPathComponent(name), encoding: .utf8)
            total += Scripts.expectations(source).count
        }
        #expect(total >= 400, "only \(total) expectations")
    }
}
