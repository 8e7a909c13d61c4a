/// A key that means something to a live slider (`:slide NAME`, issue 20).
public enum SlideKey: Sendable, Equatable {
    /// → or `l`: one step up.
    case increase
    /// ← or `h`: one step down.
    case decrease
    /// Enter: keep the value.
    case keep
    /// Esc or `q`: put the old value and every output back.
    case restore
    /// Ctrl-C (as a byte, when the terminal does not turn it into a signal).
    case stop
}

/// Reads the bytes a terminal in non-canonical mode sends into `SlideKey`s.
///
/// The arrows come as `ESC [ C`/`ESC [ D` (normal cursor mode) or `ESC O C`/`ESC O D`
/// (application mode), possibly with parameters (`ESC [ 1 ; 2 C`); a lone `ESC` is the
/// Esc key. Every other escape sequence is skipped whole, every other byte ignored.
public enum SlideKeyDecoder {
    /// The keys in `bytes`, and the trailing bytes that may be the start of an escape
    /// sequence still arriving (`ESC`, `ESC [`, `ESC [ 1 ;`). With `final` (no more bytes
    /// came within the wait), a trailing lone `ESC` is the Esc key and `rest` is empty.
    public static func decode(_ bytes: [UInt8], final: Bool) -> (keys: [SlideKey], rest: [UInt8]) {
        var keys: [SlideKey] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x1B:
                guard i + 1 < bytes.count else {
                    if final {
                        keys.append(.restore)
                        return (keys, [])
                    }
                    return (keys, Array(bytes[i...]))
                }
                let introducer = bytes[i + 1]
                guard introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") else {
                    keys.append(.restore)  // Esc, then an ordinary key typed right after it
                    i += 1
                    continue
                }
                // Parameters (digits, `;`), then one final byte in 0x40…0x7E.
                var j = i + 2
                while j < bytes.count, (0x30...0x3F).contains(bytes[j]) { j += 1 }
                guard j < bytes.count else {
                    if final { return (keys, []) }  // a cut sequence: nothing
                    return (keys, Array(bytes[i...]))
                }
                switch bytes[j] {
                case UInt8(ascii: "C"): keys.append(.increase)
                case UInt8(ascii: "D"): keys.append(.decrease)
                default: break
                }
                i = j + 1
            case UInt8(ascii: "l"), UInt8(ascii: "+"): keys.append(.increase); i += 1
            case UInt8(ascii: "h"), UInt8(ascii: "-"): keys.append(.decrease); i += 1
            case 0x0D, 0x0A: keys.append(.keep); i += 1
            case UInt8(ascii: "q"): keys.append(.restore); i += 1
            case 0x03: keys.append(.stop); i += 1
            default: i += 1
            }
        }
        return (keys, [])
    }
}

/// Redrawing a block of lines in place (a slider's frame): how many rows the terminal
/// gave the previous block, and the escapes that go back over them.
public enum InPlaceBlock {
    /// The terminal rows `lines` take in a window `columns` wide: each line at least one,
    /// a longer one wraps (escape sequences take no columns).
    public static func rows(_ lines: [String], columns: Int) -> Int {
        let width = max(1, columns)
        return lines.reduce(0) { total, line in
            let w = displayWidth(ANSI.strip(line))
            return total + max(1, (w + width - 1) / width)
        }
    }

    /// From the line just below a block of `rows` rows: back to its first row, column 1,
    /// and erase from there to the end of the screen (`CR`, `CSI n A`, `CSI J`).
    public static func erase(rows: Int) -> String {
        "\r" + (rows > 0 ? "\u{1B}[\(rows)A" : "") + "\u{1B}[J"
    }

    /// The last lines of `lines` that fit in `rows` rows of a window `columns` wide (a
    /// cursor cannot move above the window, so a taller block could not be redrawn);
    /// the first line kept loses nothing but whole lines before it.
    public static func tail(_ lines: [String], fitting rows: Int, columns: Int) -> [String] {
        var kept: [String] = []
        var used = 0
        for line in lines.reversed() {
            let r = Self.rows([line], columns: columns)
            guard used + r <= rows else { break }
            kept.append(line)
            used += r
        }
        return kept.reversed()
    }
}
