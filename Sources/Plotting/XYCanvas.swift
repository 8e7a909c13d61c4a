import Terminal

/// The second and third layers of an x–y plot: a pixel canvas that owns the world→pixel
/// map (`px`, `py`, and the cell of a point), with the cell overlays drawn over it —
/// shading under everything, markers and text over everything — and the one label placer,
/// which keeps labels off the data. Style slots number the styles the pixels and cells use.
struct XYCanvas {
    let width: Int
    let height: Int
    let cellX: Int
    let cellY: Int
    var pixels: PixelCanvas
    private let xscale: AxisScale
    private let yscale: AxisScale
    private let xmap: AxisMap
    private let ymap: AxisMap

    var slotStyles: [TextStyle] = [.plain]
    /// Shading per cell (a style slot, 0 for none), drawn under the pixels.
    var shade: [UInt8]
    /// A glyph per cell drawn over the pixels (markers, arrow heads), with its style slot.
    var overlay: [Unicode.Scalar?]
    var overlayStyle: [UInt8]
    /// Texts over everything, at a cell.
    var texts: [(row: Int, column: Int, text: String, style: UInt8)] = []
    /// Cells a label or a marker took: the placer puts no other label there.
    var occupied: [Bool]

    var pixelWidth: Int { width * cellX }
    var pixelHeight: Int { height * cellY }

    init(kind: CanvasKind, layout: XYLayout, xscale: AxisScale, yscale: AxisScale) {
        width = layout.width
        height = layout.height
        (cellX, cellY) = kind.pixelsPerCell
        pixels = PixelCanvas(kind: kind, columns: width, rows: height)
        self.xscale = xscale
        self.yscale = yscale
        xmap = AxisMap(
            from: xscale.forward(layout.x.lo), to: xscale.forward(layout.x.hi),
            pixels: Double(width * cellX - 1))
        ymap = AxisMap(
            from: yscale.forward(layout.y.hi), to: yscale.forward(layout.y.lo),
            pixels: Double(height * cellY - 1))
        shade = [UInt8](repeating: 0, count: width * height)
        overlay = [Unicode.Scalar?](repeating: nil, count: width * height)
        overlayStyle = [UInt8](repeating: 0, count: width * height)
        occupied = [Bool](repeating: false, count: width * height)
    }

    // MARK: world → pixel

    @inline(__always) func px(_ x: Double) -> Double { xmap(xscale.forward(x)) }
    @inline(__always) func py(_ y: Double) -> Double { ymap(yscale.forward(y)) }
    /// The cell column of `x`, clamped to the canvas.
    func column(_ x: Double) -> Int { Self.cell(px(x), per: cellX, count: width) }
    /// The cell row of `y`, clamped to the canvas.
    func row(_ y: Double) -> Int { Self.cell(py(y), per: cellY, count: height) }

    /// The cell of pixel coordinate `p`, clamped to `0..<count`. Clamped before it becomes
    /// an Int: an axis 1e308 wide, or 1e-320, scales points to ±∞ or NaN (NaN goes to 0).
    static func cell(_ p: Double, per: Int, count: Int) -> Int {
        let limit = Double(count * per)
        let clamped = p.isNaN ? 0 : Swift.min(limit, Swift.max(0, p.rounded()))
        return Swift.min(count - 1, Int(clamped) / per)
    }

    /// The cell (row, column) of a world point, or nil when it is off the canvas.
    func cellOf(_ x: Double, _ y: Double) -> (Int, Int)? {
        let cx = px(x)
        let cy = py(y)
        guard cx.isFinite, cy.isFinite, cx >= -0.5, cy >= -0.5 else { return nil }
        let c = Int(cx.rounded()) / cellX
        let r = Int(cy.rounded()) / cellY
        return c < width && r < height ? (r, c) : nil
    }

    // MARK: overlays

    /// The slot of `style`, added on first use.
    mutating func slot(_ style: TextStyle) -> UInt8 {
        if let i = slotStyles.firstIndex(of: style) { return UInt8(i) }
        slotStyles.append(style)
        return UInt8(Swift.min(255, slotStyles.count - 1))
    }

    /// A glyph over the cell of a world point (a marker); nothing when it is off the canvas.
    mutating func mark(_ x: Double, _ y: Double, _ glyph: Unicode.Scalar, _ style: UInt8) {
        let cx = px(x)
        let cy = py(y)
        guard cx.isFinite, cy.isFinite else { return }
        let c = Int(cx.rounded()) / cellX
        let r = Int(cy.rounded()) / cellY
        guard cx >= -0.5, cy >= -0.5, c < width, r < height else { return }
        setOverlay(row: r, column: c, glyph, style)
    }

    mutating func setOverlay(row r: Int, column c: Int, _ glyph: Unicode.Scalar, _ style: UInt8) {
        overlay[r * width + c] = glyph
        overlayStyle[r * width + c] = style
        occupied[r * width + c] = true
    }

    // MARK: the label placer

    /// Where a label may go, in the order tried.
    enum Placement {
        /// Beside a mark at cell (row, column): right of it (left first with `preferLeft`),
        /// the rows above and below, then two rows away. The first spot covering no drawn
        /// data, no other label and no marker wins; when every spot covers data, the first
        /// of the near ones covering no label or marker; else the first candidate, clamped.
        case beside(row: Int, column: Int, preferLeft: Bool)
        /// On a drawn line (a contour level on its own curve): the first of these cells
        /// where the label covers no other label; it then keeps one free cell each side.
        /// Nowhere free: no label.
        case onLine([(Int, Int)])
    }

    /// Places `text` (see `Placement`) and reserves its cells.
    mutating func placeLabel(_ text: String, _ placement: Placement, style: UInt8) {
        let w = displayWidth(text)
        switch placement {
        case .beside(let r, let c, let preferLeft):
            guard w <= width, r >= 0, r < height else { return }
            let right = c + 2
            let left = c - 1 - w
            var near: [(Int, Int)] = preferLeft ? [(r, left), (r, right)] : [(r, right), (r, left)]
            near += [(r - 1, c + 1), (r + 1, c + 1), (r - 1, c - w), (r + 1, c - w)]
            let farther = [(r - 2, c + 1), (r + 2, c + 1), (r - 2, c - w), (r + 2, c - w)]
            let chosen =
                (near + farther).first { fits($0, w) && isFree($0, w, ofData: true) }
                ?? near.first { fits($0, w) && isFree($0, w, ofData: false) }
            let (fr, fc) = chosen ?? (r, Swift.max(0, Swift.min(width - w, preferLeft ? left : right)))
            for k in fc..<(fc + w) { occupied[fr * width + k] = true }
            texts.append((fr, fc, text, style))
        case .onLine(let cells):
            for (r, c) in cells where c + w <= width && isFree((r, c), w, ofData: false) {
                for q in Swift.max(0, c - 1)..<Swift.min(width, c + w + 1) { occupied[r * width + q] = true }
                texts.append((r, c, text, style))
                return
            }
        }
    }

    private func fits(_ spot: (Int, Int), _ w: Int) -> Bool {
        spot.0 >= 0 && spot.0 < height && spot.1 >= 0 && spot.1 + w <= width
    }

    private func isFree(_ spot: (Int, Int), _ w: Int, ofData: Bool) -> Bool {
        (spot.1..<(spot.1 + w)).allSatisfy {
            let i = spot.0 * width + $0
            return !occupied[i] && !(ofData && pixels.bits[i] != 0)
        }
    }
}
