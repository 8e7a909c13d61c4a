import Diagnostics
import Terminal

/// A LaTeX formula as a value — what Lab's `L"…"` literals and `tex(s)` produce,
/// and what builtin help and lessons hold. It keeps its source; rendering is
/// lenient and never fails, so a formula can always be shown.
///
///     let f = try Formula.parse(#"\frac{a+b}{c}"#)   // strict: throws a located Diagnostic
///     f.description                                   // "(a + b)/c"
///     f.lines(in: context)                            // 2-D, for the terminal's width, colour and ASCII mode
public struct Formula: Sendable, Hashable, CustomStringConvertible {
    public let latex: String

    /// A formula from source, unchecked (problems show verbatim when rendered).
    public init(_ latex: String) {
        self.latex = latex
    }

    /// A formula whose source parses in strict mode.
    /// - Throws: the first problem as a `Diagnostic` of kind `formula`.
    public static func parse(_ latex: String, origin: SourceLocation = SourceLocation(line: 1, column: 1))
        throws -> Formula
    {
        _ = try FormulaRenderer(options: .init(strict: true)).render(latex, origin: origin)
        return Formula(latex)
    }

    /// The rendered lines (lenient: never throws, never empty).
    public func lines(_ options: FormulaRenderer.Options = .init()) -> [String] {
        var options = options
        options.strict = false
        return (try? FormulaRenderer(options: options).render(latex)) ?? [latex]
    }

    /// The rendered lines for a terminal: its width, colour and ASCII settings.
    public func lines(in context: TerminalContext, mode: FormulaRenderer.Options.Mode = .display) -> [String]
    {
        lines(FormulaRenderer.Options(context: context, mode: mode))
    }

    /// One line of Unicode: `(a + b)/c`.
    public var description: String {
        lines(.inline).first ?? latex
    }
}

extension FormulaRenderer.Options {
    /// Options that follow a terminal: ASCII and colour as it allows, its width for display mode.
    public init(context: TerminalContext, mode: Mode = .display, strict: Bool = false) {
        self.init(
            mode: mode, ascii: context.ascii, width: mode == .display ? context.width : nil,
            color: context.colorMode != .none, strict: strict)
    }
}
