import ArgumentParser
import LabLang
import Notebook
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

    @OptionGroup var language: LanguageOptions

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

/// `--lang zh|en`, on every subcommand: the language of the lessons (and, as the message
/// catalogue grows, of the shell). Default: the one last asked for, else the locale.
struct LanguageOptions: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: "Language: zh (中文) or en (default: the last one asked for, else LC_ALL/LC_MESSAGES/LANG).")
    var lang: String?

    func validate() throws {
        if let lang, Language(rawValue: lang) == nil {
            throw ValidationError("--lang must be zh or en, got \(lang)")
        }
    }

    /// The language to use; one asked for with `--lang` is remembered for next time.
    var resolved: Language {
        let state = ProgressStore.stateDirectory()
        let asked = lang.flatMap(Language.init(rawValue:))
        asked?.remember(in: state)
        return Language.resolve(asked: asked, remembered: Language.remembered(in: state))
    }
}
