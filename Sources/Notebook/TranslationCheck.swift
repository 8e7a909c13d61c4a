import Diagnostics
import Foundation
import Terminal

/// A translated lesson (`Lessons/zh/NN-name.md`) against its English source (issue 19):
/// the same front matter id, order, seed and tolerance (progress is kept by id, so a learner
/// who switches language keeps their place), the same cells in the same order, and in each
/// cell everything that runs or is checked unchanged — Lab code, expected output, `expect`
/// lines, `when` expressions, parameter names, values and ranges. What is translated: the
/// prose, `\text{…}` in formulas, `when` messages, hints, quiz text, parameter descriptions,
/// and the string given to `title`, `label`, `xlabel` or `ylabel` in a plotting command (the
/// drawn plot then differs, so the expected output of that command and of the rest of its
/// cell, which may draw that plot, is not compared: `metalab check` runs such a translation).
public enum TranslationCheck {
    /// Every way `translation` is out of step with `source`, located in the translation, each
    /// naming both files. Empty when the two are in step.
    public static func compare(translation: Lesson, source: Lesson) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let file = translation.path
        let sourceFile = source.path
        func fail(_ message: String, _ range: SourceRange?, sourceLine: Int?) {
            let note =
                sourceLine.map { "note: \(sourceFile):\($0) is the English source" }
                ?? "note: the English source is \(sourceFile)"
            problems.append(
                Diagnostic(
                    kind: .translation, message: message + " (against \(sourceFile))",
                    range: range, sourceName: file, notes: [note]))
        }
        let top = SourceRange(.init(line: 2, column: 1))
        let m = translation.meta, s = source.meta
        if m.id != s.id {
            fail(
                "the lesson id is `\(m.id)`, the English lesson's is `\(s.id)`: progress is kept by id", top,
                sourceLine: 2)
        }
        if m.order != s.order {
            fail("`order` is \(m.order), the English lesson's is \(s.order)", top, sourceLine: 2)
        }
        if m.seed != s.seed || m.cellStreams != s.cellStreams {
            fail(
                "`seed`/`streams` differ from the English lesson, so the cells would draw other numbers", top,
                sourceLine: 2)
        }
        if m.tolerance != s.tolerance {
            fail("the tolerance differs from the English lesson's (\(s.tolerance))", top, sourceLine: 2)
        }
        if m.requires != s.requires {
            fail("`requires` differs from the English lesson's \(s.requires)", top, sourceLine: 2)
        }

