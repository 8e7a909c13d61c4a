import TestSupport
import Testing

@testable import Plotting

@Suite struct TicksTests {
    @Test func ticksStayInsideTheDomainOverManyRanges() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<400 {
            let scale = Double.pow10(Int(rng.uniform() * 12) - 6)
            let a = (rng.uniform() * 2 - 1) * scale
            let b = a + rng.uniform() * scale + scale * 1e-3
            let target = 2 + Int(rng.uniform() * 8)
            let values = niceTickValues(a, b, target: target)
            #expect(!values.isEmpty, "no ticks for [\(a), \(b)] (seed 11)")
            for v in values {
                #expect(
                    v >= a - (b - a) * 1e-9 && v <= b + (b - a) * 1e-9,
                    "tick \(v) outside [\(a), \(b)] (seed 11)")
            }
            #expect(values == values.sorted())
        }
    }

    @Test func niceStepsAndZero() {
        #expect(niceTickValues(0, 10, target: 6) == [0, 2, 4, 6, 8, 10])
        #expect(niceTickValues(-1, 1, target: 5) == [-1, -0.5, 0, 0.5, 1])
        #expect(niceTickValues(0, 6.283, target: 7) == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test func labelsNeverShowNegativeZero() {
        let labels = linearTickLabels([-0.0, -1e-17, 0.5], ascii: true)
        #expect(labels == ["0.0", "0.0", "0.5"])
        #expect(formatFixed(-0.0001, decimals: 2, ascii: false) == "0.00")
        #expect(formatSignificant(-0.0, digits: 3, ascii: true) == "0")
    }

    @Test func labelsShareDecimals() {
        #expect(linearTickLabels([0, 0.25, 0.5], ascii: false) == ["0.00", "0.25", "0.50"])
        #expect(linearTickLabels([-2, 0, 2], ascii: false) == ["−2", "0", "2"])
        #expect(linearTickLabels([-2, 0, 2], ascii: true) == ["-2", "0", "2"])
    }

    @Test func scientificForExtremes() {
        #expect(formatSignificant(2.5e-5, digits: 3, ascii: false) == "2.5×10⁻⁵")
        #expect(formatSignificant(2.5e-5, digits: 3, ascii: true) == "2.5e-5")
        #expect(formatSignificant(1e7, digits: 3, ascii: false) == "10⁷")
        #expect(formatSignificant(9.9999e6, digits: 3, ascii: true) == "1e7")
        #expect(formatSignificant(1234.5678, digits: 4, ascii: true) == "1235")
    }

    @Test func logTicksAreDecadesWithSuperscripts() {
        let ticks = makeTicks(1e-3, 10, scale: .log10, target: 5, ascii: false)
        #expect(ticks.labels == ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"])
        let crowded = makeTicks(1e-8, 1e8, scale: .log10, target: 4, ascii: true)
        #expect(crowded.values.count <= 5)
        #expect(crowded.values.allSatisfy { $0 >= 1e-8 && $0 <= 1e8 })
        let narrow = makeTicks(2, 8, scale: .log10, target: 4, ascii: true)
        #expect(narrow.values.allSatisfy { $0 >= 2 && $0 <= 8 })
    }

    @Test func superscripts() {
        #expect(superscript(-12) == "⁻¹²")
        #expect(superscript(0) == "⁰")
    }
}

extension Double {
    static func pow10(_ k: Int) -> Double {
        var v = 1.0
        for _ in 0..<abs(k) { v *= 10 }
        return k < 0 ? 1 / v : v
    }
}
