import Terminal

/// Lays out a syntax tree as boxes of character cells.
///
/// One engine serves every mode:
/// - `twoDimensional` (display): fractions stacked, limits above/below,
///   scripts that have no Unicode glyphs as raised/lowered rows, grown delimiters;
/// - one-line (inline): everything on the baseline, `a/b` with parentheses where
///   precedence needs them, scripts as glyphs or `_{…}`/`^{…}`;
/// - `ascii`: only ASCII characters; in display mode fractions and matrices stay
///   2-D (with `-` rules), while scripts and limits are written `x_i`, `sum_{i=1}^T`.
struct LayoutEngine {
    var twoDimensional: Bool
    var ascii: Bool
    var color: Bool
    /// Height and baseline for `\middle` delimiters, set while laying out a `\left…\right` body.
    var middleSize: (height: Int, baseline: Int)?
    /// Every subscript written on the line as `x_i`, `g_{w}` (not as glyphs, nor as a lowered
    /// row): set for a whole formula when one of its subscripts has no Unicode form
    /// (`subscriptsNeedLinear`), so `vₐ` and `v_b` never sit side by side.
    var linearSubscripts = false

    enum Style { case text, script }

    /// Glyph scripts are used only up to this many characters (`θᵢ₌₁`, `x⁽ⁱ⁾`).
    static let maximumGlyphScript = 3

    private var drawsRows: Bool { twoDimensional && !ascii }
    private var oneLine: LayoutEngine {
        var e = LayoutEngine(twoDimensional: false, ascii: ascii, color: color)
        e.linearSubscripts = linearSubscripts
        return e
    }

    /// Whether some subscript in `nodes` (not a limit drawn under an operator) has no
    /// Unicode glyphs (`g_w`, `f_\theta`, `M_{m,i}`): then the formula writes all of them linearly.
    /// - Complexity: O(n) in the number of nodes.
    func subscriptsNeedLinear(_ nodes: [Node]) -> Bool {
        nodes.contains { node in
            switch node {
            case .scripts(let base, let sub, let sup, _):
                if let sub, !hasLimits(base),
                    glyphs(oneLine.list(sub, .script).lines[0], LatexSymbols.subscripts) == nil
                {
                    return true
                }
                return subscriptsNeedLinear([base]) || subscriptsNeedLinear(sub ?? [])
                    || subscriptsNeedLinear(sup ?? [])
            case .group(let body), .accent(_, let body), .color(_, let body), .fenced(_, _, let body, _):
                return subscriptsNeedLinear(body)
            case .fraction(let numerator, let denominator, _):
                return subscriptsNeedLinear(numerator) || subscriptsNeedLinear(denominator)
            case .radical(let index, let body):
                return subscriptsNeedLinear(index ?? []) || subscriptsNeedLinear(body)
            case .matrix(_, let rows): return rows.contains { $0.contains(where: subscriptsNeedLinear) }
            case .stack(let base, let over, let under, _):
                return subscriptsNeedLinear(base) || subscriptsNeedLinear(over ?? [])
                    || subscriptsNeedLinear(under ?? [])
            default: return false
            }
        }
    }

    /// The engine for a nested list that is not the body of the current `\left…\right`.
    private var nested: LayoutEngine {
        var e = self
        e.middleSize = nil
        return e
    }

    // MARK: - Lists

    /// A laid-out atom of a list, with the space before it.
    struct Piece {
        var box: Box
        var space: Int
        var atom: AtomClass
    }

    /// TeX's inter-atom spacing in cells: 0 none, 1 one cell, 2 one cell except in scripts.
    /// Rows: left atom; columns: right atom, in `order`.
    private static let order: [AtomClass] = [
        .ordinary, .largeOperator, .namedOperator, .binary, .relation, .open, .close, .punctuation, .fraction,
    ]
    private static let spacing: [[Int]] = [
        //  ord op  nam bin rel opn cls pun frac
        [0, 1, 1, 2, 2, 0, 0, 0, 1],  // ordinary
        [1, 1, 1, 0, 2, 1, 0, 0, 1],  // large operator
        [1, 1, 1, 0, 2, 0, 0, 0, 1],  // named operator
        [2, 2, 2, 0, 0, 2, 0, 0, 2],  // binary
        [2, 2, 2, 0, 0, 2, 0, 0, 2],  // relation
        [0, 0, 0, 0, 0, 0, 0, 0, 0],  // open
        [0, 1, 1, 2, 2, 0, 0, 0, 1],  // close
        [2, 2, 2, 0, 2, 2, 2, 2, 2],  // punctuation
        [1, 1, 1, 2, 2, 1, 0, 0, 1],  // fraction
    ]

