import ArgumentParser
import LabLibrary

/// `metalab eval 'SOURCE'`: runs Lab source given on the command line.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Lab source (several statements allowed; '-' reads standard input).")

    @Argument(help: "The Lab source to evaluate (it may start with '-', as in '-2^2').")
    var source: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let text = source == "-" ? ScriptRunner.readSource("-") ?? "" : source
        let status = ScriptRunner.run(
            source: text, name: source == "-" ? "<stdin>" : "<eval>", options: output.displayOptions,
            colorDiagnostics: output.colorDiagnostics, language: output.language.resolved,
            interrupts: ScriptRunner.ctrlC())
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// `metalab eval '-2^2'`: source that starts with `-` is Lab, not an option (as with
/// `python -c '-2'` and `julia -e '-2^2'`). Before parsing, every argument of `eval` that
/// is not one of its options moves after a `--`, where ArgumentParser reads it as the source.
enum EvalArguments {
    /// The options `eval` takes (with `--width`'s value), as typed.
    static let flags: Set<String> = ["--plain", "--ascii", "-h", "--help"]
    /// The options that take a value (the next argument): `--lang zh` is not Lab source `zh`.
    static let valued: Set<String> = ["--width", "--lang", "--graphics"]

    static func protectingSource(_ arguments: [String]) -> [String] {
        guard arguments.first == "eval", !arguments.contains("--") else { return arguments }
        var options: [String] = []
        var sources: [String] = []
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            if valued.contains(argument) {
                options += arguments[i..<min(i + 2, arguments.count)]
                i += 2
                continue
            }
            // An unknown `--name` stays an option, so a misspelt flag is still a usage error.
            let looksLikeOption = argument.hasPrefix("--") && argument.dropFirst(2).first?.isLetter == true
            if flags.contains(argument) || looksLikeOption {
                options.append(argument)
            } else {
                sources.append(argument)
            }
            i += 1
        }
        return ["eval"] + options + (sources.isEmpty ? [] : ["--"] + sources)
    }
}
