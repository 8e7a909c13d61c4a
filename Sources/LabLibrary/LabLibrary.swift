import Diagnostics
import LabLang

// # LabLibrary — the builtins of the Lab language, bound to the numeric stack
//
// ## API for the shell and lesson runner
//
//     let lab = LabLibrary.makeInterpreter(options: DisplayOptions(width: 100, color: false))
//     let result = lab.evaluate(cellSource, name: "lesson3.md", firstLine: 41)
//     result.output        // String: everything printed plus the display of each
//                          // top-level expression statement not ending in ';'
//     result.diagnostics   // [Diagnostic]: all syntax errors, or the one runtime error
//     result.succeeded     // diagnostics.isEmpty
//     DiagnosticRenderer(color: …).render(result.diagnostics[0], source: result.source)
//
//     let saved = lab.snapshot()    // copy of the global bindings (values are immutable)
//     lab.restore(saved)            // roll back a failed cell
//     lab.echo = { print($0, terminator: "") }   // stream output as it is produced
//     lab.options.width = 120       // display options (width, height, colour, ASCII)
//     lab.global("x"), lab.setGlobal("x", .number(1)), lab.globalBindings
//     lab.requestInterrupt()        // from any thread: this interpreter's running code
//                                   // stops with an `interrupted` error; the process lives
//
// `evaluate` runs on its own thread with a large stack (deep recursion ends in
// a `stack overflow` Lab error) and waits for it.
//
// ## Layout
// One family of builtins per file, each with one registration function listed in
// `Registry.families`; every builtin carries its documentation (signature, summary,
// LaTeX formula, example) as data. Tensors are `TensorObject`s holding an Autodiff
// `Variable` (a constant, or traced inside `grad`), so builtins are written once.

/// Makes interpreters wired to the Lab builtins.
public enum LabLibrary {
    /// A fresh interpreter with the LabLibrary host (its own random generator, seeded with 42).
    public static func makeInterpreter(options: DisplayOptions = DisplayOptions()) -> Interpreter {
        Interpreter(host: LabHost(), options: options)
    }

    /// Every builtin's name and documentation, in family order.
    public static var documentation: [(name: String, family: String, doc: BuiltinDoc)] {
        Registry.shared.names.map { ($0, Registry.shared.family[$0]!, Registry.shared.builtins[$0]!.doc!) }
    }
}
