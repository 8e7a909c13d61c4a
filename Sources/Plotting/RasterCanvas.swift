/// An RGBA8 pixel buffer with anti-aliased drawing, for the raster plots.
///
/// Knows only pixels: (0, 0) is the top-left pixel's top-left corner, pixel
/// (i, j) covers [i, i+1)×[j, j+1) and its centre is (i + ½, j + ½). Colours
/// are straight (not premultiplied) alpha; everything is drawn "over" what is
/// there, with the shape's coverage of the pixel as the alpha (anti-aliasing
/// by exact distance to the shape, not by supersampling). A stroke is first
/// gathered into a coverage mask (the maximum over its segments) and then
/// composited once, so the joints of a polyline are not drawn twice.
public struct RasterCanvas: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major RGBA, 4 bytes a pixel.
    public private(set) var pixels: [UInt8]
    /// The stroke being gathered: coverage per pixel (0…255), and the pixels it touched.
    private var mask: [UInt8]
    private var touched: [Int32] = []
    /// Pixels outside this box are never drawn (the whole canvas unless set).
    public var clip: PixelRect

    /// A transparent canvas.
    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a canvas has at least one pixel")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 4)
        mask = [UInt8](repeating: 0, count: width * height)
        clip = PixelRect(x0: 0, y0: 0, x1: Double(width), y1: Double(height))
    }

    /// The colour at pixel (x, y).
    public func pixel(_ x: Int, _ y: Int) -> RGBA {
        let i = (y * width + x) * 4
        return RGBA(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// Draws `color` over pixel (x, y) with `coverage` ∈ [0, 1] times its alpha.
    @inline(__always)
    public mutating func blend(_ x: Int, _ y: Int, _ color: RGBA, coverage: Float) {
        guard x >= 0, y >= 0, x < width, y < height, coverage > 0 else { return }
        let (cx, cy) = (Double(x) + 0.5, Double(y) + 0.5)
        guard cx >= clip.x0, cx <= clip.x1, cy >= clip.y0, cy <= clip.y1 else { return }
        let a = Float(color.a) / 255 * min(1, coverage)
        let i = (y * width + x) * 4
        let da = Float(pixels[i + 3]) / 255
        let oa = a + da * (1 - a)
        guard oa > 0 else { return }
        @inline(__always) func mix(_ s: UInt8, _ d: UInt8) -> UInt8 {
            UInt8(((Float(s) * a + Float(d) * da * (1 - a)) / oa).rounded())
        }
        pixels[i] = mix(color.r, pixels[i])
        pixels[i + 1] = mix(color.g, pixels[i + 1])
        pixels[i + 2] = mix(color.b, pixels[i + 2])
        pixels[i + 3] = UInt8((oa * 255).rounded())
    }

    /// Fills the pixels whose centres lie in [x0, x1)×[y0, y1) (clipped).
    public mutating func fillRect(x0: Double, y0: Double, x1: Double, y1: Double, _ color: RGBA) {
        let a = max(0, Int((min(x0, x1) - 0.5).rounded(.up)))
        let b = min(width, Int((max(x0, x1) - 0.5).rounded(.up)))
        let c = max(0, Int((min(y0, y1) - 0.5).rounded(.up)))
        let d = min(height, Int((max(y0, y1) - 0.5).rounded(.up)))
        guard a < b, c < d else { return }
        for y in c..<d { for x in a..<b { blend(x, y, color, coverage: 1) } }
    }

    // MARK: strokes

    /// Adds the segment (x0, y0)–(x1, y1) of width `lineWidth` to the stroke mask.
    /// - Complexity: O(length × lineWidth).
    public mutating func addSegment(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, lineWidth: Double)
    {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return }
        let r = lineWidth / 2
        let reach = r + 1
        // Clip cheaply: skip segments wholly outside the canvas.
        if max(x0, x1) < -reach || min(x0, x1) > Double(width) + reach || max(y0, y1) < -reach
            || min(y0, y1) > Double(height) + reach
        {
            return
        }
        let dx = x1 - x0
        let dy = y1 - y0
        let lengthSquared = dx * dx + dy * dy
        let steep = abs(dy) > abs(dx)
        // Walk the major axis; for each pixel there, visit the few pixels across the line.
        let (a0, a1) = steep ? (min(y0, y1), max(y0, y1)) : (min(x0, x1), max(x0, x1))
        let majorLimit = steep ? height : width
        let minorLimit = steep ? width : height
        let start = max(0, Int((a0 - reach).rounded(.down)))
        let end = min(majorLimit - 1, Int((a1 + reach).rounded(.up)))
        guard start <= end else { return }
        let slope = steep ? (dy == 0 ? 0 : dx / dy) : (dx == 0 ? 0 : dy / dx)
        let (m0, n0) = steep ? (y0, x0) : (x0, y0)
        // Across the line the stroke spans r / cos(angle) pixels.
        let across = reach * (1 + slope * slope).squareRoot()
        let inverseLengthSquared = lengthSquared == 0 ? 0 : 1 / lengthSquared
        let outer = (r + 0.5) * (r + 0.5)  // beyond this squared distance a pixel gets nothing
        for major in start...end {
            let centre = Double(major) + 0.5
            let clamped = min(a1, max(a0, centre))
            let minorCentre = n0 + (clamped - m0) * slope
            let lo = max(0, Int((minorCentre - across).rounded(.down)))
            let hi = min(minorLimit - 1, Int((minorCentre + across).rounded(.up)))
            guard lo <= hi else { continue }
            for minor in lo...hi {
                let (px, py) = steep ? (Double(minor) + 0.5, centre) : (centre, Double(minor) + 0.5)
                // Distance from the pixel centre to the segment.
                var t = ((px - x0) * dx + (py - y0) * dy) * inverseLengthSquared
                t = min(1, max(0, t))
                let ex = px - (x0 + t * dx)
                let ey = py - (y0 + t * dy)
                let squared = ex * ex + ey * ey
                guard squared < outer else { continue }
                let coverage = Float(min(1, r + 0.5 - squared.squareRoot()))
                if coverage > 0 {
                    steep ? addCoverage(minor, major, coverage) : addCoverage(major, minor, coverage)
                }
            }
        }
    }

    /// Adds a polyline to the stroke mask; a non-finite point breaks it, and so does
    /// a vertical jump larger than `breakJump` pixels (a pole sampled on both sides).
    /// `dash` (on, off, on, off… in pixels; empty is solid) runs on across segments.
    public mutating func addPolyline(
        xs: [Double], ys: [Double], lineWidth: Double, dash: [Double] = [], breakJump: Double? = nil
    ) {
        var previous: (Double, Double)? = nil
        var phase = 0.0
        let n = min(xs.count, ys.count)
        for i in 0..<n {
            let p = (xs[i], ys[i])
            guard p.0.isFinite, p.1.isFinite else {
                previous = nil
                continue
            }
            if let q = previous {
                // Samples within 0.6 pixel of the last drawn point move the stroke by less than that:
                // skip them (a function sampled twice per pixel is drawn from about half its samples).
                if i + 1 < n, abs(p.0 - q.0) < 0.6, abs(p.1 - q.1) < 0.6, xs[i + 1].isFinite,
                    ys[i + 1].isFinite
                {
                    continue
                }
                if let jump = breakJump, abs(p.1 - q.1) > jump {
                    previous = p
                    continue
                }
                if dash.isEmpty {
                    addSegment(q.0, q.1, p.0, p.1, lineWidth: lineWidth)
                } else {
                    addDashed(q.0, q.1, p.0, p.1, lineWidth: lineWidth, dash: dash, phase: &phase)
                }
            } else {
                addSegment(p.0, p.1, p.0, p.1, lineWidth: lineWidth)  // a lone point shows as a dot
            }
            previous = p
        }
    }

    private mutating func addDashed(
        _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, lineWidth: Double, dash: [Double],
        phase: inout Double
    ) {
        let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
        let period = dash.reduce(0, +)
        guard length > 0, period > 0 else { return }
        var s = 0.0
        while s < length {
            var p = (phase + s).truncatingRemainder(dividingBy: period)
            var k = 0
            while p >= dash[k] { p -= dash[k]; k = (k + 1) % dash.count }
            let step = min(length - s, dash[k] - p)
            if k % 2 == 0 {
                let t0 = s / length
                let t1 = (s + step) / length
                addSegment(
                    x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0, x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1,
                    lineWidth: lineWidth)
            }
            s += max(step, 1e-9)
        }
        phase += length
    }

    @inline(__always)
    private mutating func addCoverage(_ x: Int, _ y: Int, _ c: Float) {
        let i = y * width + x
        let level = UInt8(c * 255 + 0.5)
        let old = mask[i]
        if old == 0 && level > 0 { touched.append(Int32(i)) }
        if level > old { mask[i] = level }
    }

    /// Draws the gathered stroke in `color` and clears the mask.
    /// - Complexity: O(pixels the stroke touched).
    public mutating func commitStroke(_ color: RGBA) {
        for i in touched {
            let p = Int(i)
            blend(p % width, p / width, color, coverage: Float(mask[p]) / 255)
            mask[p] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// A stroked polyline in one step.
    public mutating func polyline(
        xs: [Double], ys: [Double], _ color: RGBA, lineWidth: Double, dash: [Double] = [],
        breakJump: Double? = nil
    ) {
        addPolyline(xs: xs, ys: ys, lineWidth: lineWidth, dash: dash, breakJump: breakJump)
        commitStroke(color)
    }

    // MARK: shapes

    /// Fills the region where `signedDistance(dx, dy) < 0` around (cx, cy), within `radius`,
    /// anti-aliased by the distance (coverage ½ − d).
    public mutating func fillShape(
        cx: Double, cy: Double, radius: Double, _ color: RGBA, signedDistance: (Double, Double) -> Double
    ) {
        guard cx.isFinite, cy.isFinite else { return }
        let x0 = max(0, Int((cx - radius - 1).rounded(.down)))
        let x1 = min(width - 1, Int((cx + radius + 1).rounded(.up)))
        let y0 = max(0, Int((cy - radius - 1).rounded(.down)))
        let y1 = min(height - 1, Int((cy + radius + 1).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let d = signedDistance(Double(x) + 0.5 - cx, Double(y) + 0.5 - cy)
                blend(x, y, color, coverage: Float(min(1, max(0, 0.5 - d))))
            }
        }
    }

    /// A marker of `size` pixels across centred at (cx, cy).
    public mutating func marker(_ shape: MarkerShape, cx: Double, cy: Double, size: Double, _ color: RGBA) {
        let r = size / 2
        let t = max(1.2, size / 6)  // outline thickness of hollow shapes
        func hollow(_ d: Double) -> Double { abs(d + t / 2) - t / 2 }
        let sd: (Double, Double) -> Double
        switch shape {
        case .disc: sd = { ($0 * $0 + $1 * $1).squareRoot() - r }
        case .circle: sd = { hollow(($0 * $0 + $1 * $1).squareRoot() - r) }
        case .square: sd = { max(abs($0), abs($1)) - r * 0.85 }
        case .openSquare: sd = { hollow(max(abs($0), abs($1)) - r * 0.85) }
        case .triangle: sd = { triangleDistance($0, $1, r) }
        case .openTriangle: sd = { hollow(triangleDistance($0, $1, r)) }
        case .diamond: sd = { (abs($0) + abs($1) - r) / 2.0.squareRoot() }
        case .openDiamond: sd = { hollow((abs($0) + abs($1) - r) / 2.0.squareRoot()) }
        case .plus: sd = { min(max(abs($0) - t / 2, abs($1) - r), max(abs($1) - t / 2, abs($0) - r)) }
        case .cross:
            sd = {
                let u = ($0 + $1) / 2.0.squareRoot()
                let v = ($0 - $1) / 2.0.squareRoot()
                return min(max(abs(u) - t / 2, abs(v) - r), max(abs(v) - t / 2, abs(u) - r))
            }
        }
        fillShape(cx: cx, cy: cy, radius: r + t, color, signedDistance: sd)
    }
}

/// Signed distance to an upward equilateral-ish triangle inscribed in radius r (negative inside).
private func triangleDistance(_ x: Double, _ y: Double, _ r: Double) -> Double {
    // Edges: bottom y = r/2, and the two sides through the apex (0, −r).
    let k = 3.0.squareRoot()
    let bottom = y - r / 2
    let right = (k * x - y - r) / 2  // the right side: outward normal (√3/2, −½)
    let left = (-k * x - y - r) / 2
    return max(bottom, right, left)
}

/// A rectangle in pixel coordinates (x0 ≤ x1 left to right, y0 ≤ y1 top to bottom).
public struct PixelRect: Sendable, Hashable {
    public var x0: Double, y0: Double, x1: Double, y1: Double
    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }
}

/// Scatter marker shapes, in the order of `Palette.markers` (●○■□▲△◆◇✚✖).
public enum MarkerShape: Int, Sendable, CaseIterable {
    case disc, circle, square, openSquare, triangle, openTriangle, diamond, openDiamond, plus, cross
}

/// A colour with straight alpha.
public struct RGBA: Sendable, Hashable {
    public var r: UInt8, g: UInt8, b: UInt8, a: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// This colour with alpha `a` (0…1).
    public func withAlpha(_ alpha: Double) -> RGBA {
        RGBA(r, g, b, UInt8((min(1, max(0, alpha)) * 255).rounded()))
    }
}
