import ArgumentParser
import Diagnostics
import Formulas

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `metalab tex 'LATEX'`: render one formula.
/// Exit status 1 on a formula error in strict mode (the diagnostic on stderr), 2 on usage errors.
struct TexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tex",
        abstract: "Render a LaTeX formula as 2-D mathematics in the terminal.")

    @Argument(help: "The formula, e.g. '\\frac{a+b}{c}'. Quote it for the shell.")
    var latex: String

    @Flag(help: "One line instead of 2-D layout.")
    var inline = false

    @Flag(help: "Stop at the first problem and report it (exit status 1).")
    var strict = false

    @Flag(help: "ANSI colour for \\color and for the parts that were not understood (--plain turns it off).")
    var color = false

    /// `--plain`, `--ascii`, `--width N` as every subcommand takes them; without `--width`
    /// a display formula is not wrapped.
    @OptionGroup var output: OutputOptions

    func run() throws {
        let color = self.color && !output.plain
        let options = FormulaRenderer.Options(
            mode: inline ? .inline : .display, ascii: output.ascii, width: output.width, color: color,
            strict: strict)
        do {
            print(try FormulaRenderer(options: options).renderText(latex))
        } catch let diagnostic as Diagnostic {
            let source = SourceText(name: "<tex>", text: latex)
            var standardError = StandardError()
            print(DiagnosticRenderer(color: color).render(diagnostic, source: source), to: &standardError)
            throw ExitCode(1)
        }
    }
}

/// Text written to file descriptor 2.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { systemWrite(2, $0.baseAddress, $0.count) }
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#else
    private let systemWrite = Darwin.write
#endif

/// End the process with `status`.
func exitProcess(_ status: Int32) -> Never {
    #if canImport(Glibc)
        Glibc.exit(status)
    #else
        Darwin.exit(status)
    #endif
}
