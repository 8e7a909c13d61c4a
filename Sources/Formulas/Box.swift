/// A rectangle of character cells with a baseline: the unit of 2-D layout.
///
/// `lines` all have display width `width`; `baseline` is the index of the row
/// that lines up with the baseline of its neighbours (the fraction rule, the
/// row of `=`). Rows above it are the ascent, rows below the descent.
import Terminal

struct Box: Sendable {
    var lines: [String]
    var baseline: Int
    var width: Int

    var height: Int { lines.count }
    var ascent: Int { baseline }
    var descent: Int { lines.count - baseline - 1 }

    /// One row of text.
    init(_ text: String) {
        lines = [text]
        baseline = 0
        width = displayWidth(text)
    }

    init(lines: [String], baseline: Int) {
        let width = lines.map { displayWidth($0) }.max() ?? 0
        self.lines = lines.map { $0 + String(repeating: " ", count: width - displayWidth($0)) }
        self.baseline = baseline
        self.width = width
    }

    static let empty = Box("")

    static func spaces(_ n: Int) -> Box { Box(String(repeating: " ", count: max(0, n))) }

    /// Place boxes side by side with their baselines on one row.
    /// `gaps[i]` cells go before `boxes[i]`.
    static func row(_ boxes: [Box], gaps: [Int]? = nil) -> Box {
        guard !boxes.isEmpty else { return .empty }
        var x = 0
        var pieces: [(Box, Int, Int)] = []
        for (i, box) in boxes.enumerated() {
            x += gaps?[i] ?? 0
            pieces.append((box, x, -box.baseline))
            x += box.width
        }
        return compose(pieces, minimumWidth: x)
    }

    /// Paint boxes on a canvas: each at column `x`, its top row `top` rows from
    /// the result's baseline (negative is above). Boxes on a row must not overlap.
    static func compose(_ pieces: [(box: Box, x: Int, top: Int)], minimumWidth: Int = 0) -> Box {
        guard !pieces.isEmpty else { return .spaces(minimumWidth) }
        let top = pieces.map(\.top).min()!
        let bottom = pieces.map { $0.top + $0.box.height - 1 }.max()!
        let width = max(minimumWidth, pieces.map { $0.x + $0.box.width }.max()!)
        var lines: [String] = []
        lines.reserveCapacity(bottom - top + 1)
        for row in top...bottom {
            var line = ""
            var column = 0
            for piece in pieces.sorted(by: { $0.x < $1.x })
            where row >= piece.top && row < piece.top + piece.box.height && piece.box.width > 0 {
                if piece.x > column {
                    line += String(repeating: " ", count: piece.x - column)
                    column = piece.x
                }
                line += piece.box.lines[row - piece.top]
                column += piece.box.width
            }
            line += String(repeating: " ", count: max(0, width - column))
            lines.append(line)
        }
        var box = Box(lines: lines, baseline: -top)
        box.width = width
        return box
    }

    /// Wrap every row in an SGR colour (re-opening it after any inner reset).
    func styled(_ sgr: String) -> Box {
        let open = "\u{1B}[\(sgr)m", reset = "\u{1B}[0m"
        var box = self
        box.lines = lines.map { open + $0.replacingReset(with: reset + open) + reset }
        return box
    }
}

extension String {
    fileprivate func replacingReset(with replacement: String) -> String {
        guard contains("\u{1B}[0m") else { return self }
        return split(separator: "\u{1B}[0m", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
