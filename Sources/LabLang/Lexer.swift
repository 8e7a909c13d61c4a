import Diagnostics
import Terminal

/// Turns Lab source into tokens. Columns count characters, so a token after
/// `α` or `θ₁` is located where the eye sees it.
///
/// Newlines inside `( )` are dropped; inside `[ ]` they are kept (they
/// separate matrix rows). A number directly followed by a name or `(`
/// (`2x`, `2π`, `3(x + 1)`) is marked for implicit multiplication by the
/// parser, which sees no space between the two tokens.
public struct Lexer {
    private let chars: [Character]
    private var index = 0
    private var line: Int
    private var column = 1
    private var brackets: [Character] = []
    private var tokens: [Token] = []
    private var sawSpace = true

    public init(_ source: String, firstLine: Int = 1, firstColumn: Int = 1) {
        chars = Array(source)
        line = firstLine
        column = firstColumn
    }

    /// Every token of the source, ending with `.eof`. `firstColumn` places source that
    /// starts inside a line (the expression of a `$(…)` in a string).
    public static func tokenize(_ source: String, firstLine: Int = 1, firstColumn: Int = 1) -> [Token] {
        var lexer = Lexer(source, firstLine: firstLine, firstColumn: firstColumn)
        return lexer.run()
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }
    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    private mutating func advance() -> Character {
        let c = chars[index]
        index += 1
        if c == "\n" || c == "\r\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    private mutating func add(
        _ kind: TokenKind, _ text: String, from start: SourceLocation, number: Double = 0
    ) {
        tokens.append(
            Token(
                kind: kind, text: text, range: SourceRange(start: start, end: here), spaceBefore: sawSpace,
                number: number))
        sawSpace = false
    }

    mutating func run() -> [Token] {
        while let c = peek() {
            let start = here
            if c == " " || c == "\t" || c == "\r" {
                _ = advance()
                sawSpace = true
            } else if c == "#" {
                while let d = peek(), d != "\n", d != "\r\n" { _ = advance() }
            } else if c == "\n" || c == "\r\n" {
                _ = advance()
                if brackets.last != "(" { add(.newline, "\n", from: start) }
                sawSpace = true
            } else if c.isASCII && c.isNumber
                || (c == "." && (peek(1)?.isASCII ?? false) && (peek(1)?.isNumber ?? false))
            {
                lexNumber(start)
            } else if c == "\"" {
                lexString(start, raw: false)
            } else if c == "L" && peek(1) == "\"" {
                _ = advance()
                lexString(start, raw: true)
            } else if Lexer.isIdentifierStart(c) {
                lexIdentifier(start)
            } else {
                lexOperator(start)
            }
        }
        add(.eof, "", from: here)
        return tokens
    }

    static func isIdentifierStart(_ c: Character) -> Bool {
        c == "_" || c == "∇" || c == "∂" || (c.isLetter && !Lexer.isScript(c))
    }

