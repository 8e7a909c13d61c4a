import Diagnostics
import Foundation
import Terminal
import TestSupport
import Testing

@testable import Notebook

/// Issue 18: a lesson is untrusted input. Each test is an observation from the attack on the release binary.
@Suite(.timeLimit(.minutes(3))) struct UntrustedLessonTests {
    static let header = "---\nid: t.hostile\ntitle: Hostile\norder: 1\n---\n\n"

    func problems(_ body: String, header: String = header) -> [Diagnostic] {
        do {
            _ = try LessonParser.parse(header + body, path: "hostile.md")
            return []
        } catch {
            return error.diagnostics
        }
    }

    // Item 12: a NUL byte silently dropped the rest of the lesson (libcmark reads C strings).
    @Test func aNULByteIsALocatedError() {
        let found = problems("Hel\u{0}lo\n\n```lab id=a\n> 1+1\n3\n```\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("NUL") == true)
        #expect(found.first?.range?.start == SourceLocation(line: 7, column: 4))
    }

    // Item 5: deep Markdown nesting crashed lint and check (SIGSEGV, rc 139).
    @Test(arguments: [
        String(repeating: "- ", count: 100_000) + "x", String(repeating: ">", count: 50_000) + " x",
        "x " + String(repeating: "*", count: 100_000) + "x" + String(repeating: "*", count: 100_000),
        String(repeating: "*a ", count: 50_000) + String(repeating: "b*", count: 50_000),
    ])
    func deepNestingIsALocatedErrorNotACrash(_ body: String) {
        let found = problems("Intro.\n\n" + body + "\n")
        #expect(
            found.contains { $0.message.contains("nested too deeply") && $0.range?.start.line == 9 },
            "\(found.map(\.description).prefix(2))")
    }

    @Test func theExactBodiesOfTheReportDoNotCrash() {
        // `'- '*100000`, `'>'*50000`, `'*'*100000` alone: a rule, a quote and a rule; parsed, no crash.
        for body in [
            String(repeating: "- ", count: 100_000), String(repeating: ">", count: 50_000),
            String(repeating: "*", count: 100_000),
        ] {
            _ = problems(body + "\n")
            _ = LessonParser.markdown(body)
        }
        let blocks = LessonParser.markdown(String(repeating: "> ", count: 10_000) + "deep")
        #expect(blocks.count == 1, "hint and quiz text is bounded the same way")
    }

    @Test func nestingUpToTheLimitIsFine() throws {
        let body =
            String(repeating: "> ", count: 20) + "quoted\n\n" + String(repeating: "  ", count: 0)
            + "- a\n  - b\n"
        #expect(problems(body).isEmpty)
    }

    // Item 10: `id: course` overwrote course.yaml; a 300-character id was never saved; lint passed both.
    @Test(arguments: [
        "course", "Course", String(repeating: "a", count: 300), "../x", "a b", ".hidden", "a;x", "é",
    ])
    func unsafeIDsAreRejected(_ id: String) {
        let header = "---\nid: \"\(id)\"\ntitle: T\norder: 1\n---\n\n"
        let found = problems("Prose.\n", header: header)
        #expect(found.contains { $0.message.contains("`id`") && $0.range?.start.line == 2 }, "\(found)")
    }

    @Test func anEscapeInTheFrontMatterIsNotEchoedRaw() {
        let found = problems("Prose.\n", header: "---\nid: \"a\u{1B}]0;x\"\ntitle: T\n---\n")
        #expect(!found.isEmpty)
        #expect(!found.map(\.message).joined().unicodeScalars.contains(where: TerminalText.isUnsafe))
    }

    @Test func ordinaryIDsAreAccepted() {
        for id in ["intro.welcome", "meta.maml-quadratic", "mtl_2", String(repeating: "a", count: 100)] {
            #expect(LessonMeta.problem(withID: id) == nil, "\(id)")
        }
    }

    // Item 1: prose, YAML titles, hints reached the terminal raw (OSC 52 clipboard, title, cursor moves).
    @Test func proseAndTitleCarryNoRawEscape() throws {
        let header = "---\nid: t.esc\ntitle: \"Evil\\e]0;pwned\\a title\"\norder: 1\n---\n\n"
        let body =
            "## Head \u{1B}]52;c;aGk=\u{07}\n\nText \u{1B}[5A\u{1B}[2K over, `code \u{1B}P1$q\u{1B}\\` and "
            + "[link](http://x\u{1B}]8;;y)\n\n- item \u{9B}31m\n"
        let lesson = try LessonParser.parse(header + body, path: "esc.md")
        #expect(!lesson.meta.title.unicodeScalars.contains(where: TerminalText.isUnsafe))
        #expect(lesson.meta.title.contains("\u{241B}]0;pwned"))
        let prose = lesson.items.compactMap { if case .prose(let b) = $0 { return b } else { return nil } }
        for mode in [ColorMode.none, .trueColor] {
            let text = ProseRenderer(context: TerminalContext(colorMode: mode, width: 60)).render(prose)
            #expect(
                !ANSI.strip(text).unicodeScalars.contains(where: TerminalText.isUnsafe),
                "\(text.debugDescription)")
            #expect(
                TerminalText.sanitize(text, keepingStyles: true) == text, "only MetaLab's styling is left")
        }
        let hint = LessonParser.markdown("Try \u{1B}]52;c;aGk=\u{07} this")
        let shown = ProseRenderer(context: .plain).render(hint)
        #expect(!shown.unicodeScalars.contains(where: TerminalText.isUnsafe))
    }
}

