import ArgumentParser
import LabLibrary
import Shell

/// `metalab run FILE.lab`: runs a Lab script as the shell would.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Lab script, printing the value of every top-level expression not ending in ';'.")

    @Argument(help: "The script to run ('-' reads standard input).")
    var file: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let source = ScriptRunner.readSource(file) else {
            throw ExitCode(ScriptRunner.Status.usage.rawValue)
        }
        let status = ScriptRunner.run(
            source: source, name: file == "-" ? "<stdin>" : file, options: output.displayOptions,
            colorDiagnostics: output.colorDiagnostics, language: output.language.resolved,
            interrupts: ScriptRunner.ctrlC())
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

extension ScriptRunner {
    /// The process edge of `metalab run` and `eval`: installs the SIGINT latch
    /// (`ProcessSignals`, the only process-wide one) and returns what drains it, for `run`
    /// to forward to its one interpreter. Ctrl-C then stops the script with `interrupted`.
    static func ctrlC() -> @Sendable () -> Bool {
        ProcessSignals.installInterrupt()
        return { ProcessSignals.takeInterrupt() }
    }
}