    static func space(_ left: AtomClass, _ right: AtomClass, _ style: Style) -> Int {
        let value = spacing[order.firstIndex(of: left)!][order.firstIndex(of: right)!]
        return value == 2 ? (style == .script ? 0 : 1) : value
    }

    /// Atom classes after TeX's rule that a binary operator with no left
    /// operand (or no right one) is ordinary: `−x`, `(−1)`, `= −b`.
    private static func effectiveClasses(_ nodes: [Node]) -> [(left: AtomClass, right: AtomClass)?] {
        var classes: [(left: AtomClass, right: AtomClass)?] = nodes.map {
            if case .space = $0 { return nil }
            return $0.atomClass
        }
        var previous: AtomClass?
        for i in classes.indices {
            guard let c = classes[i] else { continue }
            if c.left == .binary {
                let next = classes[(i + 1)...].compactMap { $0 }.first?.left
                let noLeft =
                    previous == nil
                    || [.binary, .largeOperator, .namedOperator, .relation, .open, .punctuation].contains(
                        previous!)
                let noRight = next == nil || [.relation, .close, .punctuation].contains(next!)
                if noLeft || noRight { classes[i] = (.ordinary, .ordinary) }
            }
            previous = classes[i]!.right
        }
        return classes
    }

    func arrange(_ nodes: [Node], _ style: Style, padEdges: Bool = false) -> [Piece] {
        let classes = LayoutEngine.effectiveClasses(nodes)
        var pieces: [Piece] = []
        var previous: (node: Node, box: Box, right: AtomClass, wide: Bool, unary: Bool)?
        var pendingSpace = 0
        for (i, node) in nodes.enumerated() {
            if case .space(let n) = node {
                pendingSpace += n
                continue
            }
            let c = classes[i]!
            let b = box(node, style)
            let wide = limitsStickOut(node, b, style)
            var space = pendingSpace
            if let previous {
                var s = LayoutEngine.space(previous.right, c.left, style)
                if previous.wide || wide { s = max(s, 1) }
                // A limits-taking name keeps its argument apart (`lim_{n→∞} (1 + 1/n)ⁿ`); a plain
                // function name with a script does not: `log₁₀(x)`, as TeX sets it.
                if s == 0, c.left == .open, case .scripts(.namedOperator(_, true), _, _, _) = previous.node {
                    s = 1
                }
                // A unary minus hugs its operand (`−sin θ`, `−(x − μ)²/(2σ²)`), except a stacked
                // fraction, whose rule it would lengthen.
                if previous.unary && !(twoDimensional && c.left == .fraction) { s = 0 }
                if ascii, s == 0, pendingSpace == 0, runsTogether(previous.node, previous.box, node, b) {
                    s = 1
                }
                space += s
            } else if padEdges && wide {
                space = max(space, 1)
            }
            pendingSpace = 0
            pieces.append(Piece(box: b, space: space, atom: c.left))
            let unary: Bool = {
                if case .symbol(_, .binary, _) = node { return c.left == .ordinary }
                return false
            }()
            previous = (node, b, c.right, wide, unary)
        }
        let padEnd = padEdges && previous?.wide == true
        if pendingSpace > 0 || padEnd {
            pieces.append(Piece(box: .empty, space: max(pendingSpace, padEnd ? 1 : 0), atom: .ordinary))
        }
        return pieces
    }

    /// An operator whose limits are wider than its symbol keeps a cell from its neighbours,
    /// so `∑` limits never touch a neighbouring exponent or parenthesis.
    private func limitsStickOut(_ node: Node, _ b: Box, _ style: Style) -> Bool {
        guard showsLimits(node), case .scripts(let base, _, _, _) = node else { return false }
        return b.width > box(base, style).width
    }