/// Issue 18, items 7 and 11: progress is never silently lost nor falsely reported saved.
@Suite struct ProgressSavingTests {
    // Item 11: on a failing write the shell said "NSCocoaErrorDomain error 512" and then "Progress saved".
    @Test func aFailedSaveSaysWhatFailedAndWhere() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook") + "/progress")
        // A folder where the file should go makes the final rename fail, even for root.
        try FileManager.default.createDirectory(
            atPath: store.folder + "/t.x.yaml/blocker", withIntermediateDirectories: true)
        #expect {
            try store.save(LessonProgress(id: "t.x", hash: "h"))
        } throws: { error in
            let text = "\(error)"
            return error is ProgressSaveError && text.contains(store.folder + "/t.x.yaml")
                && !text.contains("Domain")
                && error.localizedDescription == text
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.folder).filter {
            $0.contains(".tmp")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func aFolderThatCannotBeCreatedIsNamed() throws {
        let file = try scratchFolder("metalab-notebook") + "/plain-file"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let store = ProgressStore(folder: file + "/progress")
        #expect { try store.save(LessonProgress(id: "t.x", hash: "h")) } throws: {
            "\($0)".contains(file + "/progress")
        }
    }

    // Item 7: shell A answered `beta` (step 9); shell B pressed Enter once and saved step 1, no answers.
    @Test func twoShellsOnOneLessonKeepBothAnswers() throws {
        let folder = try scratchFolder("metalab-notebook") + "/progress"
        var shellA = LessonProgress(id: "t.two", hash: "h")
        shellA.current = 9
        shellA.markDone("alpha")
        shellA.markDone("beta")
        shellA.answers["beta"] = "b = 2"
        shellA.attempts["beta"] = 3
        var shellB = LessonProgress(id: "t.two", hash: "h")
        shellB.current = 1
        shellB.markDone("step 1")
        #expect(try ProgressStore(folder: folder).save(shellA).isEmpty, "nothing on disk yet")
        let merge = try ProgressStore(folder: folder).save(shellB)
        #expect(merge.addedAnswers == ["beta"], "shell B is told what shell A had saved")
        #expect(merge.addedSteps == ["alpha", "beta"])
        #expect(merge.saved.answers["beta"] == "b = 2")
        #expect(
            try ProgressStore(folder: folder).save(merge.saved).isEmpty, "adopted: nothing new to announce")
        var warning: String?
        let saved = try #require(ProgressStore(folder: folder).load(id: "t.two", warning: &warning))
        #expect(saved.answers["beta"] == "b = 2")
        #expect(Set(saved.done) == ["alpha", "beta", "step 1"])
        #expect(saved.attempts["beta"] == 3)
        #expect(saved.current == 1, "the place is the last shell's")
    }

    // Item 7, "and say so": the merge was silent; the shell whose save took in another
    // shell's answers now says what it kept, once, and shows them as done.
    @Test(.timeLimit(.minutes(3))) func aShellSaysWhatAnotherShellSaved() throws {
        let folder = try scratchFolder("metalab-notebook") + "/progress"
        let a = try SessionHarness.graph(state: folder)
        let b = try SessionHarness.graph(state: folder)
        a.session.start()
        b.session.start()
        a.session.goto("ex")
        a.session.enter("x = 3")
        #expect(a.session.progress.isDone("ex"))
        let mark = b.mark
        b.session.next()
        #expect(
            b.flat(since: mark).contains(
                "Another shell on this lesson saved meanwhile; kept its answers to ex"))
        #expect(
            b.session.progress.answers["ex"]?.hasSuffix("\nx = 3") == true,
            "the answer, after its stream's seed")
        #expect(b.session.progress.isDone("ex"))
        let again = b.mark
        b.session.next()
        #expect(!b.flat(since: again).contains("Another shell"), "said once")
    }

    // A command that marked a step, saved, and was then undone (Ctrl-C during `:goto`) saves
    // again without the mark: it must stay undone in the file, while a mark another shell
    // saved meanwhile is kept. (The merge once took every mark in the file, so a resumed
    // session had marks the live one had undone.)
    @Test func aMarkThisShellUndidStaysUndoneWhileAnotherShellsMarkIsKept() throws {
        let store = ProgressStore(folder: try scratchFolder("metalab-notebook") + "/progress")
        var mine = LessonProgress(id: "t.undo", hash: "h")
        mine.markDone("step 1")
        var base = try store.save(mine).saved
        let beforeTheCommand = mine
        mine.markDone("pic")
        mine.answers["ex1"] = "double = 2w"
        base = try store.save(mine, since: base).saved
        var other = base  // another shell loads the file now and answers q1
        other.markDone("q1")
        try store.save(other, since: base)
        try store.save(beforeTheCommand, since: base)  // this shell's command is undone
        var warning: String?
        let saved = try #require(store.load(id: "t.undo", warning: &warning))
        #expect(Set(saved.done) == ["step 1", "q1"])
        #expect(saved.answers.isEmpty)
    }

    @Test func progressFromAnotherVersionOfTheLessonIsNotMerged() throws {
        var old = LessonProgress(id: "t.v", hash: "old")
        old.answers["gone"] = "x = 1"
        #expect(LessonProgress(id: "t.v", hash: "new").merged(with: old).answers.isEmpty)
    }
}

