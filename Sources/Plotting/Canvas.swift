/// The sub-cell pixel layouts a plot can draw on.
public enum CanvasKind: String, Sendable, CaseIterable {
    /// Braille patterns: 2×4 pixels per cell (the finest).
    case braille
    /// Quadrant blocks `▘▝▀▖▌▞▛▗▚▐▜▄▙▟█`: 2×2 pixels per cell.
    case block
    /// 3×3 pixels per cell, each cell drawn as the nearest ASCII glyph (`-|/\_'.+`…).
    case ascii

    /// Pixels per cell, horizontally and vertically.
    var pixelsPerCell: (x: Int, y: Int) {
        switch self {
        case .braille: return (2, 4)
        case .block: return (2, 2)
        case .ascii: return (3, 3)
        }
    }

    /// The glyph for a cell whose lit pixels are `bits` (bit `y * px + x`,
    /// row-major from the top-left); nil for an empty cell.
    func glyph(_ bits: UInt16) -> Unicode.Scalar? {
        if bits == 0 { return nil }
        switch self {
        case .braille: return CanvasKind.brailleGlyphs[Int(bits)]
        case .block: return CanvasKind.blockGlyphs[Int(bits)]
        case .ascii: return CanvasKind.asciiGlyphs[Int(bits)]
        }
    }

    /// Braille dot numbering: pixel (x, y) → dot bit of U+2800.
    private static let brailleGlyphs: [Unicode.Scalar] = (0..<256).map { bits in
        let dot: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        var code: UInt32 = 0
        for y in 0..<4 { for x in 0..<2 where bits & (1 << (y * 2 + x)) != 0 { code |= dot[y][x] } }
        return Unicode.Scalar(0x2800 + code)!
    }

    private static let blockGlyphs: [Unicode.Scalar] = Array(" ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█".unicodeScalars)

    /// For each of the 512 3×3 patterns, the ASCII glyph whose own pattern is
    /// nearest in Hamming distance (ties go to the earlier, simpler glyph).
    private static let asciiGlyphs: [Unicode.Scalar] = {
        // Only glyphs that read as strokes; letters and digits would read as text.
        let shapes: [(Unicode.Scalar, String)] = [
            ("-", "000111000"), ("|", "010010010"), ("/", "001010100"), ("\\", "100010001"),
            ("_", "000000111"), ("'", "010000000"), (".", "000000010"), ("+", "010111010"),
            ("`", "100000000"), (",", "000000100"), ("x", "101010101"), ("=", "111000111"),
            ("<", "001110001"), (">", "100011100"), ("^", "010101000"), ("v", "000101010"),
            ("#", "111111111"), (":", "010000010"), ("\"", "101000000"),
            ("-", "111000000"), ("|", "100100100"), ("|", "001001001"),
        ]
        let patterns = shapes.map { glyph, text in
            (
                glyph,
                text.unicodeScalars.enumerated().reduce(0) { $0 | ($1.element == "1" ? 1 << $1.offset : 0) }
            )
        }
        return (0..<512).map { bits -> Unicode.Scalar in
            if bits == 0 { return " " }
            var best = patterns[0]
            var bestDistance = Int.max
            for p in patterns {
                let d = (p.1 ^ bits).nonzeroBitCount
                if d < bestDistance { (best, bestDistance) = (p, d) }
            }
            return best.0
        }
    }()
}

/// A repeating on/off pattern along a line, in pixels (`[]` is solid).
public struct DashPattern: Sendable, Hashable {
    public var steps: [Int]
    public init(_ steps: [Int]) { self.steps = steps }
    public static let solid = DashPattern([])
    public static let dashed = DashPattern([4, 3])
    public static let dotted = DashPattern([1, 2])
    public static let dashDot = DashPattern([5, 2, 1, 2])

    var period: Int { steps.reduce(0, +) }

