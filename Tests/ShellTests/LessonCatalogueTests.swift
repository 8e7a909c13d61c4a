import Foundation
import LessonTools
import Notebook
import Terminal
import TestSupport
import Testing

@testable import Shell

@Suite struct LessonCatalogueTests {
    static func lesson(_ order: Int, _ id: String, _ title: String, minutes: Int = 20) throws -> Lesson {
        let text = """
            ---
            id: \(id)
            title: "\(title)"
            order: \(order)
            minutes: \(minutes)
            ---

            # \(title)

            ```lab id=a
            > 1
            1
            ```

            ```lab id=b
            > 2
            2
            ```
            """
        return try LessonParser.parse(text, path: "\(id).md")
    }

    static func course() throws -> [Lesson] {
        [
            try lesson(0, "course.welcome", "Welcome to MetaLab", minutes: 15),
            try lesson(
                11, "meta.maml", "MAML: learning an initialisation that adapts in one step", minutes: 35),
        ]
    }

    @Test func aWideWindowShowsEveryColumnWithProgress() throws {
        let lessons = try Self.course()
        var progress = LessonProgress(id: "meta.maml", hash: lessons[1].contentHash)
        progress.markDone(lessons[1].steps[0].name(at: 0))
        let lines = LessonCatalogue.lines(
            lessons, current: "meta.maml", progress: { $0.meta.id == "meta.maml" ? progress : nil },
            context: TerminalContext(colorMode: .none, width: 120))
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("   0  Welcome to MetaLab"))
        #expect(lines[0].hasSuffix("course.welcome"))
        #expect(lines[1].hasPrefix("▸ 11  MAML: learning"))
        #expect(lines[1].contains("35 min  1/\(lessons[1].steps.count) steps  meta.maml"))
    }

    @Test(arguments: [80, 60, 40, 24])
    func noLineWrapsInANarrowWindow(width: Int) throws {
        let lines = LessonCatalogue.lines(
            try Self.course(), current: nil, progress: { _ in nil },
            context: TerminalContext(colorMode: .none, width: width))
        for line in lines { #expect(displayWidth(line) < width, "\(line)") }
        #expect(lines[1].contains("35 min"), "the minutes always show")
        if width <= 60 { #expect(lines[1].contains("…"), "a long title is cut, not wrapped") }
    }
}

/// `metalab check --update` is a recorder: it rewrites stale expectations and, like the
/// golden recorders, never passes the run that rewrote them.
@Suite struct CheckUpdateTests {
    @Test func aRunThatRewroteExpectationsFailsAndTheNextOnePasses() throws {
        let folder = scratchPath("metalab-update")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lesson = folder + "/stale.md"
        try "---\nid: stale\ntitle: Stale\n---\n\n```lab id=sum\n> 1 + 1\n3\n```\n"
            .write(toFile: lesson, atomically: true, encoding: .utf8)
        let evaluator = { LabCellEvaluator(context: .plain) as any CellEvaluator }
        #expect(LessonCommands.check(paths: [lesson], update: false, makeEvaluator: evaluator) == 1)
        #expect(LessonCommands.check(paths: [lesson], update: true, makeEvaluator: evaluator) == 1)
        #expect(try String(contentsOfFile: lesson, encoding: .utf8).contains("> 1 + 1\n2\n"))
        #expect(LessonCommands.check(paths: [lesson], update: true, makeEvaluator: evaluator) == 0)
        #expect(LessonCommands.check(paths: [lesson], update: false, makeEvaluator: evaluator) == 0)
    }
}

/// The control of LessonToolsTests' readline check: Shell links CReadline, so this target's
/// closure has it and `canImport` must say so (else "no readline" there would prove nothing).
@Test func readlineIsInTheShellsClosure() {
    #if canImport(CReadline)
        let found = true
    #else
        let found = false
    #endif
    #expect(found)
}
