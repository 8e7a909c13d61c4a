/// The LaTeX symbol tables, as data.
///
/// `LatexSymbols.table` maps a LaTeX name without its backslash to the Unicode
/// text it stands for, in the manner of Julia's `REPL.REPLCompletions.latex_symbols`:
/// `"alpha"` → `"α"`, `"sum"` → `"∑"`, `"_1"` → `"₁"`, `"^2"` → `"²"`,
/// `"scrL"` → `"ℒ"`, `"bbR"` → `"ℝ"`, `"bfx"` → `"𝐱"`. The shell's `\alpha`⇥
/// completion reads it; the formula renderer reads the classified tables below,
/// from which `table` is built, so the two never disagree.
///
/// Each renderer entry carries TeX's atom class (which decides spacing) and an
/// ASCII spelling for `--ascii` output (`theta`, `->`, `<=`).
public enum LatexSymbols {
    /// Name (no backslash) → Unicode text, for completion and for `?α`-style help.
    public static let table: [String: String] = {
        var t: [String: String] = [:]
        for (name, symbol) in symbols { t[name] = symbol.glyph }
        for (name, op) in namedOperators where op.text.count == 1 { t[name] = op.text }
        for (c, g) in subscripts where c.isASCII || greekName(c) != nil {
            t["_" + (greekName(c) ?? String(c))] = String(g)
        }
        for (c, g) in superscripts where c.isASCII || greekName(c) != nil {
            t["^" + (greekName(c) ?? String(c))] = String(g)
        }
        for (prefix, font) in [
            ("scr", MathFont.calligraphic), ("bb", .blackboard), ("bf", .bold),
            ("frak", .fraktur), ("sans", .sansSerif), ("tt", .monospace),
            ("it", .italic), ("bi", .boldItalic),
        ] {
            for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" {
                if let g = font.map(letter) { t[prefix + String(letter)] = String(g) }
            }
        }
        for (name, symbol) in symbols where symbol.atom == .ordinary && symbol.glyph.unicodeScalars.count == 1
        {
            let c = Character(symbol.glyph)
            if greekName(c) == name, let g = MathFont.bold.map(c) { t["bf" + name] = String(g) }
        }
        return t
    }()

    /// `table` keyed by the command as typed, backslash included (`"\\alpha"` → `"α"`,
    /// `"\\_1"` → `"₁"`): the form a line editor's completer matches against.
    public static let commands: [String: String] = Dictionary(
        uniqueKeysWithValues: table.map { ("\\" + $0.key, $0.value) })

    /// Completions of a prefix (without the backslash), sorted by name:
    /// `completions("alp")` → `[("alpha", "α")]`.
    /// - Complexity: O(n) in the size of `table`.
    public static func completions(_ prefix: String) -> [(name: String, text: String)] {
        table.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The LaTeX name that produces `text` (`"α"` → `"alpha"`), for `?α` help.
    public static func name(for text: String) -> String? {
        reverse[text]
    }

    // MARK: - The renderer's tables

    /// A symbol command: its glyph, TeX atom class and ASCII spelling.
    struct Symbol: Sendable {
        var glyph: String
        var atom: AtomClass
        var ascii: String
    }

    /// A text operator such as `\sin` or `\lim`: upright text, class Op;
    /// `limits` puts scripts above/below in display mode.
    struct NamedOperator: Sendable {
        var text: String
        var limits: Bool
    }

    static let symbols: [String: Symbol] = {
        var t: [String: Symbol] = [:]
        func add(_ atom: AtomClass, _ rows: [(String, String, String)]) {
            for (name, glyph, ascii) in rows { t[name] = Symbol(glyph: glyph, atom: atom, ascii: ascii) }
        }
        add(.ordinary, greek)
        add(.ordinary, ordinaryRows)
        add(.binary, binaryRows)
        add(.relation, relationRows)
        add(.relation, arrowRows)
        add(.open, openRows)
        add(.close, closeRows)
        add(.punctuation, punctuationRows)
        add(.largeOperator, largeOperatorRows)
        return t
    }()

    /// Big operators whose scripts go beside them even in display mode (TeX's `\nolimits` default).
    // MARK: commands the parser builds as structure, not as one glyph

    /// Commands that change only the spacing or style of display math: read and ignored.
    static let ignored: Set<String> = [
        "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits",
        "nonumber", "notag", "allowbreak", "relax",
    ]
    /// Text-mode commands: their argument is shown as plain text.
    static let textCommands: Set<String> = [
        "text", "textrm", "textnormal", "mbox", "textit", "textsf", "texttt", "hbox", "textbf", "textup",
    ]
    /// Math alphabets.
    static let fontCommands: [String: MathFont] = [
        "mathcal": .calligraphic, "mathscr": .calligraphic, "mathbb": .blackboard, "mathbf": .bold,
        "mathfrak": .fraktur, "mathsf": .sansSerif, "mathtt": .monospace, "mathit": .roman,
        "mathrm": .roman, "mathnormal": .roman, "boldsymbol": .boldItalic, "bm": .boldItalic,
        "mathbfit": .boldItalic,
    ]
    /// Sized delimiters and the atom class they force (nil: the delimiter's own).
    static let sizedDelimiters: [String: AtomClass?] = [
        "big": nil, "Big": nil, "bigg": nil, "Bigg": nil,
        "bigl": .open, "Bigl": .open, "biggl": .open, "Biggl": .open,
        "bigr": .close, "Bigr": .close, "biggr": .close, "Biggr": .close,
        "bigm": .relation, "Bigm": .relation, "biggm": .relation, "Biggm": .relation,
    ]
    /// `\not` of a relation, where Unicode has a precomposed negated glyph.
    static let negations: [String: String] = [
        "=": "≠", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "∈": "∉", "∼": "≁", "≡": "≢", "⊂": "⊄",
        "⊃": "⊅", "⊆": "⊈", "⊇": "⊉", "∣": "∤", "∥": "∦", "≈": "≉", "≃": "≄", "≅": "≇", "∋": "∌",
        "→": "↛", "←": "↚", "↔": "↮", "⇒": "⇏", "⇐": "⇍", "⇔": "⇎",
    ]

    /// Commands with arguments or environments that `FormulaParser.commandAtom` builds
    /// itself (its `switch`, which only names in this set reach); a test parses each one,
    /// so this list and the switch cannot drift apart.
    static let structuralCommands: Set<String> = [
        "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "sqrt", "left", "right", "begin",
        "end",
        "operatorname", "mathop", "overset", "underset", "stackrel", "underbrace", "overbrace", "textcolor",
        "not", "bmod", "pmod",
    ]

    /// Every command the parser knows: what "did you mean" searches.
    static let commandNames: [String] = Array(
        Set(symbols.keys).union(namedOperators.keys).union(accents.keys).union(spaces.keys).union(ignored)
            .union(textCommands).union(fontCommands.keys).union(sizedDelimiters.keys).union(
                structuralCommands))

    static let sideLimitOperators: Set<String> = ["int", "iint", "iiint", "oint", "intop"]

    static let greek: [(String, String, String)] = [
        ("alpha", "α", "alpha"), ("beta", "β", "beta"), ("gamma", "γ", "gamma"), ("delta", "δ", "delta"),
        ("epsilon", "ϵ", "epsilon"), ("varepsilon", "ε", "epsilon"), ("zeta", "ζ", "zeta"),
        ("eta", "η", "eta"), ("theta", "θ", "theta"), ("vartheta", "ϑ", "theta"), ("iota", "ι", "iota"),
        ("kappa", "κ", "kappa"), ("varkappa", "ϰ", "kappa"), ("lambda", "λ", "lambda"), ("mu", "μ", "mu"),
        ("nu", "ν", "nu"), ("xi", "ξ", "xi"), ("omicron", "ο", "o"), ("pi", "π", "pi"), ("varpi", "ϖ", "pi"),
        ("rho", "ρ", "rho"), ("varrho", "ϱ", "rho"), ("sigma", "σ", "sigma"), ("varsigma", "ς", "sigma"),
        ("tau", "τ", "tau"), ("upsilon", "υ", "upsilon"), ("phi", "ϕ", "phi"), ("varphi", "φ", "phi"),
        ("chi", "χ", "chi"), ("psi", "ψ", "psi"), ("omega", "ω", "omega"), ("digamma", "ϝ", "digamma"),
        ("Alpha", "Α", "A"), ("Beta", "Β", "B"), ("Gamma", "Γ", "Gamma"), ("Delta", "Δ", "Delta"),
        ("Epsilon", "Ε", "E"), ("Zeta", "Ζ", "Z"), ("Eta", "Η", "H"), ("Theta", "Θ", "Theta"),
        ("Iota", "Ι", "I"), ("Kappa", "Κ", "K"), ("Lambda", "Λ", "Lambda"), ("Mu", "Μ", "M"),
        ("Nu", "Ν", "N"), ("Xi", "Ξ", "Xi"), ("Omicron", "Ο", "O"), ("Pi", "Π", "Pi"), ("Rho", "Ρ", "P"),
        ("Sigma", "Σ", "Sigma"), ("Tau", "Τ", "T"), ("Upsilon", "Υ", "Upsilon"), ("Phi", "Φ", "Phi"),
        ("Chi", "Χ", "X"), ("Psi", "Ψ", "Psi"), ("Omega", "Ω", "Omega"),
    ]

    static let ordinaryRows: [(String, String, String)] = [
        ("infty", "∞", "inf"), ("nabla", "∇", "nabla"), ("partial", "∂", "d"), ("ell", "ℓ", "l"),
        ("hbar", "ℏ", "hbar"), ("imath", "ı", "i"), ("jmath", "ȷ", "j"), ("Re", "ℜ", "Re"),
        ("Im", "ℑ", "Im"), ("aleph", "ℵ", "aleph"), ("wp", "℘", "P"), ("emptyset", "∅", "{}"),
        ("varnothing", "∅", "{}"), ("forall", "∀", "forall"), ("exists", "∃", "exists"),
        ("nexists", "∄", "!exists"), ("neg", "¬", "not"), ("lnot", "¬", "not"), ("top", "⊤", "T"),
        ("bot", "⊥", "_|_"), ("angle", "∠", "angle"), ("triangle", "△", "triangle"), ("prime", "′", "'"),
        ("ldots", "…", "..."), ("cdots", "⋯", "..."), ("vdots", "⋮", ":"), ("ddots", "⋱", "..."),
        ("dots", "…", "..."), ("dotsc", "…", "..."), ("dotsb", "⋯", "..."), ("surd", "√", "sqrt"),
        ("square", "□", "[]"), ("Box", "□", "[]"), ("blacksquare", "■", "[]"), ("checkmark", "✓", "v"),
        ("degree", "°", "deg"), ("backslash", "\\", "\\"), ("#", "#", "#"), ("$", "$", "$"),
        ("%", "%", "%"), ("&", "&", "&"), ("_", "_", "_"), ("sharp", "♯", "#"), ("flat", "♭", "b"),
        ("natural", "♮", "natural"), ("clubsuit", "♣", "clubs"), ("diamondsuit", "♢", "diamonds"),
        ("heartsuit", "♡", "hearts"), ("spadesuit", "♠", "spades"), ("mho", "℧", "mho"),
        ("eth", "ð", "eth"), ("vert", "|", "|"), ("Vert", "‖", "||"), ("|", "‖", "||"),
    ]

    static let binaryRows: [(String, String, String)] = [
        ("pm", "±", "+-"), ("mp", "∓", "-+"), ("times", "×", "x"), ("div", "÷", "/"), ("cdot", "⋅", "*"),
        ("circ", "∘", "o"), ("bullet", "∙", "*"), ("ast", "∗", "*"), ("star", "⋆", "*"), ("cup", "∪", "cup"),
        ("cap", "∩", "cap"), ("sqcup", "⊔", "sqcup"), ("sqcap", "⊓", "sqcap"), ("vee", "∨", "or"),
        ("lor", "∨", "or"),
        ("wedge", "∧", "and"), ("land", "∧", "and"), ("setminus", "∖", "\\"), ("smallsetminus", "∖", "\\"),
        ("oplus", "⊕", "(+)"), ("ominus", "⊖", "(-)"), ("otimes", "⊗", "(x)"), ("oslash", "⊘", "(/)"),
        ("odot", "⊙", "(.)"), ("wr", "≀", "wr"), ("dagger", "†", "+"), ("ddagger", "‡", "++"),
        ("amalg", "⨿", "II"), ("diamond", "⋄", "<>"), ("bigcirc", "◯", "O"), ("triangleleft", "◁", "<|"),
        ("triangleright", "▷", "|>"), ("uplus", "⊎", "U+"), ("cdotp", "⋅", "*"), ("centerdot", "⋅", "*"),
        ("boxplus", "⊞", "[+]"), ("boxtimes", "⊠", "[x]"), ("ltimes", "⋉", "|x"), ("rtimes", "⋊", "x|"),
    ]

    static let relationRows: [(String, String, String)] = [
        ("leq", "≤", "<="), ("le", "≤", "<="), ("geq", "≥", ">="), ("ge", "≥", ">="), ("neq", "≠", "!="),
        ("ne", "≠", "!="), ("equiv", "≡", "=="), ("approx", "≈", "~="), ("sim", "∼", "~"),
        ("simeq", "≃", "~="), ("cong", "≅", "~="), ("propto", "∝", "propto"), ("ll", "≪", "<<"),
        ("gg", "≫", ">>"), ("subset", "⊂", "subset"), ("supset", "⊃", "supset"),
        ("subseteq", "⊆", "subseteq"), ("supseteq", "⊇", "supseteq"), ("in", "∈", "in"),
        ("notin", "∉", "notin"), ("ni", "∋", "ni"), ("mid", "∣", "|"), ("nmid", "∤", "!|"),
        ("parallel", "∥", "||"), ("perp", "⟂", "_|_"), ("models", "⊨", "|="), ("vdash", "⊢", "|-"),
        ("dashv", "⊣", "-|"), ("prec", "≺", "<"), ("succ", "≻", ">"), ("preceq", "⪯", "<="),
        ("succeq", "⪰", ">="), ("asymp", "≍", "asymp"), ("doteq", "≐", "=."), ("coloneqq", "≔", ":="),
        ("eqqcolon", "≕", "=:"), ("triangleq", "≜", "=def"), ("leqslant", "⩽", "<="),
        ("geqslant", "⩾", ">="), ("lesssim", "≲", "<~"), ("gtrsim", "≳", ">~"), ("nless", "≮", "!<"),
        ("ngtr", "≯", "!>"), ("nleq", "≰", "!<="), ("ngeq", "≱", "!>="), ("nsim", "≁", "!~"),
        ("sqsubseteq", "⊑", "[="), ("sqsupseteq", "⊒", "]="), ("bowtie", "⋈", "|><|"),
        ("smile", "⌣", "smile"), ("frown", "⌢", "frown"), ("vDash", "⊨", "|="), ("Vdash", "⊩", "||-"),
    ]

    static let arrowRows: [(String, String, String)] = [
        ("to", "→", "->"), ("rightarrow", "→", "->"), ("leftarrow", "←", "<-"), ("gets", "←", "<-"),
        ("leftrightarrow", "↔", "<->"), ("Rightarrow", "⇒", "=>"), ("Leftarrow", "⇐", "<="),
        ("Leftrightarrow", "⇔", "<=>"), ("implies", "⟹", "==>"), ("impliedby", "⟸", "<=="),
        ("iff", "⟺", "<=>"), ("mapsto", "↦", "|->"), ("longrightarrow", "⟶", "-->"),
        ("longleftarrow", "⟵", "<--"), ("longleftrightarrow", "⟷", "<-->"),
        ("Longrightarrow", "⟹", "==>"), ("Longleftarrow", "⟸", "<=="), ("Longleftrightarrow", "⟺", "<=>"),
        ("longmapsto", "⟼", "|-->"), ("uparrow", "↑", "^"), ("downarrow", "↓", "v"),
        ("updownarrow", "↕", "^v"), ("Uparrow", "⇑", "^"), ("Downarrow", "⇓", "v"),
        ("nearrow", "↗", "/^"), ("searrow", "↘", "\\v"), ("swarrow", "↙", "v/"), ("nwarrow", "↖", "^\\"),
        ("hookrightarrow", "↪", "->"), ("hookleftarrow", "↩", "<-"), ("rightharpoonup", "⇀", "->"),
        ("leftharpoonup", "↼", "<-"), ("rightleftharpoons", "⇌", "<=>"), ("leadsto", "↝", "~>"),
        ("twoheadrightarrow", "↠", "->>"), ("rightrightarrows", "⇉", "=>"), ("leftleftarrows", "⇇", "<="),
    ]

    static let openRows: [(String, String, String)] = [
        ("{", "{", "{"), ("lbrace", "{", "{"), ("langle", "⟨", "<"), ("lceil", "⌈", "ceil("),
        ("lfloor", "⌊", "floor("), ("lvert", "|", "|"), ("lVert", "‖", "||"), ("lbrack", "[", "["),
        ("lgroup", "(", "("),
    ]

    static let closeRows: [(String, String, String)] = [
        ("}", "}", "}"), ("rbrace", "}", "}"), ("rangle", "⟩", ">"), ("rceil", "⌉", ")"),
        ("rfloor", "⌋", ")"), ("rvert", "|", "|"), ("rVert", "‖", "||"), ("rbrack", "]", "]"),
        ("rgroup", ")", ")"),
    ]

    static let punctuationRows: [(String, String, String)] = [
        ("colon", ":", ":"), ("ldotp", ".", "."),
    ]

    static let largeOperatorRows: [(String, String, String)] = [
        ("sum", "∑", "sum"), ("prod", "∏", "prod"), ("coprod", "∐", "coprod"), ("int", "∫", "int"),
        ("iint", "∬", "iint"), ("iiint", "∭", "iiint"), ("oint", "∮", "oint"), ("intop", "∫", "int"),
        ("bigcup", "⋃", "union"), ("bigcap", "⋂", "intersect"), ("bigvee", "⋁", "or"),
        ("bigwedge", "⋀", "and"), ("bigoplus", "⨁", "(+)"), ("bigotimes", "⨂", "(x)"),
        ("bigodot", "⨀", "(.)"), ("biguplus", "⨄", "U+"), ("bigsqcup", "⨆", "U"),
    ]

    /// Text operators; `limits` ones put their scripts above/below in display mode.
    static let namedOperators: [String: NamedOperator] = {
        var t: [String: NamedOperator] = [:]
        for name in [
            "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh",
            "cosh", "tanh", "coth", "exp", "log", "ln", "lg", "arg", "deg", "dim", "hom",
            "ker", "sgn", "erf",
        ] {
            t[name] = NamedOperator(text: name, limits: false)
        }
        for name in ["lim", "max", "min", "sup", "inf", "det", "gcd", "Pr"] {
            t[name] = NamedOperator(text: name, limits: true)
        }
        t["liminf"] = NamedOperator(text: "lim inf", limits: true)
        t["limsup"] = NamedOperator(text: "lim sup", limits: true)
        t["argmin"] = NamedOperator(text: "arg min", limits: true)
        t["argmax"] = NamedOperator(text: "arg max", limits: true)
        return t
    }()

    /// Explicit spaces, in character cells: `\,` `\:` `\;` `\ ` `~` are one cell,
    /// `\quad` two, `\qquad` four; `\!` (negative thin space) is none.
    static let spaces: [String: Int] = [
        ",": 1, ":": 1, ">": 1, ";": 1, " ": 1, "thinspace": 1, "enspace": 1, "medspace": 1,
        "thickspace": 1, "quad": 2, "qquad": 4, "!": 0, "negthinspace": 0,
    ]

    /// Accents: combining mark for a single character, and the mark drawn in a
    /// row above (or below) a longer or taller argument.
    struct Accent: Sendable {
        var combining: Character
        var row: Character
        var stretches: Bool
        var below: Bool = false
        var ascii: String
    }

    static let accents: [String: Accent] = [
        "hat": Accent(combining: "\u{0302}", row: "^", stretches: false, ascii: "hat"),
        "widehat": Accent(combining: "\u{0302}", row: "^", stretches: false, ascii: "hat"),
        "check": Accent(combining: "\u{030C}", row: "v", stretches: false, ascii: "check"),
        "tilde": Accent(combining: "\u{0303}", row: "~", stretches: false, ascii: "tilde"),
        "widetilde": Accent(combining: "\u{0303}", row: "~", stretches: true, ascii: "tilde"),
        "bar": Accent(combining: "\u{0304}", row: "_", stretches: true, ascii: "bar"),
        "overline": Accent(combining: "\u{0305}", row: "_", stretches: true, ascii: "bar"),
        "underline": Accent(
            combining: "\u{0332}", row: "‾", stretches: true, below: true, ascii: "underline"),
        "vec": Accent(combining: "\u{20D7}", row: "→", stretches: false, ascii: "vec"),
        "overrightarrow": Accent(combining: "\u{20D7}", row: "→", stretches: false, ascii: "vec"),
        "dot": Accent(combining: "\u{0307}", row: "·", stretches: false, ascii: "dot"),
        "ddot": Accent(combining: "\u{0308}", row: "¨", stretches: false, ascii: "ddot"),
        "breve": Accent(combining: "\u{0306}", row: "˘", stretches: false, ascii: "breve"),
        "acute": Accent(combining: "\u{0301}", row: "´", stretches: false, ascii: "acute"),
        "grave": Accent(combining: "\u{0300}", row: "`", stretches: false, ascii: "grave"),
        "mathring": Accent(combining: "\u{030A}", row: "°", stretches: false, ascii: "ring"),
    ]

    /// Colours for `\color` and `\textcolor`: SGR parameters from the 16 standard colours,
    /// so they show in any colour terminal.
    static let colors: [String: String] = [
        "black": "30", "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35",
        "cyan": "36", "white": "37", "gray": "90", "grey": "90", "orange": "33",
        "purple": "35", "violet": "35", "brown": "33", "teal": "36", "olive": "33",
        "lime": "92", "pink": "95",
    ]

    /// Characters with a Unicode subscript form.
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
        "9": "₉", "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ",
        "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ", "p": "ₚ",
        "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ", "ə": "ₔ", "β": "ᵦ", "γ": "ᵧ",
        "ρ": "ᵨ", "φ": "ᵩ", "ϕ": "ᵩ", "χ": "ᵪ",
    ]

    /// Characters with a Unicode superscript form (`⊤` as `ᵀ`, `′` stays `′`).
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
        "9": "⁹", "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "a": "ᵃ", "b": "ᵇ",
        "c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "i": "ⁱ", "j": "ʲ", "k": "ᵏ",
        "l": "ˡ", "m": "ᵐ", "n": "ⁿ", "o": "ᵒ", "p": "ᵖ", "r": "ʳ", "s": "ˢ", "t": "ᵗ", "u": "ᵘ",
        "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ", "z": "ᶻ", "A": "ᴬ", "B": "ᴮ", "D": "ᴰ", "E": "ᴱ",
        "G": "ᴳ", "H": "ᴴ", "I": "ᴵ", "J": "ᴶ", "K": "ᴷ", "L": "ᴸ", "M": "ᴹ", "N": "ᴺ", "O": "ᴼ",
        "P": "ᴾ", "R": "ᴿ", "T": "ᵀ", "U": "ᵁ", "V": "ⱽ", "W": "ᵂ", "α": "ᵅ", "β": "ᵝ", "γ": "ᵞ",
        "δ": "ᵟ", "ε": "ᵋ", "ϵ": "ᵋ", "θ": "ᶿ", "ι": "ᶥ", "φ": "ᵠ", "ϕ": "ᵠ", "χ": "ᵡ", "⊤": "ᵀ",
        "′": "′", "″": "″", "‴": "‴", "*": "*", "∗": "*",
    ]

    /// Unicode sub/superscript glyphs typed directly (`θ₁`, `x²`) → the character they raise or lower.
    static let subscriptSources: [Character: Character] = reverseScripts(subscripts)
    static let superscriptSources: [Character: Character] = reverseScripts(superscripts)

    private static func reverseScripts(_ table: [Character: Character]) -> [Character: Character] {
        var t: [Character: Character] = [:]
        for (plain, glyph) in table.sorted(by: { String($0.key) < String($1.key) })
        where plain != glyph && !glyph.isASCII {
            if plain == "-" || plain == "*" || plain == "⊤" { continue }  // keep `−`, and `ᵀ` means T
            if let existing = t[glyph], existing.isASCII { continue }
            t[glyph] = plain
        }
        return t
    }

    static func greekName(_ c: Character) -> String? {
        greekByGlyph[c]
    }

    private static let greekByGlyph: [Character: String] = {
        var t: [Character: String] = [:]
        for (name, glyph, _) in greek.reversed() where name.first!.isLowercase || t[Character(glyph)] == nil {
            t[Character(glyph)] = name
        }
        t["ε"] = "varepsilon"; t["ϵ"] = "epsilon"; t["φ"] = "varphi"; t["ϕ"] = "phi"
        return t
    }()

    /// Glyph → symbol command, for Unicode typed directly into a formula (`θ`, `∑`, `≤`).
    static let symbolByGlyph: [Character: (name: String, symbol: Symbol)] = {
        var t: [Character: (name: String, symbol: Symbol)] = [:]
        for (name, symbol) in symbols.sorted(by: { $0.key > $1.key }) where symbol.glyph.count == 1 {
            let c = Character(symbol.glyph)
            if c.isASCII { continue }
            if let existing = t[c], existing.name.count <= name.count { continue }
            t[c] = (name, symbol)
        }
        return t
    }()

    private static let reverse: [String: String] = {
        var t: [String: String] = [:]
        for (name, glyph) in table.sorted(by: { ($0.key.count, $0.key) > ($1.key.count, $1.key) }) {
            t[glyph] = name
        }
        return t
    }()

    /// ASCII transliteration of Unicode typed directly or produced by a font
    /// command: `θ` → `theta`, `ℒ` → `L`, `₁` → `1`, unknown → `?`.
    static func ascii(_ c: Character) -> String {
        if c.isASCII { return String(c) }
        if let entry = symbolByGlyph[c] { return entry.symbol.ascii }
        if let plain = MathFont.plainLetter(c) { return String(plain) }
        if let s = subscripts.first(where: { $0.value == c }), s.key.isASCII { return String(s.key) }
        if let s = superscripts.first(where: { $0.value == c }), s.key.isASCII { return String(s.key) }
        switch c {
        case "−": return "-"
        case "′": return "'"
        case "″": return "''"
        case "‴": return "'''"
        case "·": return "*"
        case "–", "—": return "-"
        case "“", "”": return "\""
        case "‘", "’": return "'"
        default: break
        }
        // A letter with accents: keep the base letter.
        if let first = c.unicodeScalars.first, first.isASCII, c.unicodeScalars.count > 1 {
            return String(Character(first))
        }
        return "?"
    }
}

