import LabLang
import LabLibrary
import Testing

/// `f.(x)` for a one-argument elementwise builtin computes the whole tensor at
/// once; these check that it is still the per-element dot call, value for
/// value and derivative for derivative, and that other dot calls still go
/// element by element.
@Suite struct DotCallTests {
    /// Evaluates `source` in a fresh interpreter and returns its output.
    func run(_ source: String) -> String {
        let lab = LabLibrary.makeInterpreter()
        let result = lab.evaluate(source)
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        return result.output
    }

    static let builtins = [
        "abs", "sign", "sqrt", "exp", "log", "log10", "log1p", "sin", "cos", "tan", "tanh", "sigmoid", "relu",
        "softplus", "floor", "ceil",
    ]

    /// Inputs in every builtin's domain, away from kinks, of both signs where allowed.
    func input(_ name: String) -> String {
        ["sqrt", "log", "log10", "log1p"].contains(name)
            ? "[0.3 1.7 0.9; 2.4 0.6 1.1]" : "[0.3 -1.2 0.9; -0.4 0.6 1.1]"
    }

    /// First and second derivatives through `f.(x)` equal those through `f(x)`
    /// exactly, and those of the element-by-element dot call of `y -> f(y)`.
    @Test(arguments: builtins)
    func derivativesThroughTheDotCallEqualThoseOfTheTensorCall(name: String) {
        let source = """
            x = \(input(name)); c = [1 -2 3; 0.5 4 -1];
            first(F) = grad(x -> sum(F(x) .* c), x);
            second(F) = grad(x -> sum(grad(y -> sum(F(y) .^ 3), x) .* c), x);
            dot(x) = \(name).(x); whole(x) = \(name)(x); each(x) = (y -> \(name)(y)).(x);
            println(first(dot) == first(whole), " ", second(dot) == second(whole));
            println(maximum(abs(first(dot) - first(each))) < 1e-14, " ", maximum(abs(second(dot) - second(each))) < 1e-14);
            println(dot(x) == each(x))
            """
        #expect(run(source) == "true true\ntrue true\ntrue\n", "\(name)")
    }

    /// The value of an untraced dot call is the builtin on each number, whose
    /// number form may differ in the last bit from its tensor form (log10).
    @Test func untracedValuesAreThoseOfTheNumberForm() {
        #expect(
            run("x = [3.7, 1000, 0.02]; println(log10.(x) == [log10(3.7), log10(1000), log10(0.02)])")
                == "true\n")
    }

    /// A number outside the domain is still the per-element call's located error.
    @Test func domainErrorsAreThoseOfTheElement() {
        let lab = LabLibrary.makeInterpreter()
        let result = lab.evaluate("sqrt.([4, -1])")
        #expect(!result.succeeded)
        #expect(
            result.diagnostics.map(\.message) == [
                "sqrt(-1): the square root of a negative number is not real"
            ])
    }

    /// A user function is still called once per element, traced or not: `?:`
    /// needs a number, and its derivative is 0 or 1 per element.
    @Test func aUserFunctionDotCallGoesElementByElement() {
        let source = """
            f(y) = y > 0 ? 2y : -y;
            println(f.([-1, 2, -3]) == [1, 4, 3]);
            println(grad(x -> sum(f.(x)), [-1, 2, -3]) == [-1, 2, -1]);
            println(grad(x -> sum(grad(z -> sum(f.(z) .^ 2), x)), [-1, 2, -3]) == [2, 8, 2])
            """
        #expect(run(source) == "true\ntrue\ntrue\n")
    }
}