    static func join(_ pieces: [Piece], dropLeadingSpace: Bool = false) -> Box {
        guard !pieces.isEmpty else { return .empty }
        var gaps = pieces.map(\.space)
        if dropLeadingSpace { gaps[0] = 0 }
        return Box.row(pieces.map(\.box), gaps: gaps)
    }

    func list(_ nodes: [Node], _ style: Style, padEdges: Bool = false) -> Box {
        LayoutEngine.join(arrange(nodes, style, padEdges: padEdges))
    }

    /// In ASCII, `\alpha\beta` would print `alphabeta` and `x_i y` would print `x_iy`:
    /// where a letter or digit meets a letter or digit, a space goes between,
    /// unless both sides are single plain characters (`2x`, `ab`).
    private func runsTogether(_ a: Node, _ aBox: Box, _ b: Node, _ bBox: Box) -> Bool {
        let aRow = aBox.lines[aBox.baseline], bRow = bBox.lines[bBox.baseline]
        guard let l = aRow.last, let r = bRow.first, r.isLetter || r.isNumber, l != " " else { return false }
        func unwrapped(_ n: Node) -> Node {
            if case .group(let body) = n, body.count == 1 { return unwrapped(body[0]) }
            return n
        }
        func plain(_ n: Node) -> Bool {
            if case .symbol(_, _, let ascii) = unwrapped(n) {
                return ascii.count == 1 || ascii.allSatisfy(\.isNumber)
            }
            return false
        }
        // A script ends `a`: `x_i y`, `nabla_{theta} L`.
        if case .scripts(_, let sub, let sup, _) = unwrapped(a), sub != nil || sup != nil { return true }
        guard l.isLetter || l.isNumber else { return false }
        let bStart: Node = {
            if case .scripts(let base, _, _, _) = unwrapped(b) { return base }
            return b
        }()
        return !(plain(a) && plain(bStart))
    }

    private func showsLimits(_ node: Node) -> Bool {
        guard case .scripts(let base, let sub, let sup, _) = node, sub != nil || sup != nil else {
            return false
        }
        return hasLimits(base)
    }

    /// Scripts go above/below: big operators and `\lim`-like names in Unicode display
    /// mode; the label of an `\underbrace` in any 2-D mode.
    private func hasLimits(_ base: Node) -> Bool {
        switch base {
        case .largeOperator(_, _, let limits), .namedOperator(_, let limits): return drawsRows && limits
        case .accent(let name, _): return twoDimensional && (name == "underbrace" || name == "overbrace")
        default: return false
        }
    }

    // MARK: - Nodes

    func box(_ node: Node, _ style: Style) -> Box {
        switch node {
        case .symbol(let glyph, _, let a):
            return Box(ascii ? a : glyph)
        case .namedOperator(let text, _):
            return Box(ascii ? asciiText(text) : text)
        case .largeOperator(let glyph, let a, _):
            return Box(ascii ? a : glyph)
        case .group(let body):
            return list(body, style)
        case .scripts(let base, let sub, let sup, let primes):
            return scripts(base, sub, sup, primes, style)
        case .fraction(let numerator, let denominator, let rule):
            return fraction(numerator, denominator, rule: rule, style)
        case .radical(let index, let body):
            return radical(index, body, style)
        case .fenced(let left, let right, let body, let grows):
            var inner = nested.list(body, style, padEdges: true)
            if twoDimensional, inner.height > 1,
                body.contains(where: {
                    if case .middle = $0 { return true }; return false
                })
            {
                var withMiddles = nested
                withMiddles.middleSize = (inner.height, inner.baseline)
                inner = withMiddles.list(body, style, padEdges: true)
            }
            return fenced(left, right, inner, minimumGrowth: grows ? 2 : 3)
        case .middle(let glyph, let a):
            guard let size = middleSize else { return Box(ascii ? a : glyph) }
            return delimiter(glyph, height: size.height, baseline: size.baseline, isLeft: true)
        case .accent(let name, let body):
            return accent(name, body, style)
        case .text(let s):
            return Box(ascii ? asciiText(s) : s)
        case .space(let n):
            return .spaces(n)
        case .matrix(let environment, let rows):
            return matrix(environment, rows)
        case .stack(let base, let over, let under, _):
            return stack(base, over, under, style)
        case .color(let name, let body):
            let inner = list(body, style)
            guard color, let sgr = LatexSymbols.colors[name] else { return inner }
            return inner.styled(sgr)
        case .verbatim(let s):
            let b = Box(ascii ? asciiText(s) : s.replacingNewlines())
            return color ? b.styled("1;31") : b
        }
    }