/// A mathematical alphabet (`\mathcal`, `\mathbb`, `\mathbf`, …): Unicode's
/// Mathematical Alphanumeric Symbols block by code-point offset, with the
/// letters Unicode placed earlier in Letterlike Symbols as exceptions.
enum MathFont: String, Sendable, CaseIterable {
    case calligraphic, blackboard, bold, fraktur, sansSerif, monospace, italic, boldItalic, roman

    private var bases:
        (upper: UInt32?, lower: UInt32?, digit: UInt32?, greekLower: UInt32?, greekUpper: UInt32?)
    {
        switch self {
        case .calligraphic: (0x1D49C, 0x1D4B6, nil, nil, nil)
        case .blackboard: (0x1D538, 0x1D552, 0x1D7D8, nil, nil)
        case .bold: (0x1D400, 0x1D41A, 0x1D7CE, 0x1D6C2, 0x1D6A8)
        case .fraktur: (0x1D504, 0x1D51E, nil, nil, nil)
        case .sansSerif: (0x1D5A0, 0x1D5BA, 0x1D7E2, nil, nil)
        case .monospace: (0x1D670, 0x1D68A, 0x1D7F6, nil, nil)
        case .italic: (0x1D434, 0x1D44E, nil, 0x1D6FC, 0x1D6E2)
        case .boldItalic: (0x1D468, 0x1D482, nil, 0x1D736, 0x1D71C)
        case .roman: (nil, nil, nil, nil, nil)
        }
    }

