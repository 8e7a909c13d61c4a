import ArgumentParser
import LessonTools

/// `metalab check [PATH…] [--update]`: lessons are tests.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run lessons top to bottom from a fresh seeded state and check every output, exercise and formula."
    )

    @Argument(help: "Lesson files or folders (default: Lessons/).")
    var paths: [String] = []

    @Flag(help: "Rewrite stale expected output in the lesson files (review the diff).")
    var update = false

    /// Accepted as everywhere; lessons are always checked in plain text at their fixed width,
    /// so the result never depends on the terminal.
    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = LessonCommands.check(
            paths: paths, update: update, makeEvaluator: { Bindings.evaluator(.plain) },
            validateMath: Bindings.validateMath)
        if status != 0 { throw ExitCode(status) }
    }
}
