import Foundation
import Testing

/// A test that spawns a process, a thread or tmux can hang on a lost event; with a time limit
/// it fails instead of hanging CI (STYLE.md, HELPERS: "Anything that could hang gets
/// `.timeLimit(.minutes(3))`"). This reads every test file under Tests/ and fails for each
/// such suite without a `.timeLimit` trait. Only those: a limit counts from a test's start,
/// queue time included, so on 2 busy cores a limit on a quick suite can fail spuriously.
@Suite struct TimeLimitHygieneTests {
    /// What makes a file's tests able to hang: processes (tmux is started as one), threads,
    /// and the helpers that start them (`pressCtrlC` starts a thread, `withDeadline` a timer thread,
    /// `RunEvalCommandTests().run` the `metalab` process).
    static let hangers = [
        "Process()", "Thread {", "Thread(", "DispatchQueue", "posix_spawn", "pressCtrlC",
        "withDeadline", "Watchdog(", "RunEvalCommandTests()",
    ]

    static let testsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The suites of `source` that start a process or thread (one of `hangers` between their
    /// `@Suite` and the next) but carry no `.timeLimit` in their attribute; in a file without
    /// suites, its `@Test`s without one when the file starts any.
    static func missingLimits(in source: String) -> [String] {
        let lines = source.components(separatedBy: "\n")
        func starts(_ k: Int, _ marker: String) -> Bool {
            lines[k].trimmingCharacters(in: .whitespaces).hasPrefix(marker)
        }
        let suites = lines.indices.filter { starts($0, "@Suite") }
        let hasSuites = !suites.isEmpty
        let marked = hasSuites ? suites : lines.indices.filter { starts($0, "@Test") }
        var missing: [String] = []
        for (n, k) in marked.enumerated() {
            // A suite's body runs to the next suite; free tests share the whole file.
            let bodyEnd = hasSuites ? (n + 1 < marked.count ? marked[n + 1] : lines.count) : lines.count
            let body = (hasSuites ? lines[k..<bodyEnd] : lines[...]).joined(separator: "\n")
            guard hangers.contains(where: body.contains) else { continue }
            // The attribute may span lines: read on to the declaration it decorates.
            var attribute = ""
            for next in lines[k...] {
                attribute += next + "\n"
                if ["struct ", "class ", "enum ", "func "].contains(where: next.contains) { break }
            }
            if !attribute.contains(".timeLimit(") {
                missing.append("line \(k + 1): \(lines[k].trimmingCharacters(in: .whitespaces))")
            }
        }
        return missing
    }

    @Test func everySuiteThatCanHangHasATimeLimit() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.testsFolder.path))
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50, "read the Tests folder at \(Self.testsFolder.path)")
        for file in files where file != "metalabTests/TimeLimitHygieneTests.swift" {
            let url = Self.testsFolder.appendingPathComponent(file)
            let source = try String(contentsOf: url, encoding: .utf8)
            for place in Self.missingLimits(in: source) {
                Issue.record(
                    "\(file) \(place): it starts a process, thread or tmux; add .timeLimit(.minutes(3))")
            }
        }
    }

    /// The checker itself: it finds a suite without a limit, across a multi-line attribute,
    /// and leaves alone a suite that starts nothing.
    @Test func theCheckerSeesSuitesAndTests() {
        let unlimited = "@Suite struct A {\n  @Test func t() { Thread {}.start() }\n}\n@Suite struct B {}\n"
        #expect(Self.missingLimits(in: unlimited) == ["line 1: @Suite struct A {"])
        let limited = "@Suite(\n  .serialized,\n  .timeLimit(.minutes(3)))\nstruct A { let p = Process() }\n"
        #expect(Self.missingLimits(in: limited).isEmpty)
        let freeTests = "@Test(.timeLimit(.minutes(3))) func a() {}\n@Test func b() { Thread {}.start() }\n"
        #expect(Self.missingLimits(in: freeTests) == ["line 2: @Test func b() { Thread {}.start() }"])
    }
}
