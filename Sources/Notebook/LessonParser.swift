import CCMark
import Diagnostics
import Foundation
import Terminal

/// Reads lesson files: front matter with Yams, the body with libcmark (math
/// protected first), fenced cells by kind. Every problem is a located
/// diagnostic; parsing collects them all rather than stopping at the first.
public enum LessonParser {
    /// Parses the lesson at `path`.
    public static func parse(contentsOf path: String) throws(LessonProblems) -> Lesson {
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)
        else {
            let source = SourceText(name: path, text: "")
            throw LessonProblems(
                diagnostics: [
                    Diagnostic(
                        kind: .io, message: "cannot read the lesson file (missing, unreadable or not UTF-8)",
                        sourceName: path)
                ], source: source)
        }
        return try parse(text, path: path)
    }

    /// Parses lesson text; `path` names it in diagnostics and locates its folder.
    public static func parse(_ text: String, path: String) throws(LessonProblems) -> Lesson {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let source = SourceText(name: path, text: text)
        if let nul = firstNUL(in: text) {
            // libcmark reads C strings: a NUL would silently drop the rest of the lesson.
            throw LessonProblems(
                diagnostics: [
                    Diagnostic(
                        kind: .lesson,
                        message: "the lesson contains a NUL byte "
                            + "(a lesson is text; the rest of the file would be lost)",
                        range: SourceRange(start: nul, end: .init(line: nul.line, column: nul.column + 1)),
                        sourceName: path)
                ], source: source)
        }
        var problems: [Diagnostic] = []
        let (meta, bodyStart) = parseFrontMatter(text, file: path, into: &problems)
        // Blank the front matter so libcmark's line numbers are the file's.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in 0..<min(bodyStart - 1, lines.count) { lines[i] = "" }
        var protector = MathProtector()
        let protected = protector.protect(lines.joined(separator: "\n"))
        let protectedLines = protected.split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        let converter = Converter(
            protector: protector, rawLines: lines, protectedLines: protectedLines, file: path)
        var items: [LessonItem] = []
        converter.convertDocument(protected, into: &items, problems: &problems)
        let (steps, sections) = buildSteps(items)
        guard let meta, !problems.contains(where: { $0.severity == .error }) else {
            throw LessonProblems(
                diagnostics: problems.sorted {
                    ($0.range?.start ?? .init(line: 0, column: 0))
                        < ($1.range?.start ?? .init(line: 0, column: 0))
                }, source: source)
        }
        return Lesson(
            path: path, source: source, meta: meta, items: items, steps: steps, sections: sections,
            contentHash: fnv1a(text))
    }

    /// Markdown text (a hint, a quiz question, a cell description) to blocks.
    public static func markdown(_ text: String) -> [MarkdownBlock] {
        var protector = MathProtector()
        let protected = protector.protect(text)
        let converter = Converter(
            protector: protector, rawLines: [],
            protectedLines: protected.split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init), file: "")
        var items: [LessonItem] = []
        var problems: [Diagnostic] = []
        converter.convertDocument(protected, into: &items, problems: &problems, cellsAllowed: false)
        return items.compactMap { if case .prose(let b) = $0 { return b } else { return nil } }
    }

    /// The line and column of the first NUL character in `text`, if any.
    static func firstNUL(in text: String) -> SourceLocation? {
        guard text.utf8.contains(0) else { return nil }
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\0" { return SourceLocation(line: line, column: column) }
            if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
        }
        return nil
    }

    /// The deepest nesting of blocks and inlines (lists, quotes, emphasis,
    /// links) the converter accepts. Real prose stays under 10; the limit keeps
    /// every recursive walk over the tree (conversion, rendering, release)
    /// shallow, whatever a hostile lesson holds.
    public static let maximumNesting = 64

    static func buildSteps(_ items: [LessonItem]) -> ([LessonStep], [LessonSection]) {
        var steps: [LessonStep] = []
        var sections: [LessonSection] = []
        var current: [LessonItem] = []
        func close(cell: Cell?, pause: Bool) {
            steps.append(
                LessonStep(
                    items: current, cell: cell, section: sections.isEmpty ? nil : sections.count - 1,
                    endsWithPause: pause))
            current = []
        }
        for item in items {
            switch item {
            case .prose(.heading(let level, let inlines)) where level == 2:
                if current.contains(where: { if case .prose = $0 { return true } else { return false } }) {
                    close(cell: nil, pause: false)
                }
                sections.append(LessonSection(title: inlines.plainText, firstStep: steps.count))
                current.append(item)
            case .cell(let cell) where cell.kind.isStep:
                current.append(item)
                close(cell: cell, pause: false)
            case .pause:
                if !current.isEmpty { close(cell: nil, pause: true) }
            default:
                current.append(item)
            }
        }
        if current.contains(where: { if case .speakerNote = $0 { return false } else { return true } }) {
            close(cell: nil, pause: false)
        }
        return (steps, sections)
    }
}

