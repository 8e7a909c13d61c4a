import Diagnostics
import Notebook
import Terminal

/// The library pieces the lesson commands are wired to.
enum Bindings {
    static func evaluator(_ context: TerminalContext) -> any CellEvaluator {
        LabCellEvaluator(context: context, math: math)
    }

    static let math = MathTypesetter.formulas
    static let symbols = FormulaCheck.symbols
    static func validateMath(_ latex: String, _ origin: SourceLocation) -> Diagnostic? {
        FormulaCheck.strictProblem(latex, origin: origin)
    }
}