    /// Whether the pixel at `phase` steps along the line is drawn.
    @inline(__always)
    func isOn(_ phase: Int) -> Bool {
        if steps.isEmpty { return true }
        var p = phase % period
        for (k, length) in steps.enumerated() {
            if p < length { return k % 2 == 0 }
            p -= length
        }
        return true
    }
}

/// A grid of cells, each holding `kind.pixelsPerCell` on/off pixels and one colour.
///
/// Knows only pixels: (0, 0) is the top-left pixel, x grows right, y grows
/// down. Line drawing, clipping, dashes and breaks at NaN/∞ or at jumps are
/// written here once, for every kind of canvas.
struct PixelCanvas {
    let kind: CanvasKind
    let columns: Int
    let rows: Int
    let pixelWidth: Int
    let pixelHeight: Int
    private let cellX: Int
    private let cellY: Int
    private(set) var bits: [UInt16]
    /// Colour slot per cell: 0 none, otherwise the last colour that drew there.
    private(set) var colors: [UInt8]

    init(kind: CanvasKind, columns: Int, rows: Int) {
        self.kind = kind
        self.columns = columns
        self.rows = rows
        (cellX, cellY) = kind.pixelsPerCell
        pixelWidth = columns * cellX
        pixelHeight = rows * cellY
        bits = Array(repeating: 0, count: columns * rows)
        colors = Array(repeating: 0, count: columns * rows)
    }

    /// Lights pixel (x, y) in colour slot `color`; ignored outside the canvas.
    mutating func set(_ x: Int, _ y: Int, color: UInt8) {
        withRaster { $0.set(x, y, color: color) }
    }

    /// A straight line between two pixel positions (fractional allowed),
    /// clipped to the canvas (Liang–Barsky). `phase` is the distance drawn so
    /// far (pixels), so a dash pattern runs on across the segments of a polyline.
    mutating func line(
        _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: UInt8,
        dash: DashPattern = .solid, phase: inout Double
    ) {
        var p = phase
        withRaster { $0.line(x0, y0, x1, y1, color: color, dash: dash, phase: &p) }
        phase = p
    }

    /// Connects consecutive points; a non-finite coordinate breaks the line,
    /// and so does a vertical jump larger than `breakJump` pixels (a pole
    /// such as tan's at π/2, sampled on both sides). A lone finite point
    /// between breaks is drawn as a dot.
    mutating func polyline(
        xs: [Double], ys: [Double], color: UInt8, dash: DashPattern = .solid, breakJump: Double? = nil
    ) {
        withRaster { raster in
            var phase = 0.0
            var previous: (Double, Double)? = nil
            var previousDrawn = false
            for i in 0..<min(xs.count, ys.count) {
                let x = xs[i]
                let y = ys[i]
                guard x.isFinite, y.isFinite else {
                    if let p = previous, !previousDrawn { raster.dot(p.0, p.1, color: color) }
                    previous = nil
                    continue
                }
                if let p = previous {
                    if let jump = breakJump, abs(y - p.1) > jump {
                        if !previousDrawn { raster.dot(p.0, p.1, color: color) }
                        previous = (x, y)
                        previousDrawn = false
                        continue
                    }
                    raster.line(p.0, p.1, x, y, color: color, dash: dash, phase: &phase)
                    previousDrawn = true
                } else {
                    previousDrawn = false
                }
                previous = (x, y)
            }
            if let p = previous, !previousDrawn { raster.dot(p.0, p.1, color: color) }
        }
    }

    /// Runs `body` with direct access to the pixel storage.
    private mutating func withRaster(_ body: (inout Raster) -> Void) {
        let (w, h, cx, cy, cols) = (pixelWidth, pixelHeight, cellX, cellY, columns)
        bits.withUnsafeMutableBufferPointer { b in
            colors.withUnsafeMutableBufferPointer { c in
                var raster = Raster(
                    bits: b.baseAddress!, colors: c.baseAddress!, pixelWidth: w, pixelHeight: h, cellX: cx,
                    cellY: cy,
                    columns: cols)
                body(&raster)
            }
        }
    }

