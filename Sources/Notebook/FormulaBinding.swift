import Diagnostics
import Formulas
import Terminal

extension MathTypesetter {
    /// Math through the Formulas renderer: `$…$` on one line, `$$…$$` and
    /// `math` cells in 2-D, wrapped to the width; what it cannot read is shown
    /// as written (the renderer's lenient mode), never an error in the shell.
    public static let formulas = MathTypesetter(
        inline: { latex, context in
            let options = FormulaRenderer.Options(
                mode: .inline, ascii: context.ascii, color: context.colorMode != .none)
            return (try? FormulaRenderer(options: options).renderText(latex)) ?? latex
        },
        display: { latex, context in
            let options = FormulaRenderer.Options(
                mode: .display, ascii: context.ascii, width: max(20, context.width - 4),
                color: context.colorMode != .none)
            return (try? FormulaRenderer(options: options).render(latex))
                ?? latex.split(separator: "\n").map(String.init)
        },
        paragraph: { latexes, context in
            // One formula of the paragraph with a subscript that has no glyphs: all write them linearly.
            var options = FormulaRenderer.Options(
                mode: .inline, ascii: context.ascii, color: context.colorMode != .none)
            options.linearSubscripts = latexes.contains(
                where: FormulaRenderer(options: options).needsLinearSubscripts)
            return latexes.map { (try? FormulaRenderer(options: options).renderText($0)) ?? $0 }
        })
}

/// Formula checks for `metalab check`: a `math` cell must typeset in strict mode.
public enum FormulaCheck {
    /// The first problem in `latex` (located in the lesson file from `origin`), or nil.
    public static func strictProblem(_ latex: String, origin: SourceLocation) -> Diagnostic? {
        do {
            _ = try FormulaRenderer(options: FormulaRenderer.Options(strict: true)).render(
                latex, origin: origin)
            return nil
        } catch let d as Diagnostic {
            return d
        } catch {
            return Diagnostic(kind: .formula, message: "\(error)")
        }
    }

    /// LaTeX command (with its backslash) → Unicode, for `\alpha` Tab and `?α`.
    public static let symbols: [String: String] = Dictionary(
        uniqueKeysWithValues: LatexSymbols.table.map { ("\\" + $0.key, $0.value) })
}