    /// Unicode sub- and superscript digits and letters (`₁`, `²`, `ᵢ`, `ⁿ`).
    static func isScript(_ c: Character) -> Bool {
        guard let u = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return false }
        return (0x2070...0x209C).contains(u) || u == 0xB2 || u == 0xB3 || u == 0xB9
            || (0x1D2C...0x1D6A).contains(u) || u == 0x2C7C || (0x1D9B...0x1DBF).contains(u)
    }

    static func isIdentifierContinue(_ c: Character) -> Bool {
        c == "_" || c == "′" || c == "″" || c.isLetter || c.isNumber || isScript(c)
    }

    /// A number: digits, a fraction, an exponent. As in Julia, `1.` is 1.0 (and `1.e3` is
    /// 1000.0), but a number ending in `.` right before an operator that has a dotted form
    /// (`1.+x`: 1.0 + x, or 1 .+ x?) or before a name or bracket (`1.x`, `1.(`) is ambiguous,
    /// an error saying what to write; before `..` the dot is left alone.
    private mutating func lexNumber(_ start: SourceLocation) {
        var text = ""
        while let c = peek(), c.isASCII, c.isNumber { text.append(advance()) }
        if peek() == ".", let d = peek(1), d.isASCII, d.isNumber {
            text.append(advance())
            while let c = peek(), c.isASCII, c.isNumber { text.append(advance()) }
        } else if peek() == ".", !text.isEmpty, peek(1) != "." {
            let next = peek(1)
            if let next, Lexer.dottedOperatorStarts.contains(next) {
                let digits = text
                text.append(advance())
                let op = dottedOperatorHere()
                addInvalid(text, Message.ambiguousNumberDot.localized(text, op, digits), from: start)
                return
            }
            func isDigit(_ c: Character?) -> Bool { c.map { $0.isASCII && $0.isNumber } ?? false }
            let exponent =
                (next == "e" || next == "E")
                && (isDigit(peek(2)) || ((peek(2) == "+" || peek(2) == "-") && isDigit(peek(3))))
            if let next, !exponent,
                Lexer.isIdentifierStart(next) || next == "(" || next == "[" || next == "\""
            {
                text.append(advance())
                addInvalid(text, Message.numberEndsInDot.localized(text, "'\(next)'"), from: start)
                return
            }
            text.append(advance())
        }
        if let e = peek(), e == "e" || e == "E" {
            var k = 1
            if peek(1) == "+" || peek(1) == "-" { k = 2 }
            if let d = peek(k), d.isASCII, d.isNumber {
                for _ in 0..<k { text.append(advance()) }
                while let c = peek(), c.isASCII, c.isNumber { text.append(advance()) }
            }
        }
        add(.number, text, from: start, number: Double(text) ?? .nan)
    }

    /// The characters that follow `.` in a dotted operator (`.+`, `.==`, `.≤`), `.(` aside.
    static let dottedOperatorStarts = Set(dotted.keys.compactMap { $0.dropFirst().first }).subtracting(["("])

    /// The operator whose dotted form starts right after the `.` just read (`==` in `1.==2`).
    private func dottedOperatorHere() -> String {
        for length in [2, 1] where index + length <= chars.count {
            let text = String(chars[index..<(index + length)])
            if Lexer.dotted["." + text] != nil { return text }
        }
        return String(chars[index])
    }

    private mutating func addInvalid(_ text: String, _ problem: LocalizedText, from start: SourceLocation) {
        add(.invalid, text, from: start)
        tokens[tokens.count - 1].problem = problem
    }

    /// A string literal. In a plain string `$name` and `$(expr)` interpolate (`\$` is a
    /// dollar; a `$` before anything else stays as it is); `L"…"` strings are raw.
    private mutating func lexString(_ start: SourceLocation, raw: Bool) {
        _ = advance()  // opening quote
        var value = ""
        var pieces: [StringPiece] = []
        while true {
            guard let c = peek(), c != "\n" || raw else {
                add(.invalid, "unterminated string: expected a closing \"", from: start)
                return
            }
            if !raw && c == "$", let next = peek(1), next == "(" || Lexer.isIdentifierStart(next) {
                if !value.isEmpty { pieces.append(.text(value)) }
                value = ""
                _ = advance()
                guard let code = lexInterpolation(start) else { return }
                pieces.append(code)
                continue
            }
            _ = advance()
            if c == "\"" { break }
            if c == "\\", let next = peek() {
                if raw {
                    if next == "\"" { value.append(advance()) } else { value.append("\\") }
                    continue
                }
                _ = advance()
                switch next {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "$": value.append("$")
                default:
                    add(
                        .invalid, "unknown escape \\\(next) in a string (use \\n \\t \\\" \\\\ or \\$)",
                        from: start)
                    return
                }
            } else {
                value.append(c)
            }
        }
        if pieces.isEmpty {
            add(raw ? .latex : .string, value, from: start)
        } else {
            if !value.isEmpty { pieces.append(.text(value)) }
            add(.string, "", from: start)
            tokens[tokens.count - 1].pieces = pieces
        }
    }

    /// After the `$` of an interpolation: a name, or `( … )` with nested brackets and
    /// strings skipped. Returns the code piece, or nil after adding an `.invalid` token.
    private mutating func lexInterpolation(_ stringStart: SourceLocation) -> StringPiece? {
        if peek() != "(" {
            let at = here
            var name = String(advance())
            while let c = peek(), Lexer.isIdentifierContinue(c) { name.append(advance()) }
            return .code(name, at)
        }
        let open = SourceLocation(line: line, column: column - 1)  // at the `$`
        _ = advance()
        let at = here
        var code = ""
        var depth = 1
        var inString = false
        while let c = peek(), c != "\n" {
            if inString {
                code.append(advance())
                if c == "\\", let d = peek(), d != "\n" {
                    code.append(advance())
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            if c == "\"" { inString = true }
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" {
                depth -= 1
                if depth == 0 {
                    _ = advance()
                    return .code(code, at)
                }
            }
            code.append(advance())
        }
        add(.invalid, "unterminated $( in a string: expected a closing )", from: open)
        return nil
    }

    private mutating func lexIdentifier(_ start: SourceLocation) {
        var text = String(advance())  // the start character (it may be ∇ or ∂, which do not continue a name)
        while let c = peek() {
            if Lexer.isIdentifierContinue(c) {
                text.append(advance())
            } else if c == "!" && peek(1) != "=" {
                text.append(advance())
            } else {
                break
            }
        }
        add(keywords[text] ?? .identifier, text, from: start)
    }

    private static let dotted: [String: TokenKind] = [
        ".+": .dotPlus, ".-": .dotMinus, ".*": .dotStar, "./": .dotSlash, ".\\": .dotBackslash,
        ".^": .dotCaret, ".==": .dotEqual, ".!=": .dotNotEqual, ".≠": .dotNotEqual, ".<": .dotLess,
        ".<=": .dotLessEqual, ".≤": .dotLessEqual, ".>": .dotGreater, ".>=": .dotGreaterEqual,
        ".≥": .dotGreaterEqual, ".(": .dotParen, ".=": .dotAssign,
        ".+=": .dotPlusAssign, ".-=": .dotMinusAssign, ".*=": .dotTimesAssign, "./=": .dotDivideAssign,
    ]
    private static let plain: [String: TokenKind] = [
        "==": .equal, "!=": .notEqual, "<=": .lessEqual, ">=": .greaterEqual, "&&": .andAnd,
        "||": .orOr, "->": .arrow, "+=": .plusAssign, "-=": .minusAssign, "*=": .timesAssign,
        "/=": .divideAssign,
        "(": .leftParen, ")": .rightParen, "[": .leftBracket, "]": .rightBracket, ",": .comma,
        ";": .semicolon, ".": .dot, "?": .question, ":": .colon, "'": .quote, "=": .assign,
        "+": .plus, "-": .minus, "*": .star, "/": .slash, "\\": .backslash, "^": .caret, "%": .percent,
        "⋅": .cdot, "·": .cdot, "×": .cross, "√": .sqrt, "!": .bang, "≠": .notEqual, "<": .less,
        "≤": .lessEqual, ">": .greater, "≥": .greaterEqual, "∈": .elementOf, "≈": .approx,
    ]

    private mutating func lexOperator(_ start: SourceLocation) {
        let c = peek()!
        // Longest match first: three, two, then one character.
        for length in [3, 2, 1] {
            guard index + length <= chars.count else { continue }
            let text = String(chars[index..<(index + length)])
            if let kind = (c == "." ? Lexer.dotted[text] : nil) ?? Lexer.plain[text] {
                // `.5` was handled as a number; `x.(`, `a.*b`, `a.b` here.
                for _ in 0..<length { _ = advance() }
                switch kind {
                case .leftParen, .dotParen: brackets.append("(")
                case .leftBracket: brackets.append("[")
                case .rightParen, .rightBracket: if !brackets.isEmpty { brackets.removeLast() }
                default: break
                }
                add(kind, text, from: start)
                return
            }
        }
        _ = advance()
        add(.invalid, "unexpected character \(c.debugDescription)", from: start)
    }
}
