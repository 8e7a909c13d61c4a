import Diagnostics
import Foundation
import LabLang
import LabLibrary
import TestSupport
import Testing

@Suite struct DocumentationTests {
    /// Every builtin documents itself, and its example runs without error.
    @Test func everyExampleRuns() {
        let docs = LabLibrary.documentation
        #expect(docs.count > 90)
        for (name, _, doc) in docs {
            #expect(
                !doc.signature.isEmpty && !doc.summary.isEmpty && !doc.example.isEmpty,
                "\(name) lacks documentation")
            let lab = LabLibrary.makeInterpreter()
            let result = lab.evaluate(doc.example, name: "example of \(name)")
            #expect(result.succeeded, "example of \(name) failed: \(result.diagnostics.map(\.message))")
        }
    }

    /// How an example's documented result is checked.
    enum Documented {
        /// The example's last expression `==` this Lab expression.
        case equals(String)
        /// The example's last expression `≈` this Lab expression (rtol √ε).
        case approx(String)
        /// The example prints exactly this.
        case output(String)
        /// After the example runs, this Lab expression is `true`.
        case after(String)
    }

    /// Each example's result from an independent oracle: closed forms worked by hand,
    /// Julia's documented semantics (`rem`, `mod`, `var` corrected, `findmax`), or NumPy 2.4
    /// (`np.log(np.exp([1, 2, 3.]).sum())`, `np.linalg.cholesky`, `np.linalg.pinv`, …, the
    /// value pasted). Never the output of the builtin itself.
    static let documented: [String: Documented] = [
        "zeros": .equals("[0 0 0; 0 0 0]"), "ones": .equals("[1, 1, 1]"), "fill": .equals("[7 7; 7 7]"),
        "eye": .equals("[1 0 0; 0 1 0; 0 0 1]"), "linspace": .equals("[0, 0.25, 0.5, 0.75, 1]"),
        "range": .equals("[0, 0.25, 0.5, 0.75, 1]"), "collect": .equals("[1, 2, 3, 4]"), "seed": .output(""),
        "copy": .after("w == [1, 2] && v == [1, 2]"), "size": .equals("(2, 3)"), "length": .equals("5"),
        "ndims": .equals("2"), "reshape": .equals("[1 2 3; 4 5 6]"),  // row-major (LANGUAGE.md)
        "vec": .equals("[1, 2, 3, 4]"), "hcat": .equals("[1 3; 2 4]"), "vcat": .equals("[1 2; 3 4]"),
        "transpose": .equals("[1 3; 2 4]"), "permutedims": .equals("(4, 2, 3)"),
        "repeat": .equals("[1 2 1 2; 1 2 1 2]"), "abs": .equals("3"), "sign": .equals("[-1, 0, 1]"),
        "sqrt": .approx("1.4142135623730951"), "exp": .approx("2.718281828459045"),
        "log": .approx("2.302585092994046"), "log10": .approx("3"), "log1p": .approx("9.9999999995e-11"),
        "sin": .approx("1"), "cos": .approx("1"), "tan": .approx("1"), "tanh": .approx("0.46211715726000974"),
        "sigmoid": .equals("0.5"), "relu": .equals("[0, 2]"), "softplus": .approx("0.6931471805599453"),
        "floor": .equals("2"), "ceil": .equals("3"), "abs2": .equals("9"),
        "rem": .equals("-1"), "mod": .equals("2"), "div": .equals("3"),  // Julia: rem(-7, 3), mod(-7, 3)
        "isapprox": .equals("true"), "round": .approx("2.57"), "clamp": .equals("[0, 0.5, 1]"),
        "max": .equals("[3, 5]"), "min": .equals("[1, 2]"), "sum": .equals("[4 6]"), "mean": .equals("2.5"),
        "var": .approx("5 / 3"), "std": .approx("sqrt(5 / 3)"),  // corrected: Σ(x − 2.5)² / 3
        "prod": .equals("24"), "maximum": .equals("7"), "minimum": .equals("2"), "argmax": .equals("2"),
        "argmin": .equals("3"), "findmax": .equals("(7, 2)"), "findmin": .equals("(2, 3)"),
        "any": .equals("true"), "all": .equals("false"), "norm": .equals("5"),
        "logsumexp": .approx("3.40760596444438"),
        "softmax": .approx("[0.09003057317038046, 0.24472847105479767, 0.6652409557748219]"),
        "sort": .equals("[1, 2, 3]"), "cumsum": .equals("[1, 3, 6, 10]"), "dot": .equals("32"),
        "outer": .equals("[3 4 5; 6 8 10]"), "inv": .approx("[0.5 0; 0 0.25]"), "det": .approx("-2"),
        "logdet": .approx("1.791759469228055"),  // log 6
        "tr": .equals("5"), "solve": .approx("[1, 1]"), "chol": .approx("[2 0; 1 1.4142135623730951]"),
        // NumPy's R is [-3.162… -4.427…; 0 -0.632…]; R's row signs are free (Q's columns flip
        // with them), and Lab makes the last diagonal entry positive.
        "qr": .approx("[-3.1622776601683795 -4.427188724235731; 0 0.6324555320336753]"),
        "eigen": .approx("[1, 3]"), "svd": .approx("[4, 3]"), "pinv": .approx("[0.04 0.08; 0.08 0.16]"),
        "rank": .equals("1"), "grad": .approx("6"),  // d/dx x² at 3
        "value_and_grad": .approx("(value = 5, grad = [2, 4])"),
        "hessian": .approx("[4 2; 2 0]"),  // [2x₂ 2x₁; 2x₁ 0] at (1, 2)
        "jacobian": .approx("[2 1; 0.5403023058681398 0]"),  // [x₂ x₁; cos x₁ 0]
        "hvp": .approx("[6, 0]"),  // diag(6x) · [1, 0]
        "numgrad": .after("isapprox(numgrad(x -> sum(x .^ 2), [1, 2]), [2, 4]; rtol = 1e-6)"),
        "mlp": .output("Model: MLP 1 → 8 → 1, tanh, 25 parameters\n"),  // 8 + 8 + 8 + 1
        "params": .equals("2"), "update": .output("Model: MLP 1 → 2 → 1, relu, 7 parameters\n"),
        "mse": .equals("2"), "cross_entropy": .approx("0.1269280110429727"),  // log(1 + e⁻²)
        "nll": .approx("0.39925384810888576"),  // −(log 0.5 + log 0.9)/2
        "accuracy": .approx("2 / 3"), "sgd": .output("sgd(0.1)\n"),
        "adam": .output("adam(0.01; β1 = 0.8, β2 = 0.999)\n"), "fit": .equals("true"),
        "gaussian_tasks": .equals("(12, 2)"),  // 3 classes × 4 points, 2 features
        "sample": .equals("4"),
        "dataset": .equals("(150, 4)"), "readcsv": .equals("(150, 4)"),  // Fisher's iris
        "episodes": .equals("(5, 64)"),  // 5-way 1-shot, 8×8 digits
        "pcgrad": .approx("[0.5 0.5; 0 1]"),  // each projected off the other's normal plane
        "mgda_weights": .approx("[0.5, 0.5]"), "imtl_weights": .approx("[2 / 3, 1 / 3]"),
        "nash_weights": .approx("[1, 0.5]"),  // GGᵀα = 1/α with GGᵀ = diag(1, 4)
        "cagrad": .after("isapprox(cagrad([1 0; -1 1]; c = 0.5), [0.25, 0.5]; rtol = 1e-6)"),  // scipy
        "uncertainty_loss": .approx("0.3970379964784893"),  // Σ ½e^{−s}L + ½s
        "dwa_weights": .approx("[0.8879722189107602, 1.11202778108924]"),  // K·softmax(r / T)
        "multitask": .output(  // trunk 3·8 + 8, heads 2 × (8 + 1)
            "MultiTaskModel: 2 tasks, hard sharing, trunk 3 → 8, heads 8 → 1; 8 → 1, tanh, 50 parameters\n"),
        "train_multitask": .equals("(20, 2)"), "maml": .equals("3"), "reptile": .equals("3"),
        "anil": .equals("2"), "metasgd": .equals("(1, 8)"), "adapt": .equals("true"),
        "maml_grad": .equals("true"),
        "protonet": .equals("3"), "proto_accuracy": .equals("1"),  // clusters 5 apart, 1 within
        "ridge_meta": .approx("[1, 2]"),  // (XᵀX + 10I)⁻¹(Xᵀy + 10·prior) = [143, 286]/143
        "list": .equals("list(1, \"a\", [1, 2])"), "map": .equals("[1, 4, 9]"), "push!": .equals("(1, 2, 3)"),
        "append!": .equals("[1, 2, 3, 4]"), "typeof": .equals("\"Vector\""),
        "keys": .equals("(\"a\", \"b\")"),
        "string": .equals("\"n = 3\""), "readjson": .equals("3"),  // the fixture's 3 layers
        "print": .output("x = 1"), "println": .output("x = 1\n"),
        "show": .output("2-element Vector:\n 1\n 2\n"),
        "display": .output("2×2 Matrix:\n 1  0\n 0  1\n"), "tex": .output("a\n─\nb\n"),
        "format": .equals("\"3.142\""),
    ]

    /// Examples whose result is not a fixed value, and where it is checked instead.
    static let unchecked: [String: String] = [
        "rand": "a seeded draw (RandomTests)", "randn": "a seeded draw", "randint": "a seeded draw",
        "sinusoid_tasks": "a seeded draw", "linear_tasks": "a seeded draw", "gradnorm_toy": "a seeded draw",
        "toy_landscape": "ToyLandscapesTests", "toy_optimize": "MultiTaskTests",
        "gradnorm_update": "LossWeightingTests", "evaluate": "MetaLearning tests",
        "time": "an elapsed time", "help": "helpPrintsTheDocumentation", "apropos": "a search over the docs",
        "plot": "PlottingTests goldens", "plot!": "PlottingTests goldens", "scatter": "PlottingTests goldens",
        "scatter!": "PlottingTests goldens", "hist": "PlottingTests goldens", "bar": "PlottingTests goldens",
        "heatmap": "PlottingTests goldens", "contour": "PlottingTests goldens",
        "annotate!": "PlottingTests goldens", "vline!": "PlottingTests goldens",
        "hline!": "PlottingTests goldens", "arrow!": "PlottingTests goldens",
        "path!": "PlottingTests goldens", "panels": "PanelsTests",
    ]

    /// `a; b; c` → (`a; b`, `c`): the example split at its last `;` outside brackets.
    static func splitLast(_ example: String) -> (prefix: String, last: String) {
        var depth = 0
        var cut: String.Index? = nil
        for i in example.indices {
            switch example[i] {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            case ";" where depth == 0: cut = i
            default: break
            }
        }
        guard let cut else { return ("", example) }
        return (String(example[..<cut]), String(example[example.index(after: cut)...]))
    }

    @Test func everyExampleShowsItsDocumentedResult() {
        for (name, _, doc) in LabLibrary.documentation {
            guard let check = Self.documented[name] else {
                #expect(Self.unchecked[name] != nil, "\(name): give its example a documented result")
                continue
            }
            let lab = LabLibrary.makeInterpreter()
            let (prefix, last) = Self.splitLast(doc.example)
            let source: String
            switch check {
            case let .equals(expected): source = prefix + "\n__ok = (\(last)) == (\(expected))"
            case let .approx(expected): source = prefix + "\n__ok = (\(last)) ≈ (\(expected))"
            case let .after(condition): source = doc.example + "\n__ok = \(condition)"
            case let .output(text):
                let result = lab.evaluate(doc.example)
                #expect(result.succeeded && result.output == text, "\(name): \(result.output)")
                continue
            }
            let result = lab.evaluate(source)
            guard case .bool(true)? = lab.global("__ok") else {
                Issue.record("\(name): \(doc.example) is not \(check) \(result.diagnostics.map(\.message))")
                continue
            }
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

@Suite(.timeLimit(.minutes(3))) struct SessionTests {
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

    @Test(.timeLimit(.minutes(3))) func ctrlCStopsALoopAndTheInterpreterLives() {
        let lab = LabLibrary.makeInterpreter()
        // Ctrl-C is pressed once the loop is running: its first iteration prints, and the
        // interpreter's echo reports that output as it is produced.
        let started = Event()
        lab.echo = { _ in started.set() }
        let stop = lab.interruptRequester
        let stopper = Thread {
            #expect(started.wait(seconds: 30), "the command never started")
            stop()
        }
        stopper.start()
        let r = lab.evaluate("i = 0\nwhile true\n i += 1\n if i == 1 println(\"looping\") end\nend")
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
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures"
        ).path
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
