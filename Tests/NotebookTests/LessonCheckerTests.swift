import Foundation
import Testing

@testable import Notebook

@Suite struct LessonCheckerTests {
    let checker = LessonChecker(makeEvaluator: { LabCellEvaluator(context: .plain) })

    @Test func aLessonWithEveryKindPasses() {
        let report = checker.check(path: fixture("every-kind.md"))
        #expect(report.passed, "\(report.failures.map(\.description))")
        #expect(report.cells == 7)
    }

    @Test func aWrongExpectedOutputIsLocated() {
        let report = checker.check(path: fixture("wrong-output.md"))
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.description.hasSuffix("wrong-output.md:9:1: error: the output of `1 + 1` differs from the lesson: 1 number out of tolerance; the largest error is at line 1, number 1: expected 3, got 2 (|error| = 1, allowed 3e-06)") == true,
                "\(report.failures.map(\.description))")
    }

    @Test func updateRewritesStaleOutput() throws {
        let copy = temporaryFolder() + "/wrong-output.md"
        try FileManager.default.copyItem(atPath: fixture("wrong-output.md"), toPath: copy)
        let report = checker.check(path: copy, update: true)
        #expect(report.updated == 1)
        #expect(try String(contentsOfFile: copy, encoding: .utf8).contains("> 1 + 1\n2\n```"))
        #expect(checker.check(path: copy).passed)
    }

    @Test func anExerciseWhoseSolutionFails() {
        let report = checker.check(path: fixture("failing-solution.md"))
        #expect(report.failures.map(\.message).contains("the solution of `setx` does not pass its check"))
    }

    @Test func aBrokenFileReportsEveryProblem() {
        let report = checker.check(path: fixture("broken.md"))
        #expect(!report.passed)
        #expect(report.failures.count >= 6)
    }

    @Test func cellsCannotReadOutsideTheirFolders() throws {
        let folder = temporaryFolder()
        let lesson = folder + "/escape.md"
        try """
        ---
        id: escape
        title: Escape
        ---

        ```lab id=read
        > readcsv("/etc/passwd")
        nothing
        ```
        """.write(toFile: lesson, atomically: true, encoding: .utf8)
        let report = checker.check(path: lesson)
        #expect(report.failures.first?.notes.joined().contains("outside") == true, "\(report.failures.map(\.notes))")
    }
}
