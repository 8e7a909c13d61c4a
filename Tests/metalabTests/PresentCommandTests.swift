import Foundation
import TestSupport
import Testing

/// `metalab present`, run as the built executable.
@Suite(.timeLimit(.minutes(3))) struct PresentCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../.."
    ).standardized.path
    static let fixture = root + "/Tests/NotebookTests/Fixtures/every-kind.md"
    let runner = RunEvalCommandTests()

    @Test func anUnknownLessonIsAUsageErrorWithTheList() throws {
        let r = try runner.run(
            ["present", "no-such-lesson"], input: "", environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 2)
        #expect(r.standardError.contains("there is no lesson `no-such-lesson`"))
        #expect(r.standardError.contains("welcome"), "the list of lessons follows")
        #expect(!r.standardOutput.contains("Welcome"), "not lesson 0 instead")
    }

    @Test func anUnknownStepIsAUsageError() throws {
        let r = try runner.run(
            ["present", Self.fixture, "--from", "nowhere"], input: "",
            environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 2)
        #expect(r.standardError.contains("has no step `nowhere`"))
    }

    // Seen: `metalab present 13 --lang zh` (and under LANG=zh_CN.UTF-8) opened the English lesson.
    @Test func presentingInChineseOpensTheTranslation() throws {
        let state = scratchPath("metalab-present")
        let r = try runner.run(
            ["present", "07", "--lang", "zh", "--plain"], input: "",
            environment: ["METALAB_HOME": Self.root, "XDG_STATE_HOME": state])
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("梯度冲突"), "the Chinese title of lesson 7")
        #expect(!r.standardOutput.contains("Conflicting gradients"))
    }

    @Test func speakerNotesGoToTheirFileNeverToTheScreen() throws {
        let notes = scratchPath("metalab-notes") + ".txt"
        let r = try runner.run(
            ["present", Self.fixture, "--from", "pic", "--notes", notes, "--plain"], input: "\n\n",
            environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 0)
        #expect(r.standardOutput.contains("> w"), "it started at --from")
        #expect(r.standardOutput.contains("> w\n3"), "after a pause (predict first), the output")
        #expect(!r.standardOutput.contains("ask the room first"))
        let written = try String(contentsOfFile: notes, encoding: .utf8)
        #expect(written.contains("ask the room first"))
    }

    // Attack: `--notes LINK` replaced the symbolic link with a plain file (an atomic write
    // renames a new file over the path), and the notes never reached the link's target.
    @Test(.timeLimit(.minutes(3))) func speakerNotesFollowASymbolicLink() throws {
        let folder = scratchPath("metalab-notes")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "".write(toFile: folder + "/target.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/link.txt", withDestinationPath: folder + "/target.txt")
        let r = try runner.run(
            ["present", Self.fixture, "--from", "pic", "--notes", folder + "/link.txt", "--plain"],
            input: "\n\n", environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 0)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.txt") == folder
                + "/target.txt",
            "still a link")
        #expect(
            try String(contentsOfFile: folder + "/target.txt", encoding: .utf8).contains("ask the room first")
        )
    }

    // Attack: `--notes FIFO` with no reader swapped the FIFO for a plain file (so `cat FIFO`
    // in the second terminal waited for ever); it must say why instead, and not hang.
    @Test(.timeLimit(.minutes(3))) func aFIFONoOneReadsIsAClearErrorNotAHang() throws {
        let fifo = scratchPath("metalab-notes") + ".fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try runner.run(
            ["present", Self.fixture, "--notes", fifo, "--plain"], input: "",
            environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 2)
        #expect(
            r.standardError.contains(
                "cannot write the notes file \(fifo): it is a FIFO that no one reads yet"))
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO is still a FIFO")
    }

    @Test func aNotesPathThatCannotBeWrittenSaysWhy() throws {
        let r = try runner.run(
            ["present", Self.fixture, "--notes", "/nonexistent-folder/notes.txt"], input: "",
            environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 2)
        #expect(
            r.standardError.contains(
                "cannot write the notes file /nonexistent-folder/notes.txt: No such file"))
        let dir = try runner.run(
            ["present", Self.fixture, "--notes", NSTemporaryDirectory()], input: "",
            environment: ["METALAB_HOME": Self.root])
        #expect(dir.standardError.contains("Is a directory"))
    }

    // Attack: a lesson's speaker note with an escape (OSC 52 sets the clipboard) went raw into
    // the notes file, which the presenter follows with `tail -f` in a terminal.
    @Test func speakerNotesShowEscapesHarmlessly() throws {
        let folder = scratchPath("metalab-notes")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try
            "---\nid: t.notes\ntitle: T\norder: 1\n---\n\nProse.\n\n<!-- speaker_note: x\u{1B}]52;c;aGk=\u{07} -->\n"
            .write(toFile: folder + "/notes.md", atomically: true, encoding: .utf8)
        let r = try runner.run(
            ["present", folder + "/notes.md", "--notes", folder + "/notes.txt", "--plain"],
            input: "\n\n", environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 0)
        let written = try String(contentsOfFile: folder + "/notes.txt", encoding: .utf8)
        #expect(written.contains("x␛]52;c;aGk=␇"), "\(written.debugDescription)")
        #expect(!written.contains("\u{1B}") && !written.contains("\u{07}"))
    }

    // Attack: a presentation keeps no progress, yet it ended with "Progress was not saved
    // (see the warning above)", and there was no warning above.
    @Test func theEndOfAPresentationSaysNothingFailed() throws {
        let r = try runner.run(
            ["present", Self.fixture, "--from", "pic", "--plain"], input: "\n\n",
            environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 0)
        #expect(!r.standardOutput.contains("not saved"))
        #expect(r.standardOutput.contains("End of the presentation (it keeps no progress)."))
    }

    // Attack: `metalab present broken.md` said "there is no lesson `broken.md`" and listed the
    // course: the lesson's own located error was thrown away.
    @Test func aLessonFileWithAMistakeSaysWhereItIs() throws {
        let path = scratchPath("metalab-broken") + ".md"
        try "---\nid: t.broken\ntitle: T\u{1B}]2;x\u{07}\n---\n\nProse.\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let r = try runner.run(["present", path], input: "", environment: ["METALAB_HOME": Self.root])
        #expect(r.status == 1)
        #expect(
            r.standardError.contains("\(path):1:1: error: the front matter is not valid YAML"),
            "\(r.standardError)")
        #expect(!r.standardError.contains("there is no lesson"))
        #expect(!r.standardError.contains("\u{1B}"), "the bad title is shown harmlessly")
    }
}