    private func asciiText(_ s: String) -> String {
        s.map { $0.isNewline ? " " : LatexSymbols.ascii($0) }.joined()
    }

    // MARK: Scripts

    /// Unicode glyphs for a whole script, or nil when any character has none
    /// or the script is long.
    private func glyphs(_ text: String, _ table: [Character: Character]) -> String? {
        if text.isEmpty { return "" }
        guard !ascii, text.count <= LayoutEngine.maximumGlyphScript else { return nil }
        var out = ""
        for c in text {
            guard let g = table[c] else { return nil }
            out.append(g)
        }
        return out
    }

    /// `x_i`, `g_w`, `θ_sh`: a script of one character or one name as it is. Longer ones:
    /// in Unicode, in parentheses as plain-text math writes them (`M_(m,i)`, `G^(i)`, no LaTeX
    /// braces leaking into prose); in ASCII, `x_{i+1}`, `x^theta` (what `--ascii` has always printed).
    private func linearScript(_ marker: String, _ nodes: [Node], _ text: String) -> String {
        if text.count == 1 { return marker + text }
        if ascii, nodes.count == 1, case .symbol(_, _, let a) = nodes[0], a.allSatisfy(\.isLetter) {
            return marker + text
        }
        if !ascii {
            if text.allSatisfy({ $0.isLetter || $0.isNumber }) { return marker + text }
            let inner = text.dropFirst().dropLast()
            let oneGroup =
                text.first == "(" && text.last == ")" && !inner.contains("(") && !inner.contains(")")
            return oneGroup ? marker + text : marker + "(" + text + ")"
        }
        return marker + "{" + text + "}"
    }

    private func scripts(_ base: Node, _ sub: [Node]?, _ sup: [Node]?, _ primes: Int, _ style: Style) -> Box {
        let primeText =
            ascii
            ? String(repeating: "'", count: primes)
            : ["", "′", "″", "‴"][min(primes, 3)] + String(repeating: "′", count: max(0, primes - 3))
        var baseBox = box(base, style)
        if hasLimits(base) {
            if primes > 0 { baseBox = Box.row([baseBox, Box(primeText)]) }
            return limits(baseBox, sub.map { list($0, .script) }, sup.map { list($0, .script) })
        }
        let line = oneLine
        let subText = sub.map { line.list($0, .script).lines[0] }
        let supText = sup.map { line.list($0, .script).lines[0] }
        let subGlyphs = linearSubscripts ? nil : subText.flatMap { glyphs($0, LatexSymbols.subscripts) }
        let supGlyphs = supText.flatMap { glyphs($0, LatexSymbols.superscripts) }
        let glyphMode = (sub == nil || subGlyphs != nil) && (sup == nil || supGlyphs != nil)
        // With linear subscripts only a superscript without glyphs needs rows.
        let needsRows = linearSubscripts ? sup != nil && supGlyphs == nil : !glyphMode

        if drawsRows && needsRows {
            if let sub, let subText, linearSubscripts {
                baseBox = Box.row([baseBox, Box(linearScript("_", sub, subText))])
            }
            if primes > 0 { baseBox = Box.row([baseBox, Box(primeText)]) }
            var pieces: [(box: Box, x: Int, top: Int)] = [(baseBox, 0, -baseBox.baseline)]
            let x = baseBox.width
            if let sup {
                let s = list(sup, .script)
                let bottom = -max(1, baseBox.ascent)
                pieces.append((s, x, bottom - s.height + 1))
            }
            if let sub, !linearSubscripts {
                let s = list(sub, .script)
                pieces.append((s, x, max(1, baseBox.descent)))
            }
            return Box.compose(pieces)
        }

        if !twoDimensional, case .accent(let name, let body) = base,
            name == "underbrace" || name == "overbrace",
            !isAtomic(body)
        {
            baseBox = Box("(" + baseBox.lines[0] + ")")  // `(a + b + c)₃`, not `a + b + c₃`
        }
        let subString = glyphMode ? subGlyphs : subText.map { linearScript("_", sub!, $0) }
        let supString: String? = {
            if glyphMode {
                return (supGlyphs ?? "").isEmpty && primes == 0 ? nil : primeText + (supGlyphs ?? "")
            }
            return supText.map { primeText + linearScript("^", sup!, $0) } ?? (primes > 0 ? primeText : nil)
        }()
        if baseBox.height == 1 {
            return Box.row([baseBox, Box((subString ?? "") + (supString ?? ""))])
        }
        // A tall base (a fraction, grown parentheses): superscript by the top row, subscript by the bottom.
        var pieces: [(box: Box, x: Int, top: Int)] = [(baseBox, 0, -baseBox.baseline)]
        if let supString { pieces.append((Box(supString), baseBox.width, -baseBox.ascent)) }
        if let subString { pieces.append((Box(subString), baseBox.width, baseBox.descent)) }
        return Box.compose(pieces)
    }

