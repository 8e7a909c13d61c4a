/// The escape sequences that show an image in the terminal. MetaLab builds
/// these from its own pixels only, never from a learner's text, and writes them
/// after any sanitising of text.

/// kitty's graphics protocol: transmit-and-display a PNG (`a=T,f=100`) scaled to
/// `columns` × `rows` cells (`c`, `r`), without moving the cursor (`C=1`) and
/// without a reply (`q=2`, so no answer lands in the line editor). The base64
/// payload is split into chunks of at most 4096 bytes, all but the last with `m=1`.
public func kittyImageEscape(png: [UInt8], columns: Int, rows: Int) -> String {
    let payload = Array(base64(png).utf8)
    var out = ""
    var start = 0
    repeat {
        let end = min(payload.count, start + 4096)
        let more = end < payload.count ? 1 : 0
        let keys = start == 0 ? "a=T,f=100,t=d,q=2,C=1,c=\(columns),r=\(rows),m=\(more)" : "m=\(more)"
        out += "\u{1B}_G\(keys);" + String(decoding: payload[start..<end], as: UTF8.self) + "\u{1B}\\"
        start = end
    } while start < payload.count
    return out
}

/// iTerm2's inline image (`OSC 1337 ; File=`): a PNG shown in `columns` × `rows`
/// cells, stretched to them, not moving the cursor (iTerm2 3.5, WezTerm).
public func itermImageEscape(png: [UInt8], columns: Int, rows: Int) -> String {
    "\u{1B}]1337;File=inline=1;size=\(png.count);width=\(columns);height=\(rows);preserveAspectRatio=0;"
        + "doNotMoveCursor=1:\(base64(png))\u{07}"
}

/// Standard base64 (RFC 4648, with `=` padding).
public func base64(_ bytes: [UInt8]) -> String {
    let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out = [UInt8]()
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i + 2 < bytes.count {
        let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
        out += [table[Int(n >> 18)], table[Int((n >> 12) & 63)], table[Int((n >> 6) & 63)], table[Int(n & 63)]]
        i += 3
    }
    let rest = bytes.count - i
    if rest == 1 {
        let n = UInt32(bytes[i]) << 16
        out += [table[Int(n >> 18)], table[Int((n >> 12) & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
    } else if rest == 2 {
        let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
        out += [table[Int(n >> 18)], table[Int((n >> 12) & 63)], table[Int((n >> 6) & 63)], UInt8(ascii: "=")]
    }
    return String(decoding: out, as: UTF8.self)
}
