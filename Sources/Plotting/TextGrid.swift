import Terminal

/// A fixed-size grid of terminal cells, each one scalar with a style.
///
/// Display-width aware: a wide character (CJK, fullwidth) takes two cells,
/// the second marked as a continuation; combining marks ride on the cell
/// before them. Writes past the edge are clipped, so nothing drawn on a grid
/// can exceed its width. Rendering emits an escape only where the style changes.
struct TextGrid {
    let width: Int
    let height: Int
    private(set) var scalars: [Unicode.Scalar]
    private(set) var styles: [UInt8]
    /// Combining marks attached to a cell (rare, so kept aside).
    private var marks: [Int: String] = [:]
    private var styleTable: [TextStyle] = [.plain]

    /// Marks the right half of a wide character.
    static let continuation: Unicode.Scalar = "\u{0}"

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        scalars = Array(repeating: " ", count: self.width * self.height)
        styles = Array(repeating: 0, count: self.width * self.height)
    }

    /// The small integer naming `style` in this grid (0 is plain).
    mutating func styleIndex(_ style: TextStyle) -> UInt8 {
        if let i = styleTable.firstIndex(of: style) { return UInt8(i) }
        precondition(styleTable.count < 255, "too many styles in one grid")
        styleTable.append(style)
        return UInt8(styleTable.count - 1)
    }

    func scalar(row: Int, column: Int) -> Unicode.Scalar {
        scalars[row * width + column]
    }

    func style(row: Int, column: Int) -> UInt8 { styles[row * width + column] }

    /// Sets one cell to a width-1 scalar.
    @inline(__always)
    mutating func set(row: Int, column: Int, _ scalar: Unicode.Scalar, style: UInt8 = 0) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        scalars[row * width + column] = scalar
        styles[row * width + column] = style
    }

    /// Direct access to the cells (row-major, `width` per row) for bulk copies
    /// of width-1 scalars; the caller keeps indices in bounds.
    mutating func withStorage(
        _ body: (UnsafeMutableBufferPointer<Unicode.Scalar>, UnsafeMutableBufferPointer<UInt8>) -> Void
    ) {
        scalars.withUnsafeMutableBufferPointer { s in
            styles.withUnsafeMutableBufferPointer { t in body(s, t) }
        }
    }

    /// Changes only the style of a cell.
    mutating func setStyle(row: Int, column: Int, _ style: UInt8) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        styles[row * width + column] = style
    }

    /// Writes `text` starting at `column`; returns the number of columns used.
    /// Clipped at the right edge; a wide character that would straddle it is dropped.
    @discardableResult
    mutating func put(_ text: String, row: Int, column: Int, style: UInt8 = 0) -> Int {
        guard row >= 0, row < height else { return 0 }
        var c = column
        for s in text.unicodeScalars {
            let w = displayWidth(s)
            if w == 0 {
                if c > column, c - 1 < width, c - 1 >= 0 {
                    marks[row * width + c - 1, default: ""].unicodeScalars.append(s)
                }
                continue
            }
            if c + w > width { break }
            if c >= 0 {
                scalars[row * width + c] = s
                styles[row * width + c] = style
                marks[row * width + c] = nil
                if w == 2 {
                    scalars[row * width + c + 1] = Self.continuation
                    styles[row * width + c + 1] = style
                }
            }
            c += w
        }
        return c - column
    }

    /// Copies `other` into this grid with its top-left corner at (row, column).
    mutating func paste(_ other: TextGrid, row: Int, column: Int) {
        var remap: [UInt8] = []
        for style in other.styleTable { remap.append(styleIndex(style)) }
        for r in 0..<other.height where row + r >= 0 && row + r < height {
            for c in 0..<other.width where column + c >= 0 && column + c < width {
                let i = (row + r) * width + column + c
                scalars[i] = other.scalars[r * other.width + c]
                styles[i] = remap[Int(other.styles[r * other.width + c])]
                if let m = other.marks[r * other.width + c] { marks[i] = m }
            }
        }
    }

    /// One string per row, every row `width` columns wide; escapes only when
    /// `mode` is not `.none`.
    func render(_ mode: ColorMode) -> [String] {
        let openings = styleTable.map { Array($0.opening(mode).utf8) }
        let longestOpening = openings.reduce(0) { Swift.max($0, $1.count) }
        let reset = Array(ANSI.reset.utf8)
        // Worst case per cell: a reset, an opening and a 4-byte scalar.
        let capacity = width * (4 + (mode == .none ? 0 : reset.count + longestOpening)) + reset.count
        var lines: [String] = []
        lines.reserveCapacity(height)
        scalars.withUnsafeBufferPointer { scalars in
            styles.withUnsafeBufferPointer { styles in
                for r in 0..<height {
                    if !marks.isEmpty && (0..<width).contains(where: { marks[r * width + $0] != nil }) {
                        lines.append(renderRowSlowly(r, openings: openings, reset: reset))
                        continue
                    }
                    lines.append(
                        String(unsafeUninitializedCapacity: capacity) { out in
                            var n = 0
                            @inline(__always) func emit(_ bytes: [UInt8]) {
                                for b in bytes { out[n] = b; n += 1 }
                            }
                            var current: UInt8 = 0
                            for i in (r * width)..<(r * width + width) {
                                let s = scalars[i]
                                if s == Self.continuation { continue }
                                if mode != .none {
                                    let style = styles[i]
                                    if style != current {
                                        if current != 0 { emit(reset) }
                                        emit(openings[Int(style)])
                                        current = style
                                    }
                                }
                                let v = s.value
                                if v < 0x80 {
                                    out[n] = UInt8(v)
                                    n += 1
                                } else if v < 0x800 {
                                    out[n] = UInt8(0xC0 | (v >> 6))
                                    out[n + 1] = UInt8(0x80 | (v & 0x3F))
                                    n += 2
                                } else if v < 0x10000 {
                                    out[n] = UInt8(0xE0 | (v >> 12))
                                    out[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                                    out[n + 2] = UInt8(0x80 | (v & 0x3F))
                                    n += 3
                                } else {
                                    out[n] = UInt8(0xF0 | (v >> 18))
                                    out[n + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                                    out[n + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                                    out[n + 3] = UInt8(0x80 | (v & 0x3F))
                                    n += 4
                                }
                            }
                            if current != 0 { emit(reset) }
                            return n
                        })
                }
            }
        }
        return lines
    }

    /// A row with combining marks (rare): the straightforward way.
    private func renderRowSlowly(_ r: Int, openings: [[UInt8]], reset: [UInt8]) -> String {
        var buffer: [UInt8] = []
        var current: UInt8 = 0
        for c in 0..<width {
            let i = r * width + c
            let s = scalars[i]
            if s == Self.continuation { continue }
            if !openings.allSatisfy(\.isEmpty) {
                let style = styles[i]
                if style != current {
                    if current != 0 { buffer.append(contentsOf: reset) }
                    buffer.append(contentsOf: openings[Int(style)])
                    current = style
                }
            }
            Self.appendUTF8(s, to: &buffer)
            if let m = marks[i] { buffer.append(contentsOf: m.utf8) }
        }
        if current != 0 { buffer.append(contentsOf: reset) }
        return String(decoding: buffer, as: UTF8.self)
    }

    @inline(__always)
    static func appendUTF8(_ s: Unicode.Scalar, to buffer: inout [UInt8]) {
        let v = s.value
        if v < 0x80 {
            buffer.append(UInt8(v))
        } else if v < 0x800 {
            buffer.append(UInt8(0xC0 | (v >> 6)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            buffer.append(UInt8(0xE0 | (v >> 12)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            buffer.append(UInt8(0xF0 | (v >> 18)))
            buffer.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
