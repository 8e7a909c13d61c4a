import Terminal

/// How math in prose becomes text: `inline` for `$…$` (one line), `display`
/// for `$$…$$` and `math` cells (several lines, 2-D). A formula that cannot be
/// typeset comes back as its LaTeX source.
public struct MathTypesetter: Sendable {
    public var inline: @Sendable (String, TerminalContext) -> String
    public var display: @Sendable (String, TerminalContext) -> [String]
    /// The inline formulas of one paragraph together, so they agree on how they write
    /// subscripts (`vₐ` and `v_b` never side by side); by default each by `inline`.
    public var paragraph: @Sendable ([String], TerminalContext) -> [String]

    public init(
        inline: @escaping @Sendable (String, TerminalContext) -> String,
        display: @escaping @Sendable (String, TerminalContext) -> [String],
        paragraph: (@Sendable ([String], TerminalContext) -> [String])? = nil
    ) {
        self.inline = inline
        self.display = display
        self.paragraph = paragraph ?? { latexes, context in latexes.map { inline($0, context) } }
    }

    /// Shows the LaTeX source as written.
    public static let source = MathTypesetter(
        inline: { latex, _ in latex },
        display: { latex, _ in
            latex.split(separator: "\n").map(String.init)
        })
}

/// Renders lesson prose for the terminal: headings, paragraphs wrapped to the
/// width, emphasis, inline code, lists, quotes, tables, links and math.
/// Without colour, markup that carries meaning stays visible (`code` keeps
/// its backticks, links show their address).
public struct ProseRenderer: Sendable {
    public var context: TerminalContext
    public var math: MathTypesetter

    public init(context: TerminalContext, math: MathTypesetter = .source) {
        self.context = context
        self.math = math
    }

    var colored: Bool { context.colorMode != .none }

    func style(_ text: String, _ s: TextStyle) -> String { s.apply(text, mode: context.colorMode) }

    /// The blocks as lines of text (no trailing newline), blocks separated by a blank line.
    public func render(_ blocks: [MarkdownBlock]) -> String {
        blocks.map { render($0, width: context.width).joined(separator: "\n") }.joined(separator: "\n\n")
    }

    public func render(_ block: MarkdownBlock, width: Int) -> [String] {
        switch block {
        case .heading(let level, let inlines):
            let text = inlineText(inlines)
            let w = displayWidth(text)
            switch level {
            case 1:
                return [
                    style(text, TextStyle(foreground: .cyan, bold: true)),
                    style(
                        String(repeating: context.ascii ? "=" : "═", count: min(w, width)),
                        TextStyle(foreground: .cyan)),
                ]
            case 2:
                return [
                    style(text, TextStyle(bold: true)),
                    style(
                        String(repeating: context.ascii ? "-" : "─", count: min(w, width)),
                        TextStyle(dim: true)),
                ]
            default:
                return [style(text, TextStyle(bold: true))]
            }
        case .paragraph(let inlines):
            return wrap(inlines, width: width)
        case .displayMath(let latex):
            return math.display(latex, context).map { "    " + $0 }
        case .list(let ordered, let start, let items):
            var lines: [String] = []
            for (k, item) in items.enumerated() {
                let marker = ordered ? "\(start + k). " : (context.ascii ? "* " : "• ")
                let pad = String(repeating: " ", count: displayWidth(marker))
                let body = item.map { render($0, width: max(10, width - pad.count)) }
                for (b, blockLines) in body.enumerated() {
                    if b > 0 { lines.append("") }
                    for (i, line) in blockLines.enumerated() {
                        lines.append((b == 0 && i == 0 ? marker : pad) + line)
                    }
                }
            }
            return lines
        case .quote(let blocks):
            let bar = style(context.ascii ? "| " : "│ ", TextStyle(dim: true))
            return blocks.enumerated().flatMap { k, b in
                (k > 0 ? [""] : []) + render(b, width: max(10, width - 2))
            }.map { bar + $0 }
        case .code(_, let text):
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            // A cell's code (`:solution`) is the lesson's text: its escapes are shown, not sent.
            return lines.map { "    " + style(TerminalText.sanitize($0), TextStyle(foreground: .cyan)) }
        case .table(let header, let rows):
            return table(header: header, rows: rows)
        case .rule:
            return [
                style(
                    String(repeating: context.ascii ? "-" : "─", count: min(width, 40)), TextStyle(dim: true))
            ]
        case .html:
            return []
        }
    }

    // MARK: inlines

    /// Styled fragments; spaces split words for wrapping. Inline code and math up to
    /// `atomLimit` columns (the line's width) keep their spaces: one unbreakable unit.
    func fragments(_ inlines: [MarkdownInline], _ s: TextStyle = .plain, atomLimit: Int) -> [(
        String, TextStyle
    )] {
        let latexes = mathSpans(inlines)
        let typeset = Dictionary(
            zip(latexes, math.paragraph(latexes, context)), uniquingKeysWith: { a, _ in a })
        return fragments(inlines, s, atomLimit: atomLimit, typeset: typeset)
    }

