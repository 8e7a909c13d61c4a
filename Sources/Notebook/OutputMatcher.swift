import Foundation
import LabLang
import Terminal

/// How a `lab`/`plot` cell's output is compared (`check=` and friends).
public struct OutputCheckOptions: Sendable, Equatable {
    public enum Mode: String, Sendable { case numeric, text, off }
    public var mode: Mode
    /// The cell's own `rtol`/`atol`, when it gives either.
    public var explicitTolerance: Tolerance?
    /// The lesson default, widened per number to the digits it shows.
    public var lessonTolerance: Tolerance
    /// `may-vary`: the text must match, the numbers need not.
    public var mayVary: Bool

    public init(
        mode: Mode = .numeric, explicitTolerance: Tolerance? = nil, lessonTolerance: Tolerance = .standard,
        mayVary: Bool = false
    ) {
        self.mode = mode
        self.explicitTolerance = explicitTolerance
        self.lessonTolerance = lessonTolerance
        self.mayVary = mayVary
    }

    /// The options a cell's attributes ask for, on top of the lesson default.
    public init(cell: Cell, lesson: Tolerance) {
        let rtol = cell["rtol"].flatMap(Double.init), atol = cell["atol"].flatMap(Double.init)
        self.init(
            mode: cell["check"].flatMap(Mode.init(rawValue:)) ?? .numeric,
            explicitTolerance: rtol == nil && atol == nil ? nil : Tolerance(rtol: rtol ?? 0, atol: atol ?? 0),
            lessonTolerance: lesson, mayVary: cell.has("may-vary"))
    }

    /// The tolerance for one expected number as printed: an explicit one as
    /// given; otherwise the lesson's, widened to half a unit in the last digit shown.
    func tolerance(forPrinted text: String, value: Double) -> Tolerance {
        if let explicitTolerance { return explicitTolerance }
        return Tolerance(
            rtol: lessonTolerance.rtol,
            atol: max(lessonTolerance.atol, halfUnitInLastPlace(text, value: value)))
    }
}

/// The outcome of comparing output.
public enum OutputMatch: Sendable, Equatable {
    case match
    /// What differs, in words, for the learner and for `metalab check`.
    case mismatch(String)

    public var isMatch: Bool { self == .match }
}

/// Compares expected output (as written in a lesson) with what a command printed.
///
/// Numeric mode reads both as tokens — numbers, words, line ends; spaces
/// between tokens do not count, so column alignment may differ — and compares
/// numbers within tolerance and everything else exactly. `...` in expected
/// output stands for any run of tokens (doctest's ELLIPSIS). Text mode
/// compares lines exactly (trailing spaces aside), `...` still eliding.
public enum OutputMatcher {
    /// Both sides are compared as the terminal shows them (`visible`): an expected line written
    /// with a raw ESC matches output that shows it as `␛`, and the other way round.
    public static func compare(expected: [String], got: String, options: OutputCheckOptions) -> OutputMatch {
        let gotLines = trimBlankEnds(
            visible(got).split(separator: "\n", omittingEmptySubsequences: false).map { String($0) })
        let want = trimBlankEnds(expected.map(visible))
        switch options.mode {
        case .off:
            return .match
        case .text:
            let w = want.map { $0.trimmingTrailingWhitespace }.joined(separator: "\n")
            let g = gotLines.map { $0.trimmingTrailingWhitespace }.joined(separator: "\n")
            return ellipsisMatch(pattern: w, text: g) ? .match : .mismatch(firstDifference(want, gotLines))
        case .numeric:
            let w = tokenize(want.joined(separator: "\n"), ellipsis: true)
            let g = tokenize(gotLines.joined(separator: "\n"), ellipsis: false)
            var report = NumericReport()
            if matchTokens(w[...], g[...], options: options, report: &report) { return .match }
            // Same structure but numbers out of tolerance: say which and by how much.
            var structural = NumericReport()
            var loose = options
            loose.mayVary = true
            if matchTokens(w[...], g[...], options: loose, report: &structural),
                let worst = worstNumber(w, g, options: options)
            {
                return .mismatch(worst)
            }
            return .mismatch(firstDifference(want, gotLines))
        }
    }

