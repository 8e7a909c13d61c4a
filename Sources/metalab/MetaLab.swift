import ArgumentParser

/// The `metalab` command: argument parsing only; every subcommand calls library code.
@main
struct MetaLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metalab",
        abstract: "A terminal lab for the mathematics of multi-task learning and meta-learning.",
        version: "0.1.0"
    )

    mutating func run() throws {
        print("MetaLab 0.1.0 — the course shell arrives with its issue; try `metalab --help`.")
    }
}
