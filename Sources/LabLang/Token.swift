import Diagnostics
import Terminal

/// The kinds of token the lexer produces. Operators are spelled as in source.
public enum TokenKind: Hashable, Sendable {
    case number, string, latex, identifier
    case newline, eof
    /// A character or literal the lexer could not read; `text` is the message.
    case invalid
    // keywords
    case kwFunction, kwEnd, kwIf, kwElseif, kwElse, kwFor, kwWhile, kwIn
    case kwReturn, kwBreak, kwContinue, kwGlobal, kwTrue, kwFalse, kwNothing
    // punctuation
    case leftParen, rightParen, leftBracket, rightBracket, comma, semicolon
    case dot, dotParen, arrow, question, colon, quote
    // assignment
    case assign, plusAssign, minusAssign, timesAssign, divideAssign, dotAssign
    case dotPlusAssign, dotMinusAssign, dotTimesAssign, dotDivideAssign
    // operators
    case plus, minus, star, slash, backslash, caret, percent
    case dotPlus, dotMinus, dotStar, dotSlash, dotBackslash, dotCaret
    case cdot, cross, sqrt, bang
    case equal, notEqual, less, lessEqual, greater, greaterEqual, approx
    case dotEqual, dotNotEqual, dotLess, dotLessEqual, dotGreater, dotGreaterEqual
    case andAnd, orOr, elementOf
}

/// One token: its kind, its text, where it is, and whether whitespace came
/// right before it (matrix rows use that: `[1 -2]` has two elements).
public struct Token: Sendable {
    public var kind: TokenKind
    public var text: String
    public var range: SourceRange
    public var spaceBefore: Bool
    /// The value of a number token.
    public var number: Double = 0
    /// A string with `$name` or `$(…)`: its pieces (nil for a plain string).
    public var pieces: [StringPiece]?
    /// An `.invalid` token's message from the catalogue, when it has one (else `text` is the message).
    public var problem: LocalizedText?

    public var start: SourceLocation { range.start }
}

/// A piece of a string literal: text, or the source of an interpolated expression and
/// where that source starts (so a syntax error in it is located in the string).
public enum StringPiece: Sendable {
    case text(String)
    case code(String, SourceLocation)
}

let keywords: [String: TokenKind] = [
    "function": .kwFunction, "end": .kwEnd, "if": .kwIf, "elseif": .kwElseif, "else": .kwElse,
    "for": .kwFor, "while": .kwWhile, "in": .kwIn, "return": .kwReturn, "break": .kwBreak,
    "continue": .kwContinue, "global": .kwGlobal, "true": .kwTrue, "false": .kwFalse,
    "nothing": .kwNothing,
]
