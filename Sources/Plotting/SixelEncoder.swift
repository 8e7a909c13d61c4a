/// DEC sixel of an RGBA8 image: `ESC P 0;1;0 q`, raster attributes
/// `"1;1;width;height`, a palette of at most 255 colours (`#i;2;r;g;b`, in
/// percent), then bands six pixels tall, one pass per colour present in the band
/// (`#i`, run-length `!n` for runs of four or more, `$` back to the band's start),
/// `-` to the next band, `ESC \`. P2 = 1 leaves unpainted pixels as they were,
/// so pixels with alpha under ½ are transparent; the rest are drawn opaque in
/// their colour (a sixel pixel has no alpha).
///
/// The palette: exact when the opaque pixels have at most 255 colours (plots
/// usually do), else the 255 most frequent colours at 5 bits a channel, every
/// other colour drawn in the nearest of them (a popularity quantiser).
/// - Complexity: O(width × height + colours per band × width × bands).
public enum SixelEncoder {
    public static func encode(width: Int, height: Int, rgba pixels: [UInt8]) -> String {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 4, "RGBA buffer size")
        let count = width * height
        // Index of each pixel in the palette; −1 transparent.
        var index = [Int16](repeating: -1, count: count)
        var palette: [(UInt8, UInt8, UInt8)] = []
        var exact: [UInt32: Int16] = [:]
        var overflow = false
        for p in 0..<count where pixels[p * 4 + 3] >= 128 {
            let key = UInt32(pixels[p * 4]) << 16 | UInt32(pixels[p * 4 + 1]) << 8 | UInt32(pixels[p * 4 + 2])
            if let i = exact[key] {
                index[p] = i
            } else if palette.count < 255 {
                let i = Int16(palette.count)
                exact[key] = i
                palette.append((pixels[p * 4], pixels[p * 4 + 1], pixels[p * 4 + 2]))
                index[p] = i
            } else {
                overflow = true
                break
            }
        }
        if overflow { (palette, index) = quantise(width: width, height: height, pixels) }

        var out = "\u{1B}P0;1;0q\"1;1;\(width);\(height)"
        for (i, c) in palette.enumerated() {
            func percent(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }
            out += "#\(i);2;\(percent(c.0));\(percent(c.1));\(percent(c.2))"
        }
        var bytes = Array(out.utf8)
        bytes.reserveCapacity(bytes.count + count / 2)
        var bits = [UInt8](repeating: 0, count: width)
        var present = [Bool](repeating: false, count: palette.count)
        var firstX = [Int](repeating: 0, count: palette.count)
        var lastX = [Int](repeating: 0, count: palette.count)
        var bandTop = 0
        while bandTop < height {
            let rows = min(6, height - bandTop)
            var used: [Int] = []
            for r in 0..<rows {
                let base = (bandTop + r) * width
                for x in 0..<width {
                    let i = Int(index[base + x])
                    guard i >= 0 else { continue }
                    if !present[i] {
                        present[i] = true
                        used.append(i)
                        firstX[i] = x
                        lastX[i] = x
                    } else {
                        if x < firstX[i] { firstX[i] = x }
                        if x > lastX[i] { lastX[i] = x }
                    }
                }
            }
            for (k, colour) in used.enumerated() {
                present[colour] = false
                let x0 = firstX[colour]
                let x1 = lastX[colour]
                for x in x0...x1 {
                    var b: UInt8 = 0
                    for r in 0..<rows where index[(bandTop + r) * width + x] == Int16(colour) { b |= 1 << r }
                    bits[x] = b
                }
                bytes += Array("#\(colour)".utf8)
                if x0 > 0 { appendRun(&bytes, 0, x0) }
                var x = x0
                while x <= x1 {
                    var run = 1
                    while x + run <= x1 && bits[x + run] == bits[x] { run += 1 }
                    appendRun(&bytes, bits[x], run)
                    x += run
                }
                if k < used.count - 1 { bytes.append(UInt8(ascii: "$")) }
            }
            bytes.append(UInt8(ascii: "-"))
            bandTop += 6
        }
        bytes += [0x1B, UInt8(ascii: "\\")]
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    private static func appendRun(_ bytes: inout [UInt8], _ sixel: UInt8, _ run: Int) {
        let c = 63 + sixel
        if run >= 4 {
            bytes += Array("!\(run)".utf8)
            bytes.append(c)
        } else {
            for _ in 0..<run { bytes.append(c) }
        }
    }

    /// The popularity quantiser (see the type's documentation).
    private static func quantise(width: Int, height: Int, _ pixels: [UInt8])
        -> ([(UInt8, UInt8, UInt8)], [Int16])
    {
        let count = width * height
        func bucket(_ p: Int) -> Int {
            Int(pixels[p * 4] >> 3) << 10 | Int(pixels[p * 4 + 1] >> 3) << 5 | Int(pixels[p * 4 + 2] >> 3)
        }
        var frequency = [Int](repeating: 0, count: 32768)
        for p in 0..<count where pixels[p * 4 + 3] >= 128 { frequency[bucket(p)] += 1 }
        let chosen = (0..<32768).filter { frequency[$0] > 0 }.sorted { frequency[$0] > frequency[$1] }.prefix(
            255)
        let palette = chosen.map { b -> (UInt8, UInt8, UInt8) in
            (UInt8((b >> 10) << 3 | 4), UInt8(((b >> 5) & 31) << 3 | 4), UInt8((b & 31) << 3 | 4))
        }
        var nearest = [Int16](repeating: -1, count: 32768)
        for (i, b) in chosen.enumerated() { nearest[b] = Int16(i) }
        var index = [Int16](repeating: -1, count: count)
        for p in 0..<count where pixels[p * 4 + 3] >= 128 {
            let b = bucket(p)
            if nearest[b] < 0 {
                let (r, g, bl) = (b >> 10, (b >> 5) & 31, b & 31)
                var best = 0
                var bestDistance = Int.max
                for (i, c) in chosen.enumerated() {
                    let d0 = (c >> 10) - r, d1 = ((c >> 5) & 31) - g, d2 = (c & 31) - bl
                    let d = d0 * d0 + d1 * d1 + d2 * d2
                    if d < bestDistance { (best, bestDistance) = (i, d) }
                }
                nearest[b] = Int16(best)
            }
            index[p] = nearest[b]
        }
        return (palette, index)
    }
}