    /// Limits centred above and below an operator.
    private func limits(_ op: Box, _ below: Box?, _ above: Box?) -> Box {
        let width = max(op.width, below?.width ?? 0, above?.width ?? 0)
        var pieces: [(box: Box, x: Int, top: Int)] = [(op, (width - op.width) / 2, -op.baseline)]
        if let above { pieces.append((above, (width - above.width) / 2, -op.ascent - above.height)) }
        if let below { pieces.append((below, (width - below.width) / 2, op.descent + 1)) }
        return Box.compose(pieces, minimumWidth: width)
    }

    private func stack(_ base: [Node], _ over: [Node]?, _ under: [Node]?, _ style: Style) -> Box {
        let b = list(base, style)
        if twoDimensional {
            return limits(b, under.map { list($0, .script) }, over.map { list($0, .script) })
        }
        var text = b.lines[0]
        if let over { text += linearScript("^", over, oneLine.list(over, .script).lines[0]) }
        if let under { text += linearScript("_", under, oneLine.list(under, .script).lines[0]) }
        return Box(text)
    }

    // MARK: Fractions and radicals

    private func isAtomic(_ nodes: [Node]) -> Bool {
        let visible = nodes.filter {
            if case .space = $0 { return false }; return true
        }
        return visible.count == 1 && visible[0].isAtomic
    }

    /// A numerator reads as one operand when it is a product of ordinary atoms or
    /// function applications (`2x/3`, `n(n+1)/2`, `exp(z)/…`).
    private func isProduct(_ nodes: [Node]) -> Bool {
        if nodes.contains(where: {
            if case .space(let n) = $0 { return n > 0 }; return false
        }) {
            return false
        }
        let visible = nodes.filter {
            if case .space = $0 { return false }; return true
        }
        return !visible.isEmpty
            && visible.indices.allSatisfy { i in
                let node = visible[i]
                if case .fraction = node { return false }
                if case .namedOperator(_, false) = node, i + 1 < visible.count, case .fenced = visible[i + 1]
                {
                    return true
                }
                return node.atomClass.left == .ordinary && node.atomClass.right == .ordinary || node.isAtomic
            }
    }

    /// One operand for a one-line fraction: an atom, or a differential `∂θ`, `dx`.
    private func isOperand(_ nodes: [Node]) -> Bool {
        if isAtomic(nodes) { return true }
        let visible = nodes.filter {
            if case .space = $0 { return false }; return true
        }
        guard visible.count == 2, visible[1].isAtomic, case .symbol(let s, _, _) = visible[0] else {
            return false
        }
        return s == "∂" || s == "d" || s == "δ"
    }

    private func fraction(_ numerator: [Node], _ denominator: [Node], rule: Bool, _ style: Style) -> Box {
        if !twoDimensional || (style == .script && !ascii) {
            // One line, and in display-mode scripts too: `e^{x/2}` rather than a stacked fraction aloft.
            let line = oneLine
            let n = line.list(numerator, style).lines[0], d = line.list(denominator, style).lines[0]
            if !rule { return Box(n + " choose " + d) }
            let top = isOperand(numerator) || isProduct(numerator) ? n : "(" + n + ")"
            let bottom = isOperand(denominator) ? d : "(" + d + ")"
            return Box(top + "/" + bottom)
        }
        let n = list(numerator, .text), d = list(denominator, .text)
        let extend = rule && (n.height > 1 || d.height > 1) ? 2 : 0
        let width = max(n.width, d.width, 1) + extend
        let ruleBox = Box(String(repeating: rule ? (ascii ? "-" : "─") : " ", count: width))
        return Box.compose(
            [
                (n, (width - n.width + 1) / 2, -n.height),
                (ruleBox, 0, 0),
                (d, (width - d.width + 1) / 2, 1),
            ], minimumWidth: width)
    }

