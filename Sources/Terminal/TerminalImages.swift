import Foundation

/// MetaLab's own inline images on their way to the terminal (issues 18 and 20).
///
/// The output writers sanitise everything (`TerminalText.sanitize(_, keepingStyles: true)`),
/// so an image escape written into the text would be shown as `␛_G…`; and a general
/// exception for APC, DCS or OSC would let a lesson through (kitty's `t=f` even makes
/// the terminal read a local file). So a plot never puts an image escape into its text.
/// It registers the escape here and puts a placeholder in its place:
///
///     ESC ^ metalab-image ; TOKEN ; INDEX ESC \
///
/// an ECMA-48 privacy message (PM, which terminals swallow unshown), carrying this
/// process's token (128 random bits drawn at start, never shown) and the image's index
/// in the table below. The writer's `keepingStyles` sanitiser replaces a placeholder
/// whose token matches, and whose image is still held, with the stored placement;
/// everything else (a wrong token, an unknown index, a lone `ESC ^`, any APC/DCS/OSC)
/// is shown visibly like every other control character. So:
/// - only this module's table can produce image bytes at the writer, and it only
///   holds escapes that pass `isWellFormed` (the exact forms MetaLab's encoders write:
///   kitty transmits directly, `t=d`, never a file; sixel is only sixel data);
/// - a lesson cannot forge a placeholder without the token, and even with it could only
///   re-show one of MetaLab's own images;
/// - the placeholder is an escape sequence to every width and strip function
///   (`displayWidth`, `ANSI.strip`, `truncated`), so it counts zero columns and is
///   kept or dropped whole, exactly as the escape it stands for; the image's cells are
///   the blank cells the plot left for it, and the placement moves the cursor there.
///
/// The table keeps the newest images up to `byteBudget` bytes; a placeholder whose image
/// was dropped (a plot shown long ago, shown again) writes nothing, leaving its blank cells.
public enum TerminalImages {
    /// The most bytes of stored escapes kept (the newest image is always kept).
    public static let byteBudget = 64 << 20

    /// A placeholder for `escape` (an image in `graphicsProtocol`'s form) placed `linesUp`
    /// lines above the line the placeholder ends and at `column` (0-based): at the writer it
    /// becomes save cursor (`ESC 7`), up (`CSI n A`), to the column (`CSI n G`), the image,
    /// restore cursor (`ESC 8`). Empty when `escape` is not a well-formed image (a library
    /// bug: it is never registered).
    public static func placeholder(
        for escape: String, as graphicsProtocol: GraphicsProtocol, linesUp: Int, column: Int
    ) -> String {
        guard linesUp >= 0, column >= 0, isWellFormed(escape, as: graphicsProtocol) else { return "" }
        let up = linesUp > 0 ? "\u{1B}[\(linesUp)A" : ""
        let placement = "\u{1B}7" + up + "\u{1B}[\(column + 1)G" + escape + "\u{1B}8"
        let index = table.add(placement)
        return "\u{1B}^" + marker + ";" + token + ";" + String(index) + "\u{1B}\\"
    }

    /// The placement registered for the placeholder starting at `scalars[start]` (an ESC),
    /// and the index just past the placeholder; nil when the text there is not a placeholder
    /// with this process's token. The placement is empty when its image was dropped.
    static func placement(in scalars: [Unicode.Scalar], at start: Int) -> (text: String, end: Int)? {
        let prefix = Array(("\u{1B}^" + marker + ";").unicodeScalars)
        guard start + prefix.count + token.count + 3 < scalars.count,
            Array(scalars[start..<(start + prefix.count)]) == prefix
        else { return nil }
        var i = start + prefix.count
        // Compares every character of the token, whatever the first mismatch (no timing hint).
        var differences = 0
        for expected in tokenScalars {
            differences |= Int(scalars[i].value ^ expected.value)
            i += 1
        }
        guard differences == 0, scalars[i] == ";" else { return nil }
        i += 1
        var index = 0
        var digits = 0
        while i < scalars.count, ("0"..."9").contains(scalars[i]), digits < 18 {
            index = index * 10 + Int(scalars[i].value - 48)
            digits += 1
            i += 1
        }
        guard digits > 0, i + 1 < scalars.count, scalars[i] == "\u{1B}", scalars[i + 1] == "\\" else {
            return nil
        }
        return (table.placement(index) ?? "", i + 2)
    }

