import Diagnostics

/// The kinds of fenced block a lesson runs or checks (docs/LESSONS.md, "Cells").
public enum CellKind: String, CaseIterable, Sendable {
    case math, lab, setup, params, exercise, check, hint, solution, quiz, plot

    /// The attributes each kind accepts besides `id`.
    var allowedAttributes: Set<String> {
        switch self {
        case .lab, .plot: return ["rtol", "atol", "check", "may-vary", "hidden", "timeout"]
        case .setup: return ["timeout"]
        case .exercise: return ["target", "timeout"]
        case .check, .hint, .solution: return ["for"]
        case .math, .params, .quiz: return []
        }
    }

    /// Kinds whose code runs against the lesson state; each starts its own random
    /// stream (`cellSeed`) when it runs.
    var runs: Bool {
        switch self {
        case .lab, .plot, .setup, .params, .exercise: return true
        case .math, .check, .hint, .solution, .quiz: return false
        }
    }

    /// Kinds that are steps of their own; check/hint/solution belong to an exercise.
    var isStep: Bool {
        switch self {
        case .lab, .plot, .setup, .params, .exercise, .quiz: return true
        case .math, .check, .hint, .solution: return false
        }
    }
}

/// One `key=value` (or bare flag) of a cell's info string, with where it stands.
public struct CellAttribute: Sendable, Equatable {
    public var key: String
    public var value: String?
    public var range: SourceRange
}

/// A fenced block whose info string names a cell kind:
/// ```` ```lab id=grad-demo rtol=1e-6 ```` … ```` ``` ````.
public struct Cell: Sendable {
    public var kind: CellKind
    public var attributes: [CellAttribute]
    /// The text between the fences (math spans are not protected in cells).
    public var body: String
    /// The lesson-file line of the first body line.
    public var bodyFirstLine: Int
    /// The info string's span on the opening fence line.
    public var infoRange: SourceRange
    /// `lab`/`plot`: the commands and their expected output.
    public var transcript: [TranscriptEntry] = []
    /// `params`: the named inputs.
    public var parameters: [ParameterSpec] = []
    /// `check`: the rules.
    public var rules: [CheckRule] = []
    /// `quiz`: the question and options.
    public var quiz: Quiz? = nil

    public var id: String? { self["id"] }

    /// The value of attribute `key` (`""` for a bare flag), or nil when absent.
    public subscript(key: String) -> String? {
        attributes.first { $0.key == key }.map { $0.value ?? "" }
    }

    public func has(_ flag: String) -> Bool { attributes.contains { $0.key == flag } }

    func range(of key: String) -> SourceRange {
        attributes.first { $0.key == key }?.range ?? infoRange
    }

    /// The body's lines, numbered as in the lesson file.
    public var numberedLines: [(line: Int, text: String)] {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.enumerated().map { (bodyFirstLine + $0.offset, $0.element) }
    }
}

/// Splits an info string `KIND key=value key="quoted value" flag` into the
/// kind word and attributes; `column` is where the info string starts.
func parseInfoString(_ info: String, line: Int, column: Int) -> (
    kind: String, attributes: [CellAttribute], problems: [(String, SourceRange)]
) {
    let chars = Array(info)
    var i = 0
    var words: [(text: String, start: Int, end: Int, quotedValue: Bool)] = []
    var problems: [(String, SourceRange)] = []
    while i < chars.count {
        while i < chars.count && chars[i].isWhitespace { i += 1 }
        guard i < chars.count else { break }
        let start = i
        var word = ""
        var quoted = false
        while i < chars.count && !chars[i].isWhitespace {
            if chars[i] == "\"" {
                quoted = true
                i += 1
                while i < chars.count && chars[i] != "\"" { word.append(chars[i]); i += 1 }
                if i >= chars.count {
                    let r = SourceRange(
                        start: .init(line: line, column: column + start),
                        end: .init(line: line, column: column + i))
                    problems.append(("unterminated quoted attribute value", r))
                } else {
                    i += 1
                }
                continue
            }
            word.append(chars[i])
            i += 1
        }
        words.append((word, start, i, quoted))
    }
    guard let first = words.first else { return ("", [], problems) }
    var attributes: [CellAttribute] = []
    for w in words.dropFirst() {
        let range = SourceRange(
            start: .init(line: line, column: column + w.start), end: .init(line: line, column: column + w.end)
        )
        if let eq = w.text.firstIndex(of: "=") {
            attributes.append(
                CellAttribute(
                    key: String(w.text[..<eq]), value: String(w.text[w.text.index(after: eq)...]),
                    range: range))
        } else {
            attributes.append(CellAttribute(key: w.text, value: nil, range: range))
        }
    }
    return (first.text, attributes, problems)
}
