import ArgumentParser
import Shell

/// `metalab present LESSON`: the shell with presentation pacing.
struct Present: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Present a lesson in class: each Enter clears at a section, reveals, runs and pauses.")

    @Argument(help: "The lesson to present (an id, file name or number).")
    var lesson: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = ShellCommands.open(lesson: lesson, context: output.context, present: true,
                                        language: output.language.resolved, makeEvaluator: Bindings.evaluator,
                                        math: Bindings.math, symbols: Bindings.symbols)
        if status != 0 { throw ExitCode(status) }
    }
}
