import Diagnostics
import Testing

@testable import LabLang

/// Errors carry their kind and the line:column where the faulty expression starts
/// (LANGUAGE.md, "Errors"). Columns are counted by hand in each source (1-based characters).
@Suite struct RuntimeErrorTests {
    func firstError(_ source: String) -> Diagnostic? {
        let interpreter = Interpreter(host: TestHost())
        interpreter.maximumDepth = 200
        return interpreter.evaluate(source).diagnostics.first
    }

    @Test(arguments: [
        // (source, kind, line, column, words the message must contain)
        ("x = 1\ny = x + zz", "name", 2, 9, "undefined name zz"),
        ("a = 1 + \"s\"", "type", 1, 5, "cannot apply + to Number and String"),
        ("if 1\n  2\nend", "type", 1, 4, "Bool"),
        ("n = 0\nwhile n\nend", "type", 2, 7, "Bool"),
        ("c = 2 ? 1 : 0", "type", 1, 5, "Bool"),
        ("xs = (1, 2, 3)\n  xs[4]", "index", 2, 3, "index 4 is out of range for a List of 3 elements"),
        ("r = (a = 1,)\nr.b", "name", 2, 1, "no field b"),
        ("function f()\n  y = y + 1\nend\nf()", "name", 2, 7, "y"),
        ("f(x) = x\nf(1, 2)", "type", 2, 1, "argument"),
        ("k = 3\nk(1)", "type", 2, 1, "Number"),
        ("g(n) = g(n + 1)\ng(1)", "limit", 1, 8, "stack overflow"),
    ])
    func runtimeErrorsAreLocated(
        _ source: String, _ kind: String, _ line: Int, _ column: Int, _ words: String
    ) {
        guard let error = firstError(source) else {
            Issue.record("no error from \(source)")
            return
        }
        #expect(error.kind.rawValue == kind, "\(source): \(error)")
        #expect(error.range?.start == SourceLocation(line: line, column: column), "\(source): \(error)")
        #expect(error.message.contains(words), "\(source): \(error.message)")
    }

    @Test(arguments: [
        ("a = 1 < 2 < 3", 1, 11, "comparisons do not chain"),
        ("x = (1 + )", 1, 10, "expected an expression, found ')'"),
        // A block or `[` left open is reported where it opens, as an unclosed `(` is.
        ("for i in 1:3\n  x = i\n", 1, 1, "this 'for' is never closed: expected 'end' to close the loop"),
        ("y = 1\nz = y +* 2", 2, 8, "expected an expression, found '*'"),
        ("function (x) x end", 1, 10, "name"),
        ("q = [1, 2\n", 1, 5, "this '[' is never closed: expected ']' before end of input"),
    ])
    func syntaxErrorsAreLocated(_ source: String, _ line: Int, _ column: Int, _ words: String) {
        guard let error = firstError(source) else {
            Issue.record("no error from \(source)")
            return
        }
        #expect(error.kind == .syntax, "\(source): \(error)")
        #expect(error.range?.start == SourceLocation(line: line, column: column), "\(source): \(error)")
        #expect(error.message.contains(words), "\(source): \(error.message)")
    }

    /// Errors the compiler finds while resolving names and statements, before anything
    /// runs (so the first line's `a = 1` never happens either).
    @Test(arguments: [
        ("a = 1\nbreak", 2, 1, "'break' outside a loop"),
        ("a = 1\ncontinue", 2, 1, "'continue' outside a loop"),
        ("a = 1\n  return 5", 2, 3, "'return' outside a function"),
        ("a = 1\nf(x) = x\nf(1; k = 2)", 3, 1, "unknown keyword k"),
        // Assigning x in the nested function makes x its own local (LANGUAGE.md, Decisions),
        // so `x + 1` there reads it before it is assigned.
        (
            "a = 1\nfunction f()\n  x = 1\n  function g() x = x + 1 end\n  g()\nend\nf()", 4, 20,
            "undefined name x"
        ),
    ])
    func resolverErrorsAreLocated(_ source: String, _ line: Int, _ column: Int, _ words: String) {
        let interpreter = Interpreter(host: TestHost())
        guard let error = interpreter.evaluate(source).diagnostics.first else {
            Issue.record("no error from \(source)")
            return
        }
        #expect(error.range?.start == SourceLocation(line: line, column: column), "\(source): \(error)")
        #expect(error.message.contains(words), "\(source): \(error.message)")
        if !words.hasPrefix("unknown keyword") && !words.hasPrefix("undefined") {
            #expect(interpreter.global("a") == nil, "\(source): ran before the compile error")
        }
    }

    /// Keyword defaults are evaluated at the call and may use the positional parameters
    /// (Julia: `f(a; b = a) = b; f(4)` is 4).
    @Test func keywordDefaultsSeeThePositionalParameters() {
        let i = run("f(a; b = a) = b\nx = f(4)\ny = f(4; b = 7)")
        #expect(numbers(i.global("x")) == [4])
        #expect(numbers(i.global("y")) == [7])
    }

    /// After an error the same interpreter keeps its earlier bindings and goes on (the REPL
    /// resets after an error and keeps going).
    @Test func anErrorStopsTheCommandButNotTheInterpreter() {
        let interpreter = Interpreter(host: TestHost())
        let failed = interpreter.evaluate("a = 1\nb = nope\nc = 3")
        #expect(failed.diagnostics.count == 1)
        #expect(numbers(interpreter.global("a")) == [1])
        #expect(interpreter.global("c") == nil)  // the command stopped at line 2
        #expect(interpreter.evaluate("d = a + 1").succeeded)
        #expect(numbers(interpreter.global("d")) == [2])
    }
}
