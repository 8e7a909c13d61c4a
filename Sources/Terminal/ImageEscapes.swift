/// The escape sequences that show an image in the terminal. MetaLab builds
/// these from its own pixels only, never from a learner's text; they reach the
/// terminal only through `TerminalImages` (a placeholder in the text, which the
/// output writer replaces after sanitising everything else).

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
    let count = (bytes.count + 2) / 3 * 4
    return String(unsafeUninitializedCapacity: count) { out in
        table.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { b in
                var i = 0
                var o = 0
                while i + 2 < b.count {
                    let n = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
                    out[o] = t[Int(n >> 18)]
                    out[o + 1] = t[Int((n >> 12) & 63)]
                    out[o + 2] = t[Int((n >> 6) & 63)]
                    out[o + 3] = t[Int(n & 63)]
                    i += 3
                    o += 4
                }
                let rest = b.count - i
                if rest > 0 {
                    let n = UInt32(b[i]) << 16 | (rest == 2 ? UInt32(b[i + 1]) << 8 : 0)
                    out[o] = t[Int(n >> 18)]
                    out[o + 1] = t[Int((n >> 12) & 63)]
                    out[o + 2] = rest == 2 ? t[Int((n >> 6) & 63)] : UInt8(ascii: "=")
                    out[o + 3] = UInt8(ascii: "=")
                }
            }
        }
        return count
    }
}