    private func radical(_ index: [Node]?, _ body: [Node], _ style: Style) -> Box {
        let b = list(body, style)
        let indexText = index.map { oneLine.list($0, .script).lines[0] }
        if ascii {
            let name = indexText.map { "root[" + $0 + "]" } ?? "sqrt"
            return Box.row([Box(name), fenced("(", ")", b)])
        }
        if !twoDimensional {
            let inner = isAtomic(body) ? b.lines[0] : "(" + b.lines[0] + ")"
            return Box(radicalSign(indexText) + inner)
        }
        if b.height == 1 {
            let sign = Box(radicalSign(indexText))
            let bar = Box(String(repeating: "_", count: b.width))
            return Box.compose([(sign, 0, 0), (bar, sign.width, -1), (b, sign.width, 0)])
        }
        // Tall body: a diagonal stroke up to an overbar; the index sits in the crook.
        let h = b.height
        let index = indexText.map { Box(glyphs($0, LatexSymbols.superscripts) ?? $0) }
        let shift = max(0, (index?.width ?? 0) - 1)
        let top = -b.ascent
        var pieces: [(box: Box, x: Int, top: Int)] = []
        for r in 0..<(h - 1) { pieces.append((Box("╱"), shift + h - r, top + r)) }
        pieces.append((Box("╲╱"), shift, top + h - 1))
        pieces.append((Box(String(repeating: "_", count: b.width + 1)), shift + h + 1, top - 1))
        pieces.append((b, shift + h + 2, top))
        if let index { pieces.append((index, 0, top + h - 2)) }
        return Box.compose(pieces)
    }

    private func radicalSign(_ index: String?) -> String {
        guard let index else { return "√" }
        if index == "3" { return "∛" }
        if index == "4" { return "∜" }
        if let g = glyphs(index, LatexSymbols.superscripts) { return g + "√" }
        return "√[" + index + "]"
    }

    // MARK: Delimiters

    /// Delimiters around a box: single glyphs for one row, stacked pieces
    /// (`⎛ ⎜ ⎝`, `⎡ ⎢ ⎣`, `⎧ ⎨ ⎩`, `│`, `║`) for taller content.
    ///
    /// Delimiters written as `\left…\right` grow around anything taller than a row;
    /// ones paired from the source grow only from `minimumGrowth` rows (3: a fraction,
    /// limits above and below), so a lowered subscript alone keeps plain `( )`.
    func fenced(_ left: String, _ right: String, _ body: Box, minimumGrowth: Int = 2) -> Box {
        let grows = body.height >= minimumGrowth
        let l = delimiter(
            left, height: grows ? body.height : 1, baseline: grows ? body.baseline : 0, isLeft: true)
        let r = delimiter(
            right, height: grows ? body.height : 1, baseline: grows ? body.baseline : 0, isLeft: false)
        return Box.row([l, body, r])
    }

