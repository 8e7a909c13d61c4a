import Foundation
import Testing

/// `metalab present`, run as the built executable.
@Suite(.timeLimit(.minutes(1))) struct PresentCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    static let fixture = root + "/Tests/NotebookTests/Fixtures/every-kind.md"
    let runner = RunEvalCommandTests()

    @Test func anUnknownLessonIsAUsageErrorWithTheList() throws {
        let r = try runner.run(["present", "no-such-lesson"], input: "", environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 2)
        #expect(r.standardError.contains("there is no lesson `no-such-lesson`"))
        #expect(r.standardError.contains("welcome"), "the list of lessons follows")
        #expect(!r.standardOutput.contains("Welcome"), "not lesson 0 instead")
    }

    @Test func anUnknownStepIsAUsageError() throws {
        let r = try runner.run(["present", Self.fixture, "--from", "nowhere"], input: "", environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 2)
        #expect(r.standardError.contains("has no step `nowhere`"))
    }

    // Seen: `metalab present 13 --lang zh` (and under LANG=zh_CN.UTF-8) opened the English lesson.
    @Test func presentingInChineseOpensTheTranslation() throws {
        let state = NSTemporaryDirectory() + "metalab-present-\(UUID().uuidString)"
        let r = try runner.run(["present", "07", "--lang", "zh", "--plain"], input: "",
                               environment: ["METALAB_HOME": Self.root, "XDG_STATE_HOME": state])
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("梯度冲突"), "the Chinese title of lesson 7")
        #expect(!r.standardOutput.contains("Conflicting gradients"))
    }

    @Test func speakerNotesGoToTheirFileNeverToTheScreen() throws {
        let notes = NSTemporaryDirectory() + "metalab-notes-\(UUID().uuidString).txt"
        let r = try runner.run(["present", Self.fixture, "--from", "pic", "--notes", notes, "--plain"], input: "\n\n",
                               environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("> w"), "it started at --from")
        #expect(r.standardOutput.contains("> w\n3"), "after a pause (predict first), the output")
        #expect(!r.standardOutput.contains("ask the room first"))
        let written = try String(contentsOfFile: notes, encoding: .utf8)
        #expect(written.contains("ask the room first"))
    }
}