    /// Text as MetaLab shows it, the one visibility transform of both sides of a comparison
    /// (and of what `metalab check --update` writes): `TerminalText.sanitize`, so control
    /// characters other than newline and tab read as their stand-ins (ESC as `␛`).
    public static func visible(_ text: String) -> String { TerminalText.sanitize(text) }

    // MARK: tokens

    enum Token: Equatable {
        case number(Double, text: String, row: Int, column: Int)
        case word(String)
        case newline
        case ellipsis
    }

    /// Splits text into numbers, words and line ends; `ellipsis` reads `...` as a wildcard.
    static func tokenize(_ text: String, ellipsis: Bool) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        var word = ""
        var row = 0, column = 0
        func flush() { if !word.isEmpty { tokens.append(.word(word)); word = "" } }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { flush(); tokens.append(.newline); row += 1; column = 0; i += 1; continue }
            if c.isWhitespace { flush(); i += 1; continue }
            if ellipsis && c == "." && i + 2 < chars.count && chars[i + 1] == "." && chars[i + 2] == "." {
                flush(); tokens.append(.ellipsis); i += 3
                while i < chars.count && chars[i] == "." { i += 1 }
                continue
            }
            let previous: Character? = word.last ?? (i > 0 ? chars[i - 1] : nil)
            let attached = previous.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false
            if !attached || word.isEmpty, let (value, length) = readNumber(chars, at: i),
                !(previous.map { $0.isLetter || $0 == "_" } ?? false)
            {
                flush()
                column += 1
                tokens.append(.number(value, text: String(chars[i..<(i + length)]), row: row, column: column))
                i += length
                continue
            }
            word.append(c)
            i += 1
        }
        flush()
        return tokens
    }

    /// A decimal number (optionally signed, with exponent), `Inf`, `-Inf` or `NaN` at `i`.
    static func readNumber(_ chars: [Character], at start: Int) -> (Double, Int)? {
        var i = start
        if i < chars.count && (chars[i] == "-" || chars[i] == "+" || chars[i] == "−") { i += 1 }
        for special in ["Inf", "NaN"] {
            let s = Array(special)
            if i + s.count <= chars.count && Array(chars[i..<(i + s.count)]) == s
                && (i + s.count == chars.count || !chars[i + s.count].isLetter)
            {
                let negative = i > start && chars[start] != "+"
                return (special == "NaN" ? .nan : (negative ? -.infinity : .infinity), i + s.count - start)
            }
        }
        let digitsStart = i
        while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
        if i < chars.count && chars[i] == "." && !(i + 1 < chars.count && chars[i + 1] == ".") {
            i += 1
            while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
        }
        let mantissa = String(chars[digitsStart..<i])
        guard mantissa.contains(where: { $0.isNumber }) else { return nil }
        if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
            var j = i + 1
            if j < chars.count && (chars[j] == "-" || chars[j] == "+") { j += 1 }
            let expStart = j
            while j < chars.count && chars[j].isASCII && chars[j].isNumber { j += 1 }
            if j > expStart { i = j }
        }
        var text = String(chars[start..<i])
        text = text.replacingOccurrences(of: "−", with: "-")
        guard let value = Double(text) else { return nil }
        return (value, i - start)
    }

    struct NumericReport {}

    /// Token-sequence match with `...` wildcards, by memoised search.
    static func matchTokens(
        _ want: ArraySlice<Token>, _ got: ArraySlice<Token>, options: OutputCheckOptions,
        report: inout NumericReport
    ) -> Bool {
        let w = Array(want), g = Array(got)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (g.count + 1) + j
            if let known = memo[key] { return known }
            var result: Bool
            if i == w.count {
                result = j == g.count
            } else if case .ellipsis = w[i] {
                result = false
                for k in j...g.count where match(i + 1, k) { result = true; break }
            } else if j == g.count {
                result = false
            } else {
                result = same(w[i], g[j], options: options) && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    static func same(_ want: Token, _ got: Token, options: OutputCheckOptions) -> Bool {
        switch (want, got) {
        case (.newline, .newline): return true
        case (.word(let a), .word(let b)): return a == b
        case (.number(let a, let text, _, _), .number(let b, _, _, _)):
            return options.mayVary || options.tolerance(forPrinted: text, value: a).allows(got: b, want: a)
        default: return false
        }
    }

    /// The largest numeric error, when expected and got have the same numbers in the same places.
    static func worstNumber(_ want: [Token], _ got: [Token], options: OutputCheckOptions) -> String? {
        let wn = want.compactMap { t -> (Double, String, Int, Int)? in
            if case .number(let v, let s, let r, let c) = t { return (v, s, r, c) } else { return nil }
        }
        let gn = got.compactMap { t -> Double? in
            if case .number(let v, _, _, _) = t { return v } else { return nil }
        }
        guard wn.count == gn.count, !want.contains(.ellipsis) else { return nil }
        var worst: (excess: Double, index: Int)? = nil
        for (k, (w, text, _, _)) in wn.enumerated() {
            let tol = options.tolerance(forPrinted: text, value: w)
            if tol.allows(got: gn[k], want: w) { continue }
            let excess = abs(gn[k] - w) / max(tol.atol + tol.rtol * abs(w), .leastNormalMagnitude)
            if worst == nil || excess > worst!.excess || excess.isNaN { worst = (excess, k) }
        }
        guard let worst else { return nil }
        let (w, text, row, column) = wn[worst.index]
        let g = gn[worst.index]
        let tol = options.tolerance(forPrinted: text, value: w)
        let count = wn.enumerated().filter {
            !options.tolerance(forPrinted: $0.element.1, value: $0.element.0).allows(
                got: gn[$0.offset], want: $0.element.0)
        }.count
        return
            "\(count) number\(count == 1 ? "" : "s") out of tolerance; the largest error is at line \(row + 1), number \(column): expected \(text), got \(formatNumber(g)) (|error| = \(String(format: "%.3g", abs(g - w))), allowed \(String(format: "%.3g", tol.atol + tol.rtol * abs(w))))"
    }

    // MARK: text

    /// doctest ELLIPSIS: `...` in `pattern` matches any text.
    static func ellipsisMatch(pattern: String, text: String) -> Bool {
        let parts = pattern.components(separatedBy: "...")
        if parts.count == 1 { return pattern == text }
        guard text.hasPrefix(parts[0]) else { return false }
        var rest = text.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        let last = parts.last!
        return rest.hasSuffix(last) && rest.count >= last.count
    }

    static func firstDifference(_ want: [String], _ got: [String]) -> String {
        for k in 0..<max(want.count, got.count) {
            let w = k < want.count ? want[k] : nil, g = k < got.count ? got[k] : nil
            if w?.trimmingTrailingWhitespace != g?.trimmingTrailingWhitespace {
                return
                    "line \(k + 1) differs: expected \(w.map { "`\($0)`" } ?? "no more output"), got \(g.map { "`\($0)`" } ?? "no more output")"
            }
        }
        return "the output differs"
    }

    static func trimBlankEnds(_ lines: [String]) -> [String] {
        var l = lines[...]
        while let f = l.first, f.allSatisfy(\.isWhitespace) { l = l.dropFirst() }
        while let x = l.last, x.allSatisfy(\.isWhitespace) { l = l.dropLast() }
        return Array(l)
    }
}

/// Half a unit in the last decimal place `text` shows: `3.14` → 0.005, `1.5e-3` → 5e-5; `42` → 0 (exact).
func halfUnitInLastPlace(_ text: String, value: Double) -> Double {
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    // A whole number written without a point or exponent means an exact value (a count, a size).
    guard let point = mantissa.firstIndex(of: ".") else {
        return exponent == 0 && !text.contains(where: { $0 == "e" || $0 == "E" })
            ? 0 : 0.5 * pow(10, Double(exponent))
    }
    let decimals = mantissa.distance(from: point, to: mantissa.endIndex) - 1
    return 0.5 * pow(10, Double(exponent - decimals)) * (1 + 1e-9)
}