        let ours = keyed(translation.cells), theirs = keyed(source.cells)
        let ourKeys = Set(ours.map(\.key)), theirKeys = Set(theirs.map(\.key))
        for (k, entry) in theirs.enumerated() where !ourKeys.contains(entry.key) {
            // Located where the cell should stand: before the next source cell the translation has.
            let next = theirs[(k + 1)...].first { ourKeys.contains($0.key) }
            let at = next.flatMap { n in ours.first { $0.key == n.key } }?.cell.infoRange
            fail(
                "the \(entry.key) cell is missing",
                at ?? SourceRange(.init(line: translation.source.lines.count, column: 1)),
                sourceLine: entry.cell.infoRange.start.line)
        }
        for entry in ours where !theirKeys.contains(entry.key) {
            fail("the \(entry.key) cell is not in the English lesson", entry.cell.infoRange, sourceLine: nil)
        }
        let common = ours.filter { theirKeys.contains($0.key) }
        let commonSource = theirs.filter { ourKeys.contains($0.key) }
        if let k = Array(zip(common, commonSource)).firstIndex(where: { $0.key != $1.key }) {
            fail(
                "the cells are in another order: here the \(common[k].key) cell comes where the English lesson has the \(commonSource[k].key) cell",
                common[k].cell.infoRange, sourceLine: commonSource[k].cell.infoRange.start.line)
            return problems
        }
        for (a, b) in zip(common, commonSource) {
            for why in differences(a.cell, b.cell) {
                fail(
                    "the \(a.key) cell \(why.message)",
                    why.line.map { SourceRange(.init(line: $0, column: 1)) } ?? a.cell.infoRange,
                    sourceLine: why.sourceLine ?? b.cell.infoRange.start.line)
            }
        }
        return problems
    }

    /// Whether every cell that runs is byte for byte the English one (code and expected
    /// output), so that `metalab check` of the source proves the translation too. Call it
    /// on a pair `compare` found in step.
    public static func runsIdentically(_ translation: Lesson, _ source: Lesson) -> Bool {
        let a = translation.cells.filter { $0.kind.runs || $0.kind == .solution || $0.kind == .check }
        let b = source.cells.filter { $0.kind.runs || $0.kind == .solution || $0.kind == .check }
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            switch x.kind {
            case .lab, .plot: return x.transcript.map(strip) == y.transcript.map(strip)
            case .params:
                return x.parameters.map(\.name) == y.parameters.map(\.name)
                    && x.parameters.map(\.value) == y.parameters.map(\.value)
            case .check: return expressions(x.rules) == expressions(y.rules)
            default: return x.body == y.body
            }
        }
    }

    /// Where the English source of a translation lives: `Lessons/zh/07-pcgrad.md` → `Lessons/07-pcgrad.md`.
    public static func sourcePath(ofTranslation path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            (path as NSString).lastPathComponent)
    }

    /// The translations folder of a course folder, for `language` (`Lessons` → `Lessons/zh`).
    public static func translationFolder(of folder: String, language: String = "zh") -> String {
        (folder as NSString).appendingPathComponent(language)
    }

    /// Whether `path` is a translation: a lesson in a language folder (`Lessons/zh/…`).
    public static func isTranslation(_ path: String) -> Bool {
        ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent == "zh"
    }

    /// `metalab lint` of a translation: in step with its English source, and the glossary's
    /// words used (when a glossary is given). A translation without a source is a problem.
    public static func lint(translation: Lesson, glossary: Glossary?) -> [Diagnostic] {
        let sourcePath = sourcePath(ofTranslation: translation.path)
        let source: Lesson
        do { source = try LessonParser.parse(contentsOf: sourcePath) } catch {
            let why =
                FileManager.default.fileExists(atPath: sourcePath)
                ? "cannot be read (metalab lint shows why)" : "does not exist"
            return [
                Diagnostic(
                    kind: .translation, message: "the English source \(sourcePath) \(why)",
                    range: SourceRange(.init(line: 1, column: 1)), sourceName: translation.path)
            ]
        }
        return compare(translation: translation, source: source) + (glossary?.problems(in: translation) ?? [])
            + (glossary?.missingEnglish(in: translation) ?? [])
    }

    /// The English lessons of `folder` with no file of the same name in its `zh/` folder.
    public static func untranslated(in folder: String) -> [String] {
        let names = { (f: String) in
            ((try? FileManager.default.contentsOfDirectory(atPath: f)) ?? []).filter {
                $0.hasSuffix(".md") && $0.lowercased() != "readme.md"
            }
        }
        let done = Set(names(translationFolder(of: folder)))
        return names(folder).filter { !done.contains($0) }.sorted()
    }

    // MARK: - cells

    /// A cell's place in the lesson: kind and id, or kind, `for=` and its rank among
    /// the cells of that kind for the same exercise (the second hint is `hint for=ex #2`).
    static func keyed(_ cells: [Cell]) -> [(key: String, cell: Cell)] {
        var seen: [String: Int] = [:]
        return cells.map { cell in
            if let id = cell.id { return ("`\(cell.kind.rawValue) id=\(id)`", cell) }
            let base = "\(cell.kind.rawValue) for=\(cell["for"] ?? "?")"
            seen[base, default: 0] += 1
            let n = seen[base]!
            return (n == 1 ? "`\(base)`" : "`\(base)` #\(n)", cell)
        }
    }

    struct Difference {
        var message: String
        var line: Int?
        var sourceLine: Int?
    }

    /// How a translated cell differs from its English source in what runs or is checked.
    static func differences(_ a: Cell, _ b: Cell) -> [Difference] {
        var out: [Difference] = []
        let attributes = { (c: Cell) in c.attributes.map { "\($0.key)=\($0.value ?? "")" }.sorted() }
        if attributes(a) != attributes(b) {
            out.append(
                Difference(
                    message:
                        "has other attributes (\(attributes(a).joined(separator: " "))) than the English one (\(attributes(b).joined(separator: " ")))"
                ))
        }
        switch a.kind {
        case .lab, .plot:
            if a.transcript.count != b.transcript.count {
                out.append(
                    Difference(
                        message: "has \(a.transcript.count) commands, the English one \(b.transcript.count)"))
                break
            }
            // Once a command's plot labels are translated, the plot it starts may be drawn by a
            // later command of the cell: from there on, expected output may differ.
            var relabelled = false
            for (x, y) in zip(a.transcript, b.transcript) {
                if x.input != y.input {
                    relabelled = true
                    if plotLabelsErased(x.input) != plotLabelsErased(y.input) {
                        out.append(
                            Difference(
                                message:
                                    "runs other code: `\(firstLine(x.input))` where the English lesson has `\(firstLine(y.input))` (only title/label/xlabel/ylabel strings may be translated)",
                                line: x.line, sourceLine: y.line))
                    }
                } else if x.expected != y.expected && !relabelled {
                    let k =
                        Array(zip(x.expected, y.expected)).firstIndex { $0 != $1 }
                        ?? min(x.expected.count, y.expected.count)
                    out.append(
                        Difference(
                            message: "expects other output from `\(firstLine(x.input))`"
                                + (k < y.expected.count ? ": the English lesson has `\(y.expected[k])`" : ""),
                            line: x.expectedLine + k, sourceLine: y.expectedLine + k))
                }
            }
        case .setup, .exercise, .solution:
            if a.body != b.body {
                out.append(bodyDifference(a, b, what: a.kind == .exercise ? "starter" : "code"))
            }
        case .params:
            let show = { (p: ParameterSpec) in
                "\(p.name) = \(p.value)" + (p.range.map { " range=\($0.lowerBound)..\($0.upperBound)" } ?? "")
            }
            let x = a.parameters.map(show), y = b.parameters.map(show)
            if x != y {
                let k = Array(zip(x, y)).firstIndex { $0 != $1 } ?? min(x.count, y.count)
                out.append(
                    Difference(
                        message: "defines other parameters: " + (k < x.count ? "`\(x[k])`" : "nothing")
                            + " where the English lesson has " + (k < y.count ? "`\(y[k])`" : "nothing"),
                        line: k < a.parameters.count ? a.parameters[k].line : nil,
                        sourceLine: k < b.parameters.count ? b.parameters[k].line : nil))
            }
        case .check:
            let x = expressions(a.rules), y = expressions(b.rules)
            if x != y {
                let k = Array(zip(x, y)).firstIndex { $0 != $1 } ?? min(x.count, y.count)
                out.append(
                    Difference(
                        message: "checks " + (k < x.count ? "`\(x[k])`" : "nothing")
                            + " where the English lesson checks " + (k < y.count ? "`\(y[k])`" : "nothing")
                            + " (only `when` messages are translated)",
                        line: k < a.rules.count ? a.rules[k].line : nil,
                        sourceLine: k < b.rules.count ? b.rules[k].line : nil))
            }
        case .quiz:
            let x = a.quiz?.options.map(\.correct) ?? [], y = b.quiz?.options.map(\.correct) ?? []
            if x != y {
                out.append(
                    Difference(
                        message:
                            "has \(x.count) options with the right ones at \(marks(x)), the English one \(y.count) with \(marks(y))"
                    ))
            }
        case .math:
            if textErased(a.body) != textErased(b.body) {
                out.append(
                    Difference(message: "has another formula (only the words in \\text{…} are translated)"))
            }
        case .hint:
            break
        }
        return out
    }

    static func bodyDifference(_ a: Cell, _ b: Cell, what: String) -> Difference {
        let x = a.numberedLines, y = b.numberedLines
        let k = Array(zip(x, y)).firstIndex { $0.text != $1.text } ?? min(x.count, y.count)
        let shown =
            k < y.count ? ": the English lesson has `\(y[k].text)`" : ": the English \(what) ends here"
        return Difference(
            message: "has other \(what)\(shown)", line: k < x.count ? x[k].line : nil,
            sourceLine: k < y.count ? y[k].line : nil)
    }

    static func expressions(_ rules: [CheckRule]) -> [String] {
        rules.map {
            switch $0 {
            case .expect(let e, let approx, _): return "expect " + e + (approx.map { " ~= " + $0 } ?? "")
            case .when(let e, _, _): return "when " + e
            }
        }
    }

    static func strip(_ e: TranscriptEntry) -> [String] { [e.input] + e.expected }
    static func firstLine(_ s: String) -> String { String(s.split(separator: "\n").first ?? "") }
    static func marks(_ correct: [Bool]) -> String {
        correct.enumerated().filter(\.element).map { String($0.offset + 1) }.joined(separator: ", ")
    }

    /// Lab source with the string given to `title`, `label`, `xlabel` or `ylabel` replaced by `""`.
    static func plotLabelsErased(_ code: String) -> String {
        let pattern = #"\b(title|label|xlabel|ylabel)(\s*=\s*)"(?:[^"\\]|\\.)*""#
        return code.replacingOccurrences(of: pattern, with: "$1$2\"\"", options: .regularExpression)
    }

    /// LaTeX with the argument of every `\text{…}` emptied (no nested braces in course formulas).
    static func textErased(_ latex: String) -> String {
        latex.replacingOccurrences(of: #"\\text\{[^{}]*\}"#, with: #"\\text{}"#, options: .regularExpression)
    }
}

