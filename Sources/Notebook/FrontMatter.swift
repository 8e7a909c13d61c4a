import Diagnostics
import Foundation
import LabLang
import Terminal
import Yams

extension LessonMeta {
    /// The longest lesson id: progress is kept in a file named after it.
    public static let maximumIDLength = 100

    /// Why `id` cannot name a lesson, or nil when it can. Progress lives in
    /// `progress/ID.yaml` beside `course.yaml`, so an id is a safe file name:
    /// letters, digits, `.`, `-`, `_`, starting with a letter or digit, at most
    /// `maximumIDLength` characters, and never `course`.
    public static func problem(withID id: String) -> String? {
        let allowed = id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || ".-_".unicodeScalars.contains($0)
        }
        let shown = id.count > 40 ? String(id.prefix(40)) + "…" : id
        if id.isEmpty || !allowed {
            return "`id` must be one word of letters, digits, `.`, `-` and `_`, "
                + "found `\(TerminalText.sanitize(shown))`"
        }
        if !(id.first!.isLetter || id.first!.isNumber) {
            return "`id` must start with a letter or digit, found `\(shown)`"
        }
        if id.count > maximumIDLength {
            return "`id` is \(id.count) characters long; at most \(maximumIDLength) are allowed"
        }
        if id.lowercased() == "course" {
            return "`id: course` is reserved (progress keeps the course's place in course.yaml)"
        }
        return nil
    }
}

/// Numeric tolerance: `|got − want| ≤ atol + rtol·|want|`.
public struct Tolerance: Sendable, Equatable, CustomStringConvertible {
    public var rtol: Double
    public var atol: Double

    public init(rtol: Double, atol: Double) {
        self.rtol = rtol
        self.atol = atol
    }

    /// The lesson default when front matter names none.
    public static let standard = Tolerance(rtol: 1e-6, atol: 1e-9)

    public func allows(got: Double, want: Double) -> Bool {
        if got.isNaN || want.isNaN { return got.isNaN && want.isNaN }
        if got.isInfinite || want.isInfinite { return got == want }
        return abs(got - want) <= atol + rtol * abs(want)
    }

    public var description: String { "rtol=\(formatNumber(rtol)) atol=\(formatNumber(atol))" }
}

/// The YAML front matter of a lesson (docs/LESSONS.md, "Front matter").
public struct LessonMeta: Sendable, Equatable {
    public var id: String
    public var title: String
    public var order: Int
    public var requires: [String]
    public var seed: Int
    public var tolerance: Tolerance
    /// Per-cell budget in seconds; past it the cell is interrupted.
    public var timeout: Double
    public var minutes: Int?
    /// `streams: cell` (the default): every cell that runs starts its own random stream
    /// from `cellSeed(lessonSeed:cellID:)`, so its numbers never depend on the cells run
    /// before it. `streams: lesson`: one stream from `seed` for the whole lesson (what a
    /// `:save` transcript uses, with the seeds it met written out as `seed(n)` calls).
    public var cellStreams = true

    public init(
        id: String, title: String, order: Int = 0, requires: [String] = [], seed: Int = 0,
        tolerance: Tolerance = .standard, timeout: Double = 20, minutes: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.order = order
        self.requires = requires
        self.seed = seed
        self.tolerance = tolerance
        self.timeout = timeout
        self.minutes = minutes
    }
}