/// Walks libcmark's tree and builds `LessonItem`s.
private struct Converter {
    let protector: MathProtector
    let rawLines: [String]
    let protectedLines: [String]
    let file: String

    func convertDocument(
        _ text: String, into items: inout [LessonItem], problems: inout [Diagnostic],
        cellsAllowed: Bool = true
    ) {
        let document = text.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
        defer { cmark_node_free(document) }
        var node = cmark_node_first_child(document)
        while let n = node {
            if let deep = nodeNestedTooDeeply(n) {
                let line = Int(cmark_node_get_start_line(deep))
                problems.append(
                    Diagnostic(
                        kind: .lesson,
                        message:
                            "Markdown nested too deeply (more than \(LessonParser.maximumNesting) levels "
                            + "of lists, quotes, emphasis or links)",
                        range: SourceRange(
                            start: .init(line: line, column: 1), end: .init(line: line, column: 2)),
                        sourceName: file))
                items.append(.prose(.paragraph([.text("(Markdown nested too deeply to show)")])))
            } else {
                convertTopLevel(n, into: &items, problems: &problems, cellsAllowed: cellsAllowed)
            }
            node = cmark_node_next(n)
        }
    }

    /// The first node under `root` nested deeper than `LessonParser.maximumNesting`,
    /// found with libcmark's iterator (no recursion, so any depth is safe).
    func nodeNestedTooDeeply(_ root: OpaquePointer) -> OpaquePointer? {
        guard let iterator = cmark_iter_new(root) else { return nil }
        defer { cmark_iter_free(iterator) }
        var depth = 0
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return nil }
            guard let node = cmark_iter_get_node(iterator) else { return nil }
            if event == CMARK_EVENT_ENTER, !isLeaf(node) {  // leaves have an ENTER event only
                depth += 1
                if depth > LessonParser.maximumNesting { return node }
            } else if event == CMARK_EVENT_EXIT {
                depth -= 1
            }
        }
    }

    /// Whether libcmark reports only an ENTER event for `node` (a leaf type).
    func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_TEXT,
            CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            return true
        default:
            return false
        }
    }

    func convertTopLevel(
        _ node: OpaquePointer, into items: inout [LessonItem], problems: inout [Diagnostic],
        cellsAllowed: Bool
    ) {
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_CODE_BLOCK, cellsAllowed {
            let info = string(cmark_node_get_fence_info(node))
            let kindWord = info.split(separator: " ").first.map(String.init) ?? ""
            if let kind = CellKind(rawValue: kindWord) {
                if let cell = makeCell(node, kind: kind, info: info, problems: &problems) {
                    items.append(.cell(cell))
                    if kind == .math {
                        items.append(.prose(.displayMath(TerminalText.sanitize(cell.body.stripping("\n ")))))
                    }
                }
                return
            }
            if info.contains("id=") || info.contains("for=") {
                let line = Int(cmark_node_get_start_line(node))
                let column = infoColumn(line: line)
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "unknown cell kind `\(kindWord)`",
                        range: SourceRange(
                            start: .init(line: line, column: column),
                            end: .init(line: line, column: column + kindWord.count)),
                        sourceName: file,
                        notes: [
                            "note: the kinds are " + CellKind.allCases.map(\.rawValue).joined(separator: " ")
                        ]))
                return
            }
        }
        if type == CMARK_NODE_HTML_BLOCK {
            let html = string(cmark_node_get_literal(node)).stripping(" \n")
            if html == "<!-- pause -->" { items.append(.pause); return }
            if html.hasPrefix("<!-- speaker_note:") && html.hasSuffix("-->") {
                items.append(.speakerNote(String(html.dropFirst(18).dropLast(3)).stripping(" \n")))
                return
            }
            if html.hasPrefix("<!--") { return }
        }
        if let block = convertBlock(node) { items.append(.prose(block)) }
    }

    func makeCell(_ node: OpaquePointer, kind: CellKind, info: String, problems: inout [Diagnostic]) -> Cell?
    {
        let line = Int(cmark_node_get_start_line(node))
        let column = infoColumn(line: line)
        let parsed = parseInfoString(info, line: line, column: column)
        for (message, range) in parsed.problems {
            problems.append(Diagnostic(kind: .lesson, message: message, range: range, sourceName: file))
        }
        let infoRange = SourceRange(
            start: .init(line: line, column: column), end: .init(line: line, column: column + info.count))
        var cell = Cell(
            kind: kind, attributes: parsed.attributes,
            body: protector.restoreVerbatim(string(cmark_node_get_literal(node))),
            bodyFirstLine: line + 1, infoRange: infoRange)
        // cells are copied verbatim: take the body from the raw file lines, not libcmark's (it may drop indentation)
        let endLine = Int(cmark_node_get_end_line(node))
        if rawLines.indices.contains(line - 1), endLine - 1 <= rawLines.count {
            let bodyLines = Array(rawLines[line..<max(line, min(endLine - 1, rawLines.count))])
            let closing = rawLines.indices.contains(endLine - 1) ? rawLines[endLine - 1].stripping(" ") : ""
            let isClosed = closing.hasPrefix("```") || closing.hasPrefix("~~~")
            cell.body = (isClosed ? bodyLines : Array(rawLines[line..<min(endLine, rawLines.count)])).map {
                $0 + "\n"
            }.joined()
        }
        var seen = Set<String>()
        for attribute in parsed.attributes {
            if attribute.key != "id" && !kind.allowedAttributes.contains(attribute.key) {
                let allowed = (["id"] + kind.allowedAttributes.sorted()).joined(separator: " ")
                problems.append(
                    Diagnostic(
                        kind: .lesson,
                        message: "`\(attribute.key)` is not an attribute of a \(kind.rawValue) cell",
                        range: attribute.range, sourceName: file,
                        notes: ["note: a \(kind.rawValue) cell takes: \(allowed)"]))
            }
            if !seen.insert(attribute.key).inserted {
                problems.append(
                    Diagnostic(
                        kind: .lesson, message: "attribute `\(attribute.key)` is given twice",
                        range: attribute.range, sourceName: file))
            }
            validate(attribute, problems: &problems)
        }
        if cell.id == nil && ![.check, .hint, .solution].contains(kind) {
            problems.append(
                Diagnostic(
                    kind: .lesson,
                    message: "a \(kind.rawValue) cell needs a stable `id=` (progress and `:goto` use it)",
                    range: infoRange, sourceName: file))
        }
        if [.check, .hint, .solution].contains(kind) && cell["for"] == nil {
            problems.append(
                Diagnostic(
                    kind: .lesson, message: "a \(kind.rawValue) cell needs `for=ID` naming its exercise",
                    range: infoRange, sourceName: file))
        }
        switch kind {
        case .lab, .plot: cell.transcript = parseTranscript(cell, into: &problems, file: file)
        case .params: cell.parameters = parseParameters(cell, into: &problems, file: file)
        case .check: cell.rules = parseCheckRules(cell, into: &problems, file: file)
        case .quiz: cell.quiz = parseQuiz(cell, into: &problems, file: file)
        default: break
        }
        return cell
    }

    func validate(_ attribute: CellAttribute, problems: inout [Diagnostic]) {
        func fail(_ message: String) {
            problems.append(
                Diagnostic(kind: .lesson, message: message, range: attribute.range, sourceName: file))
        }
        let value = attribute.value ?? ""
        switch attribute.key {
        case "rtol", "atol":
            if Double(value).map({ $0 < 0 }) ?? true {
                fail("`\(attribute.key)` must be a number ≥ 0, found `\(value)`")
            }
        case "check":
            if !["numeric", "text", "off"].contains(value) {
                fail("`check` is numeric, text or off, found `\(value)`")
            }
        case "timeout":
            if parseDuration(value) == nil {
                fail("`timeout` must be a duration like `20s` or `500ms`, found `\(value)`")
            }
        case "id", "for", "target":
            if value.isEmpty || value.contains(where: \.isWhitespace) {
                fail("`\(attribute.key)` needs a value: `\(attribute.key)=name`")
            } else if attribute.key != "target",
                !value.allSatisfy({ $0.isLetter || $0.isNumber || ".-_".contains($0) })
            {
                fail(
                    "`\(attribute.key)` must be letters, digits, `.`, `-` and `_`, "
                        + "found `\(value.prefix(40))`")
            }
        case "may-vary", "hidden":
            if attribute.value != nil { fail("`\(attribute.key)` is a flag and takes no value") }
        default: break
        }
    }

    /// The 1-based column where the info string starts on a fence line.
    func infoColumn(line: Int) -> Int {
        guard rawLines.indices.contains(line - 1) else { return 1 }
        let chars = Array(rawLines[line - 1])
        var i = 0
        while i < chars.count && chars[i] == " " { i += 1 }
        while i < chars.count && (chars[i] == "`" || chars[i] == "~") { i += 1 }
        while i < chars.count && chars[i] == " " { i += 1 }
        return i + 1
    }

    func convertBlock(_ node: OpaquePointer) -> MarkdownBlock? {
        let type = cmark_node_get_type(node)
        switch type {
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(of: node))
        case CMARK_NODE_PARAGRAPH:
            if let table = table(node) { return table }
            let content = inlines(of: node).filter { $0 != .softBreak }
            if content.count == 1, case .math(let latex) = content[0],
                protectedText(node).hasPrefix("\(MathProtector.open)"), isDisplayPlaceholder(node)
            {
                return .displayMath(latex.stripping("\n "))
            }
            return .paragraph(inlines(of: node))
        case CMARK_NODE_BLOCK_QUOTE:
            return .quote(children(node).compactMap(convertBlock))
        case CMARK_NODE_LIST:
            let items = children(node).map { children($0).compactMap(convertBlock) }
            return .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)), items: items)
        case CMARK_NODE_CODE_BLOCK:
            return .code(
                info: string(cmark_node_get_fence_info(node)),
                text: protector.restoreVerbatim(string(cmark_node_get_literal(node))))
        case CMARK_NODE_THEMATIC_BREAK:
            return .rule
        case CMARK_NODE_HTML_BLOCK:
            return .html(string(cmark_node_get_literal(node)))
        default:
            return nil
        }
    }

    func isDisplayPlaceholder(_ node: OpaquePointer) -> Bool {
        let text = protectedText(node)
        guard let close = text.firstIndex(of: MathProtector.close),
            let index = Int(text[text.index(after: text.startIndex)..<close]),
            protector.spans.indices.contains(index)
        else { return false }
        return protector.spans[index].display
    }

    /// The protected source lines of a block, joined.
    func protectedText(_ node: OpaquePointer) -> String {
        let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
        guard start >= 1, end <= protectedLines.count, start <= end else { return "" }
        return protectedLines[(start - 1)..<end].joined(separator: "\n").stripping(" ")
    }

    /// A GitHub pipe table (libcmark itself has no tables): every line starts
    /// with `|` and the second is a delimiter row like `|---|:--:|`.
    func table(_ node: OpaquePointer) -> MarkdownBlock? {
        let start = Int(cmark_node_get_start_line(node)), end = Int(cmark_node_get_end_line(node))
        guard start >= 1, end <= protectedLines.count, end - start >= 1 else { return nil }
        let lines = protectedLines[(start - 1)..<end].map { $0.stripping(" ") }
        guard lines.allSatisfy({ $0.hasPrefix("|") }) else { return nil }
        let delimiter = splitRow(lines[1])
        guard !delimiter.isEmpty,
            delimiter.allSatisfy({ !$0.isEmpty && $0.allSatisfy { "-: ".contains($0) } })
        else { return nil }
        let header = splitRow(lines[0]).map(inlineMarkdown)
        let rows = lines.dropFirst(2).map { splitRow($0).map(inlineMarkdown) }
        return .table(header: header, rows: Array(rows))
    }

    func splitRow(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var inCode = false
        var chars = Array(line)
        if chars.first == "|" { chars.removeFirst() }
        if chars.last == "|" { chars.removeLast() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" && i + 1 < chars.count && chars[i + 1] == "|" {
                current.append("|"); i += 2; continue
            }
            if c == "`" { inCode.toggle() }
            if c == "|" && !inCode {
                cells.append(current.stripping(" ")); current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        cells.append(current.stripping(" "))
        return cells
    }

    func inlineMarkdown(_ text: String) -> [MarkdownInline] {
        let document = text.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
        defer { cmark_node_free(document) }
        guard let paragraph = cmark_node_first_child(document) else { return [] }
        if nodeNestedTooDeeply(paragraph) != nil { return [.text(text)] }
        return inlines(of: paragraph)
    }

    func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            result.append(c)
            child = cmark_node_next(c)
        }
        return result
    }

    func inlines(of node: OpaquePointer) -> [MarkdownInline] {
        var result: [MarkdownInline] = []
        for child in children(node) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT:
                for piece in protector.restore(string(cmark_node_get_literal(child))) {
                    if case .text(let s) = piece, case .text(let previous)? = result.last {
                        result[result.count - 1] = .text(previous + s)
                    } else {
                        result.append(piece)
                    }
                }
            case CMARK_NODE_CODE:
                result.append(.code(protector.restoreVerbatim(string(cmark_node_get_literal(child)))))
            case CMARK_NODE_SOFTBREAK: result.append(.softBreak)
            case CMARK_NODE_LINEBREAK: result.append(.lineBreak)
            case CMARK_NODE_EMPH: result.append(.emphasis(inlines(of: child)))
            case CMARK_NODE_STRONG: result.append(.strong(inlines(of: child)))
            case CMARK_NODE_LINK:
                result.append(.link(text: inlines(of: child), destination: string(cmark_node_get_url(child))))
            case CMARK_NODE_IMAGE:
                result.append(.image(alt: inlines(of: child), destination: string(cmark_node_get_url(child))))
            case CMARK_NODE_HTML_INLINE: result.append(.html(string(cmark_node_get_literal(child))))
            default: break
            }
        }
        return result
    }

    /// A libcmark string as Swift text, its control characters made visible
    /// (prose, hints and exercise text are untrusted: no escape reaches the terminal).
    func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { TerminalText.sanitize(String(cString: $0)) } ?? ""
    }
}