/// The course's Chinese vocabulary, read from docs/GLOSSARY.zh.md: for each term the
/// chosen word and the variants a translation must not use instead.
public struct Glossary: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        public var english: String
        /// The chosen forms (`先验 / 后验` gives two).
        public var chosen: [String]
        public var variants: [String]
        /// Everyday words (`任务`, `向量`) need no English at their first use: the note says `basic`.
        public var basic: Bool = false
    }

    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// The rows `| English | 中文 | not | note |` of the glossary's table (header and rule aside).
    public static func parse(_ markdown: String) -> Glossary {
        var terms: [Term] = []
        for line in markdown.split(separator: "\n") where line.hasPrefix("|") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 3, cells[0] != "English", !cells[0].hasPrefix("---") else { continue }
            let split = { (s: String, by: String) in
                s.components(separatedBy: by).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            }
            terms.append(
                Term(
                    english: cells[0], chosen: split(cells[1], "/"), variants: split(cells[2], "、"),
                    basic: cells.count > 3 && cells[3].hasPrefix("basic")))
        }
        return Glossary(terms: terms)
    }

    public static func load(path: String) -> Glossary? {
        (try? String(contentsOfFile: path, encoding: .utf8)).map(parse)
    }

    /// Every variant used in the lesson's text outside code (Lab cells are not translated), as
    /// an error naming the chosen word. A variant inside a chosen word (`专家混合` holds no
    /// `混合专家`, but `帕累托前沿` might hold another term's variant) is not reported there.
    public func problems(in lesson: Lesson) -> [Diagnostic] {
        let chosen = terms.flatMap(\.chosen)
        var codeLines = Set<Int>()
        for cell in lesson.cells where [.lab, .plot, .setup, .exercise, .solution].contains(cell.kind) {
            codeLines.formUnion(cell.numberedLines.map(\.line))
        }
        var out: [Diagnostic] = []
        for (index, line) in lesson.source.lines.enumerated() where !codeLines.contains(index + 1) {
            let text = line as NSString
            var covered: [NSRange] = []
            for word in chosen { covered += ranges(of: word, in: text) }
            for term in terms {
                for variant in term.variants {
                    for r in ranges(of: variant, in: text)
                    where !covered.contains(where: { NSIntersectionRange($0, r).length == r.length }) {
                        let column = (text.substring(to: r.location) as String).count + 1
                        out.append(
                            Diagnostic(
                                kind: .glossary,
                                message:
                                    "`\(variant)` for \(term.english): the course writes `\(term.chosen.joined(separator: " / "))` (docs/GLOSSARY.zh.md)",
                                range: SourceRange(
                                    start: .init(line: index + 1, column: column),
                                    end: .init(line: index + 1, column: column + variant.count)),
                                sourceName: lesson.path))
                    }
                }
            }
        }
        return out
    }

    /// Every term (the `basic` ones aside) whose first use in the lesson's prose is not
    /// followed by its English in parentheses, `元学习（meta-learning）`, as an error at that use.
    /// Headings do not count as a first use (the prose under them gives the English).
    public func missingEnglish(in lesson: Lesson) -> [Diagnostic] {
        var skipped = Set<Int>()
        for cell in lesson.cells {
            skipped.formUnion(
                cell.infoRange.start.line...(cell.infoRange.start.line + max(0, cell.numberedLines.count) + 1)
            )
        }
        let lines = lesson.source.lines
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") {
            skipped.formUnion(1...(end + 1))
        }
        var out: [Diagnostic] = []
        for term in terms where !term.basic {
            for word in term.chosen {
                guard let (index, r) = firstUse(of: word, in: lines, skipping: skipped) else { continue }
                let text = lines[index] as NSString
                // Emphasis may close between the word and its English: **帕累托最优**（Pareto optimal）.
                let after = String(
                    text.substring(from: r.location + r.length).drop { $0 == "*" || $0 == "_" })
                let english =
                    after.hasPrefix("（")
                    && after.dropFirst().prefix { $0 != "）" }.contains { $0.isASCII && $0.isLetter }
                if !english {
                    let column = (text.substring(to: r.location) as String).count + 1
                    out.append(
                        Diagnostic(
                            kind: .glossary,
                            message:
                                "the first `\(word)` of the lesson needs its English term: `\(word)（\(term.english)）` (docs/GLOSSARY.zh.md)",
                            range: SourceRange(
                                start: .init(line: index + 1, column: column),
                                end: .init(line: index + 1, column: column + word.count)),
                            sourceName: lesson.path))
                }
            }
        }
        return out
    }

    func firstUse(of word: String, in lines: [String], skipping: Set<Int>) -> (Int, NSRange)? {
        for (index, line) in lines.enumerated() where !skipping.contains(index + 1) && !line.hasPrefix("#") {
            if let r = ranges(of: word, in: line as NSString).first { return (index, r) }
        }
        return nil
    }

    func ranges(of word: String, in text: NSString) -> [NSRange] {
        var found: [NSRange] = []
        var search = NSRange(location: 0, length: text.length)
        while true {
            let r = text.range(of: word, options: [], range: search)
            if r.location == NSNotFound { return found }
            found.append(r)
            search = NSRange(location: r.location + r.length, length: text.length - r.location - r.length)
        }
    }
}

