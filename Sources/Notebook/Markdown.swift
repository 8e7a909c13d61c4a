/// A small Markdown tree, converted once from libcmark's nodes so that the
/// rest of Notebook (rendering, presentation, export) works on plain values.
public indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case code(String)
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case link(text: [MarkdownInline], destination: String)
    case image(alt: [MarkdownInline], destination: String)
    /// `$…$` math (LaTeX source, without the dollars).
    case math(String)
    case softBreak
    case lineBreak
    case html(String)
}

/// A block of lesson prose.
public indirect enum MarkdownBlock: Sendable, Equatable {
    case heading(level: Int, [MarkdownInline])
    case paragraph([MarkdownInline])
    /// A paragraph that is only `$$…$$`, or a `math` cell: rendered as a display formula.
    case displayMath(String)
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]])
    case quote([MarkdownBlock])
    /// A fenced or indented code block that is not a lesson cell (shown, never run).
    case code(info: String, text: String)
    case table(header: [[MarkdownInline]], rows: [[[MarkdownInline]]])
    case rule
    case html(String)
}

extension MarkdownInline {
    /// The text without markup (for headings in a table of contents, link text, ...).
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s), .html(let s): return s
        case .math(let s): return "$" + s + "$"
        case .emphasis(let c), .strong(let c): return c.plainText
        case .link(let c, _), .image(let c, _): return c.plainText
        case .softBreak, .lineBreak: return " "
        }
    }
}

extension Array where Element == MarkdownInline {
    /// The concatenated plain text of these inlines.
    public var plainText: String { map(\.plainText).joined() }
}