    private func delimiter(_ glyph: String, height: Int, baseline: Int, isLeft: Bool) -> Box {
        if glyph.isEmpty { return Box(lines: Array(repeating: "", count: height), baseline: baseline) }
        if height <= 1 || !twoDimensional {
            return Box(ascii ? asciiDelimiter(glyph, isLeft: isLeft) : glyph)
        }
        let pieces: (top: String, middle: String, bottom: String, center: String?)
        switch (glyph, ascii) {
        case ("(", false): pieces = ("⎛", "⎜", "⎝", nil)
        case (")", false): pieces = ("⎞", "⎟", "⎠", nil)
        case ("[", false): pieces = ("⎡", "⎢", "⎣", nil)
        case ("]", false): pieces = ("⎤", "⎥", "⎦", nil)
        case ("{", false): pieces = ("⎧", "⎪", "⎩", "⎨")
        case ("}", false): pieces = ("⎫", "⎪", "⎭", "⎬")
        case ("⌈", false): pieces = ("⎡", "⎢", "⎢", nil)
        case ("⌉", false): pieces = ("⎤", "⎥", "⎥", nil)
        case ("⌊", false): pieces = ("⎢", "⎢", "⎣", nil)
        case ("⌋", false): pieces = ("⎥", "⎥", "⎦", nil)
        case ("|", false): pieces = ("│", "│", "│", nil)
        case ("‖", false), ("∥", false): pieces = ("║", "║", "║", nil)
        case ("⟨", false): return angle(height, baseline, opening: true, ascii: false)
        case ("⟩", false): return angle(height, baseline, opening: false, ascii: false)
        case ("(", true): pieces = ("/", "|", "\\", nil)
        case (")", true): pieces = ("\\", "|", "/", nil)
        case ("[", true), ("⌈", true), ("⌊", true): pieces = ("[", "[", "[", nil)
        case ("]", true), ("⌉", true), ("⌋", true): pieces = ("]", "]", "]", nil)
        case ("{", true): pieces = ("/", "|", "\\", "{")
        case ("}", true): pieces = ("\\", "|", "/", "}")
        case ("‖", true), ("∥", true): pieces = ("||", "||", "||", nil)
        case ("⟨", true): return angle(height, baseline, opening: true, ascii: true)
        case ("⟩", true): return angle(height, baseline, opening: false, ascii: true)
        default:
            let g = ascii ? asciiDelimiter(glyph, isLeft: isLeft) : glyph
            return Box(lines: Array(repeating: g, count: height), baseline: baseline)
        }
        var lines = Array(repeating: pieces.middle, count: height)
        lines[0] = pieces.top
        lines[height - 1] = pieces.bottom
        if let center = pieces.center {
            if height == 2 {
                // too short for a middle piece: keep the hooks
            } else {
                let row = min(max(baseline, 1), height - 2)
                lines[row] = center
            }
        }
        return Box(lines: lines, baseline: baseline)
    }

    private func angle(_ height: Int, _ baseline: Int, opening: Bool, ascii: Bool) -> Box {
        let up = ascii ? "/" : "╱", down = ascii ? "\\" : "╲"
        var lines: [String] = []
        let half = height / 2
        for r in 0..<height {
            if height % 2 == 1 && r == half {
                lines.append(opening ? (ascii ? "<" : "⟨") : (ascii ? ">" : "⟩"))
            } else if r < half {
                lines.append(opening ? up : down)
            } else {
                lines.append(opening ? down : up)
            }
        }
        return Box(lines: lines, baseline: baseline)
    }

    private func asciiDelimiter(_ glyph: String, isLeft: Bool) -> String {
        switch glyph {
        case "‖", "∥": "||"
        case "⟨": "<"
        case "⟩": ">"
        case "⌈": "ceil("
        case "⌊": "floor("
        case "⌉", "⌋": ")"
        default: glyph.map { LatexSymbols.ascii($0) }.joined()
        }
    }

    // MARK: Accents

    private func accent(_ name: String, _ body: [Node], _ style: Style) -> Box {
        let b = list(body, style)
        if name == "underbrace" || name == "overbrace" {
            guard twoDimensional else { return b }
            let w = b.width
            let brace: String
            if ascii {
                brace = String(repeating: name == "underbrace" ? "-" : "-", count: w)
            } else if w < 3 {
                brace = String(repeating: "─", count: w)
            } else {
                let left = (w - 3) / 2, right = w - 3 - left
                brace =
                    (name == "underbrace" ? "╰" : "╭") + String(repeating: "─", count: left)
                    + (name == "underbrace" ? "┬" : "┴") + String(repeating: "─", count: right)
                    + (name == "underbrace" ? "╯" : "╮")
            }
            return name == "underbrace"
                ? Box.compose([(b, 0, -b.baseline), (Box(brace), 0, b.descent + 1)])
                : Box.compose([(b, 0, -b.baseline), (Box(brace), 0, -b.ascent - 1)])
        }
        guard let mark = LatexSymbols.accents[name] else { return b }
        if ascii {
            return twoDimensional && b.height > 1
                ? Box.row([Box(mark.ascii), fenced("(", ")", b)])
                : Box(mark.ascii + "(" + b.lines[0] + ")")
        }
        if b.height == 1 {
            let text = b.lines[0]
            if text.count == 1 && !text.contains("\u{1B}") {
                return Box(text + String(mark.combining))
            }
            if !twoDimensional {
                let combining = name == "bar" ? "\u{0305}" : String(mark.combining)
                return Box(
                    text.map { String($0) + ($0 == " " || $0.isPunctuationLike ? "" : combining) }.joined())
            }
        }
        let row =
            mark.stretches
            ? String(repeating: mark.row, count: b.width)
            : String(repeating: " ", count: (b.width - 1) / 2) + String(mark.row)
        return mark.below
            ? Box.compose([(b, 0, -b.baseline), (Box(row), 0, b.descent + 1)])
            : Box.compose([(b, 0, -b.baseline), (Box(row), 0, -b.ascent - 1)])
    }