    /// The `$…$` spans of `inlines`, in order, nested ones included.
    func mathSpans(_ inlines: [MarkdownInline]) -> [String] {
        inlines.flatMap { inline -> [String] in
            switch inline {
            case .math(let latex): return [latex]
            case .emphasis(let c), .strong(let c), .link(let c, _): return mathSpans(c)
            default: return []
            }
        }
    }

    func fragments(_ inlines: [MarkdownInline], _ s: TextStyle, atomLimit: Int, typeset: [String: String])
        -> [(String, TextStyle)]
    {
        /// Emphasis or strong text: in its style with colour, else between its Markdown marks.
        func marked(_ c: [MarkdownInline], _ mark: String, styled: TextStyle) -> [(String, TextStyle)] {
            guard colored else {
                return [(mark, s)] + fragments(c, s, atomLimit: atomLimit, typeset: typeset) + [(mark, s)]
            }
            return fragments(c, styled, atomLimit: atomLimit, typeset: typeset)
        }
        var out: [(String, TextStyle)] = []
        for inline in inlines {
            switch inline {
            case .text(let t): out.append((t, s))
            case .code(let c):
                out.append(
                    (
                        WindowFit.unbreakable(colored ? c : "`" + c + "`", limit: atomLimit),
                        merge(s, TextStyle(foreground: .cyan))
                    ))
            case .emphasis(let c):
                var e = s; e.italic = true
                out += marked(c, "_", styled: e)
            case .strong(let c):
                var b = s; b.bold = true
                out += marked(c, "*", styled: b)
            case .link(let c, let destination):
                var u = s; u.underline = true
                out += fragments(c, u, atomLimit: atomLimit, typeset: typeset)
                if c.plainText != destination && !destination.isEmpty {
                    out.append((" <\(destination)>", merge(s, TextStyle(dim: true))))
                }
            case .image(let alt, _):
                out.append(("[image: " + alt.plainText + "]", merge(s, TextStyle(dim: true))))
            case .math(let latex):
                out.append(
                    (
                        WindowFit.unbreakable(
                            typeset[latex] ?? math.inline(latex, context), limit: atomLimit), s
                    ))
            case .softBreak: out.append((String(Self.softBreakMark), s))
            case .lineBreak: out.append(("\n", s))
            case .html: break
            }
        }
        return out
    }

    func merge(_ a: TextStyle, _ b: TextStyle) -> TextStyle {
        TextStyle(
            foreground: b.foreground ?? a.foreground, background: b.background ?? a.background,
            bold: a.bold || b.bold,
            dim: a.dim || b.dim, italic: a.italic || b.italic, underline: a.underline || b.underline)
    }

    /// A soft line break of the source, resolved by `resolvingSoftBreaks`.
    static let softBreakMark: Character = "\u{E000}"

    /// The text as the terminal shows it: `WindowFit.unprotected`.
    static func unprotected(_ text: String) -> String { WindowFit.unprotected(text) }

    /// Inlines on one line (headings, table cells). `keepingAtomsWhole`: short inline math
    /// and code keep their no-break spaces, for a message that a writer wraps later
    /// (`WindowFit.fitted` drops the protection as it writes).
    public func inlineText(_ inlines: [MarkdownInline], keepingAtomsWhole: Bool = false) -> String {
        let chars = Self.resolvingSoftBreaks(
            fragments(inlines, atomLimit: max(context.width - 4, 10)).flatMap { piece in
                piece.0.map { ($0, piece.1) }
            })
        var pieces: [(String, TextStyle)] = []
        for (c, s) in chars {
            if let last = pieces.last, last.1 == s {
                pieces[pieces.count - 1].0.append(c)
            } else {
                pieces.append((String(c), s))
            }
        }
        let text = pieces.map { style($0.0, $0.1) }.joined()
        return keepingAtomsWhole ? text : Self.unprotected(text)
    }

