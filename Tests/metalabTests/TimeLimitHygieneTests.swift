import Foundation
import Testing

/// A test that spawns a process, a thread or tmux can hang on a lost event; with a time limit
/// it fails instead of hanging CI (STYLE.md, HELPERS: "Anything that could hang gets
/// `.timeLimit(.minutes(1))`"). This reads every test file under Tests/ and fails for each
/// suite in such a file that has no `.timeLimit` trait.
@Suite struct TimeLimitHygieneTests {
    /// What makes a file's tests able to hang: processes (tmux is started as one), threads,
    /// and the helpers that start them (`pressCtrlC` starts a thread, `withDeadline` a timer thread,
    /// `RunEvalCommandTests().run` the `metalab` process).
    static let hangers = [
        "Process()", "Thread {", "Thread(", "DispatchQueue", "posix_spawn", "pressCtrlC",
        "withDeadline", "Watchdog(", "RunEvalCommandTests()",
    ]

    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The declarations a time limit is missing from in `source`: every `@Suite` (its
    /// attribute up to `struct`/`class`/`enum`), or, in a file without suites, every `@Test`.
    static func missingLimits(in source: String) -> [String] {
        let lines = source.components(separatedBy: "\n")
        let hasSuite = lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("@Suite") }
        let marker = hasSuite ? "@Suite" : "@Test"
        var missing: [String] = []
        for (k, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix(marker) {
            // The attribute may span lines: read on to the declaration it decorates.
            var text = ""
            for next in lines[k...] {
                text += next + "\n"
                if next.contains("struct ") || next.contains("class ") || next.contains("enum ")
                    || next.contains("func ")
                {
                    break
                }
            }
            if !text.contains(".timeLimit(") { missing.append("line \(k + 1): \(line.trimmingCharacters(in: .whitespaces))") }
        }
        return missing
    }

    @Test func everySuiteThatCanHangHasATimeLimit() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.testsFolder.path))
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50, "read the Tests folder at \(Self.testsFolder.path)")
        for file in files where file != "metalabTests/TimeLimitHygieneTests.swift" {
            let source = try String(contentsOf: Self.testsFolder.appendingPathComponent(file), encoding: .utf8)
            guard Self.hangers.contains(where: source.contains) else { continue }
            for place in Self.missingLimits(in: source) {
                Issue.record("\(file) \(place): it starts a process, thread or tmux; add .timeLimit(.minutes(1))")
            }
        }
    }

    /// The checker itself: it finds a suite without a limit, across a multi-line attribute.
    @Test func theCheckerSeesSuitesAndTests() {
        let unlimited = "@Suite struct A {\n  @Test func t() { Thread {}.start() }\n}\n"
        #expect(Self.missingLimits(in: unlimited) == ["line 1: @Suite struct A {"])
        let limited = "@Suite(\n  .serialized,\n  .timeLimit(.minutes(1)))\nstruct A {}\n"
        #expect(Self.missingLimits(in: limited).isEmpty)
        let freeTests = "@Test(.timeLimit(.minutes(1))) func a() {}\n@Test func b() {}\n"
        #expect(Self.missingLimits(in: freeTests) == ["line 2: @Test func b() {}"])
    }
}
