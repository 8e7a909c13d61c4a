import ArgumentParser
import Shell

/// `metalab check [PATH…] [--update]`: lessons are tests.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run lessons top to bottom from a fresh seeded state and check every output, exercise and formula.")

    @Argument(help: "Lesson files or folders (default: Lessons/).")
    var paths: [String] = []

    @Flag(help: "Rewrite stale expected output in the lesson files (review the diff).")
    var update = false

    @OptionGroup var language: LanguageOptions

    func run() throws {
        let status = ShellCommands.check(paths: paths, update: update, makeEvaluator: { Bindings.evaluator(.plain) },
                                         validateMath: Bindings.validateMath)
        if status != 0 { throw ExitCode(status) }
    }
}