/// Splits `---` front matter off a lesson and reads it. Returns the meta (nil
/// when it is missing or broken) and the line where the Markdown body starts.
func parseFrontMatter(_ text: String, file: String, into problems: inout [Diagnostic]) -> (
    LessonMeta?, bodyStart: Int
) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first.map({ $0.stripping(" \r") }) == "---" else {
        problems.append(
            Diagnostic(
                kind: .lesson, message: "a lesson starts with `---` YAML front matter (id, title, …)",
                range: SourceRange(.init(line: 1, column: 1)), sourceName: file))
        return (nil, 1)
    }
    guard let end = lines.dropFirst().firstIndex(where: { $0.stripping(" \r") == "---" }) else {
        problems.append(
            Diagnostic(
                kind: .lesson, message: "the front matter has no closing `---` line",
                range: SourceRange(.init(line: 1, column: 1)), sourceName: file))
        return (nil, 1)
    }
    let yaml = lines[1..<end].joined(separator: "\n")
    let bodyStart = end + 2
    func located(_ message: String, _ mark: Mark?, notes: [String] = []) {
        let loc = SourceLocation(line: (mark?.line ?? 0) + 1, column: mark?.column ?? 1)
        problems.append(
            Diagnostic(
                kind: .lesson, message: message, range: SourceRange(loc), sourceName: file, notes: notes))
    }
    let node: Node
    do {
        guard let n = try Yams.compose(yaml: yaml) else {
            located("the front matter is empty: it needs at least `id` and `title`", nil)
            return (nil, bodyStart)
        }
        node = n
    } catch let error as YamlError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            located("the front matter is not valid YAML: \(problem)", mark)
        default:
            located("the front matter is not valid YAML: " + TerminalText.sanitize("\(error)"), nil)
        }
        return (nil, bodyStart)
    } catch {
        located("the front matter is not valid YAML: \(error)", nil)
        return (nil, bodyStart)
    }
    guard let mapping = node.mapping else {
        located("the front matter must be a mapping of `key: value` lines", node.mark)
        return (nil, bodyStart)
    }
    var meta = LessonMeta(id: "", title: "")
    var sawID = false, sawTitle = false
    for (keyNode, value) in mapping {
        let key = keyNode.string ?? ""
        switch key {
        case "id":
            if let s = value.string, let problem = LessonMeta.problem(withID: s) {
                located(problem, value.mark)
            } else if let s = value.string {
                meta.id = s; sawID = true
            } else {
                located("`id` must be one word (letters, digits, `.`, `-`, `_`)", value.mark)
            }
        case "title":
            if let s = value.string, !s.isEmpty {
                meta.title = TerminalText.sanitize(s)
                sawTitle = true
            } else {
                located("`title` must be text", value.mark)
            }
        case "order":
            if let n = value.int {
                meta.order = n
            } else {
                located("`order` must be a whole number", value.mark)
            }
        case "minutes":
            if let n = value.int, n >= 0 {
                meta.minutes = n
            } else {
                located("`minutes` must be a whole number", value.mark)
            }
        case "seed":
            if let n = value.int {
                meta.seed = n
            } else {
                located("`seed` must be a whole number", value.mark)
            }
        case "requires":
            if let seq = value.sequence, seq.allSatisfy({ $0.string != nil }) {
                meta.requires = seq.compactMap(\.string)
            } else if let s = value.string, !s.isEmpty {
                meta.requires = [s]
            } else {
                located("`requires` must be a list of lesson ids, like `[intro.welcome]`", value.mark)
            }
        case "tolerance":
            guard let m = value.mapping else {
                located("`tolerance` must be `{ rtol: …, atol: … }`", value.mark); continue
            }
            for (k, v) in m {
                guard let name = k.string, name == "rtol" || name == "atol" else {
                    located("`tolerance` takes `rtol` and `atol`, found `\(k.string ?? "?")`", k.mark);
                    continue
                }
                guard let x = v.float, x >= 0 else {
                    located("`\(name)` must be a number ≥ 0", v.mark); continue
                }
                if name == "rtol" { meta.tolerance.rtol = x } else { meta.tolerance.atol = x }
            }
        case "streams":
            switch value.string {
            case "cell": meta.cellStreams = true
            case "lesson": meta.cellStreams = false
            default:
                located(
                    "`streams` must be `cell` (each cell its own random stream) or `lesson` (one stream)",
                    value.mark)
            }
        case "timeout":
            if let seconds = parseDuration(value.string ?? "") {
                meta.timeout = seconds
            } else {
                located("`timeout` must be a duration like `20s`, `500ms` or `2m`", value.mark)
            }
        default:
            located(
                "unknown front matter key `\(key)`", keyNode.mark,
                notes: [
                    "note: the keys are id, title, order, requires, seed, streams, tolerance, timeout, minutes"
                ])
        }
    }
    if !sawID {
        located("the front matter needs an `id` (unique and stable: progress is keyed by it)", node.mark)
    }
    if !sawTitle { located("the front matter needs a `title`", node.mark) }
    return (sawID && sawTitle ? meta : nil, bodyStart)
}

/// `20s`, `500ms`, `2m` or a bare number of seconds.
func parseDuration(_ text: String) -> Double? {
    let s = text.stripping(" ")
    if s.hasSuffix("ms"), let v = Double(s.dropLast(2)), v > 0 { return v / 1000 }
    if s.hasSuffix("s"), let v = Double(s.dropLast()), v > 0 { return v }
    if s.hasSuffix("m"), let v = Double(s.dropLast()), v > 0 { return v * 60 }
    if let v = Double(s), v > 0 { return v }
    return nil
}

extension Node {
    var any: String { string ?? "\(self)" }
}
