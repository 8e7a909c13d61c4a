/// ASCII spellings of the symbols a math course puts in labels, and of the marks MetaLab
/// writes itself (check marks, the here-arrow, bullets, quotes, ellipses), for `--ascii`.
private let asciiNames: [Unicode.Scalar: String] = [
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Σ": "Sigma", "Φ": "Phi", "Ψ": "Psi",
    "Ω": "Omega", "∇": "grad ", "∂": "d", "′": "'", "″": "''", "∗": "*", "−": "-", "×": "x", "·": "*",
    "±": "+/-", "∞": "inf", "≈": "~", "≤": "<=", "≥": ">=", "≠": "!=", "→": "->", "←": "<-", "…": "...",
    "∈": "in", "√": "sqrt", "∑": "sum", "ℓ": "l", "‖": "||", "°": "deg", "⋆": "*", "★": "*",
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
    "ᵢ": "i", "ⱼ": "j", "ₜ": "t", "ₖ": "k", "ₙ": "n",
    "⁰": "^0", "¹": "^1", "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "⁷": "^7", "⁸": "^8",
    "⁹": "^9", "⁻": "^-", "ᵀ": "^T",
    "✓": "+", "✗": "x", "▸": ">", "•": "*", "“": "\"", "”": "\"", "‘": "'", "’": "'", "—": "--",
    "–": "-", "─": "-", "═": "=", "│": "|", "⋮": ":", "↑": "^", "↓": "v", "⇒": "=>", "↦": "|->",
]

/// `text` with every non-ASCII symbol spelled in ASCII (`θ*` → `theta*`, `x₁` → `x1`);
/// unknown symbols become `?`, combining marks are dropped. Words in a wide script
/// (Chinese, Japanese, Korean: two columns each) are kept: `--ascii` is about frames and
/// symbols, and a Chinese title has no ASCII spelling (it was `??????`).
/// The one ASCII/Unicode glyph choice: plots fold their labels with it, and the shell and
/// the lesson session their own words (`TerminalContext.glyphs`).
public func asciiFolded(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
    var out = ""
    var afterWord = false  // the last thing appended was a spelled-out name
    for s in text.unicodeScalars {
        let isLetter = s.properties.isAlphabetic
        if s.isASCII {
            if afterWord && isLetter { out += " " }
            out.unicodeScalars.append(s)
            afterWord = false
        } else if let name = asciiNames[s] {
            let bare = name.hasSuffix(" ") ? String(name.dropLast()) : name
            let word = bare.count > 1 && bare.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
            if word, let last = out.unicodeScalars.last, last.properties.isAlphabetic { out += " " }
            out += bare
            afterWord = word
        } else if s.properties.generalCategory == .nonspacingMark {
            continue
        } else if displayWidth(s) == 2 {
            out.unicodeScalars.append(s)
            afterWord = false
        } else {
            out += "?"
            afterWord = false
        }
    }
    return out
}

extension TerminalContext {
    /// `text` as this context may show it: folded to ASCII under `--ascii` (`asciiFolded`),
    /// else unchanged. For MetaLab's own words and marks; a lesson's text is the author's.
    public func glyphs(_ text: String) -> String { ascii ? asciiFolded(text) : text }
}
