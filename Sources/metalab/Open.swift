import ArgumentParser
import Notebook
import Shell

/// `metalab [LESSON]` (the default subcommand): the course shell.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Open the course shell: resume where you left off, or open LESSON (an id, file name or number).")

    @Argument(help: "The lesson to open (default: where you left off; lesson 0 for a new learner).")
    var lesson: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = ShellCommands.open(
            lesson: lesson, context: output.context, language: output.language.resolved,
            makeEvaluator: Bindings.evaluator,
            math: Bindings.math, symbols: Bindings.symbols)
        if status != 0 { throw ExitCode(status) }
    }
}
