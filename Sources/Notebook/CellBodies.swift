import Diagnostics
import Foundation
import LabLang
import Terminal

/// One command of a `lab` or `plot` transcript and the output written under it.
public struct TranscriptEntry: Sendable, Equatable {
    /// The command, continuation lines joined with newlines (prompts removed).
    public var input: String
    /// Lesson-file line of the `> ` line.
    public var line: Int
    /// The expected output lines (trailing blank lines removed).
    public var expected: [String]
    /// Lesson-file line of the first expected line.
    public var expectedLine: Int

    /// Whether the lesson expects this command to fail (its expected output shows an
    /// error), as a cell does that demonstrates an error message.
    public var showsAnError: Bool { expected.contains { $0.contains("error:") } }
}

/// Parses a `lab`/`plot` body: `> ` starts a command, `+ ` continues it, every
/// other line up to the next `> ` is expected output.
func parseTranscript(_ cell: Cell, into problems: inout [Diagnostic], file: String) -> [TranscriptEntry] {
    var entries: [TranscriptEntry] = []
    for (line, text) in cell.numberedLines {
        if text.hasPrefix("> ") || text == ">" {
            entries.append(
                TranscriptEntry(
                    input: String(text.dropFirst(2)), line: line, expected: [], expectedLine: line + 1))
        } else if text.hasPrefix("+ ") || text == "+" {
            if var last = entries.popLast(), last.expected.isEmpty {
                last.input += "\n" + String(text.dropFirst(2))
                last.expectedLine = line + 1
                entries.append(last)
            } else {
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "a `+ ` continuation line must follow a `> ` command line",
                        range: SourceRange(.init(line: line, column: 1)), sourceName: file))
            }
        } else if var last = entries.popLast() {
            last.expected.append(text)
            entries.append(last)
        } else if !text.allSatisfy(\.isWhitespace) {
            problems.append(
                Diagnostic(
                    kind: .lesson,
                    message: "expected a `> ` command line before output in a \(cell.kind.rawValue) cell",
                    range: SourceRange(.init(line: line, column: 1)), sourceName: file,
                    notes: ["help: commands start with `> `, continuation lines with `+ `"]))
        }
    }
    for i in entries.indices {
        while let last = entries[i].expected.last, last.allSatisfy(\.isWhitespace) {
            entries[i].expected.removeLast()
        }
    }
    return entries
}

/// One named what-if input of a `params` cell:
/// `alpha = 0.01  range=0..0.5  slide=0.01  "inner step size α"`.
public struct ParameterSpec: Sendable, Equatable {
    public var name: String
    /// The default value, Lab source.
    public var value: String
    public var range: ClosedRange<Double>?
    /// `slide=STEP`: the lesson marks the parameter as worth sliding (`:slide NAME`), one
    /// step per ←/→. Needs a range; 0 < STEP ≤ its width.
    public var slideStep: Double?
    /// The most ←/→ presses a `slide=` step may need to cross its range.
    public static let maximumSlideSteps = 10_000.0
    public var description: String
    public var line: Int
}