    /// Whether `escape` is exactly what MetaLab's encoder for `graphicsProtocol` writes:
    /// - kitty: one or more `ESC _ G keys ; base64 ESC \`, the first with the keys
    ///   `a=T,f=100,t=d,q=2,C=1,c=N,r=N,m=0|1` (transmit directly, never a file, a
    ///   shared-memory object or a temporary file), the rest `m=0|1`, the last `m=0`;
    /// - iterm: `ESC ] 1337 ; File=inline=1;size=N;width=N;height=N;preserveAspectRatio=0;`
    ///   `doNotMoveCursor=1:` base64 `BEL`;
    /// - sixel: `ESC P 0;1;0 q`, then only sixel data (`"#!$-;`, digits, `?`…`~`), `ESC \`.
    /// - Complexity: O(n) in the escape's length.
    public static func isWellFormed(_ escape: String, as graphicsProtocol: GraphicsProtocol) -> Bool {
        let bytes = Array(escape.utf8)
        switch graphicsProtocol {
        case .none: return false
        case .kitty: return isKitty(bytes)
        case .iterm: return isITerm(bytes)
        case .sixel: return isSixel(bytes)
        }
    }

    private static let marker = "metalab-image"

    /// 128 random bits in hex, drawn once per process.
    private static let token: String = {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }()
    private static let tokenScalars = Array(token.unicodeScalars)

    private static let table = ImageTable(byteBudget: byteBudget)

    private static func isBase64(_ b: UInt8) -> Bool {
        (65...90).contains(b) || (97...122).contains(b) || (48...57).contains(b)
            || b == 43 || b == 47 || b == 61
    }

    private static func isDigits(_ s: Substring) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { (48...57).contains($0) }
    }

    private static func isKitty(_ bytes: [UInt8]) -> Bool {
        var i = 0
        var first = true
        var more = true
        while more {
            guard i + 3 < bytes.count, bytes[i] == 0x1B, bytes[i + 1] == UInt8(ascii: "_"),
                bytes[i + 2] == UInt8(ascii: "G"), let semicolon = bytes[(i + 3)...].firstIndex(of: 0x3B)
            else { return false }
            let keys = String(decoding: bytes[(i + 3)..<semicolon], as: UTF8.self)
            var fields = keys.split(separator: ",", omittingEmptySubsequences: false)
            guard let last = fields.popLast(), last == "m=0" || last == "m=1" else { return false }
            if first {
                guard fields.count == 7, fields[0..<5] == ["a=T", "f=100", "t=d", "q=2", "C=1"],
                    fields[5].hasPrefix("c="), isDigits(fields[5].dropFirst(2)),
                    fields[6].hasPrefix("r="), isDigits(fields[6].dropFirst(2))
                else { return false }
            } else {
                guard fields.isEmpty else { return false }
            }
            var j = semicolon + 1
            while j < bytes.count, isBase64(bytes[j]) { j += 1 }
            guard j + 1 < bytes.count, bytes[j] == 0x1B, bytes[j + 1] == UInt8(ascii: "\\") else {
                return false
            }
            i = j + 2
            first = false
            more = last == "m=1"
        }
        return i == bytes.count
    }

    private static func isITerm(_ bytes: [UInt8]) -> Bool {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes.last == 0x07 else { return false }
        let head = String(decoding: bytes[..<colon], as: UTF8.self)
        let prefix = "\u{1B}]1337;File=inline=1;"
        guard head.hasPrefix(prefix) else { return false }
        let fields = head.dropFirst(prefix.count).split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[3] == "preserveAspectRatio=0", fields[4] == "doNotMoveCursor=1" else {
            return false
        }
        for (field, key) in zip(fields[0..<3], ["size=", "width=", "height="]) {
            guard field.hasPrefix(key), isDigits(field.dropFirst(key.count)) else { return false }
        }
        return bytes[(colon + 1)..<(bytes.count - 1)].allSatisfy(isBase64)
    }

    private static func isSixel(_ bytes: [UInt8]) -> Bool {
        let head = Array("\u{1B}P0;1;0q".utf8)
        guard bytes.count >= head.count + 2, Array(bytes[0..<head.count]) == head,
            bytes[bytes.count - 2] == 0x1B, bytes[bytes.count - 1] == UInt8(ascii: "\\")
        else { return false }
        return bytes[head.count..<(bytes.count - 2)].allSatisfy { b in
            (0x3F...0x7E).contains(b) || (0x30...0x39).contains(b) || b == 0x22 || b == 0x23 || b == 0x21
                || b == 0x24 || b == 0x2D || b == 0x3B
        }
    }
}

/// The placements of the images this process registered, by index (thread-safe): the newest
/// ones up to a byte budget.
private final class ImageTable: @unchecked Sendable {
    private let lock = NSLock()
    private let byteBudget: Int
    private var placements: [Int: String] = [:]
    private var order: [Int] = []
    private var oldest = 0
    private var bytes = 0
    private var next = 0

    init(byteBudget: Int) { self.byteBudget = byteBudget }

    func add(_ placement: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let index = next
        next += 1
        placements[index] = placement
        order.append(index)
        bytes += placement.utf8.count
        while bytes > byteBudget, oldest < order.count - 1 {
            if let dropped = placements.removeValue(forKey: order[oldest]) { bytes -= dropped.utf8.count }
            oldest += 1
        }
        if oldest > 1024 {
            order.removeFirst(oldest)
            oldest = 0
        }
        return index
    }

    func placement(_ index: Int) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return placements[index]
    }
}
