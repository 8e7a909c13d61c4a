import Terminal
import Testing

@testable import Plotting

/// Axes and labels at the ends of the double range: spans that overflow (±1e308) and values
/// that are subnormal (below 2.2251e-308), where `hi − lo`, `pixels / (hi − lo)` and
/// `10^exponent` leave the normal range (before the fix, the ticks of ±1e308 looped forever and
/// the labels of 1e-320 recursed until the stack ran out).
///
/// The expected labels are closed forms: 5e-324 is the smallest subnormal, 2⁻¹⁰⁷⁴ =
/// 4.9406564584124654e-324 (IEEE 754 binary64), so 3 significant digits read 4.94×10⁻³²⁴, and
/// 1e-323 is 2·2⁻¹⁰⁷⁴ = 9.8813129168249309e-324, 9.88×10⁻³²⁴; 1e-320 is the nearest multiple of
/// 2⁻¹⁰⁷⁴, 2024·2⁻¹⁰⁷⁴ = 9.99988671826831e-321, which rounds to 1.00×10⁻³²⁰.
@Suite(.timeLimit(.minutes(3))) struct ExtremeRangeTests {
    /// A decimal literal as Lab reads it (Swift warns on subnormal literals in source).
    func d(_ literal: String) -> Double { Double(literal)! }
    let plain = TerminalContext(colorMode: .none, width: 70)

    @Test func subnormalNumbersHaveFiniteLabels() {
        #expect(formatSignificant(d("5e-324"), digits: 3, ascii: false) == "4.94×10⁻³²⁴")
        #expect(formatSignificant(-d("1e-323"), digits: 3, ascii: true) == "-9.88e-324")
        #expect(formatSignificant(d("1e-320"), digits: 3, ascii: true) == "1e-320")
        #expect(formatSignificant(d("1e-320"), digits: 3, ascii: false) == "10⁻³²⁰")
        #expect(formatSignificant(2.2250738585072014e-308, digits: 3, ascii: true) == "2.23e-308")
        // The carry into the next decade still reads as the fixed 0.0001 it always did.
        #expect(formatSignificant(9.9999e-5, digits: 3, ascii: true) == "0.0001")
    }

    @Test func aHistogramOfSubnormalsLabelsItsBinsWithTheirValues() {
        let text = Plot.histogram([d("5e-324"), d("1e-323")]).render(plain).joined(separator: "\n")
        #expect(!text.contains("∞"), "\(text)")
        #expect(text.contains("[4.94×10⁻³²⁴, 9.88×10⁻³²⁴]"), "\(text)")
        // Two values one ulp apart have one bin between them: no empty bin [a, a).
        #expect(!text.contains("[4.94×10⁻³²⁴, 4.94×10⁻³²⁴)"), "\(text)")
    }

    /// y = x over [−1e308, 1e308]: every sample is finite although hi − lo = ∞.
    @Test func aFunctionOverTheWholeDoubleRangeIsDrawn() {
        var plot = Plot(options: PlotOptions(width: 40, height: 10))
        plot.addFunction(from: -1e308, to: 1e308) { $0 }
        let lines = plot.render(plain)
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("no finite points"), "\(text)")
        #expect(!text.contains("∞") && !text.contains("NaN"), "\(text)")
        // The diagonal reaches the top row and the bottom row of the drawing.
        let drawn = lines.filter { $0.contains("│") || $0.contains("┤") }
        let ink = { (line: String) in line.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }
        #expect(drawn.first.map(ink) == true && drawn.last.map(ink) == true, "\(text)")
        // Ticks at round multiples of 10³⁰⁸, the ends included: −1e308 and 1e308 are on the axis.
        #expect(text.contains("−10³⁰⁸") && text.contains("10³⁰⁸"), "\(text)")
    }

    @Test func aFunctionOverSubnormalsIsDrawnWithFiniteTicks() {
        var plot = Plot(options: PlotOptions(width: 40, height: 10))
        plot.addFunction(from: d("1e-320"), to: d("1e-319")) { $0 }
        let lines = plot.render(plain)
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("no finite points") && !text.contains("∞"), "\(text)")
        #expect(text.contains("×10⁻³²⁰") || text.contains("10⁻³¹⁹"), "\(text)")
        let drawn = lines.filter { $0.contains("│") || $0.contains("┤") }
        let ink = { (line: String) in line.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }
        #expect(drawn.first.map(ink) == true && drawn.last.map(ink) == true, "\(text)")
    }

    @Test func ticksOfExtremeRangesStayInsideThem() {
        for (lo, hi) in [
            (-1e308, 1e308), (-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude),
            (d("1e-320"), d("1e-319")), (0, d("5e-324") * 3),
        ] {
            let values = niceTickValues(lo, hi, target: 5)
            #expect(values.count >= 2, "\(lo)…\(hi): \(values)")
            #expect(values.allSatisfy { $0.isFinite && $0 >= lo && $0 <= hi }, "\(lo)…\(hi): \(values)")
        }
    }
}
