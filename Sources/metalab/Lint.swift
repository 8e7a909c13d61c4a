import ArgumentParser
import Shell

/// `metalab lint [PATH…]`: a lesson's structure alone.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check lesson structure without running anything: ids unique, every for= resolves, every exercise has a check and a solution.")

    @Argument(help: "Lesson files or folders (default: Lessons/, with course-wide checks).")
    var paths: [String] = []

    @OptionGroup var language: LanguageOptions

    func run() throws {
        let status = ShellCommands.lint(paths: paths)
        if status != 0 { throw ExitCode(status) }
    }
}
