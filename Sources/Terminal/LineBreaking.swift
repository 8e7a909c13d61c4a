/// Where a line of text that mixes Chinese and Latin may break: at spaces, and with no space
/// between two characters when either is wide (CJK) — the part of Unicode's line breaking
/// (UAX #14) a terminal course needs, with the rules of Chinese typesetting (避头尾): no line
/// starts with closing punctuation `，。、；：？！）」』` and none ends with opening
/// punctuation `（「『`. A Latin word is never split; so is nothing joined by a word joiner.
public enum LineBreaking {
    /// Characters that must not start a line (closing punctuation, Chinese and Latin).
    public static let noLineStart: Set<Character> = Set("，。、；：？！）」』】》〉〕”’…％·,.;:?!)]}%")
    /// Characters that must not end a line (opening punctuation).
    public static let noLineEnd: Set<Character> = Set("（「『【《〈〔“‘([{")
    /// U+2060 WORD JOINER: no break on either side of it (a formula that must stay whole).
    public static let wordJoiner: Character = "\u{2060}"

    /// Whether a line may break between `before` and `after`, which stand side by side with
    /// no space between them: only when one of them is wide and the punctuation rules allow it.
    public static func allowsBreak(between before: Character, and after: Character) -> Bool {
        if before == wordJoiner || after == wordJoiner { return false }
        guard isWide(before) || isWide(after) else { return false }
        return !noLineEnd.contains(before) && !noLineStart.contains(after)
    }

    /// Whether a line may break at the space between a text ending in `before` and one
    /// starting with `after`.
    public static func allowsBreakAtSpace(between before: Character?, and after: Character?) -> Bool {
        !(before.map(noLineEnd.contains) ?? false) && !(after.map(noLineStart.contains) ?? false)
    }

    /// Relations and operators that, standing alone between spaces, belong to a formula
    /// written in plain text (`α = 0.25`, `½(ŷ − y)²`, `s ≈ 0.03`): no line breaks at the
    /// spaces beside them. The ASCII hyphen is not one (a dash in prose).
    public static let formulaOperators: Set<Character> = Set("=≈≠≤≥<>−+±×÷·⋅∈∉⊂⊆→←↦⇒∼≡∝")

    /// Whether a line may break at the space between the words `before` and `after`:
    /// not beside a lone formula operator, nor where the punctuation rules forbid it.
    public static func allowsBreakAtSpace(afterWord before: Substring, beforeWord after: Substring) -> Bool {
        func isOperator(_ word: Substring) -> Bool {
            word.count == 1 && formulaOperators.contains(word.first!)
        }
        return !isOperator(before) && !isOperator(after)
            && allowsBreakAtSpace(between: before.last, and: after.first)
    }

    /// Whether `c` takes two columns.
    public static func isWide(_ c: Character) -> Bool {
        c.unicodeScalars.first.map { displayWidth($0) == 2 } ?? false
    }

    /// `text` cut into the pieces a line may break between, each with whether a space stood
    /// before it: words at spaces, and inside a word between CJK characters. Pieces the
    /// punctuation rules keep together (`文。`, `（中`, `x ）`) are one piece.
    public static func units(_ text: String) -> [(text: String, spaceBefore: Bool)] {
        var out: [(text: String, spaceBefore: Bool)] = []
        for word in text.split(separator: " ") {
            var piece = ""
            var first = true
            for c in word {
                if let last = piece.last, allowsBreak(between: last, and: c) {
                    out.append((piece, first))
                    piece = ""
                    first = false
                }
                piece.append(c)
            }
            if !piece.isEmpty { out.append((piece, first)) }
        }
        // The first piece is not preceded by anything the caller sees.
        if !out.isEmpty { out[0].spaceBefore = false }
        var glued: [(text: String, spaceBefore: Bool)] = []
        for unit in out {
            if unit.spaceBefore, let last = glued.last,
                !allowsBreakAtSpace(
                    afterWord: last.text.split(separator: " ").last ?? "",
                    beforeWord: unit.text.split(separator: " ").first ?? "")
            {
                glued[glued.count - 1].text += " " + unit.text
            } else {
                glued.append(unit)
            }
        }
        return glued
    }
}

extension String {
    /// The longest prefix of `self` (by characters) that fits in `width` columns, at least one character.
    func prefix(fittingWidth width: Int) -> Substring {
        var used = 0
        var end = startIndex
        for i in indices {
            let w = displayWidth(String(self[i]))
            if used + w > width && end > startIndex { break }
            used += w
            end = index(after: i)
            if used >= width { break }
        }
        return self[..<end]
    }
}
