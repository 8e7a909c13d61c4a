import Foundation
import LessonTools
import Notebook
import TestSupport
import Testing

/// Whether CReadline is in this test target's dependency closure. SwiftPM hands a system
/// library's module map only to the targets that depend on it, directly or through other
/// targets, so `canImport` answers for the closure of this target: LessonTools and
/// Notebook. ShellTests asks the same question and must get yes (the control), so a
/// "no" here is not a check that cannot fail.
#if canImport(CReadline)
    let readlineIsInTheClosure = true
#else
    let readlineIsInTheClosure = false
#endif

/// `metalab check` and `metalab lint` without readline: this target imports only
/// LessonTools and Notebook, and checks and lints a small lesson with them.
@Suite struct LessonCommandsTests {
    static let lesson = """
        ---
        id: tools.small
        title: A small lesson
        seed: 1
        ---

        # A small lesson

        ```lab id=sum
        > 1 + 2
        3
        ```

        Set `x` to four.

        ```exercise id=ex target=x
        x = 0
        ```

        ```check for=ex
        expect x ~= 4
        ```

        ```solution for=ex
        x = 4
        ```
        """

    func write(_ text: String) throws -> String {
        let folder = scratchPath("metalab-tools")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/small.md"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func readlineIsNotInTheClosureOfCheckAndLint() {
        #expect(
            !readlineIsInTheClosure, "LessonTools must not depend on CReadline, directly or through a target")
    }

    @Test(.timeLimit(.minutes(3))) func checkAndLintRunOnASmallLesson() throws {
        let good = try write(Self.lesson)
        let paths = LessonCommands.Paths(root: NSTemporaryDirectory())
        #expect(
            LessonCommands.check(
                paths: [good], update: false, makeEvaluator: { LabCellEvaluator(context: .plain) },
                root: paths) == 0)
        #expect(LessonCommands.lint(paths: [good], root: paths) == 0)
        let wrong = try write(Self.lesson.replacingOccurrences(of: "> 1 + 2\n3", with: "> 1 + 2\n4"))
        #expect(
            LessonCommands.check(
                paths: [wrong], update: false, makeEvaluator: { LabCellEvaluator(context: .plain) },
                root: paths) == 1, "a wrong expected output fails")
        let broken = try write(
            Self.lesson.replacingOccurrences(of: "```solution for=ex", with: "```solution for=nothing"))
        #expect(
            LessonCommands.lint(paths: [broken], root: paths) == 1,
            "a for= that names no exercise is a lint problem")
    }
}
