import Foundation
import Terminal
import TestSupport

@testable import Notebook

/// A lesson session with a fresh progress folder, its output collected, and a Ctrl-C
/// the test can press (`pressCtrlC(after:)`), as the shell's flag would be.
final class SessionHarness: @unchecked Sendable {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").standardized.path
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Lessons").standardized.path

    let session: LessonSession
    let store: ProgressStore
    let lessonPath: String
    private let lock = NSLock()
    private var lines: [String] = []
    private var stopRequested = false
    private var generation = 0

    init(path: String, state: String? = nil) throws {
        lessonPath = path
        store = ProgressStore(
            folder: state ?? scratchPath("metalab-session"))
        let lesson = try LessonParser.parse(contentsOf: path)
        session = LessonSession(
            lesson: lesson, evaluator: LabCellEvaluator(context: .plain),
            renderer: ProseRenderer(context: .plain), store: store,
            readFolders: [SessionHarness.lessons + "/../Datasets"], write: { _ in })
        session.write = { [unowned self] line in lock.withLock { lines.append(line) } }
        session.externalStop = { [unowned self] in lock.withLock { stopRequested } }
    }

    /// The graph fixture (Fixtures/Sessions/graph.md).
    static func graph(state: String? = nil) throws -> SessionHarness {
        try SessionHarness(path: fixtures + "/Sessions/graph.md", state: state)
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
    /// The output with line breaks as spaces (messages wrap at the window's width).
    var flat: String {
        text.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
    /// `flat`, since `mark`.
    func flat(since mark: Int) -> String {
        text(since: mark).replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(
            of: "\n", with: " ")
    }
    /// What was written since `mark` (a count of lines).
    func text(since mark: Int) -> String { lock.withLock { lines[mark...].joined(separator: "\n") } }
    var mark: Int { lock.withLock { lines.count } }

    /// Presses Ctrl-C `seconds` from now; `release()` lets the next command run.
    func pressCtrlC(after seconds: Double) {
        let pressedFor = lock.withLock { generation }
        let thread = Thread { [self] in
            Thread.sleep(forTimeInterval: seconds)
            lock.withLock { if generation == pressedFor { stopRequested = true } }  // not once released
        }
        thread.start()
    }

    func release() {
        lock.withLock {
            stopRequested = false
            generation += 1
        }
    }

    /// The value of `expression` now (nil when it has none).
    func value(_ expression: String) -> CheckValue? {
        try? session.evaluator.value(of: expression, name: "<test>", line: 1).get()
    }

    /// The builtins' names (made once: an interpreter registers hundreds of them).
    static let builtins = Set(LabCellEvaluator(context: .plain).completionNames())

    /// Every global binding the learner can see, with its display: what "the state" means in these tests.
    func bindings() -> [String: CheckValue] {
        var result: [String: CheckValue] = [:]
        for name in session.evaluator.completionNames() where !SessionHarness.builtins.contains(name) {
            result[name] = value(name)
        }
        return result
    }
}