    /// The glyph of cell (column, row), nil when no pixel is lit.
    @inline(__always)
    func glyph(column: Int, row: Int) -> Unicode.Scalar? {
        kind.glyph(bits[row * columns + column])
    }

    func color(column: Int, row: Int) -> UInt8 { colors[row * columns + column] }

    func isEmpty(column: Int, row: Int) -> Bool { bits[row * columns + column] == 0 }
}

/// The pixel storage of a canvas seen through pointers, for the inner loops
/// (no copy-on-write checks per pixel). Valid only inside `withRaster`.
struct Raster {
    let bits: UnsafeMutablePointer<UInt16>
    let colors: UnsafeMutablePointer<UInt8>
    let pixelWidth: Int
    let pixelHeight: Int
    let cellX: Int
    let cellY: Int
    let columns: Int

    @inline(__always)
    func set(_ x: Int, _ y: Int, color: UInt8) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        // Braille and block cells are powers of two wide and tall: shifts, not divisions.
        let cx = cellX == 2 ? x >> 1 : x / cellX
        let cy = cellY == 4 ? y >> 2 : cellY == 2 ? y >> 1 : y / cellY
        let cell = cy * columns + cx
        bits[cell] |= 1 << UInt16((y - cy * cellY) * cellX + (x - cx * cellX))
        colors[cell] = color
    }

    @inline(__always)
    func dot(_ x: Double, _ y: Double, color: UInt8) {
        set(Int(x.rounded()), Int(y.rounded()), color: color)
    }

    func line(
        _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: UInt8, dash: DashPattern,
        phase: inout Double
    ) {
        guard let (ax, ay, bx, by) = clip(x0, y0, x1, y1) else { return }
        let dx = bx - ax
        let dy = by - ay
        let length = max(abs(dx), abs(dy))
        let n = Int(length.rounded(.up))
        if n == 0 {
            if dash.isOn(Int(phase)) { dot(ax, ay, color: color) }
            phase += length
            return
        }
        let sx = dx / Double(n)
        let sy = dy / Double(n)
        // Clipped coordinates are ≥ −0.49, so adding ½ and truncating rounds to nearest.
        let ox = ax + 0.5
        let oy = ay + 0.5
        if dash.steps.isEmpty {
            for i in 0...n {
                set(Int(ox + sx * Double(i)), Int(oy + sy * Double(i)), color: color)
            }
            phase += length
            return
        }
        // The dash pattern follows the distance travelled (in pixels, max-norm),
        // so a function sampled many times per pixel is dashed like a polyline.
        let stepLength = length / Double(n)
        for i in 0...n where dash.isOn(Int(phase + stepLength * Double(i))) {
            set(Int(ox + sx * Double(i)), Int(oy + sy * Double(i)), color: color)
        }
        phase += length
    }

    /// The segment's part inside [0, width−1]×[0, height−1], or nil.
    func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double)
        -> (Double, Double, Double, Double)?
    {
        // A point off every scale (log of a negative number) is no point: draw nothing.
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
        let xmax = Double(pixelWidth - 1) + 0.49
        let ymax = Double(pixelHeight - 1) + 0.49
        if x0 >= -0.49 && x0 <= xmax && x1 >= -0.49 && x1 <= xmax && y0 >= -0.49 && y0 <= ymax && y1 >= -0.49
            && y1 <= ymax
        {
            return (x0, y0, x1, y1)  // wholly inside: the common case
        }
        let dx = x1 - x0
        let dy = y1 - y0
        var t0 = 0.0
        var t1 = 1.0
        @inline(__always) func edge(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                if r > t0 { t0 = r }
            } else {
                if r < t0 { return false }
                if r < t1 { t1 = r }
            }
            return true
        }
        guard edge(-dx, x0 + 0.49), edge(dx, xmax - x0), edge(-dy, y0 + 0.49), edge(dy, ymax - y0) else {
            return nil
        }
        return (x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy)
    }

}
