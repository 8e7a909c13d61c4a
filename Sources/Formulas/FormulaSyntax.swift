import Diagnostics

/// TeX's atom classes, which decide the space between neighbours (TeXbook ch. 17).
/// `largeOperator` is TeX's Op for ∑-like symbols; `namedOperator` is Op for
/// `sin`, `lim`, …, which differ only in that a text operator hugs an opening
/// parenthesis (`exp(x)`) while a symbol keeps a cell (`∑ᵢ (x)`).
enum AtomClass: Sendable, Equatable {
    case ordinary, largeOperator, namedOperator, binary, relation, open, close, punctuation, fraction
}

/// One lexical token of LaTeX source, with its place in the source.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `\name` (letters) or `\c` (one non-letter: `\,`, `\{`, `\|`, `\\`).
        case command(String)
        case character(Character)
        case openBrace, closeBrace, superscript, `subscript`, alignment, prime
        case end
    }
    var kind: Kind
    /// Offsets into the source's characters: `[start, end)`.
    var start: Int
    var end: Int
}

/// The syntax tree: what the parser understood, before any layout.
indirect enum Node: Sendable {
    /// A symbol: a letter, digit run, operator or Greek letter, with its class
    /// and ASCII spelling. `word` marks multi-letter text (`clip`) for ASCII spacing.
    case symbol(String, AtomClass, ascii: String)
    /// Text operator (`\sin`, `\lim`, `\operatorname*{argmax}`).
    case namedOperator(String, limits: Bool)
    /// Big operator symbol (`\sum`); `limits` is false for integrals.
    case largeOperator(String, ascii: String, limits: Bool)
    /// A braced group: one ordinary atom made of a list.
    case group([Node])
    /// Scripts on a base; `primes` counts `'` marks.
    case scripts(base: Node, sub: [Node]?, sup: [Node]?, primes: Int)
    case fraction(numerator: [Node], denominator: [Node], rule: Bool)
    case radical(index: [Node]?, body: [Node])
    /// Delimiters around a list: `\left(…\right)` or a matched `( … )` pair in the source.
    /// `explicit` is true for `\left…\right`, which grows around anything taller than a row.
    case fenced(left: String, right: String, body: [Node], explicit: Bool)
    case accent(String, body: [Node])
    /// `\text{…}` and `\mathrm{word}`: upright text shown as is.
    case text(String)
    case space(Int)
    case matrix(Environment, rows: [[[Node]]])
    /// Something stacked over or under a base (`\overset`, `\underset`, `\stackrel`).
    case stack(base: [Node], over: [Node]?, under: [Node]?, atom: AtomClass)
    case color(String, body: [Node])
    /// `\middle|` inside `\left…\right`: grows with the delimiters around it.
    case middle(String, ascii: String)
    /// Source that was not understood (lenient mode): shown verbatim in an error style.
    case verbatim(String)
}

/// Matrix-like environments.
enum Environment: String, Sendable, CaseIterable {
    case matrix, pmatrix, bmatrix, Bmatrix, vmatrix, Vmatrix, smallmatrix, cases, aligned, align,
        alignStar = "align*", gathered, array, split

    var delimiters: (String, String) {
        switch self {
        case .pmatrix: ("(", ")")
        case .bmatrix: ("[", "]")
        case .Bmatrix: ("{", "}")
        case .vmatrix: ("|", "|")
        case .Vmatrix: ("‖", "‖")
        case .cases: ("{", "")
        default: ("", "")
        }
    }

    /// Column alignment: `l`, `c` or `r` for column `index`.
    func alignment(_ index: Int) -> Character {
        switch self {
        case .cases: "l"
        case .aligned, .align, .alignStar, .split: index % 2 == 0 ? "r" : "l"
        default: "c"
        }
    }

    /// Cells between columns.
    func columnGap(_ index: Int) -> Int {
        switch self {
        case .aligned, .align, .alignStar, .split: index % 2 == 0 ? 0 : 2
        case .cases: 2
        default: 2
        }
    }
}

extension Node {
    /// The class this node presents to its left and right neighbours.
    var atomClass: (left: AtomClass, right: AtomClass) {
        switch self {
        case .symbol(_, let c, _): (c, c)
        case .namedOperator: (.namedOperator, .namedOperator)
        case .largeOperator: (.largeOperator, .largeOperator)
        case .scripts(let base, _, _, _): base.atomClass
        case .fraction: (.fraction, .fraction)
        case .fenced: (.open, .close)
        case .stack(_, _, _, let atom): (atom, atom)
        case .middle: (.relation, .relation)
        case .color(_, let body):
            body.isEmpty ? (.ordinary, .ordinary) : (body.first!.atomClass.left, body.last!.atomClass.right)
        case .space: (.ordinary, .ordinary)
        default: (.ordinary, .ordinary)
        }
    }

    /// True when this node reads as one operand in one-line output (`x²`, `(a+b)`, `12`, `|𝒟|`),
    /// so a fraction `a/b` needs no parentheses around it.
    var isAtomic: Bool {
        switch self {
        case .symbol(_, let c, _): c == .ordinary
        case .group(let body): body.count == 1 && body[0].isAtomic
        case .scripts(let base, _, _, _): base.isAtomic
        case .fenced, .accent, .text, .matrix: true
        case .radical: true
        case .color(_, let body): body.count == 1 && body[0].isAtomic
        default: false
        }
    }
}
