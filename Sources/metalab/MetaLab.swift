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
        ]
    )
}
