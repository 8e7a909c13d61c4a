/// The number of terminal columns `s` occupies.
///
/// East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms,
/// most emoji) count 2; combining marks, zero-width characters (ZWSP, ZWJ,
/// variation selectors, soft hyphen), control characters and ANSI escape
/// sequences count 0; everything else counts 1. Tabs count 0 (callers expand
/// them first).
/// - Complexity: O(n) in the number of scalars; pure ASCII takes a fast path.
public func displayWidth(_ s: String) -> Int {
    var asciiOnly = true
    var count = 0
    for byte in s.utf8 {
        if byte >= 0x80 || byte == 0x1B { asciiOnly = false; break }
        if byte >= 0x20 && byte != 0x7F { count += 1 }
    }
    if asciiOnly { return count }
    var width = 0
    var it = s.unicodeScalars.makeIterator()
    while let scalar = it.next() {
        if scalar == "\u{1B}" {
            ANSI.skipEscape(&it)
        } else {
            width += displayWidth(scalar)
        }
    }
    return width
}

/// The number of columns one scalar occupies: 0, 1 or 2 (see `displayWidth(_:)`).
public func displayWidth(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x7F { return v >= 0x20 ? 1 : 0 }
    if v < 0xA0 { return 0 }  // DEL and C1 controls
    if v < 0x300 { return v == 0xAD ? 0 : 1 }
    // Fast paths for what terminal graphics and math text use most: Greek,
    // arrows, mathematical operators, box drawing, blocks, most geometric
    // shapes and braille are all narrow and none is a mark.
    if (0x370...0x3FF).contains(v) || (0x2190...0x22FF).contains(v) || (0x2500...0x25FC).contains(v)
        || (0x2800...0x28FF).contains(v) || (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v)
    {
        return 1
    }
    if isZeroWidth(scalar) { return 0 }
    return isWide(v) ? 2 : 1
}

private func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if (0x200B...0x200F).contains(v) || (0x2060...0x2064).contains(v) || v == 0xFEFF { return true }
    if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }
    if (0x1160...0x11FF).contains(v) { return true }  // Hangul medial vowels and final consonants
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return true
    default: return false
    }
}

/// East Asian Width W or F (Unicode 15, condensed to the blocks that occur in practice).
private func isWide(_ v: UInt32) -> Bool {
    if v < 0x1100 { return false }
    for range in wideRanges where range.contains(v) { return true }
    return false
}

private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
    0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
    0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
    0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
    0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
    0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
    0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
    0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
    0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC,
    0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
    0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
    0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC,
    0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
    0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
]

extension String {
    /// `self` padded with spaces on the right to `width` columns (unchanged if already wider).
    public func padded(toWidth width: Int) -> String {
        let w = displayWidth(self)
        return w >= width ? self : self + String(repeating: " ", count: width - w)
    }

    /// `self` padded with spaces on the left to `width` columns.
    public func leftPadded(toWidth width: Int) -> String {
        let w = displayWidth(self)
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }

    /// Greedy word wrap: lines of at most `width` columns (the first line at most
    /// `firstLine`, when the caller has already written something before it), broken
    /// at spaces and between CJK characters (`LineBreaking`: no line starts with `，。）`
    /// nor ends with `（`); a word longer than a line is cut (after a `/` when it has one, as
    /// a path). Text that fits is one line.
    public func wordWrapped(toWidth width: Int, firstLine: Int? = nil) -> [String] {
        let width = max(1, width)
        var room = max(1, firstLine ?? width)
        if displayWidth(self) <= room { return [self] }
        var lines: [String] = []
        var current = ""
        for unit in LineBreaking.units(self) {
            let w = unit.text
            let joiner = unit.spaceBefore ? " " : ""
            if current.isEmpty {
                current = w
            } else if displayWidth(current) + joiner.count + displayWidth(w) <= room {
                current += joiner + w
            } else {
                lines.append(current)
                current = w
                room = width
            }
            while displayWidth(current) > room {
                var head = String(current.prefix(fittingWidth: room))
                // A path or an address is cut after a slash where there is one.
                if let slash = head.dropLast().lastIndex(of: "/"), slash > head.startIndex {
                    head = String(head[...slash])
                }
                lines.append(head)
                current = String(current.dropFirst(head.count))
                room = width
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The longest prefix of `self` that fits in `width` columns, ending in
    /// `ellipsis` when something was cut. Escape sequences are kept (a reset
    /// is appended if any was cut off); a wide character that would straddle
    /// the edge is dropped.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        if displayWidth(self) <= width { return self }
        let budget = max(0, width - displayWidth(ellipsis))
        let scalars = Array(unicodeScalars)
        var out = String.UnicodeScalarView()
        var used = 0
        var sawEscape = false
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\u{1B}" {
                sawEscape = true
                let end = ANSI.escapeEnd(scalars, from: i)
                out.append(contentsOf: scalars[i..<end])
                i = end
                continue
            }
            let w = displayWidth(s)
            if used + w > budget { break }
            used += w
            out.append(s)
            i += 1
        }
        var result = String(out) + (width >= displayWidth(ellipsis) ? ellipsis : "")
        if sawEscape { result += ANSI.reset }
        return result
    }
}
