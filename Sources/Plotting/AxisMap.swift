/// The affine map of one axis from world units (after the scale's `forward`) to pixels,
/// `(v − a) · pixels / (b − a)`, kept finite where that formula is not: when `b − a`
/// overflows (an axis from −1e308 to 1e308) or is subnormal (1e-320…1e-319, where
/// `pixels / (b − a)` overflows). Both ends and every value are first multiplied by a power
/// of two (exact unless it underflows), which brings the span into the normal range; for a
/// span in the normal range the factor is 1 and the map is the plain formula, bit for bit.
/// `a > b` is allowed (a y axis, drawn downwards).
struct AxisMap {
    private let origin: Double
    private let factor: Double
    private let scale: Double

    init(from a: Double, to b: Double, pixels: Double) {
        factor = Self.factor(a, b)
        origin = a * factor
        scale = pixels / (b * factor - origin)
    }

    @inline(__always) func callAsFunction(_ v: Double) -> Double { (v * factor - origin) * scale }

    /// 1, or the power of two that brings `b − a` into the normal range.
    static func factor(_ a: Double, _ b: Double) -> Double {
        let span = b - a
        if !span.isFinite && a.isFinite && b.isFinite { return 0x1p-2 }
        if span != 0 && abs(span) < 0x1p-900 { return 0x1p600 }
        return 1
    }
}

/// Point `k` of `n` equal steps from `a` to `b`: `a + (b − a)·k/n`, or, when `b − a`
/// overflows (ends of ±1e308), `a·(1 − t) + b·t` with t = k/n, finite for finite ends.
/// Exactly `a` at k = 0.
@inline(__always)
func interpolate(_ a: Double, _ b: Double, step k: Int, of n: Int) -> Double {
    let span = b - a
    if span.isFinite { return a + span * Double(k) / Double(n) }
    let t = Double(k) / Double(n)
    return a * (1 - t) + b * t
}
