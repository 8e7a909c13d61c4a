import Testing

@testable import LabLang

/// What a cell defines and reads, as the resolver sees it. Expected sets are read off
/// each line by hand (the language's scoping rules of LANGUAGE.md), not computed.
@Suite struct NameAnalysisTests {
    static let cases: [(String, defines: Set<String>, reads: Set<String>)] = [
        ("x = 1", ["x"], []),
        ("x = x + 1", ["x"], ["x"]),
        ("a = 1; b = a", ["a", "b"], []),
        ("x += 1", ["x"], ["x"]),
        ("v[2] = k", ["v"], ["v", "k"]),
        ("r.field = 3", ["r"], ["r"]),
        // Keyword arguments are not names (issue 13, observation 2).
        ("joint(1.5; w1 = 3)", [], ["joint"]),
        ("J(θ) = joint(θ; w1 = 3, w2 = 1)", ["J"], ["joint"]),
        ("ep = episodes(d; k_shot = k_shot)", ["ep"], ["episodes", "d", "k_shot"]),
        // Fields and record keys are not names.
        ("m = r.model", ["m"], ["r"]),
        ("t = (a = y, b = 2)", ["t"], ["y"]),
        // Parameters and locals are not globals; free names of a body are read.
        ("function f(x; scale = s0)\n    h = x * alpha\n    h + scale\nend", ["f"], ["alpha", "s0"]),
        ("g = t -> t + beta", ["g"], ["beta"]),
        ("function f()\n    global counter\n    counter = 1\nend", ["f", "counter"], []),
        // A loop at the top level defines its variable.
        ("for i in 1:n s = s + i end", ["i", "s"], ["n", "s"]),
        // `plot!(p, …)` rebinds p.
        ("plot!(p, xs, ys; label = \"a\")", ["p"], ["plot!", "p", "xs", "ys"]),
        ("\"text with k in it\"", [], []),
        // A comprehension's loop variables are its locals; its sequences, filter and body are read.
        ("ys = [w * x for x in xs if x > lo]", ["ys"], ["w", "xs", "lo"]),
        ("m = [a[i] + j for i in 1:n, j in 1:i]", ["m"], ["a", "n"]),
        ("s = sum(g(x) for x in xs for y in 1:x)", ["s"], ["sum", "g", "xs"]),
        // An interpolated string reads what it interpolates.
        ("msg = \"loss is $(round(L; digits = 2)) at $step\"", ["msg"], ["round", "L", "step"]),
    ]

    @Test(arguments: cases.indices)
    func definesAndReads(_ k: Int) throws {
        let (source, defines, reads) = NameAnalysisTests.cases[k]
        let names = try #require(CellNames.of(source), "\(source) parses")
        #expect(names.defines == defines, "\(source)")
        #expect(names.reads == reads, "\(source)")
    }

    @Test func sourceThatDoesNotParseHasNoNames() {
        #expect(CellNames.of("x = ") == nil)
    }
}
