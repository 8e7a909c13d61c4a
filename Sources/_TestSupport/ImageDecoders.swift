import CZlib

/// Independent decoders for what MetaLab emits, written from the format specs
/// (PNG: ISO/IEC 15948; kitty graphics protocol; iTerm2 inline images; DEC sixel),
/// so the tests read the bytes a terminal would read (PlottingTests, ShellTests).

/// A decoded image: row-major RGBA.
public struct DecodedImage: Sendable {
    public var width: Int
    public var height: Int
    public var rgba: [UInt8]

    public init(width: Int, height: Int, rgba: [UInt8]) {
        self.width = width
        self.height = height
        self.rgba = rgba
    }

    public func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
        let i = (y * width + x) * 4
        return (Int(rgba[i]), Int(rgba[i + 1]), Int(rgba[i + 2]), Int(rgba[i + 3]))
    }
}

public enum DecodeError: Error, CustomStringConvertible {
    case bad(String)
    public var description: String {
        switch self {
        case .bad(let s): return s
        }
    }
}

/// Decodes an 8-bit RGBA, non-interlaced PNG: checks the signature and every chunk's
/// CRC, inflates the IDAT data with zlib's `uncompress`, and undoes the five filters.
public func decodePNG(_ data: [UInt8]) throws -> DecodedImage {
    guard data.count > 8, Array(data[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
        throw DecodeError.bad("no PNG signature")
    }
    func u32(_ i: Int) -> Int {
        Int(data[i]) << 24 | Int(data[i + 1]) << 16 | Int(data[i + 2]) << 8 | Int(data[i + 3])
    }
    var i = 8
    var width = 0, height = 0
    var idat: [UInt8] = []
    var sawEnd = false
    while i + 12 <= data.count {
        let length = u32(i)
        let type = String(decoding: data[(i + 4)..<(i + 8)], as: UTF8.self)
        let body = Array(data[(i + 8)..<(i + 8 + length)])
        let typed = Array(data[(i + 4)..<(i + 8 + length)])
        let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        guard Int(crc) == u32(i + 8 + length) else { throw DecodeError.bad("CRC of \(type)") }
        switch type {
        case "IHDR":
            width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
            height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
            guard body[8] == 8, body[9] == 6, body[12] == 0 else { throw DecodeError.bad("not 8-bit RGBA") }
        case "IDAT": idat += body
        case "IEND": sawEnd = true
        default: break
        }
        i += 12 + length
    }
    guard sawEnd, width > 0, height > 0 else { throw DecodeError.bad("no IEND or no size") }
    let stride = width * 4
    var raw = [UInt8](repeating: 0, count: (stride + 1) * height)
    var rawLength = uLongf(raw.count)
    let status = raw.withUnsafeMutableBufferPointer { out in
        idat.withUnsafeBufferPointer { inp in
            uncompress(out.baseAddress, &rawLength, inp.baseAddress, uLong(inp.count))
        }
    }
    guard status == Z_OK, Int(rawLength) == raw.count else { throw DecodeError.bad("inflate: \(status)") }
    var out = [UInt8](repeating: 0, count: stride * height)
    for y in 0..<height {
        let filter = raw[y * (stride + 1)]
        for x in 0..<stride {
            let v = Int(raw[y * (stride + 1) + 1 + x])
            let a = x >= 4 ? Int(out[y * stride + x - 4]) : 0
            let b = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
            let c = x >= 4 && y > 0 ? Int(out[(y - 1) * stride + x - 4]) : 0
            let predicted: Int
            switch filter {
            case 0: predicted = 0
            case 1: predicted = a
            case 2: predicted = b
            case 3: predicted = (a + b) / 2
            case 4:
                let p = a + b - c
                let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
            default: throw DecodeError.bad("filter \(filter)")
            }
            out[y * stride + x] = UInt8((v + predicted) & 0xFF)
        }
    }
    return DecodedImage(width: width, height: height, rgba: out)
}

/// RFC 4648 base64 → bytes.
public func decodeBase64(_ text: String) throws -> [UInt8] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var value = [Int](repeating: -1, count: 256)
    for (i, c) in alphabet.enumerated() { value[Int(c)] = i }
    var out: [UInt8] = []
    var buffer = 0, bits = 0
    for c in text.utf8 where c != UInt8(ascii: "=") {
        guard value[Int(c)] >= 0 else { throw DecodeError.bad("base64 byte \(c)") }
        buffer = buffer << 6 | value[Int(c)]
        bits += 6
        if bits >= 8 {
            bits -= 8
            out.append(UInt8((buffer >> bits) & 0xFF))
        }
    }
    return out
}

