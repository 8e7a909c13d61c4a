import Diagnostics
import Foundation
import Terminal

/// One `$…$` or `$$…$$` span taken out of lesson prose before Markdown parsing.
public struct MathSpan: Sendable, Equatable {
    public var latex: String
    public var display: Bool
    /// Where the opening `$` stands in the lesson file.
    public var location: SourceLocation
}

/// Markdown would read `a_1 * b_2` inside math as emphasis and eat `\\`; so
/// math spans are replaced by placeholders (`U+E000 index U+E001`, private-use
/// characters that Markdown leaves alone) before libcmark sees the text, and
/// restored when the tree is converted. Lines are preserved: a display span
/// over several lines leaves each continuation line holding `U+E002`, so the
/// line numbers libcmark reports still point into the lesson file.
///
/// Rules (pandoc's): `$$…$$` may span lines; `$…$` stays on one line, opens
/// before a non-space and closes after a non-space not followed by a digit
/// (so "costs $5 and $6" is not math); `\$` is a literal dollar. Fenced code
/// blocks and inline code spans are copied untouched.
struct MathProtector {
    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"
    static let filler: Character = "\u{E002}"

    var spans: [MathSpan] = []

    mutating func protect(_ text: String, firstLine: Int = 1) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        var out: [String] = []
        var fence: (char: Character, count: Int)? = nil
        var displayOpen: Int? = nil  // index of the open display span
        for (lineIndex, line) in lines.enumerated() {
            let lineNumber = firstLine + lineIndex
            if displayOpen == nil, let f = Self.fenceMarker(line) {
                if let current = fence {
                    if f.char == current.char && f.count >= current.count && f.infoEmpty { fence = nil }
                } else {
                    fence = (f.char, f.count)
                }
                out.append(String(line))
                continue
            }
            if fence != nil {
                out.append(String(line))
                continue
            }
            var result = ""
            var i = 0
            if displayOpen != nil { result.append(Self.filler) }
            while i < line.count {
                let c = line[i]
                if let open = displayOpen {
                    if c == "$" && i + 1 < line.count && line[i + 1] == "$" {
                        displayOpen = nil
                        i += 2
                    } else {
                        spans[open].latex.append(c)
                        i += 1
                    }
                    continue
                }
                if c == "\\" && i + 1 < line.count {
                    result.append(c)
                    result.append(line[i + 1])
                    i += 2
                    continue
                }
                if c == "`" {
                    var n = 0
                    while i + n < line.count && line[i + n] == "`" { n += 1 }
                    if let end = Self.closingBackticks(line, from: i + n, count: n) {
                        result += String(line[i..<(end + n)])
                        i = end + n
                    } else {
                        result += String(repeating: "`", count: n)
                        i += n
                    }
                    continue
                }
                if c == "$" {
                    let location = SourceLocation(line: lineNumber, column: i + 1)
                    if i + 1 < line.count && line[i + 1] == "$" {
                        // display math: may close on this line or a later one
                        var j = i + 2
                        var latex = ""
                        var closed = false
                        while j < line.count {
                            if line[j] == "$" && j + 1 < line.count && line[j + 1] == "$" {
                                closed = true; break
                            }
                            latex.append(line[j])
                            j += 1
                        }
                        if closed {
                            spans.append(MathSpan(latex: latex, display: true, location: location))
                            result += "\(Self.open)\(spans.count - 1)\(Self.close)"
                            i = j + 2
                        } else {
                            spans.append(MathSpan(latex: latex, display: true, location: location))
                            result += "\(Self.open)\(spans.count - 1)\(Self.close)"
                            displayOpen = spans.count - 1
                            i = line.count
                        }
                        continue
                    }
                    if i + 1 < line.count, !line[i + 1].isWhitespace,
                        let end = Self.closingDollar(line, from: i + 1)
                    {
                        spans.append(
                            MathSpan(latex: String(line[(i + 1)..<end]), display: false, location: location))
                        result += "\(Self.open)\(spans.count - 1)\(Self.close)"
                        i = end + 1
                        continue
                    }
                }
                result.append(c)
                i += 1
            }
            if let open = displayOpen, lineIndex < lines.count - 1 {
                spans[open].latex.append("\n")
            }
            out.append(result)
        }
        return out.joined(separator: "\n")
    }

    /// Replaces placeholders in `text` by their math (as `.math` inlines).
    func restore(_ text: String) -> [MarkdownInline] {
        var result: [MarkdownInline] = []
        var plain = ""
        var chars = Array(text)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == Self.filler { continue }
            if c == Self.open, let closeIndex = chars.firstIndex(of: Self.close),
                let index = Int(String(chars[chars.startIndex..<closeIndex])), spans.indices.contains(index)
            {
                if !plain.isEmpty { result.append(.text(plain)); plain = "" }
                result.append(.math(TerminalText.sanitize(spans[index].latex)))  // shown: no raw escapes
                chars = chars[(closeIndex + 1)...]
                continue
            }
            plain.append(c)
        }
        if !plain.isEmpty { result.append(.text(plain)) }
        return result
    }

    /// Restores placeholders in text that is shown verbatim (code), as `$…$` again.
    func restoreVerbatim(_ text: String) -> String {
        restore(text).map { inline -> String in
            if case .math(let latex) = inline { return "$" + latex + "$" }
            return inline.plainText
        }.joined()
    }

    private static func fenceMarker(_ line: [Character]) -> (char: Character, count: Int, infoEmpty: Bool)? {
        var i = 0
        while i < line.count && i < 4 && line[i] == " " { i += 1 }
        guard i < 4, i < line.count, line[i] == "`" || line[i] == "~" else { return nil }
        let c = line[i]
        var n = 0
        while i + n < line.count && line[i + n] == c { n += 1 }
        guard n >= 3 else { return nil }
        let rest = String(line[(i + n)...]).stripping(" \t")
        return (c, n, rest.isEmpty)
    }

    private static func closingBackticks(_ line: [Character], from start: Int, count: Int) -> Int? {
        var i = start
        while i < line.count {
            if line[i] == "`" {
                var n = 0
                while i + n < line.count && line[i + n] == "`" { n += 1 }
                if n == count { return i }
                i += n
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func closingDollar(_ line: [Character], from start: Int) -> Int? {
        var i = start
        while i < line.count {
            if line[i] == "\\" { i += 2; continue }
            if line[i] == "$" {
                let beforeOK = !line[i - 1].isWhitespace
                let afterOK = i + 1 >= line.count || !line[i + 1].isNumber
                if beforeOK && afterOK && i > start { return i }
                if i + 1 < line.count && line[i + 1] == "$" { return nil }
            }
            i += 1
        }
        return nil
    }
}