extension LessonChecker {
    /// `metalab check` of a translation without running it, when `TranslationCheck` proves its
    /// cells run exactly as its English source's: the source's check (`sourceReport`, else run
    /// now) stands for both, and the translation's own structure and formulas are checked.
    /// Nil when `path` is no translation, or one that must run on its own (a translated plot
    /// title draws another plot); a translation out of step fails without running.
    public func checkByIdentity(path: String, sourceReport: (String) -> LessonCheckReport?)
        -> LessonCheckReport?
    {
        let start = monotonicSeconds()
        guard TranslationCheck.isTranslation(path),
            let translation = try? LessonParser.parse(contentsOf: path)
        else { return nil }
        let sourcePath = TranslationCheck.sourcePath(ofTranslation: path)
        guard let source = try? LessonParser.parse(contentsOf: sourcePath) else { return nil }
        var failures =
            LessonLinter.lint(translation)
            + TranslationCheck.compare(translation: translation, source: source)
        let mathCells = translation.cells.filter { $0.kind == .math }
        for cell in mathCells {
            if var problem = validateMath(cell.body, SourceLocation(line: cell.bodyFirstLine, column: 1)) {
                if problem.range == nil { problem.range = cell.infoRange }
                problem.sourceName = path
                failures.append(problem)
            }
        }
        func report(identical: Bool) -> LessonCheckReport {
            LessonCheckReport(
                path: path, failures: failures, source: translation.source, cells: translation.cells.count,
                seconds: monotonicSeconds() - start, updated: 0, identicalTo: identical ? sourcePath : nil)
        }
        if !failures.isEmpty { return report(identical: false) }
        guard TranslationCheck.runsIdentically(translation, source) else { return nil }
        let proof = sourceReport(sourcePath) ?? check(path: sourcePath)
        if !proof.passed {
            failures.append(
                Diagnostic(
                    kind: .check,
                    message: "the English source \(sourcePath) fails its check, so this translation does too",
                    range: SourceRange(.init(line: 1, column: 1)), sourceName: path))
        }
        return report(identical: true)
    }
}