    private static let exceptions: [MathFont: [Character: Character]] = [
        .calligraphic: [
            "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
            "e": "ℯ", "g": "ℊ", "o": "ℴ",
        ],
        .blackboard: ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"],
        .fraktur: ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"],
        .italic: ["h": "ℎ"],
    ]

    /// The styled form of `c`, or nil when the alphabet has none (it is then kept as is).
    func map(_ c: Character) -> Character? {
        if self == .roman { return c }
        if let e = MathFont.exceptions[self]?[c] { return e }
        guard let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return nil }
        let b = bases
        var code: UInt32?
        switch v {
        case 0x41...0x5A: code = b.upper.map { $0 + v - 0x41 }
        case 0x61...0x7A: code = b.lower.map { $0 + v - 0x61 }
        case 0x30...0x39: code = b.digit.map { $0 + v - 0x30 }
        case 0x3B1...0x3C9: code = b.greekLower.map { $0 + v - 0x3B1 }
        case 0x391...0x3A9 where v != 0x3A2: code = b.greekUpper.map { $0 + v - 0x391 }
        default: code = nil
        }
        return code.flatMap(Unicode.Scalar.init).map(Character.init)
    }

    /// The plain letter or digit behind a styled one (`ℒ` → `L`, `𝐱` → `x`).
    static func plainLetter(_ c: Character) -> Character? {
        plainByStyled[c]
    }

    private static let plainByStyled: [Character: Character] = {
        var t: [Character: Character] = [:]
        for font in MathFont.allCases where font != .roman {
            for plain in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" {
                if let g = font.map(plain) { t[g] = plain }
            }
        }
        return t
    }()
}
