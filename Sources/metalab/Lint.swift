import ArgumentParser
import LessonTools

/// `metalab lint [PATH…]`: a lesson's structure alone.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check lesson structure without running anything: ids unique, every for= resolves, every exercise has a check and a solution."
    )

    @Argument(help: "Lesson files or folders (default: Lessons/, with course-wide checks).")
    var paths: [String] = []

    /// Accepted as everywhere; lessons are always checked in plain text at their fixed width,
    /// so the result never depends on the terminal.
    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = LessonCommands.lint(paths: paths)
        if status != 0 { throw ExitCode(status) }
    }
}
