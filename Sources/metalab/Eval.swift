import ArgumentParser
import LabLibrary

/// `metalab eval 'SOURCE'`: runs Lab source given on the command line.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Lab source (several statements allowed; '-' reads standard input).")

    @Argument(help: "The Lab source to evaluate.")
    var source: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let text = source == "-" ? ScriptRunner.readSource("-") ?? "" : source
        let status = ScriptRunner.run(
            source: text, name: source == "-" ? "<stdin>" : "<eval>", options: output.displayOptions,
            colorDiagnostics: output.colorDiagnostics)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
