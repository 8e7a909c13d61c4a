import ArgumentParser
import Shell

/// `metalab lessons`: the catalogue.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the course in order, with minutes and your progress.")

    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = ShellCommands.lessons(context: output.context, language: output.language.resolved)
        if status != 0 { throw ExitCode(status) }
    }
}
