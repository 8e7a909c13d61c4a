import ArgumentParser
import LabLang
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--plain`, `--ascii`, `--width N`, `--graphics P`: how output is drawn.

extension GraphicsRequest: ExpressibleByArgument {}

struct OutputOptions: ParsableArguments {
    @Flag(help: "No ANSI colour (also when NO_COLOR is set or output is not a terminal).")
    var plain = false

    @Flag(help: "Only ASCII characters in plots and formulas.")
    var ascii = false

    @Option(help: "Columns to draw in (default: the terminal's width, else COLUMNS, else 80).")
    var width: Int?

    @Option(
        help: ArgumentHelp(
            "Plots as images: auto (ask the terminal), kitty, sixel, iterm, or none (text plots). "
                + "Default: METALAB_GRAPHICS, else auto. Never in a pipe or with --plain/--ascii.",
            valueName: "protocol"))
    var graphics: GraphicsRequest?

    func validate() throws {
        if let width, width < 10 { throw ValidationError("--width must be at least 10, got \(width)") }
    }

    var context: TerminalContext {
        let request = GraphicsRequest.resolve(flag: graphics, environment: processEnvironment())
        return TerminalContext.detect(plain: plain, ascii: ascii, width: width, graphics: request)
    }

    var displayOptions: DisplayOptions {
        let c = context
        return DisplayOptions(
            width: c.width, height: c.height ?? 24, color: c.colorMode != .none, ascii: c.ascii,
            graphics: c.graphics)
    }

    /// Colour in error messages: only when standard error is a terminal and colour is allowed.
    var colorDiagnostics: Bool {
        !plain && isatty(STDERR_FILENO) == 1 && processEnvironment()["NO_COLOR"] == nil
    }
}