/// Issue 18, clear errors: a cell past its timeout fails `check`, located at its own line.
@Suite(.timeLimit(.minutes(3))) struct CheckTimeoutTests {
    let checker = LessonChecker(makeEvaluator: { LabCellEvaluator(context: .plain) })

    func write(_ body: String) throws -> String {
        let path = try scratchFolder("metalab-notebook") + "/timeout.md"
        try ("---\nid: t.timeout\ntitle: Timeout\norder: 1\ntimeout: 1s\n---\n\n" + body).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aLabCellPastItsTimeoutIsReportedAtItsLine() throws {
        let report = checker.check(
            path: try write("Prose.\n\n```lab id=spin\n> x = 1\n1\n> while true end\n```\n"))
        #expect(!report.passed)
        let timeout = report.failures.first { $0.message.contains("timeout") }
        #expect(
            timeout?.range?.start.line == 13,
            "it was reported at lesson.md:1:1; \(report.failures.map(\.description))")
    }

    @Test func aTrainingThatStopsAtItsTimeoutStillFails() throws {
        let body =
            "```lab id=train\n> seed(0); m = mlp([1, 8, 1]); X = reshape(linspace(-1, 1, 64), 64, 1);\n"
            + "> r = fit(m, X, X; epochs = 1e6);\n```\n"
        let report = checker.check(path: try write(body))
        #expect(!report.passed, "a training cell that hit its timeout passed check (rc 0)")
        #expect(report.failures.first { $0.message.contains("timeout") }?.range?.start.line == 10)
    }
}

/// Issue 18, item 13: `check` over many lessons reached 2 GB (each lesson's state kept alive by a cycle).
@Suite struct LessonMemoryTests {
    final class WeakBox: @unchecked Sendable { weak var interpreter: AnyObject? }

    @Test func aCheckedLessonsEvaluatorIsFreed() throws {
        let path = try scratchFolder("metalab-notebook") + "/functions.md"
        try
            ("---\nid: t.mem\ntitle: Memory\norder: 1\n---\n\n```setup id=s\nf(x) = 2x\ng = x -> f(x) + 1\n"
            + "big = rand(200, 200)\n```\n\n```lab id=a\n> g(1)\n3\n```\n").write(
                toFile: path, atomically: true, encoding: .utf8)
        let box = WeakBox()
        do {
            let checker = LessonChecker(makeEvaluator: {
                let e = LabCellEvaluator(context: .plain)
                box.interpreter = e.interpreter
                return e
            })
            #expect(checker.check(path: path).passed)
        }
        #expect(box.interpreter == nil, "the lesson's interpreter (and its globals) outlived the check")
    }
}
