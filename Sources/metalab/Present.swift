import ArgumentParser
import Shell

/// `metalab present LESSON`: the shell with presentation pacing.
struct Present: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Present a lesson in class: each Enter clears at a section, reveals, runs and pauses.")

    @Argument(help: "The lesson to present (an id, file name or number).")
    var lesson: String

    @Option(help: "Start at this step (a cell id, step number or section) instead of the top.")
    var from: String?

    @Option(help: "Write the speaker notes to this file (follow it in a second terminal: tail -f FILE).")
    var notes: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = ShellCommands.present(
            lesson: lesson, from: from, notes: notes, context: output.context,
            language: output.language.resolved,
            makeEvaluator: Bindings.evaluator, math: Bindings.math, symbols: Bindings.symbols)
        if status != 0 { throw ExitCode(status) }
    }
}
