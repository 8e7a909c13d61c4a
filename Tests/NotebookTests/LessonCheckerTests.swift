import Foundation
import TestSupport
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
        #expect(
            report.failures.first?.description.hasSuffix(
                "wrong-output.md:9:1: error: the output of `1 + 1` differs from the lesson: 1 number out of tolerance; the largest error is at line 1, number 1: expected 3, got 2 (|error| = 1, allowed 3e-06)"
            ) == true,
            "\(report.failures.map(\.description))")
    }

    @Test func updateRewritesStaleOutput() throws {
        let copy = try scratchFolder("metalab-notebook") + "/wrong-output.md"
        try FileManager.default.copyItem(atPath: fixture("wrong-output.md"), toPath: copy)
        let report = checker.check(path: copy, update: true)
        #expect(report.updated == 1)
        #expect(try String(contentsOfFile: copy, encoding: .utf8).contains("> 1 + 1\n2\n```"))
        #expect(checker.check(path: copy).passed)
    }

    /// A lab cell whose output holds a control character: `print` shows ESC as `␛` (output is
    /// made visible), and the lesson's expected line, written with the raw ESC, was compared
    /// as it stood, so it never matched; an error echoing a command with an ESC in it did the
    /// opposite. Both sides now pass the terminal's one visibility transform, and `--update`
    /// writes the visible form, never a raw control character.
    @Test func controlCharactersInExpectedOutputCompareAsTheyAreShown() throws {
        let path = try scratchFolder("metalab-notebook") + "/controls.md"
        let esc = "\u{1B}"
        try """
        ---
        id: t.controls
        title: Controls
        order: 1
        ---

        Text.

        ```lab id=numeric
        > x = "\(esc)[31m"
        > print(x, "red|tab\\t|")
        \(esc)[31mred|tab\t|
        > print("a\\tb", 1.5)
        a\tb1.5
        > y = x + 1
        <input>:1:5: error: cannot apply + to String and Number
         1 | y = x + 1
           |     ^~~~~
        ```

        ```lab id=text check=text
        > print(x, "|")
        \(esc)[31m|
        > z = "\(esc)[1m" + [1 2]
        <input>:1:5: error: cannot apply + to a String and a Matrix
         1 | z = "␛[1m" + [1 2]
           |     ^~~~~~~~~~~~~
        ```
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let report = checker.check(path: path)
        #expect(report.passed, "\(report.failures.map(\.description))")
        // A stale expected line is rewritten in the form the learner sees.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"|\")\n\(esc)[31m|\n", with: "\"|\")\nstale\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(checker.check(path: path, update: true).updated == 1)
        let updated = try String(contentsOfFile: path, encoding: .utf8)
        #expect(updated.contains("> print(x, \"|\")\n␛[31m|\n> z"))
        #expect(checker.check(path: path).passed)
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
        let folder = try scratchFolder("metalab-notebook")
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
        #expect(
            report.failures.first?.notes.joined().contains("outside") == true,
            "\(report.failures.map(\.notes))")
    }
}

/// Each cell draws from its own random stream, seeded from the lesson seed and its id
/// (docs/LESSONS.md, "Random streams"), so a cell's numbers do not depend on what ran before.
@Suite struct CellStreamTests {
    let checker = LessonChecker(makeEvaluator: { LabCellEvaluator(context: .plain) })

    /// FNV-1a 64 of "7/b", cut to 48 bits, computed outside Swift:
    /// python3 -c "h=0xcbf29ce484222325
    /// for b in b'7/b': h^=b; h=(h*0x100000001b3)%2**64
    /// print(h & (2**48-1))"
    @Test func theSeedOfACellIsTheHashOfTheLessonSeedAndItsID() {
        #expect(cellSeed(lessonSeed: 7, cellID: "b") == 212_309_078_973_915)
    }

    func lesson(cells: String, streams: String = "") throws -> String {
        let path = try scratchFolder("metalab-notebook") + "/streams.md"
        try "---\nid: streams\ntitle: Streams\nseed: 7\n\(streams)---\n\n\(cells)".write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aCellDrawsTheSameNumbersWhateverRanBeforeIt() throws {
        let oracle = LabCellEvaluator(context: .plain)
        let want = oracle.run("seed(212309078973915); rand()", name: "<oracle>", firstLine: 1).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!want.isEmpty)
        let cellB = "```lab id=b\n> rand()\n\(want)\n```\n"
        #expect(checker.check(path: try lesson(cells: cellB)).passed)
        let drawsFirst = "```lab id=a\n> rand(3);\n```\n\n" + cellB
        let report = checker.check(path: try lesson(cells: drawsFirst))
        #expect(report.passed, "\(report.failures.map(\.description))")
        // One stream for the lesson: cell a's draws move cell b's numbers.
        let oneStream = checker.check(path: try lesson(cells: drawsFirst, streams: "streams: lesson\n"))
        #expect(!oneStream.passed)
    }
}
