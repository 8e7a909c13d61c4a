import ArgumentParser

/// The `metalab` command: argument parsing only; every subcommand calls library code.
/// Each subcommand lives in its own file and is listed once below.
@main
struct MetaLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metalab",
        abstract: "A terminal lab for the mathematics of multi-task learning and meta-learning.",
        version: "0.1.0",
        subcommands: [
            // one line per subcommand
            TexCommand.self,
            Run.self,
            Eval.self,
            Open.self,
            Check.self,
            Lint.self,
            Present.self,
            Lessons.self,
        ],
        defaultSubcommand: Open.self
    )

    /// Exit status 0 / 1 (Lab, lesson or formula error) / 2 (usage): ArgumentParser's
    /// own usage status (64) becomes 2, as docs/STYLE.md asks of every subcommand.
    static func main() {
        do {
            let arguments = EvalArguments.protectingSource(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                var standardError = StandardError()
                print(fullMessage(for: error), to: &standardError)
                exitProcess(2)
            }
            exit(withError: error)
        }
    }
}