/// The kitty graphics commands in `text`: (keys, payload) per `ESC _ G keys ; payload ESC \`.
public func kittyCommands(_ text: String) -> [(keys: [String: String], payload: String)] {
    var result: [(keys: [String: String], payload: String)] = []
    var rest = Substring(text)
    while let start = rest.range(of: "\u{1B}_G") {
        guard let end = rest.range(of: "\u{1B}\\", range: start.upperBound..<rest.endIndex) else { break }
        let body = rest[start.upperBound..<end.lowerBound]
        let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        var keys: [String: String] = [:]
        for kv in parts[0].split(separator: ",") {
            let p = kv.split(separator: "=", maxSplits: 1)
            if p.count == 2 { keys[String(p[0])] = String(p[1]) }
        }
        result.append((keys, parts.count > 1 ? String(parts[1]) : ""))
        rest = rest[end.upperBound...]
    }
    return result
}

/// Decodes a DEC sixel stream (`ESC P … q … ESC \`): raster attributes, colour
/// registers in HLS-free RGB percent form (`#i;2;r;g;b`), `!n` repeats, `$` and `-`.
/// Unpainted pixels stay transparent (alpha 0); painted ones are opaque.
public func decodeSixel(_ text: String) throws -> DecodedImage {
    let bytes = Array(text.utf8)
    guard let p = bytes.firstIndex(of: UInt8(ascii: "P")),
        let q = bytes[p...].firstIndex(of: UInt8(ascii: "q"))
    else { throw DecodeError.bad("no DCS q") }
    var i = q + 1
    func number() -> Int {
        var n = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { n = n * 10 + Int(bytes[i] - 48); i += 1 }
        return n
    }
    func numbers() -> [Int] {
        var list = [number()]
        while i < bytes.count, bytes[i] == UInt8(ascii: ";") { i += 1; list.append(number()) }
        return list
    }
    var width = 0, height = 0
    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
        i += 1
        let attributes = numbers()
        guard attributes.count == 4 else { throw DecodeError.bad("raster attributes") }
        width = attributes[2]
        height = attributes[3]
    }
    guard width > 0, height > 0 else { throw DecodeError.bad("no size") }
    var rgba = [UInt8](repeating: 0, count: width * height * 4)
    var palette: [Int: (UInt8, UInt8, UInt8)] = [:]
    var colour = 0, x = 0, band = 0
    func paint(_ sixel: UInt8, _ repeatCount: Int) {
        for _ in 0..<repeatCount {
            for bit in 0..<6 where sixel & (1 << bit) != 0 {
                let y = band * 6 + bit
                guard x < width, y < height, let c = palette[colour] else { continue }
                let k = (y * width + x) * 4
                (rgba[k], rgba[k + 1], rgba[k + 2], rgba[k + 3]) = (c.0, c.1, c.2, 255)
            }
            x += 1
        }
    }
    while i < bytes.count {
        let c = bytes[i]
        if c == 0x1B { break }
        switch c {
        case UInt8(ascii: "#"):
            i += 1
            let n = numbers()
            colour = n[0]
            if n.count == 5 {
                guard n[1] == 2 else { throw DecodeError.bad("colour space \(n[1])") }
                func byte(_ percent: Int) -> UInt8 { UInt8((percent * 255 + 50) / 100) }
                palette[colour] = (byte(n[2]), byte(n[3]), byte(n[4]))
            }
            continue
        case UInt8(ascii: "!"):
            i += 1
            let n = number()
            guard i < bytes.count else { break }
            paint(bytes[i] - 63, n)
        case UInt8(ascii: "$"): x = 0
        case UInt8(ascii: "-"): x = 0; band += 1
        case 63...126: paint(c - 63, 1)
        default: throw DecodeError.bad("sixel byte \(c)")
        }
        i += 1
    }
    return DecodedImage(width: width, height: height, rgba: rgba)
}
