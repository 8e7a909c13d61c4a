import Diagnostics
import Foundation
import LabLang
import LabLibrary
import Testing

@Suite struct DocumentationTests {
    /// Every builtin documents itself, and its example runs without error.
    @Test func everyExampleRuns() {
        let docs = LabLibrary.documentation
        #expect(docs.count > 90)
        for (name, _, doc) in docs {
            #expect(!doc.signature.isEmpty && !doc.summary.isEmpty && !doc.example.isEmpty, "\(name) lacks documentation")
            let lab = LabLibrary.makeInterpreter()
            let result = lab.evaluate(doc.example, name: "example of \(name)")
            #expect(result.succeeded, "example of \(name) failed: \(result.diagnostics.map(\.message))")
        }
    }

    @Test func helpPrintsTheDocumentation() {
        let lab = LabLibrary.makeInterpreter()
        let result = lab.evaluate("?grad")
        #expect(result.output.contains("grad(f; wrt = 1)"))
        #expect(result.output.contains("∇f(x) = "))
        #expect(result.output.contains("example: grad(x -> x^2)(3)"))
    }
}

@Suite struct SessionTests {
    @Test func snapshotAndRestoreRollBackAFailedCell() {
        let lab = LabLibrary.makeInterpreter()
        #expect(lab.evaluate("x = 1; f(y) = y + x").succeeded)
        let saved = lab.snapshot()
        let failed = lab.evaluate("x = 100; z = 5; undefined_thing")
        #expect(!failed.succeeded)
        #expect(failed.diagnostics[0].kind == .name)
        lab.restore(saved)
        let after = lab.evaluate("f(1)")
        #expect(after.output == "2\n")
        #expect(!lab.evaluate("z").succeeded)
    }

    @Test func restoreRewindsTheRandomGenerator() {
        let lab = LabLibrary.makeInterpreter()
        #expect(lab.evaluate("seed(7)").succeeded)
        let saved = lab.snapshot()
        let first = lab.evaluate("randn(3)")
        #expect(!lab.evaluate("a = randn(2); undefined_thing").succeeded)
        lab.restore(saved)
        let again = lab.evaluate("randn(3)")
        #expect(first.succeeded && again.output == first.output)
        #expect(lab.evaluate("randn(3)").output != first.output)
    }

    @Test func theShellKeepsGoingAfterErrors() {
        let lab = LabLibrary.makeInterpreter()
        #expect(!lab.evaluate("1 +").succeeded)
        #expect(!lab.evaluate("[1, 2] * [3, 4]").succeeded)
        #expect(!lab.evaluate("f(n) = f(n); f(1)").succeeded)
        #expect(lab.evaluate("1 + 1").output == "2\n")
    }

    @Test func outputIsDisplayedPerStatementInOrder() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("1\nprintln(\"hi\")\n2;\n3")
        #expect(r.output == "1\nhi\n3\n")
    }

    /// `(-1) .^ l` is the sign (−1)^l of lesson 11's Δm; it showed NaN when `.^` used the real power.
    @Test func aNegativeBaseWithIntegerExponentsKeepsItsSign() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("(-1) .^ [0, 1, 2]\n[-2.0, 3.0] .^ 3")
        #expect(r.succeeded)
        #expect(r.output == "3-element Vector:\n  1\n -1\n  1\n2-element Vector:\n -8\n 27\n")
    }

    @Test func errorsCarryFileLineAndColumn() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("x = 1\ny = x + [1 2] * [3 4]", name: "cell.lab", firstLine: 10)
        let d = r.diagnostics[0]
        #expect(d.kind == .shape)
        #expect(d.range?.start == SourceLocation(line: 11, column: 9))
        let text = DiagnosticRenderer().render(d, source: r.source)
        #expect(text.hasPrefix("cell.lab:11:9: error: cannot multiply a 1×2 by a 1×2"))
        #expect(text.contains("y = x + [1 2] * [3 4]"))
    }

    @Test func ctrlCStopsALoopAndTheInterpreterLives() {
        let lab = LabLibrary.makeInterpreter()
        let stopper = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            lab.requestInterrupt()
        }
        stopper.start()
        let r = lab.evaluate("i = 0\nwhile true\n i += 1\nend")
        #expect(r.diagnostics.first?.kind == .interrupted)
        #expect(r.diagnostics.first?.range?.start.line == 2)
        #expect(lab.evaluate("i > 0").output == "true\n")
        #expect(!lab.interruptRequested)
    }

    @Test func timeWritesTheElapsedTime() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("x = time(() -> 2 + 2); x")
        #expect(r.output.hasPrefix("elapsed: "))
        #expect(r.output.hasSuffix(" s\n4\n"))
    }
}

@Suite struct GoldenMAMLTests {
    /// MAML's meta-gradient written by hand in Lab — `grad` through the inner
    /// step — matches the float64 JAX reference to 1e-10.
    @Test func handWrittenMAMLMatchesTheGolden() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
        let lab = LabLibrary.makeInterpreter()
        let source = """
            g = readjson("\(fixtures)/maml_relu_1step.json")
            α = g.hyperparameters.alpha
            tasks = g.inputs.tasks
            predict(θ, x) = mlp(θ; activation = "relu")(x)
            L(θ, x, y) = mse(predict(θ, x), y)
            adapted(θ, t) = θ - α * grad(L)(θ, t.support_x, t.support_y)
            function meta_loss(θ)
                total = 0
                for t in tasks
                    total += L(adapted(θ, t), t.query_x, t.query_y)
                end
                total / length(tasks)
            end
            θ = g.inputs.params
            G = grad(meta_loss)(θ)
            err = 0
            for l in 1:length(θ)
                err = max(err, maximum(abs(G[l].W - g.outputs.meta_grad[l].W)), maximum(abs(G[l].b - g.outputs.meta_grad[l].b)))
            end
            err < 1e-10
            abs(meta_loss(θ) - g.outputs.meta_loss) < 1e-12
            size(G[1].W) == size(θ[1].W)
            """
        let r = lab.evaluate(source, name: "maml.lab")
        #expect(r.succeeded, "\(r.diagnostics.map { DiagnosticRenderer().render($0, source: r.source) })")
        #expect(r.output == "true\ntrue\ntrue\n")
    }
}
