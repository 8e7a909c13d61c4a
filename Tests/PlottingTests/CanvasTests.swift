import Terminal
import Testing

@testable import Plotting

/// The canvas layer, tested for every kind: it knows only pixels.
@Suite struct CanvasTests {
    func rows(_ canvas: PixelCanvas) -> [String] {
        (0..<canvas.rows).map { r in
            String(
                String.UnicodeScalarView((0..<canvas.columns).map { canvas.glyph(column: $0, row: r) ?? " " })
            )
        }
    }

    @Test(arguments: CanvasKind.allCases)
    func horizontalLineLightsOneRowOfPixels(kind: CanvasKind) {
        var canvas = PixelCanvas(kind: kind, columns: 4, rows: 2)
        var phase = 0.0
        canvas.line(0, 0, Double(canvas.pixelWidth - 1), 0, color: 1, phase: &phase)
        let top = rows(canvas)[0]
        let expected: Character = kind == .braille ? "⠉" : kind == .block ? "▀" : "-"
        #expect(top == String(repeating: expected, count: 4))
        #expect(rows(canvas)[1] == "    ")
    }

    @Test(arguments: CanvasKind.allCases)
    func linesAreClippedToTheCanvas(kind: CanvasKind) {
        var canvas = PixelCanvas(kind: kind, columns: 5, rows: 3)
        var phase = 0.0
        canvas.line(-100, -50, 300, 200, color: 1, phase: &phase)
        canvas.line(-1e300, 1, 1e300, 1, color: 2, phase: &phase)
        // Nothing crashed, something inside was drawn, and out-of-range lines draw nothing.
        #expect(rows(canvas).joined().contains { $0 != " " })
        var empty = PixelCanvas(kind: kind, columns: 5, rows: 3)
        empty.line(-10, -10, -1, -20, color: 1, phase: &phase)
        #expect(rows(empty).joined().allSatisfy { $0 == " " })
    }

    /// A segment with a NaN or infinite end (the log of a negative x) draws
    /// nothing instead of trapping in the pixel conversion.
    @Test(arguments: CanvasKind.allCases)
    func aSegmentWithANonFiniteEndDrawsNothing(kind: CanvasKind) {
        var canvas = PixelCanvas(kind: kind, columns: 5, rows: 3)
        var phase = 0.0
        canvas.line(.nan, 1, 3, 2, color: 1, phase: &phase)
        canvas.line(1, 1, 3, .infinity, color: 1, phase: &phase)
        canvas.line(-.infinity, 0, .nan, .nan, color: 1, phase: &phase)
        #expect(rows(canvas).joined().allSatisfy { $0 == " " })
    }

    @Test(arguments: CanvasKind.allCases)
    func nonFiniteValuesBreakThePolyline(kind: CanvasKind) {
        var joined = PixelCanvas(kind: kind, columns: 6, rows: 1)
        var broken = PixelCanvas(kind: kind, columns: 6, rows: 1)
        let y = 0.0
        let w = Double(joined.pixelWidth - 1)
        joined.polyline(xs: [0, w / 2, w], ys: [y, y, y], color: 1)
        broken.polyline(xs: [0, w / 4, w / 2, 3 * w / 4, w], ys: [y, y, .nan, y, y], color: 1)
        #expect(rows(joined)[0] != rows(broken)[0])
        #expect(rows(broken)[0].contains(" "))
    }

    @Test func jumpsBreakFunctionLines() {
        var canvas = PixelCanvas(kind: .braille, columns: 4, rows: 4)
        canvas.polyline(xs: [0, 3, 4, 7], ys: [0, 0, 15, 15], color: 1, breakJump: 8)
        // No vertical stroke between the two halves.
        let r = rows(canvas)
        #expect(r[1] == "    " && r[2] == "    ")
    }

    @Test func dashedLinesHaveGaps() {
        var canvas = PixelCanvas(kind: .ascii, columns: 10, rows: 1)
        var phase = 0.0
        canvas.line(0, 1, 29, 1, color: 1, dash: .dashed, phase: &phase)
        let row = rows(canvas)[0]
        #expect(row.contains("-") && row.contains(" "))
    }

    @Test func asciiGlyphsAreStrokes() {
        var canvas = PixelCanvas(kind: .ascii, columns: 3, rows: 3)
        var phase = 0.0
        canvas.line(0, 8, 8, 0, color: 1, phase: &phase)
        #expect(rows(canvas) == ["  /", " / ", "/  "])
    }
}