    // MARK: Matrices

    private func matrix(_ environment: Environment, _ rows: [[[Node]]]) -> Box {
        let aligned = [.aligned, .align, .alignStar, .split].contains(environment)
        let cells: [[Box]] = rows.map { row in
            row.enumerated().map { (j, cell) in
                // In `a &= b` the relation keeps its space: TeX puts an empty atom before it.
                let nodes = aligned && j % 2 == 1 ? [Node.group([])] + cell : cell
                return list(nodes, .text)
            }
        }
        if !twoDimensional {
            var inner = ""
            for (i, row) in cells.enumerated() {
                let texts = row.map { $0.lines[0].trimmingWhitespace }
                let text: String
                switch environment {
                case .aligned, .align, .alignStar, .split, .gathered:
                    text = texts.filter { !$0.isEmpty }.joined(separator: " ")
                default: text = texts.joined(separator: ", ")
                }
                // A row of an aligned chain that starts with a relation continues the line before.
                let continues =
                    aligned && (rows[i].first?.isEmpty ?? false) && rows[i].count > 1
                    && rows[i][1].first?.atomClass.left == .relation
                if i > 0 { inner += continues ? " " : "; " }
                inner += text
            }
            var (left, right) = environment.delimiters
            if environment == .cases { right = "}" }
            if environment == .matrix || environment == .smallmatrix { (left, right) = ("[", "]") }
            if left.isEmpty { return Box(inner) }
            return Box(
                (ascii ? asciiDelimiter(left, isLeft: true) : left) + inner
                    + (ascii ? asciiDelimiter(right, isLeft: false) : right))
        }
        let columns = cells.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in cells { for (j, c) in row.enumerated() { widths[j] = max(widths[j], c.width) } }
        var pieces: [(box: Box, x: Int, top: Int)] = []
        var y = 0
        var totalWidth = 0
        for (i, row) in cells.enumerated() {
            let ascent = row.map(\.ascent).max() ?? 0
            let descent = row.map(\.descent).max() ?? 0
            let tall = ascent + descent > 0
            let previousTall = i > 0 && cells[i - 1].contains { $0.height > 1 }
            if i > 0 && (tall || previousTall) { y += 1 }
            var x = 0
            for j in 0..<columns {
                if j > 0 { x += environment.columnGap(j - 1) }
                if j < row.count {
                    let c = row[j]
                    let offset: Int
                    switch environment.alignment(j) {
                    case "l": offset = 0
                    case "r": offset = widths[j] - c.width
                    default: offset = (widths[j] - c.width) / 2
                    }
                    pieces.append((c, x + offset, y + ascent - c.ascent))
                }
                x += widths[j]
            }
            totalWidth = max(totalWidth, x)
            y += ascent + descent + 1
        }
        var grid = Box.compose(pieces, minimumWidth: totalWidth)
        // Centre the grid on the baseline of its neighbours.
        let lines = grid.lines
        grid = Box(lines: lines, baseline: (lines.count - 1) / 2)
        grid.width = totalWidth
        let (left, right) = environment.delimiters
        if left.isEmpty && right.isEmpty { return grid }
        let padded =
            environment == .cases
            ? Box.row([Box.spaces(1), grid]) : Box.row([Box.spaces(1), grid, Box.spaces(1)])
        return fenced(left, right, padded)
    }
}

extension Character {
    fileprivate var isPunctuationLike: Bool { isPunctuation || isSymbol }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