func parseParameters(_ cell: Cell, into problems: inout [Diagnostic], file: String) -> [ParameterSpec] {
    var specs: [ParameterSpec] = []
    for (line, raw) in cell.numberedLines {
        var text = raw.stripping(" \t")
        if text.isEmpty || text.hasPrefix("#") { continue }
        func fail(_ message: String) {
            problems.append(
                Diagnostic(
                    kind: .lesson, message: message, range: SourceRange(.init(line: line, column: 1)),
                    sourceName: file,
                    notes: ["help: write `name = value  range=low..high  \"description\"`"]))
        }
        var description = ""
        if text.hasSuffix("\""), let open = text.dropLast().lastIndex(of: "\"") {
            // Shown as it is by `:params` and the params step: no escape of the lesson's reaches the
            // terminal (an SGR colour passed the writers' last guard, which keeps MetaLab's own styles).
            description = TerminalText.sanitize(
                String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
            text = String(text[..<open]).stripping(" \t")
        }
        var slideStep: Double? = nil
        if let r = text.range(of: "slide=") {
            let rest = text[r.upperBound...]
            let word = rest.prefix { $0 != " " && $0 != "\t" }
            guard let step = Double(word), step > 0, step.isFinite else {
                fail("cannot read the slide step `\(word)`: expected `slide=STEP` with a positive number")
                continue
            }
            slideStep = step
            text = (String(text[..<r.lowerBound]) + String(rest.dropFirst(word.count))).stripping(" \t")
        }
        var range: ClosedRange<Double>? = nil
        if let r = text.range(of: "range=") {
            let spec = text[r.upperBound...].stripping(" \t")
            let parts = spec.components(separatedBy: "..") as [String]
            // Finite bounds a finite width apart: `0..inf` or `-1e308..1e308` would slide to inf.
            guard parts.count == 2, let low = Double(parts[0]), let high = Double(parts[1]), low <= high,
                (high - low).isFinite
            else {
                fail("cannot read the range `\(spec)`: expected `low..high` with finite numbers")
                continue
            }
            range = low...high
            text = String(text[..<r.lowerBound]).stripping(" \t")
        }
        guard let eq = text.firstIndex(of: "=") else {
            fail("expected `name = value` in a params cell"); continue
        }
        let name = String(text[..<eq]).stripping(" \t")
        let value = String(text[text.index(after: eq)...]).stripping(" \t")
        guard isIdentifier(name), !value.isEmpty else {
            fail("expected `name = value` in a params cell, found `\(raw)`"); continue
        }
        if let step = slideStep {
            guard let range else { fail("`slide=` needs a `range=low..high` to slide in"); continue }
            guard step <= range.upperBound - range.lowerBound else {
                fail(
                    "the slide step \(formatNumber(step)) is wider than the range \(formatNumber(range.lowerBound))..\(formatNumber(range.upperBound))"
                )
                continue
            }
            // `slide=1e-300` on 0..1: no key press could move the value a visible amount.
            let width = range.upperBound - range.lowerBound
            guard width / step <= ParameterSpec.maximumSlideSteps else {
                let steps = formatNumber((width / step).rounded(.up)),
                    most = formatNumber(ParameterSpec.maximumSlideSteps)
                fail(
                    "the slide step \(formatNumber(step)) makes \(steps) steps across the range "
                        + "\(formatNumber(range.lowerBound))..\(formatNumber(range.upperBound)); ←/→ should cross it in \(most) at most"
                )
                continue
            }
        }
        specs.append(
            ParameterSpec(
                name: name, value: value, range: range, slideStep: slideStep, description: description,
                line: line))
    }
    return specs
}

/// A rule of a `check` cell.
public enum CheckRule: Sendable, Equatable {
    /// `expect EXPR` (true to pass) or `expect A ~= B` (equal within tolerance).
    case expect(String, approximately: String?, line: Int)
    /// `when EXPR: "message"`: a likely misconception, tried before "not yet".
    case when(String, message: String, line: Int)

    public var line: Int {
        switch self {
        case .expect(_, _, let l), .when(_, _, let l): return l
        }
    }

    /// The rule as written, without a `when` rule's message: `expect x ~= 3`, `when spin() == 2`.
    public var code: String {
        switch self {
        case .expect(let e, let approximately, _):
            return "expect \(e)" + (approximately.map { " ~= \($0)" } ?? "")
        case .when(let e, _, _): return "when \(e)"
        }
    }
}

func parseCheckRules(_ cell: Cell, into problems: inout [Diagnostic], file: String) -> [CheckRule] {
    var rules: [CheckRule] = []
    for (line, raw) in cell.numberedLines {
        let text = raw.stripping(" \t")
        if text.isEmpty || text.hasPrefix("#") { continue }
        if text.hasPrefix("expect ") {
            let expr = String(text.dropFirst(7)).stripping(" \t")
            if let r = topLevelRange(of: "~=", in: expr) {
                rules.append(
                    .expect(
                        String(expr[..<r.lowerBound]).stripping(" "),
                        approximately: String(expr[r.upperBound...]).stripping(" "), line: line))
            } else {
                rules.append(.expect(expr, approximately: nil, line: line))
            }
        } else if text.hasPrefix("when "), text.hasSuffix("\""),
            let colon = text.range(of: ": \"", options: .backwards)
        {
            let expr = String(text[text.index(text.startIndex, offsetBy: 5)..<colon.lowerBound]).stripping(
                " ")
            let message = String(text[colon.upperBound..<text.index(before: text.endIndex)])
            rules.append(
                .when(expr, message: message.replacingOccurrences(of: "\\\"", with: "\""), line: line))
        } else {
            problems.append(
                Diagnostic(
                    kind: .lesson,
                    message: "a check line is `expect EXPR`, `expect A ~= B` or `when EXPR: \"message\"`",
                    range: SourceRange(.init(line: line, column: 1)), sourceName: file))
        }
    }
    return rules
}

/// One option of a quiz.
public struct QuizOption: Sendable, Equatable {
    public var text: String
    public var correct: Bool
    public var feedback: String?
}

/// A `quiz` cell: a question and `- [x] right` / `- [ ] wrong -> feedback` options.
public struct Quiz: Sendable, Equatable {
    public var question: String
    public var options: [QuizOption]
}

func parseQuiz(_ cell: Cell, into problems: inout [Diagnostic], file: String) -> Quiz {
    var question: [String] = []
    var options: [QuizOption] = []
    for (line, raw) in cell.numberedLines {
        let text = raw.stripping(" \t")
        if text.hasPrefix("- [x] ") || text.hasPrefix("- [X] ") || text.hasPrefix("- [ ] ") {
            let correct = !text.hasPrefix("- [ ]")
            var body = String(text.dropFirst(6))
            var feedback: String? = nil
            if let arrow = body.range(of: " -> ") {
                feedback = String(body[arrow.upperBound...]).stripping(" ")
                body = String(body[..<arrow.lowerBound])
            }
            options.append(QuizOption(text: body.stripping(" "), correct: correct, feedback: feedback))
        } else if options.isEmpty {
            question.append(raw)
        } else if !text.isEmpty {
            problems.append(
                Diagnostic(
                    kind: .lesson,
                    message:
                        "after the first option, every quiz line is an option `- [x] …` or `- [ ] … -> feedback`",
                    range: SourceRange(.init(line: line, column: 1)), sourceName: file))
        }
    }
    if options.isEmpty || !options.contains(where: \.correct) {
        problems.append(
            Diagnostic(
                kind: .lesson, message: "a quiz needs options and at least one marked right with `- [x]`",
                range: cell.infoRange, sourceName: file))
    }
    return Quiz(question: question.joined(separator: "\n").stripping("\n "), options: options)
}

/// Whether `s` is a Lab identifier (letters, digits, `_`, `!`, primes, sub/superscripts; not starting with a digit).
func isIdentifier(_ s: String) -> Bool {
    guard let first = s.first, first.isLetter || first == "_" || first == "∇" || first == "∂" else {
        return false
    }
    return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "!" || $0 == "′" }
}

/// The range of `needle` in `text` outside brackets and strings.
func topLevelRange(of needle: String, in text: String) -> Range<String.Index>? {
    var depth = 0
    var inString = false
    var i = text.startIndex
    while i < text.endIndex {
        let c = text[i]
        if inString {
            if c == "\\" { i = text.index(after: i) } else if c == "\"" { inString = false }
        } else if c == "\"" {
            inString = true
        } else if "([{".contains(c) {
            depth += 1
        } else if ")]}".contains(c) {
            depth -= 1
        } else if depth == 0, text[i...].hasPrefix(needle) {
            return i..<text.index(i, offsetBy: needle.count)
        }
        if i < text.endIndex { i = text.index(after: i) }
    }
    return nil
}
