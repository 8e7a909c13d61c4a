import Foundation
import Testing

/// The formulas with goldens: every `$…$` of docs/CURRICULUM.md, and cases that
/// cover every construct the renderer supports.
enum FormulaCases {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var latex: String
        var testDescription: String { name }
    }

    /// Every `$…$` span of docs/CURRICULUM.md, in order, named `curriculum-NN`.
    static let curriculum: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/CURRICULUM.md").standardizedFileURL
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var cases: [Case] = []
        var current: String?
        for c in text {
            if c == "$" {
                if let formula = current {
                    cases.append(
                        Case(
                            name: String(format: "curriculum-%02d", cases.count + 1),
                            latex: formula.replacingOccurrences(of: "\n", with: " ")))
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current!.append(c)
            }
        }
        return cases
    }()

    /// Constructs, one or a few per case.
    static let constructs: [Case] = [
        // letters, Greek, primes, spacing by atom class
        Case(
            name: "greek-lower",
            latex:
                #"\alpha\beta\gamma\delta\epsilon\varepsilon\zeta\eta\theta\vartheta\iota\kappa\lambda\mu\nu\xi\pi\rho\sigma\tau\upsilon\phi\varphi\chi\psi\omega"#
        ),
        Case(name: "greek-upper", latex: #"\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Upsilon\Phi\Psi\Omega"#),
        Case(name: "primes", latex: #"f'(x) + f''(x) + g'''(t) = \theta'"#),
        Case(name: "binary-and-unary-minus", latex: #"-a + (-b) \cdot c = -(a - b) \times d \pm e"#),
        Case(name: "relations", latex: #"a \le b \ge c \ne d \approx e \equiv f \sim g \propto h \ll i"#),
        Case(
            name: "sets",
            latex: #"x \in A \cup B,\; y \notin A \cap B,\; A \subseteq B \setminus C,\; \emptyset"#),
        Case(
            name: "arrows",
            latex: #"a \to b \rightarrow c \leftarrow d \Rightarrow e \iff f \mapsto g \implies h"#),
        Case(name: "dots", latex: #"x_1, x_2, \ldots, x_n \quad 1 + 2 + \cdots + n"#),
        Case(name: "calculus-symbols", latex: #"\nabla f, \partial_x f, \infty, \ell, \hbar"#),
        Case(name: "mid-and-parallel", latex: #"\{x \mid x > 0\} \quad a \parallel b \perp c"#),
        Case(name: "explicit-spaces", latex: #"a\,b\;c\quad d\qquad e\!f~g"#),
        Case(name: "punctuation-spacing", latex: #"f(x, y; z)"#),
        Case(name: "number-runs", latex: #"0.5 + 12.25 = 12.75"#),
        Case(name: "unicode-input", latex: "θ₁ + α ≤ ∑ xᵢ"),
        Case(name: "top-transpose", latex: #"A^\top A x = A^\top b"#),
        // scripts
        Case(name: "scripts-glyphs", latex: #"x^2 + y_i + z_{ij}^{n+1} + e^{i\pi} + a_{k-1}"#),
        Case(name: "scripts-rows-display", latex: #"x_{W}^{q} + T_{\max} + \theta_{\mathcal T}"#),
        Case(name: "scripts-long", latex: #"x^{abcd} + y_{meta}"#),
        Case(name: "scripts-nested", latex: #"e^{-x_i^2} + 2^{2^{n}}"#),
        Case(name: "scripts-empty-base", latex: #"{}^{14}C + {}_nP_k"#),
        Case(name: "scripts-greek", latex: #"\beta_\gamma + \sigma^\alpha + \rho_\phi + \theta^\theta"#),
        // fractions
        Case(name: "fraction-simple", latex: #"\frac{a+b}{c}"#),
        Case(name: "fraction-nested", latex: #"\frac{1}{1+\frac{1}{x}}"#),
        Case(name: "fraction-continued", latex: #"\frac{\frac{a}{b}}{\frac{c}{d}}"#),
        Case(name: "fraction-tfrac-dfrac", latex: #"\tfrac12 x + \dfrac{3}{4} y"#),
        Case(name: "fraction-in-script", latex: #"e^{\frac{x}{2}}"#),
        Case(
            name: "fraction-atomic-operands",
            latex: #"\frac{x_i}{\sigma^2} + \frac{2x}{3} + \frac{1}{n(n+1)}"#),
        Case(name: "binomial", latex: #"\binom{n}{k} = \frac{n!}{k!(n-k)!}"#),
        // big operators
        Case(name: "sum-limits", latex: #"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}"#),
        Case(name: "sum-wide-limits-neighbours", latex: #"x^{2}\sum_{k=0}^{\infty} a_k^{n} x^k"#),
        Case(name: "product", latex: #"\prod_{j=1}^{m} (1 + x_j)"#),
        Case(name: "integral", latex: #"\int_0^1 x^2 \, dx = \frac{1}{3}"#),
        Case(name: "integral-long-limits", latex: #"\int_{-\infty}^{\infty} e^{-x^2} dx = \sqrt{\pi}"#),
        Case(name: "oint-and-iint", latex: #"\oint_C F \cdot dr = \iint_S (\nabla \times F) \cdot dS"#),
        Case(name: "limit", latex: #"\lim_{n\to\infty} \left(1 + \frac{1}{n}\right)^n = e"#),
        Case(name: "min-max-sup-inf", latex: #"\max_{x \in X} f(x) \ge \sup_{y} g(y) \ge \inf_{z} h(z)"#),
        Case(
            name: "argmin-argmax",
            latex: #"\hat\theta = \argmin_{\theta} L(\theta) \quad \argmax_{a} Q(s, a)"#),
        Case(name: "arg-min-two-words", latex: #"x^* = \arg\max_{x} f(x)"#),
        Case(
            name: "operatorname-star",
            latex: #"\operatorname*{argmax}_{\theta \in \Theta} \log p(x \mid \theta)"#),
        Case(name: "operatorname", latex: #"\operatorname{tr}(A) + \operatorname{diag}(v)"#),
        Case(name: "named-functions", latex: #"\sin x + \cos(2x) + \exp(-t) + \log\det\Sigma + \tanh x"#),
        Case(name: "limits-modifier", latex: #"\sum\nolimits_{i} x_i + \int\limits_0^1 f"#),
        Case(name: "big-union", latex: #"\bigcup_{i=1}^{n} A_i \subseteq \bigcap_{j} B_j"#),
        // radicals
        Case(name: "sqrt-simple", latex: #"\sqrt{x^2 + y^2}"#),
        Case(name: "sqrt-index", latex: #"\sqrt[3]{x} + \sqrt[4]{y} + \sqrt[n]{z}"#),
        Case(name: "sqrt-tall", latex: #"\sqrt{\frac{1}{2\pi\sigma^2}}"#),
        Case(name: "sqrt-tall-index", latex: #"\sqrt[n]{\frac{a}{b}}"#),
        // delimiters
        Case(name: "left-right-parens", latex: #"\left(\frac{a}{b}\right)^2"#),
        Case(
            name: "left-right-brackets-braces",
            latex: #"\left[\frac{1}{2}\right] + \left\{\frac{x}{y}\right\}"#),
        Case(name: "left-right-bars", latex: #"\left|\frac{a}{b}\right| + \left\|\frac{c}{d}\right\|"#),
        Case(name: "left-right-angle", latex: #"\left\langle \frac{u}{2}, v \right\rangle"#),
        Case(
            name: "left-right-floor-ceil",
            latex: #"\left\lfloor \frac{n}{2} \right\rfloor + \left\lceil \frac{n}{2} \right\rceil"#),
        Case(name: "left-right-null", latex: #"\left. \frac{df}{dx} \right|_{x=0}"#),
        Case(name: "left-middle-right", latex: #"\left\{ x \middle| x > \frac{1}{2} \right\}"#),
        Case(
            name: "auto-growth",
            latex: #"(1 + \frac{1}{n}) [\frac{a}{b}] \{\frac{c}{d}\} |\frac{e}{f}| \lVert \frac{g}{h} \rVert"#
        ),
        Case(name: "auto-growth-limits", latex: #"(\sum_{i=1}^{n} x_i)^2"#),
        Case(name: "norms", latex: #"\|x\|_2 + \lVert y \rVert + \Vert z \Vert + |w|"#),
        Case(name: "sized-delimiters", latex: #"\bigl( x \bigr) + \Big[ y \Big]"#),
        Case(name: "half-open-interval", latex: #"x \in [0, 1)"#),
        // environments
        Case(name: "matrix", latex: #"\begin{matrix} a & b \\ c & d \end{matrix}"#),
        Case(name: "pmatrix", latex: #"A = \begin{pmatrix} 1 & 2 & 3 \\ 4 & 5 & 6 \end{pmatrix}"#),
        Case(
            name: "bmatrix-tall-cells",
            latex: #"\begin{bmatrix} \frac{1}{2} & 0 \\ 0 & \frac{1}{3} \end{bmatrix}"#),
        Case(name: "vmatrix", latex: #"\det A = \begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc"#),
        Case(
            name: "Vmatrix-Bmatrix",
            latex: #"\begin{Vmatrix} x \\ y \end{Vmatrix} \begin{Bmatrix} 1 & 0 \end{Bmatrix}"#),
        Case(
            name: "cases",
            latex: #"|x| = \begin{cases} x & \text{if } x \ge 0 \\ -x & \text{otherwise} \end{cases}"#),
        Case(
            name: "cases-three",
            latex: #"\operatorname{sgn}(x) = \begin{cases} 1 & x > 0 \\ 0 & x = 0 \\ -1 & x < 0 \end{cases}"#),
        Case(name: "aligned", latex: #"\begin{aligned} f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1 \end{aligned}"#),
        Case(
            name: "aligned-two-equations", latex: #"\begin{aligned} a &= b + c \\ d + e &= f \end{aligned}"#),
        Case(
            name: "matrix-column-vector",
            latex: #"x = \begin{pmatrix} x_1 \\ x_2 \\ \vdots \\ x_n \end{pmatrix}"#),
        Case(name: "array", latex: #"\left[\begin{array}{cc} 1 & 0 \\ 0 & 1 \end{array}\right]"#),
        // accents and fonts
        Case(name: "accents-single", latex: #"\hat{x} + \bar{y} + \tilde{z} + \vec{v} + \dot{x} + \ddot{x}"#),
        Case(name: "accents-wide", latex: #"\bar{xy} + \widetilde{abc} + \overline{AB} + \widehat{xyz}"#),
        Case(
            name: "accents-greek-and-script",
            latex: #"\hat{\theta} + \bar\theta + \tilde{\mathcal L}_i + \dot\gamma"#),
        Case(name: "accent-tall", latex: #"\overline{\frac{a}{b}} + \underline{x + y}"#),
        Case(
            name: "fonts",
            latex:
                #"\mathcal{L} \mathbb{R} \mathbb{E} \mathbf{x} \mathrm{d} \mathfrak{g} \mathsf{A} \mathtt{x} \boldsymbol\mu"#
        ),
        Case(name: "font-words", latex: #"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}"#),
        Case(
            name: "blackboard-sets",
            latex: #"\mathbb{N} \subset \mathbb{Z} \subset \mathbb{Q} \subset \mathbb{R} \subset \mathbb{C}"#),
        Case(name: "text", latex: #"f(x) = 0 \text{ for all } x \in \mathbb{R}"#),
        Case(name: "text-escapes", latex: #"\text{50\% of \{a, b\}}"#),
        // stacking and colour
        Case(
            name: "overset-underset",
            latex: #"a \overset{\text{def}}{=} b \underset{n\to\infty}{\longrightarrow} c \stackrel{?}{=} d"#),
        Case(name: "underbrace", latex: #"\underbrace{a + b + c}_{3} + \overbrace{x + y}^{2}"#),
        Case(name: "color", latex: #"\textcolor{red}{x} + \color{blue} y"#),
        Case(name: "not", latex: #"a \not= b,\; x \not\in A,\; p \not\sim q"#),
        Case(name: "mod", latex: #"a \equiv b \pmod{n},\; a \bmod n"#),
        // the course's own mathematics, written out
        Case(
            name: "maml-meta-gradient",
            latex:
                #"\nabla_\theta \mathcal L^{ts}(\theta') = (I - \alpha\nabla^2_\theta\mathcal L^{tr}(\theta))\nabla_{\theta'}\mathcal L^{ts}(\theta')"#
        ),
        Case(
            name: "softmax-cross-entropy",
            latex: #"\mathcal L = -\sum_{c=1}^{C} y_c \log \frac{e^{z_c}}{\sum_{c'} e^{z_{c'}}}"#),
        Case(
            name: "gaussian",
            latex:
                #"\mathcal N(x \mid \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(x-\mu)^2}{2\sigma^2}\right)"#
        ),
        Case(
            name: "adam-update",
            latex: #"\theta_{t+1} = \theta_t - \frac{\eta\,\hat m_t}{\sqrt{\hat v_t} + \epsilon}"#),
        Case(
            name: "expectation",
            latex:
                #"\mathbb E_{\mathcal T \sim p(\mathcal T)} \left[ \mathcal L_{\mathcal T}(\theta) \right]"#),
        Case(name: "quadratic-formula", latex: #"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}"#),
        Case(
            name: "kl-divergence", latex: #"D_{\mathrm{KL}}(p \,\|\, q) = \sum_x p(x) \log\frac{p(x)}{q(x)}"#),
        Case(name: "ridge-closed-form", latex: #"\hat w = (X^\top X + \lambda I)^{-1} X^\top y"#),
    ]

    /// Long formulas rendered with a width limit.
    static let wrapped: [(case: Case, width: Int)] = [
        (
            Case(
                name: "wrap-at-relations",
                latex:
                    #"\mathcal L(\theta) = \sum_{i=1}^{T} w_i \mathcal L_i(\theta) = \sum_{i=1}^{T} \frac{1}{2\sigma_i^2} \mathcal L_i(\theta) = \frac{1}{T}\sum_i \mathcal L_i"#
            ), 40
        ),
        (
            Case(
                name: "wrap-at-operators",
                latex: #"f(x) = a_0 + a_1 x + a_2 x^2 + a_3 x^3 + a_4 x^4 + a_5 x^5 + a_6 x^6"#), 30
        ),
        (
            Case(
                name: "wrap-no-relation",
                latex: #"a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p"#), 20
        ),
    ]

    static var all: [Case] { curriculum + constructs }
}
