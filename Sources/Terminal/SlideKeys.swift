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
    /// Ctrl-C (as a byte, when the terminal does not turn it into a signal), or Ctrl-\\
    /// (always a byte while a slide reads keys: as SIGQUIT it killed the shell mid-frame).
    case stop
    /// Not a key: the window changed size, so the frame is drawn again at the new size
    /// (the terminal's key reader reports it; `SlideKeyDecoder` never makes it).
    case resize
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
            case 0x03, 0x1C: keys.append(.stop); i += 1
            default: i += 1
            }
        }
        return (keys, [])
    }
}

/// A block of lines redrawn in place (a slider's frame) must fit the window: a cursor
/// cannot go back above it, and a taller block would scroll into the transcript.
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

    /// `lines` cut to `rows` rows of a window `columns` wide: the first line (a heading)
    /// and the last lines that fit after it, whole lines only.
    public static func fit(_ lines: [String], rows: Int, columns: Int) -> [String] {
        guard let head = lines.first else { return [] }
        var kept: [String] = []
        var used = Self.rows([head], columns: columns)
        for line in lines.dropFirst().reversed() {
            let r = Self.rows([line], columns: columns)
            guard used + r <= rows else { break }
            kept.append(line)
            used += r
        }
        return [head] + kept.reversed()
    }
}
