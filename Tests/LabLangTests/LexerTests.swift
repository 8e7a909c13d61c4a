import Diagnostics
import Testing

@testable import LabLang

@Suite struct LexerTests {
    func kinds(_ s: String) -> [TokenKind] { Lexer.tokenize(s).map(\.kind) }

    @Test func unicodeIdentifiersKeepScriptsAndPrimes() {
        let tokens = Lexer.tokenize("θ₁ σ² xᵢ x′ ∇f ∂L plot!")
        #expect(tokens.dropLast().map(\.text) == ["θ₁", "σ²", "xᵢ", "x′", "∇f", "∂L", "plot!"])
        #expect(tokens.dropLast().allSatisfy { $0.kind == .identifier })
    }

    @Test func columnsCountCharacters() {
        let tokens = Lexer.tokenize("α + θ₁")
        #expect(tokens[1].start == SourceLocation(line: 1, column: 3))
        #expect(tokens[2].start == SourceLocation(line: 1, column: 5))
    }

    @Test func numbersAndDottedOperators() {
        let tokens = Lexer.tokenize("3 3.14 .5 1e-3 2.5E+4 1.*x 2e")
        #expect(tokens.prefix(5).map(\.number) == [3, 3.14, 0.5, 1e-3, 2.5e4])
        #expect(kinds("1 .*x") == [.number, .dotStar, .identifier, .eof])
        // Julia: `1.*x` is ambiguous (1.0 * x, or 1 .* x?): an error token, then the operator.
        #expect(kinds("1.*x") == [.invalid, .star, .identifier, .eof])
        #expect(kinds("2e") == [.number, .identifier, .eof])
    }

    @Test func newlinesInsideParenthesesAreDroppedButKeptInBrackets() {
        #expect(kinds("(1,\n2)") == [.leftParen, .number, .comma, .number, .rightParen, .eof])
        #expect(kinds("[1\n2]") == [.leftBracket, .number, .newline, .number, .rightBracket, .eof])
    }

    @Test func stringsAndLatex() {
        let tokens = Lexer.tokenize(#""a\n\"b\"" L"\frac{a}{b} \"q\"""#)
        #expect(tokens[0].kind == .string && tokens[0].text == "a\n\"b\"")
        #expect(tokens[1].kind == .latex && tokens[1].text == #"\frac{a}{b} "q""#)
    }

    @Test func invalidCharactersBecomeErrorTokens() {
        let tokens = Lexer.tokenize("1 @ 2")
        #expect(tokens[1].kind == .invalid)
        #expect(tokens[1].text.contains("unexpected character"))
    }

    @Test func transposeIsAlwaysAQuote() {
        #expect(kinds("A'") == [.identifier, .quote, .eof])
        #expect(kinds("x != y") == [.identifier, .notEqual, .identifier, .eof])
    }
}

@Suite struct ParserTests {
    func parse(_ s: String) -> ([Stmt], [Diagnostic]) { Parser.parse(s) }

    @Test func powerBindsTighterThanUnaryMinus() {
        let (s, e) = parse("-2^2")
        #expect(e.isEmpty)
        guard case .expression(.unary(.negate, .binary(.power, _, _, _), _), _) = s[0] else {
            Issue.record("expected -(2^2)")
            return
        }
    }

    @Test func implicitMultiplication() {
        let (s, _) = parse("2x^2")
        guard case .expression(.binary(.multiply, .number(2, _), .binary(.power, _, _, _), _), _) = s[0]
        else {
            Issue.record("expected 2 * (x^2)")
            return
        }
    }

    @Test func matrixRowsAreWhitespaceSensitive() {
        let (s, _) = parse("[1 -2; 3 - 4 5]")
        guard case let .expression(.matrix(rows, _), _) = s[0] else {
            Issue.record("expected a matrix")
            return
        }
        #expect(rows.map(\.count) == [2, 2])
    }

    @Test func recoveryReportsTheFirstErrorOfEachStatement() {
        let (_, errors) = parse("x = (1 + )\ny = 2\nz = * 3\nw = 4 4")
        #expect(errors.count == 3)
        #expect(errors.map { $0.range!.start.line } == [1, 3, 4])
        #expect(errors.allSatisfy { $0.kind == .syntax })
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let (_, errors) = parse(
            String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000))
        #expect(errors.first?.message.contains("nested too deeply") == true)
    }

    @Test func shortFunctionDefinitionsAndKeywords() {
        let (s, e) = parse("f(x; α = 0.1) = x - α")
        #expect(e.isEmpty)
        guard case let .function("f", params, _, _) = s[0] else {
            Issue.record("expected a definition")
            return
        }
        #expect(params.positional == ["x"])
        #expect(params.keywords.map(\.name) == ["α"])
    }
}
