import Foundation
import LabLang
import LabLibrary
import Testing

/// Issue 18, item 13: a lesson's interpreter, with everything it defined, is freed when the lesson ends.
@Suite struct InterpreterMemoryTests {
    @Test(arguments: [
        "x = 1", "f(x) = x + 1", "f(x) = x + 1; f(2)", "g = x -> x^2; g(3)", "h(x) = 2x; dh = grad(h); dh(1)",
        "function k(x)\n  y = x\n  return y\nend; k(1)", "m = mlp([1, 2, 1])", "q = map(x -> x, 1:3)",
    ])
    func anInterpreterIsFreedWithWhatItDefined(_ source: String) {
        weak var weakInterpreter: Interpreter?
        do {
            let lab = LabLibrary.makeInterpreter()
            weakInterpreter = lab
            let r = lab.evaluate(source)
            #expect(r.succeeded, "\(r.diagnostics.map(\.message))")
        }
        #expect(weakInterpreter == nil, "a reference cycle keeps the interpreter (and all its globals) alive")
    }
}
