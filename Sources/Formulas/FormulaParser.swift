import Diagnostics
import Terminal

/// Scanner and recursive-descent parser for the LaTeX math subset.
///
/// Grammar (spaces between tokens are ignored, `%` starts a comment):
///
///     list     := item* (stopping at `}` `&` `\\` `\right` `\end` `]` or the end)
///     item     := atom (`^` argument | `_` argument | `'`)*
///     atom     := character | `{` list `}` | command arguments
///     argument := `{` list `}` | one character | one command with its arguments
///
/// Every problem is reported at its position. In strict mode the first problem
/// is thrown as a `Diagnostic` (kind `formula`); in lenient mode it is recorded,
/// the construct that failed becomes a `.verbatim` node holding its source,
/// and parsing carries on.
struct FormulaParser {
    private let chars: [Character]
    private let locations: [SourceLocation]
    private let strict: Bool
    private var position = 0
    private var peeked: Token?
    private var depth = 0
    private(set) var problems: [Diagnostic] = []
    /// Whether lenient problems carry "did you mean" notes (for `diagnose`; rendering skips the search).
    var collectsNotes = false

    static let maximumDepth = 40

    init(_ source: String, origin: SourceLocation, strict: Bool) {
        chars = Array(source)
        var locations: [SourceLocation] = []
        locations.reserveCapacity(chars.count + 1)
        var line = origin.line, column = origin.column
        for c in chars {
            locations.append(SourceLocation(line: line, column: column))
            if c == "\n" || c == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        locations.append(SourceLocation(line: line, column: column))
        self.locations = locations
        self.strict = strict
    }

    // MARK: - Scanner

    private mutating func peek() -> Token {
        if let peeked { return peeked }
        let token = scan()
        peeked = token
        return token
    }

    @discardableResult
    private mutating func next() -> Token {
        let token = peek()
        peeked = nil
        position = token.end
        return token
    }

    /// Offset of the next token's first character (after spaces and comments).
    private mutating func nextStart() -> Int { peek().start }

    private func scan() -> Token {
        var i = position
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
            } else if c == "%" {
                while i < chars.count && !chars[i].isNewline { i += 1 }
            } else {
                break
            }
        }
        guard i < chars.count else { return Token(kind: .end, start: chars.count, end: chars.count) }
        let c = chars[i]
        switch c {
        case "\\":
            var j = i + 1
            if j < chars.count, chars[j].isASCII, chars[j].isLetter {
                while j < chars.count, chars[j].isASCII, chars[j].isLetter { j += 1 }
                return Token(kind: .command(String(chars[(i + 1)..<j])), start: i, end: j)
            }
            if j < chars.count {
                j += 1
                let name = chars[i + 1].isWhitespace ? " " : String(chars[i + 1])
                return Token(kind: .command(name), start: i, end: j)
            }
            return Token(kind: .command(""), start: i, end: j)
        case "{": return Token(kind: .openBrace, start: i, end: i + 1)
        case "}": return Token(kind: .closeBrace, start: i, end: i + 1)
        case "^": return Token(kind: .superscript, start: i, end: i + 1)
        case "_": return Token(kind: .`subscript`, start: i, end: i + 1)
        case "&": return Token(kind: .alignment, start: i, end: i + 1)
        case "'": return Token(kind: .prime, start: i, end: i + 1)
        default: return Token(kind: .character(c), start: i, end: i + 1)
        }
    }

    private func range(_ start: Int, _ end: Int) -> SourceRange {
        let s = min(max(start, 0), chars.count), e = min(max(end, s), chars.count)
        return SourceRange(start: locations[s], end: locations[e])
    }

    private func source(_ start: Int, _ end: Int) -> String {
        let s = min(max(start, 0), chars.count), e = min(max(end, s), chars.count)
        return String(chars[s..<e])
    }

    private func spelled(_ token: Token) -> String { source(token.start, token.end) }

    // MARK: - Problems

    /// Report a problem: thrown in strict mode, recorded in lenient mode.
    private mutating func problem(_ message: String, _ start: Int, _ end: Int, notes: [String] = []) throws {
        let d = Diagnostic(kind: .formula, message: message, range: range(start, end), notes: notes)
        if strict { throw d }
        problems.append(d)
    }

    // MARK: - Lists

    private enum Stop: Hashable { case closeBrace, bracket, right, middle, alignment, rowBreak, end }

    private mutating func stop(of token: Token) -> Stop? {
        switch token.kind {
        case .closeBrace: return .closeBrace
        case .alignment: return .alignment
        case .character("]"): return .bracket
        case .command("right"): return .right
        case .command("middle"): return .middle
        case .command("\\"), .command("cr"): return .rowBreak
        case .command("end"): return .end
        default: return nil
        }
    }

    /// The whole formula.
    mutating func parseFormula() throws -> [Node] {
        let nodes = try parseList(stoppingAt: [])
        precondition(peek().kind == .end, "the top-level list stops only at the end")
        return nodes
    }

    /// Items up to one of `stops` (not consumed) or the end. A terminator that
    /// does not belong here is a problem; in lenient mode it is shown verbatim.
    private mutating func parseList(stoppingAt stops: Set<Stop>) throws -> [Node] {
        var nodes: [Node] = []
        while true {
            let token = peek()
            if token.kind == .end { break }
            if let s = stop(of: token) {
                if stops.contains(s) { break }
                if s == .bracket {  // a `]` outside `\sqrt[…]` is an ordinary closing bracket
                    nodes.append(try parseItem())
                    continue
                }
                next()
                try problem(misplacedMessage(s, token), token.start, token.end)
                nodes.append(.verbatim(spelled(token)))
                continue
            }
            if case .command("color") = token.kind {
                let start = token.start
                next()
                guard let name = try parseColorName(command: "color", start: start) else {
                    nodes.append(.verbatim(source(start, position)))
                    continue
                }
                let rest = try parseList(stoppingAt: stops)
                nodes.append(.color(name, body: rest))
                break
            }
            nodes.append(try parseItem())
        }
        return pairDelimiters(mergeNumbers(nodes))
    }

    private func misplacedMessage(_ stop: Stop, _ token: Token) -> String {
        switch stop {
        case .closeBrace: "unexpected `}` with no matching `{`"
        case .alignment: "`&` outside a matrix, cases or aligned environment"
        case .rowBreak: "`\\\\` outside a matrix, cases or aligned environment"
        case .right: "`\\right` without a matching `\\left`"
        case .middle: "`\\middle` outside `\\left` … `\\right`"
        case .end: "`\\end` without a matching `\\begin`"
        case .bracket: "unexpected `]`"
        }
    }

    /// One atom and its scripts.
    private mutating func parseItem() throws -> Node {
        let token = peek()
        var base: Node
        switch token.kind {
        case .superscript, .`subscript`, .prime:
            base = .group([])  // `^2` with nothing before it: an empty base, as in TeX
        default:
            base = try parseAtom(single: false)
        }
        var sub: [Node]?, sup: [Node]?, primes = 0
        while true {
            let t = peek()
            switch t.kind {
            case .prime:
                next()
                primes += 1
            case .character(let c)
            where (LatexSymbols.subscriptSources[c] ?? LatexSymbols.superscriptSources[c]) != nil:
                // Unicode scripts typed directly: `θ₁`, `x²`, `ℒᵢ`.
                let isSup = LatexSymbols.subscriptSources[c] == nil
                let table = isSup ? LatexSymbols.superscriptSources : LatexSymbols.subscriptSources
                var nodes: [Node] = []
                while case .character(let g) = peek().kind, let plain = table[g] {
                    let token = next()
                    nodes.append(try characterAtom(plain, token))
                }
                if (isSup ? sup : sub) != nil {
                    try problem(isSup ? "double superscript" : "double subscript", t.start, t.end)
                    base = .scripts(base: base, sub: sub, sup: sup, primes: primes)
                    sub = nil; sup = nil; primes = 0
                }
                if isSup { sup = mergeNumbers(nodes) } else { sub = mergeNumbers(nodes) }
            case .character("′"):
                next()
                primes += 1
            case .superscript, .`subscript`:
                next()
                let isSup = t.kind == .superscript
                let argument = try parseArgument(after: isSup ? "`^`" : "`_`", start: t.start)
                let nodes = argument ?? [.verbatim(source(t.start, position))]
                if (isSup ? sup : sub) != nil {
                    try problem(
                        isSup
                            ? "double superscript: use braces, as in `x^{ab}`"
                            : "double subscript: use braces, as in `x_{ab}`", t.start, t.end)
                    base = .scripts(base: base, sub: sub, sup: sup, primes: primes)
                    sub = nil; sup = nil; primes = 0
                }
                if isSup { sup = nodes } else { sub = nodes }
            default:
                if sub == nil && sup == nil && primes == 0 { return base }
                return .scripts(base: base, sub: sub, sup: sup, primes: primes)
            }
        }
    }

    /// The argument of a command or script: a braced list, one character, or one command.
    /// Returns nil (after reporting) when there is none.
    private mutating func parseArgument(after what: String, start: Int) throws -> [Node]? {
        let token = peek()
        switch token.kind {
        case .openBrace:
            return try parseGroupBody()
        case .character, .command:
            if stop(of: token) == nil || token.kind == .character("]") {
                return [try parseAtom(single: true)]
            }
        default:
            break
        }
        let example =
            what.hasPrefix("`^`")
            ? "x^{2}"
            : what.hasPrefix("`_`")
                ? "x_{i}"
                : what.hasPrefix("`\\frac`")
                    ? "\\frac{a}{b}" : what.replacingOccurrences("`", "").split(separator: " ")[0] + "{x}"
        try problem(
            "missing argument for \(what)", token.start, token.start,
            notes: ["help: write it as `\(example)`"])
        return nil
    }

    /// Past `maximumDepth` (with `token` just opened): reports it once and consumes the
    /// rest of the formula, returned as source text to show verbatim; nil while not too deep.
    private mutating func restWhenTooDeep(_ token: Token) throws -> String? {
        guard depth > FormulaParser.maximumDepth else { return nil }
        try problem("formula nests too deeply", token.start, token.end)
        let rest = source(token.start, chars.count)
        position = chars.count
        peeked = nil
        return rest
    }

    /// `{` list `}` — the opening brace is the next token.
    private mutating func parseGroupBody() throws -> [Node] {
        let open = next()
        depth += 1
        defer { depth -= 1 }
        if let rest = try restWhenTooDeep(open) { return [.verbatim(rest)] }
        let body = try parseList(stoppingAt: [.closeBrace])
        if peek().kind == .closeBrace {
            next()
            return body
        }
        try problem("unclosed `{`: no matching `}` before the end", open.start, open.end)
        return [.verbatim("{")] + body
    }

    // MARK: - Atoms

    private mutating func parseAtom(single: Bool) throws -> Node {
        let token = next()
        depth += 1
        defer { depth -= 1 }
        if let rest = try restWhenTooDeep(token) { return .verbatim(rest) }
        switch token.kind {
        case .openBrace:
            peeked = token  // parseGroupBody consumes the brace itself
            position = token.start
            return .group(try parseGroupBody())
        case .character(let c):
            return try characterAtom(c, token)
        case .command(let name):
            return try commandAtom(name, token)
        default:
            try problem("unexpected `\(spelled(token))`", token.start, token.end)
            return .verbatim(spelled(token))
        }
    }

    private mutating func characterAtom(_ c: Character, _ token: Token) throws -> Node {
        switch c {
        case "+": return .symbol("+", .binary, ascii: "+")
        case "-", "−": return .symbol("−", .binary, ascii: "-")
        case "*": return .symbol("*", .binary, ascii: "*")
        case "=", "<", ">", ":": return .symbol(String(c), .relation, ascii: String(c))
        case ",", ";": return .symbol(String(c), .punctuation, ascii: String(c))
        case "(", "[": return .symbol(String(c), .open, ascii: String(c))
        case ")", "]": return .symbol(String(c), .close, ascii: String(c))
        case "!", "?": return .symbol(String(c), .close, ascii: String(c))
        case "~": return .space(1)
        case "$", "#":
            try problem("unexpected `\(c)` inside a formula", token.start, token.end)
            return .verbatim(String(c))
        default:
            break
        }
        if c.isASCII { return .symbol(String(c), .ordinary, ascii: String(c)) }
        if let entry = LatexSymbols.symbolByGlyph[c] {
            return symbolNode(entry.name, entry.symbol)
        }
        return .symbol(String(c), .ordinary, ascii: LatexSymbols.ascii(c))
    }

    private func symbolNode(_ name: String, _ symbol: LatexSymbols.Symbol) -> Node {
        if symbol.atom == .largeOperator {
            return .largeOperator(
                symbol.glyph, ascii: symbol.ascii,
                limits: !LatexSymbols.sideLimitOperators.contains(name))
        }
        return .symbol(symbol.glyph, symbol.atom, ascii: symbol.ascii)
    }

    private mutating func commandAtom(_ name: String, _ token: Token) throws -> Node {
        let start = token.start
        if let cells = LatexSymbols.spaces[name] { return .space(cells) }
        if LatexSymbols.ignored.contains(name) { return .space(0) }
        if let symbol = LatexSymbols.symbols[name] {
            var node = symbolNode(name, symbol)
            if case .largeOperator(let g, let a, _) = node, case .command(let m) = peek().kind,
                m == "limits" || m == "nolimits"
            {
                next()
                node = .largeOperator(g, ascii: a, limits: m == "limits")
            }
            return node
        }
        if let op = LatexSymbols.namedOperators[name] {
            var text = op.text, limits = op.limits
            if name == "arg", case .command(let m) = peek().kind, m == "min" || m == "max" {
                next()
                text = "arg " + m
                limits = true
            }
            if case .command(let m) = peek().kind, m == "limits" || m == "nolimits" {
                next()
                limits = m == "limits"
            }
            return .namedOperator(text, limits: limits)
        }
        if let accent = LatexSymbols.accents[name] {
            _ = accent
            guard let body = try parseArgument(after: "`\\\(name)`", start: start) else {
                return .verbatim(source(start, position))
            }
            return .accent(name, body: body)
        }
        if let font = LatexSymbols.fontCommands[name] {
            guard let body = try parseArgument(after: "`\\\(name)`", start: start) else {
                return .verbatim(source(start, position))
            }
            return .group(applyFont(font, body))
        }
        if LatexSymbols.textCommands.contains(name) {
            guard let text = try parseRawText(command: name, start: start) else {
                return .verbatim(source(start, position))
            }
            if name == "textbf" {
                return .text(String(text.map { MathFont.bold.map($0) ?? $0 }))
            }
            return .text(text)
        }
        if let delimiterClass = LatexSymbols.sizedDelimiters[name] {
            guard let (glyph, ascii, natural) = try parseDelimiter(after: name, start: start) else {
                return .verbatim(source(start, position))
            }
            return .symbol(glyph, delimiterClass ?? natural, ascii: ascii)
        }
        // Only the names of `LatexSymbols.structuralCommands` (the table "did you mean" searches)
        // reach the cases: one missing from the table is an unknown command, never a silent extra.
        switch LatexSymbols.structuralCommands.contains(name) ? name : "" {
        case "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom":
            guard let numerator = try parseArgument(after: "`\\\(name)`", start: start),
                let denominator = try parseArgument(after: "`\\\(name)` (its second argument)", start: start)
            else { return .verbatim(source(start, position)) }
            if name.hasSuffix("binom") {
                return .fenced(
                    left: "(", right: ")",
                    body: [.fraction(numerator: numerator, denominator: denominator, rule: false)],
                    explicit: true)
            }
            return .fraction(numerator: numerator, denominator: denominator, rule: true)
        case "sqrt":
            var index: [Node]?
            if peek().kind == .character("[") {
                let open = next()
                let nodes = try parseList(stoppingAt: [.bracket])
                if peek().kind == .character("]") {
                    next()
                } else {
                    try problem("unclosed `[` of `\\sqrt[…]`", open.start, open.end)
                }
                index = nodes
            }
            guard let body = try parseArgument(after: "`\\sqrt`", start: start) else {
                return .verbatim(source(start, position))
            }
            return .radical(index: index, body: body)
        case "left":
            return try parseLeftRight(start: start)
        case "begin":
            return try parseEnvironment(start: start)
        case "operatorname", "mathop":
            var limits = false
            if peek().kind == .character("*") {
                next()
                limits = true
            }
            guard let body = try parseArgument(after: "`\\\(name)`", start: start) else {
                return .verbatim(source(start, position))
            }
            return .namedOperator(plainText(body), limits: limits || name == "mathop")
        case "overset", "underset", "stackrel":
            guard let mark = try parseArgument(after: "`\\\(name)`", start: start),
                let base = try parseArgument(after: "`\\\(name)` (its second argument)", start: start)
            else { return .verbatim(source(start, position)) }
            let atom: AtomClass = base.count == 1 ? base[0].atomClass.left : .ordinary
            return name == "underset"
                ? .stack(base: base, over: nil, under: mark, atom: atom)
                : .stack(base: base, over: mark, under: nil, atom: atom)
        case "underbrace", "overbrace":
            guard let body = try parseArgument(after: "`\\\(name)`", start: start) else {
                return .verbatim(source(start, position))
            }
            return .accent(name, body: body)
        case "textcolor":
            guard let color = try parseColorName(command: name, start: start) else {
                return .verbatim(source(start, position))
            }
            guard let body = try parseArgument(after: "`\\textcolor`", start: start) else {
                return .verbatim(source(start, position))
            }
            return .color(color, body: body)
        case "not":
            let t = peek()
            guard let argument = try parseArgument(after: "`\\not`", start: start) else {
                return .verbatim(source(start, position))
            }
            if argument.count == 1, case .symbol(let g, let c, let a) = argument[0] {
                if let negated = LatexSymbols.negations[g] { return .symbol(negated, c, ascii: "!" + a) }
                return .symbol(g + "\u{0338}", c, ascii: "!" + a)
            }
            try problem("`\\not` applies to one relation symbol", t.start, position)
            return .verbatim(source(start, position))
        case "bmod":
            return .symbol("mod", .binary, ascii: "mod")
        case "pmod":
            guard let body = try parseArgument(after: "`\\pmod`", start: start) else {
                return .verbatim(source(start, position))
            }
            return .group([
                .space(1),
                .fenced(left: "(", right: ")", body: [.text("mod"), .space(1)] + body, explicit: false),
            ])
        default:
            break
        }
        if name.isEmpty {
            try problem("a lone `\\` at the end of the formula", start, token.end)
        } else {
            try problem(
                "unknown command `\\\(name)`", start, token.end,
                notes: strict || collectsNotes ? suggestion(for: name) : [])
        }
        return .verbatim(spelled(token))
    }

    private func suggestion(for name: String) -> [String] {
        guard let best = nearestNames(to: name, in: LatexSymbols.commandNames, limit: 1).first else {
            return []
        }
        return ["help: did you mean `\\\(best)`?"]
    }

    // MARK: - Constructs

    /// The delimiter after `\left`, `\right`, `\big…`: a character or a command.
    private mutating func parseDelimiter(after command: String, start: Int) throws -> (
        String, String, AtomClass
    )? {
        let token = peek()
        switch token.kind {
        case .character(let c) where "()[]|./<>".contains(c):
            next()
            switch c {
            case ".": return ("", "", .ordinary)
            case "(", "[": return (String(c), String(c), .open)
            case ")", "]": return (String(c), String(c), .close)
            case "<": return ("⟨", "<", .open)
            case ">": return ("⟩", ">", .close)
            default: return (String(c), String(c), .ordinary)
            }
        case .command(let name):
            if let s = LatexSymbols.symbols[name],
                [.open, .close].contains(s.atom) || ["|", "vert", "Vert"].contains(name)
            {
                next()
                return (s.glyph, s.ascii, s.atom)
            }
            if ["uparrow", "downarrow", "updownarrow", "Uparrow", "Downarrow", "backslash"].contains(name),
                let s = LatexSymbols.symbols[name]
            {
                next()
                return (s.glyph, s.ascii, .ordinary)
            }
        default:
            break
        }
        try problem(
            "`\\\(command)` needs a delimiter such as `(`, `[`, `\\{`, `|` or `.`", token.start, token.end)
        return nil
    }

    private mutating func parseLeftRight(start: Int) throws -> Node {
        guard let (left, _, _) = try parseDelimiter(after: "left", start: start) else {
            return .verbatim(source(start, position))
        }
        var body = try parseList(stoppingAt: [.right, .middle])
        while case .command("middle") = peek().kind {
            let m = next()
            if let (glyph, ascii, _) = try parseDelimiter(after: "middle", start: m.start) {
                body.append(.middle(glyph, ascii: ascii))
            }
            body += try parseList(stoppingAt: [.right, .middle])
        }
        guard case .command("right") = peek().kind else {
            try problem("`\\left\(left)` without a matching `\\right`", start, start + 5)
            return .fenced(left: left, right: "", body: body, explicit: true)
        }
        let r = next()
        guard let (right, _, _) = try parseDelimiter(after: "right", start: r.start) else {
            return .fenced(left: left, right: "", body: body, explicit: true)
        }
        return .fenced(left: left, right: right, body: body, explicit: true)
    }

    private mutating func parseEnvironment(start: Int) throws -> Node {
        guard let (name, nameStart, nameEnd) = try parseEnvironmentName(after: "begin", start: start) else {
            return .verbatim(source(start, position))
        }
        guard let environment = Environment(rawValue: name) else {
            try problem(
                "unknown environment `\(name)`", nameStart, nameEnd,
                notes: ["note: known: " + Environment.allCases.map(\.rawValue).joined(separator: ", ")])
            return .verbatim(source(start, position))
        }
        if environment == .array, peek().kind == .openBrace {
            _ = try parseRawText(command: "begin{array}", start: start)  // column spec: alignment is centred
        }
        var rows: [[[Node]]] = []
        var row: [[Node]] = []
        while true {
            let cell = try parseList(stoppingAt: [.alignment, .rowBreak, .end])
            row.append(cell)
            let t = peek()
            switch t.kind {
            case .alignment:
                next()
            case .command("\\"), .command("cr"):
                next()
                rows.append(row)
                row = []
            case .command("end"):
                next()
                if !(row.count == 1 && row[0].isEmpty) || rows.isEmpty { rows.append(row) }
                if let (endName, s, e) = try parseEnvironmentName(after: "end", start: t.start),
                    endName != name
                {
                    try problem("`\\begin{\(name)}` ended by `\\end{\(endName)}`", s, e)
                }
                return .matrix(environment, rows: rows)
            default:
                try problem("`\\begin{\(name)}` without a matching `\\end{\(name)}`", start, nameEnd + 1)
                rows.append(row)
                return .matrix(environment, rows: rows)
            }
        }
    }

    private mutating func parseEnvironmentName(after command: String, start: Int) throws -> (
        String, Int, Int
    )? {
        guard peek().kind == .openBrace else {
            try problem("`\\\(command)` needs an environment name in braces", nextStart(), nextStart())
            return nil
        }
        let open = next()
        var i = open.end
        while i < chars.count, chars[i] != "}" { i += 1 }
        guard i < chars.count else {
            try problem("unclosed `{` of `\\\(command){…}`", open.start, open.end)
            position = chars.count
            peeked = nil
            return nil
        }
        let name = source(open.end, i).trimmingWhitespace
        position = i + 1
        peeked = nil
        return (name, open.end, i)
    }

    /// The raw text of a `{…}` argument (for `\text`): spaces kept, `\{ \} \$ \% \& \_ \#` unescaped.
    private mutating func parseRawText(command: String, start: Int) throws -> String? {
        let token = peek()
        guard token.kind == .openBrace else {
            if case .character(let c) = token.kind {  // `\text x`: one character
                next()
                return String(c)
            }
            try problem("missing argument for `\\\(command)`", token.start, token.start)
            return nil
        }
        var i = token.end, level = 0, text = ""
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                let e = chars[i + 1]
                if "{}$%&_#\\ ".contains(e) {
                    text.append(e == "\\" ? "\\" : e)
                    i += 2
                    continue
                }
                if e == "," || e == ";" || e == ":" { text.append(" "); i += 2; continue }
            }
            if c == "{" {
                level += 1
            } else if c == "}" {
                if level == 0 { break }
                level -= 1
            }
            if c != "{" && c != "}" { text.append(c.isNewline ? " " : c) }
            i += 1
        }
        guard i < chars.count else {
            try problem("unclosed `{` of `\\\(command){…}`", token.start, token.end)
            position = chars.count
            peeked = nil
            return text
        }
        position = i + 1
        peeked = nil
        return text
    }

    private mutating func parseColorName(command: String, start: Int) throws -> String? {
        let open = peek()
        guard let name = try parseRawText(command: command, start: start) else { return nil }
        let key = name.trimmingWhitespace
        if LatexSymbols.colors[key] != nil { return key }
        try problem(
            "unknown colour `\(key)`", open.start, position,
            notes: ["note: known: " + LatexSymbols.colors.keys.sorted().joined(separator: ", ")])
        return nil
    }

    // MARK: - List rewriting

    private func applyFont(_ font: MathFont, _ nodes: [Node]) -> [Node] {
        var out: [Node] = []
        for node in nodes {
            switch node {
            case .symbol(let s, .ordinary, let ascii):
                let mapped = String(s.map { font.map($0) ?? $0 })
                // Merge letters written in one font into a single word (`\mathrm{clip}`).
                if case .symbol(let previous, .ordinary, let pa)? = out.last,
                    previous.allSatisfy({ !$0.isNumber }), s.allSatisfy({ !$0.isNumber }),
                    previous.count + mapped.count > 1, font == .roman
                {
                    out[out.count - 1] = .symbol(previous + mapped, .ordinary, ascii: pa + ascii)
                } else {
                    out.append(.symbol(mapped, .ordinary, ascii: ascii))
                }
            case .group(let body): out.append(.group(applyFont(font, body)))
            case .scripts(let base, let sub, let sup, let primes):
                out.append(
                    .scripts(base: applyFont(font, [base]).first ?? base, sub: sub, sup: sup, primes: primes))
            default: out.append(node)
            }
        }
        return out
    }

    /// Flatten a parsed argument to text (`\operatorname{arg\,max}` → "arg max").
    private func plainText(_ nodes: [Node]) -> String {
        nodes.map { node -> String in
            switch node {
            case .symbol(let s, _, _), .text(let s), .namedOperator(let s, _), .largeOperator(let s, _, _): s
            case .group(let body): plainText(body)
            case .space(let n): String(repeating: " ", count: n)
            case .verbatim(let s): s
            default: ""
            }
        }.joined()
    }

    /// Runs of digits (with one inner `.`) become one ordinary atom: `0.5`, `100`.
    private func mergeNumbers(_ nodes: [Node]) -> [Node] {
        var out: [Node] = []
        for node in nodes {
            if case .symbol(let s, .ordinary, _) = node,
                s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                case .symbol(let p, .ordinary, _)? = out.last,
                p.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                !(p + s).hasPrefix("."), (p + s).filter({ $0 == "." }).count <= 1
            {
                out[out.count - 1] = .symbol(p + s, .ordinary, ascii: p + s)
            } else {
                out.append(node)
            }
        }
        return out
    }

    /// Pair opening and closing delimiters written without `\left`/`\right`
    /// (`( … )`, `[ … )`, `\{ … \}`, `\lVert … \rVert`, `| … |`) into `.fenced`
    /// nodes, so they grow around tall content. `|` and `‖` open or close by
    /// position: a bar after an operand closes the innermost open bar of the same kind.
    private func pairDelimiters(_ nodes: [Node]) -> [Node] {
        enum Opener { case open(String), bar(String) }
        var out: [Node] = []
        var stack: [(index: Int, opener: Opener)] = []
        func barGlyph(_ node: Node) -> String? {
            if case .symbol(let g, .ordinary, _) = node, g == "|" || g == "‖" { return g }
            return nil
        }
        func close(_ node: Node) -> (String, sub: [Node]?, sup: [Node]?, primes: Int)? {
            switch node {
            case .symbol(let g, .close, _) where g != "!" && g != "?": return (g, nil, nil, 0)
            case .scripts(.symbol(let g, .close, _), let sub, let sup, let primes) where g != "!" && g != "?":
                return (g, sub, sup, primes)
            default: return nil
            }
        }
        func canClose(after node: Node?) -> Bool {
            guard let node else { return false }
            switch node.atomClass.right {
            case .binary, .relation, .open, .punctuation, .largeOperator, .namedOperator: return false
            default: return true
            }
        }
        func wrap(_ i: Int, left: String, right: String, sub: [Node]?, sup: [Node]?, primes: Int) {
            let body = Array(out[(i + 1)...])
            out.removeSubrange(i...)
            let fenced = Node.fenced(left: left, right: right, body: body, explicit: false)
            out.append(
                sub == nil && sup == nil && primes == 0
                    ? fenced
                    : .scripts(base: fenced, sub: sub, sup: sup, primes: primes))
        }
        for node in nodes {
            if case .symbol(let g, .open, _) = node {
                stack.append((out.count, .open(g)))
                out.append(node)
            } else if let (g, sub, sup, primes) = close(node) {
                while case .bar? = stack.last?.opener { stack.removeLast() }
                if let top = stack.popLast(), case .open(let left) = top.opener {
                    wrap(top.index, left: left, right: g, sub: sub, sup: sup, primes: primes)
                } else {
                    out.append(node)
                }
            } else if let g = barGlyph(node)
                ?? {
                    if case .scripts(let base, _, _, _) = node, let g = barGlyph(base) { return g }
                    return nil
                }()
            {
                if let top = stack.last, case .bar(let open) = top.opener, open == g,
                    out.count > top.index + 1, canClose(after: out.last)
                {
                    stack.removeLast()
                    if case .scripts(_, let sub, let sup, let primes) = node {
                        wrap(top.index, left: g, right: g, sub: sub, sup: sup, primes: primes)
                    } else {
                        wrap(top.index, left: g, right: g, sub: nil, sup: nil, primes: 0)
                    }
                } else {
                    if case .symbol = node { stack.append((out.count, .bar(g))) }
                    out.append(node)
                }
            } else {
                out.append(node)
            }
        }
        return out
    }
}

extension String {
    func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        map { $0 == target ? replacement : String($0) }.joined()
    }
}