    /// Greedy word wrap to `width` display columns, at spaces and between CJK characters
    /// (`LineBreaking`: no line starts with `，。）` nor ends with `（`); a word longer than
    /// the line stands alone. A soft line break in the source is a space, or nothing when
    /// it joins two Chinese characters (`中文\n课程` reads `中文课程`).
    func wrap(_ inlines: [MarkdownInline], width: Int) -> [String] {
        // The paragraph's characters with their styles, soft breaks resolved.
        var chars: [(Character, TextStyle)] = []
        for (text, s) in fragments(inlines, atomLimit: width) { for c in text { chars.append((c, s)) } }
        chars = Self.resolvingSoftBreaks(chars)
        // words: runs of text a line may not break inside, each a list of styled pieces,
        // with whether a space stood before it
        var words: [(pieces: [(String, TextStyle)], spaceBefore: Bool)] = []
        var current: [(String, TextStyle)] = []
        var currentSpace = false
        var hardBreaks: Set<Int> = []
        var piece = ""
        var pieceStyle = TextStyle.plain
        var previous: Character? = nil
        var sawSpace = false
        func endPiece() { if !piece.isEmpty { current.append((piece, pieceStyle)); piece = "" } }
        func endWord() {
            endPiece()
            if !current.isEmpty { words.append((current, currentSpace)); current = [] }
        }
        for (c, s) in chars {
            if c == " " || c == "\n" {
                endWord()
                if c == "\n" { hardBreaks.insert(words.count) }
                previous = nil
                sawSpace = true
                continue
            }
            if let p = previous, LineBreaking.allowsBreak(between: p, and: c) { endWord() }
            if current.isEmpty && piece.isEmpty {
                // Punctuation that may not start a line stays with the word before it.
                if sawSpace, let last = words.last, !hardBreaks.contains(words.count),
                    !LineBreaking.allowsBreakAtSpace(between: last.pieces.last?.0.last, and: c)
                {
                    current = words.removeLast().pieces + [(" ", s)]
                    currentSpace = last.spaceBefore
                } else {
                    currentSpace = sawSpace
                }
            }
            if s != pieceStyle { endPiece(); pieceStyle = s }
            piece.append(c)
            previous = c
            sawSpace = false
        }
        endWord()
        // A lone formula operator keeps its neighbours on its line (`α = 0.25`).
        var glued: [(pieces: [(String, TextStyle)], spaceBefore: Bool)] = []
        var gluedBreaks: Set<Int> = []
        for (k, word) in words.enumerated() {
            if hardBreaks.contains(k) { gluedBreaks.insert(glued.count) }
            if word.spaceBefore, !hardBreaks.contains(k), let last = glued.last {
                let before = last.pieces.map(\.0).joined().split(separator: " ").last ?? ""
                let after = word.pieces.map(\.0).joined().split(separator: " ").first ?? ""
                if !LineBreaking.allowsBreakAtSpace(afterWord: before, beforeWord: after) {
                    glued[glued.count - 1].pieces += [(" ", last.pieces.last?.1 ?? .plain)] + word.pieces
                    continue
                }
            }
            glued.append(word)
        }
        words = glued
        hardBreaks = gluedBreaks
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for (k, word) in words.enumerated() {
            let text = word.pieces.map { style($0.0, $0.1) }.joined()
            let w = word.pieces.reduce(0) { $0 + displayWidth($1.0) }
            let joiner = word.spaceBefore ? 1 : 0
            if hardBreaks.contains(k) && lineWidth > 0 {
                lines.append(line); line = ""; lineWidth = 0
            }
            if lineWidth > 0 && lineWidth + joiner + w > width {
                lines.append(line); line = ""; lineWidth = 0
            }
            if lineWidth > 0 && joiner == 1 { line += " "; lineWidth += 1 }
            line += text
            lineWidth += w
        }
        if lineWidth > 0 || lines.isEmpty { lines.append(line) }
        return lines.map(Self.unprotected)
    }

    /// Soft breaks (`softBreakMark`) become a space, or nothing beside a Chinese character.
    static func resolvingSoftBreaks(_ chars: [(Character, TextStyle)]) -> [(Character, TextStyle)] {
        var out: [(Character, TextStyle)] = []
        for (k, (c, s)) in chars.enumerated() {
            guard c == softBreakMark else { out.append((c, s)); continue }
            let before = out.last?.0, after = k + 1 < chars.count ? chars[k + 1].0 : nil
            let besideChinese =
                (before.map(LineBreaking.isWide) ?? false) || (after.map(LineBreaking.isWide) ?? false)
            if !besideChinese { out.append((" ", s)) }
        }
        return out
    }

    func table(header: [[MarkdownInline]], rows: [[[MarkdownInline]]]) -> [String] {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        func cells(_ row: [[MarkdownInline]]) -> [String] {
            (0..<columns).map { $0 < row.count ? inlineText(row[$0]) : "" }
        }
        let head = cells(header)
        let body = rows.map(cells)
        var widths = head.map(displayWidth)
        for row in body { for (i, c) in row.enumerated() { widths[i] = max(widths[i], displayWidth(c)) } }
        let bar = context.ascii ? "|" : "│"
        func line(_ row: [String], bold: Bool) -> String {
            row.enumerated().map { i, c in
                let padded = c.padded(toWidth: widths[i])
                return bold ? style(padded, TextStyle(bold: true)) : padded
            }.joined(separator: " \(bar) ")
        }
        let rule = widths.map { String(repeating: context.ascii ? "-" : "─", count: $0) }.joined(
            separator: context.ascii ? "-+-" : "─┼─")
        return ([line(head, bold: true), rule] + body.map { line($0, bold: false) }).map(
            \.trimmingTrailingWhitespace)
    }
}
