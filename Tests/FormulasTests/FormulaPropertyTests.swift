import Diagnostics
import Formulas
import Terminal
import TestSupport
import Testing

/// Properties that hold for every formula: equal line widths, ASCII-only ASCII
/// output, one-line inline output, no crash and no empty output on any input.
@Suite struct FormulaPropertyTests {
    static let modes: [(String, FormulaRenderer.Options)] = [
        ("display", .init(mode: .display)),
        ("inline", .init(mode: .inline)),
        ("ascii", .init(mode: .display, ascii: true)),
        ("ascii-inline", .init(mode: .inline, ascii: true)),
        ("display-width-24", .init(mode: .display, width: 24)),
        ("ascii-width-24", .init(mode: .display, ascii: true, width: 24)),
        ("display-colour", .init(mode: .display, color: true)),
    ]

    /// Checks every property of one rendering; returns a description of the first violation.
    static func violation(_ latex: String, _ name: String, _ options: FormulaRenderer.Options) -> String? {
        let lines: [String]
        do {
            lines = try FormulaRenderer(options: options).render(latex)
        } catch {
            return "lenient rendering threw \(error)"
        }
        if lines.isEmpty { return "no lines" }
        let widths = Set(lines.map { displayWidth($0) })
        if widths.count != 1 { return "\(name): line widths \(widths.sorted())" }
        if options.mode == .inline && lines.count != 1 { return "\(name): \(lines.count) lines inline" }
        if options.ascii, let bad = lines.joined().unicodeScalars.first(where: { !$0.isASCII }) {
            return "\(name): non-ASCII \(bad) in ASCII mode"
        }
        if !options.color, lines.joined().contains("\u{1B}") {
            return "\(name): escape sequence without colour"
        }
        return nil
    }

    @Test(arguments: FormulaCases.all + FormulaCases.wrapped.map(\.case))
    func everyCaseHoldsInEveryMode(_ c: FormulaCases.Case) {
        for (name, options) in Self.modes {
            if let problem = Self.violation(c.latex, name, options) { Issue.record("\(c.name): \(problem)") }
        }
    }

    @Test func widthLimitIsRespectedWhereThereAreBreakPoints() throws {
        for c in FormulaCases.wrapped.map(\.case) {
            for width in [30, 40, 60] {
                let lines = try FormulaRenderer(options: .init(width: width)).render(c.latex)
                #expect(displayWidth(lines[0]) <= width, "\(c.name) at width \(width)")
            }
        }
    }

    @Test func strictAndLenientAgreeOnValidInput() throws {
        for c in FormulaCases.all {
            #expect(
                try FormulaRenderer(options: .init(strict: true)).render(c.latex)
                    == FormulaRenderer().render(c.latex), "\(c.name)")
            #expect(FormulaRenderer.diagnose(c.latex).isEmpty, "\(c.name)")
        }
    }

    static let fragments: [String] = [
        "x", "y", "2", "0.5", "+", "-", "=", "<", ",", "(", ")", "[", "]", "|", "{", "}", "^", "_", "'", "&",
        #"\\"#, #"\frac"#, #"\tfrac"#, #"\sqrt"#, "[3]", #"\sum"#, #"\int"#, #"\lim"#, #"\min"#, #"\arg\min"#,
        #"\operatorname*{argmax}"#, #"\left("#, #"\right)"#, #"\left."#, #"\right|"#, #"\middle|"#,
        #"\alpha"#,
        #"\theta"#, #"\mathcal"#, #"\mathbb"#, #"\hat"#, #"\bar"#, #"\vec"#, #"\text{ if }"#,
        #"\begin{pmatrix}"#,
        #"\end{pmatrix}"#, #"\begin{cases}"#, #"\end{cases}"#, #"\begin{aligned}"#, #"\end{aligned}"#,
        #"\lVert"#, #"\rVert"#, #"\|"#, #"\{"#, #"\}"#, #"\langle"#, #"\rangle"#, #"\color{red}"#,
        #"\textcolor{blue}"#, #"\,"#, #"\quad"#, #"\foo"#, "$", "%", " ", "\n", "θ", "₁", "²", "界",
        "e\u{301}",
        #"\underbrace"#, #"\overset"#, #"\not"#, #"\binom"#, #"\nabla"#, #"\to"#, #"\infty"#, "\\",
    ]

    @Test func randomInputsNeverCrashOrBreakTheProperties() {
        let seed: UInt64 = 20_261_129
        var rng = SplitMix64(seed: seed)
        for trial in 0..<400 {
            let count = Int.random(in: 1...14, using: &rng)
            let latex = (0..<count).map { _ in Self.fragments.randomElement(using: &rng)! }.joined()
            for (name, options) in Self.modes {
                if let problem = Self.violation(latex, name, options) {
                    Issue.record("seed \(seed) trial \(trial): \(latex.debugDescription): \(problem)")
                }
            }
            do {
                _ = try FormulaRenderer(options: .init(strict: true)).render(latex)
            } catch is Diagnostic {
            } catch {
                Issue.record("strict mode threw a non-diagnostic \(error) for \(latex.debugDescription)")
            }
        }
    }

    @Test func mutatedCurriculumFormulasNeverCrashOrGoBlank() {
        let seed: UInt64 = 7
        var rng = SplitMix64(seed: seed)
        let sources = FormulaCases.curriculum.map(\.latex)
        let alphabet = Array(#"{}[]()^_\&|'$ax1"#)
        for trial in 0..<300 {
            var chars = Array(sources.randomElement(using: &rng)!)
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !chars.isEmpty {
                let i = Int.random(in: 0..<chars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: chars.remove(at: i)
                case 1: chars.insert(alphabet.randomElement(using: &rng)!, at: i)
                default: chars.swapAt(i, Int.random(in: 0..<chars.count, using: &rng))
                }
            }
            let latex = String(chars)
            for (name, options) in Self.modes {
                if let problem = Self.violation(latex, name, options) {
                    Issue.record("seed \(seed) trial \(trial): \(latex.debugDescription): \(problem)")
                }
            }
            let text = (try? FormulaRenderer().render(latex))?.joined() ?? ""
            if text.allSatisfy(\.isWhitespace) {
                Issue.record("seed \(seed) trial \(trial): blank output for \(latex.debugDescription)")
            }
        }
    }
}
