#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How an axis maps data to position.
public enum AxisScale: String, Sendable, CaseIterable {
    case linear
    /// Base-10 logarithmic; non-positive values are not drawn.
    case log10 = "log10"

    /// The position of `v` before normalising (identity or log10).
    @inline(__always)
    func forward(_ v: Double) -> Double {
        switch self {
        case .linear: return v
        case .log10: return v > 0 ? Glibc_log10(v) : .nan
        }
    }
}

@inline(__always) private func Glibc_log10(_ v: Double) -> Double { log10(v) }

/// Tick values and their labels for one axis.
struct Ticks {
    var values: [Double]
    var labels: [String]
}

/// Nice tick values in [lo, hi] by the extended Wilkinson algorithm (Talbot,
/// Lin & Hanrahan, "An Extension of Wilkinson's Algorithm for Positioning
/// Tick Labels on Axes", 2010), with the constraint that every tick lies
/// inside the domain: scores simplicity (steps 1, 5, 2, 2.5, 4, 3 × 10ᵏ, zero
/// included), coverage and density against `target` ticks.
/// - Complexity: a few hundred candidate scorings; no allocation per candidate.
func niceTickValues(_ lo: Double, _ hi: Double, target: Int) -> [Double] {
    guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
    // The scoring below works in hi − lo and its powers of ten: outside the normal range
    // (an axis over ±1e308 overflows it, one over 1e-320…1e-319 is subnormal) it runs on the
    // axis scaled by a power of ten, and the ticks are scaled back.
    if !(hi - lo).isFinite {
        return niceTickValues(lo / 10, hi / 10, target: target).map { $0 * 10 }
    }
    if hi - lo < 1e-280 {
        return niceTickValues(lo * 1e300, hi * 1e300, target: target).map { $0 / 1e300 }
    }
    let q: [Double] = [1, 5, 2, 2.5, 4, 3]
    let w = (0.25, 0.2, 0.5, 0.05)
    let m = Double(max(2, target))
    let range = hi - lo
    let eps = range * 1e-10
    var best = -2.0
    var bestTicks: (Double, Double, Double)? = nil

    func coverage(_ lmin: Double, _ lmax: Double) -> Double {
        1 - 0.5 * ((hi - lmax) * (hi - lmax) + (lo - lmin) * (lo - lmin)) / ((0.1 * range) * (0.1 * range))
    }
    func density(_ k: Double, _ lmin: Double, _ lmax: Double) -> Double {
        let r = (k - 1) / (lmax - lmin)
        let rt = (m - 1) / (Swift.max(lmax, hi) - Swift.min(lo, lmin))
        return 2 - Swift.max(r / rt, rt / r)
    }

    var j = 1.0
    outer: while j < 10 {
        for (index, qi) in q.enumerated() {
            let simplicityMax = 1 - Double(index) / Double(q.count - 1) - j + 1
            if w.0 * simplicityMax + w.1 + w.2 + w.3 < best { break outer }
            var k = 2.0
            while k < 4 * m + 8 {
                let densityMax = k >= m ? 2 - (k - 1) / (m - 1) : 1
                if w.0 * simplicityMax + w.1 + w.2 * densityMax + w.3 < best { break }
                let delta = range / (k + 1) / j / qi
                var z = ceil(log10(delta))
                while z < 400 {
                    let step = j * qi * pow(10, z)
                    let span = step * (k - 1)
                    if span > range + eps { break }  // would not fit inside the domain
                    let coverageMax = 1.0
                    if w.0 * simplicityMax + w.1 * coverageMax + w.2 * densityMax + w.3 < best { break }
                    let minStart = ceil((lo - eps) / step * j) / j
                    let maxStart = floor((hi + eps - span) / step * j) / j
                    if minStart <= maxStart {
                        var start = minStart
                        var tries = 0
                        while start <= maxStart + 1e-9 && tries < 50 {
                            let lmin = start * step
                            let lmax = lmin + span
                            let hasZero =
                                lmin <= 0 && lmax >= 0 && abs(remainder(lmin, step)) < step * 1e-9 ? 1.0 : 0.0
                            let simplicity = 1 - Double(index) / Double(q.count - 1) - j + hasZero
                            let score =
                                w.0 * simplicity + w.1 * coverage(lmin, lmax) + w.2 * density(k, lmin, lmax)
                                + w.3
                            if score > best {
                                best = score
                                bestTicks = (lmin, lmax, step)
                            }
                            start += 1 / j
                            tries += 1
                        }
                    }
                    z += 1
                }
                k += 1
            }
        }
        j += 1
    }
    guard let (lmin, _, step) = bestTicks else { return [lo, hi] }
    var values: [Double] = []
    var v = lmin
    var i = 0.0
    while v <= hi + eps {
        // rebuild from the integer multiple to avoid accumulated error; snap −0 and tiny residue to 0
        v = lmin + i * step
        if v > hi + eps { break }
        values.append(abs(v) < step * 1e-9 ? 0 : v)
        i += 1
    }
    return values
}

/// Decimal places that show every value of `values` exactly to 1e-9 relative (at most 12).
func decimalsNeeded(_ values: [Double]) -> Int {
    let scale = values.reduce(0) { Swift.max($0, abs($1)) }
    for d in 0...12 {
        let f = pow(10, Double(d))
        if values.allSatisfy({ abs(($0 * f).rounded() - $0 * f) <= Swift.max(1e-6, scale * f * 1e-9) }) {
            return d
        }
    }
    return 12
}

/// `v` with exactly `decimals` places; never `-0`; Unicode minus unless `ascii`.
func formatFixed(_ v: Double, decimals: Int, ascii: Bool) -> String {
    guard v.isFinite else {
        return v.isNaN ? "NaN" : (v > 0 ? (ascii ? "Inf" : "∞") : (ascii ? "-Inf" : "−∞"))
    }
    let f = pow(10, Double(decimals))
    let scaled = (abs(v) * f).rounded()
    if scaled >= 9e15 { return formatSignificant(v, digits: 4, ascii: ascii) }
    var n = UInt64(scaled)
    // Digits written right to left into a small buffer: no intermediate strings.
    var bytes = [UInt8](repeating: 0, count: 24)
    var i = 24
    var written = 0
    repeat {
        i -= 1
        bytes[i] = 48 + UInt8(n % 10)
        n /= 10
        written += 1
        if written == decimals {
            i -= 1
            bytes[i] = UInt8(ascii: ".")
        }
    } while n > 0 || written <= decimals
    let digits = String(decoding: bytes[i...], as: UTF8.self)
    if scaled == 0 || v > 0 { return digits }
    return (ascii ? "-" : "−") + digits
}

/// `v` to `digits` significant digits, shortest form: `0.25`, `1200`, `3.1e-05`
/// (Unicode: `3.1×10⁻⁵`); never `-0`.
func formatSignificant(_ v: Double, digits: Int = 4, ascii: Bool) -> String {
    guard v.isFinite else { return formatFixed(v, decimals: 0, ascii: ascii) }
    if v == 0 { return "0" }
    let magnitude = abs(v)
    var exponent = Int(floor(log10(magnitude)))
    if exponent >= 6 || exponent < -4 {
        // 10^exponent is subnormal or 0 below 1e-307: scale v up first (5e-324 is 4.941×10⁻³²⁴).
        let mantissa =
            exponent < -300 ? v * 1e300 / pow(10, Double(exponent + 300)) : v / pow(10, Double(exponent))
        var m = formatFixed(mantissa, decimals: Swift.max(0, digits - 1), ascii: ascii)
        m = trimZeros(m)
        if m == "10" || m == "−10" || m == "-10" {  // rounding carried into the next decade
            exponent += 1
            if exponent == -4 {  // 0.0001, in fixed form
                return formatSignificant(v.sign == .minus ? -1e-4 : 1e-4, digits: digits, ascii: ascii)
            }
            m = String(m.dropLast())  // not a call on ±10^(exponent): subnormal, it would carry again
        }
        if ascii { return m + "e" + String(exponent) }
        return (m == "1" ? "" : m == "−1" ? "−" : m + "×") + "10" + superscript(exponent)
    }
    let decimals = Swift.max(0, digits - 1 - exponent)
    return trimZeros(formatFixed(v, decimals: decimals, ascii: ascii))
}

private func trimZeros(_ s: String) -> String {
    var bytes = Array(s.utf8)
    guard bytes.contains(UInt8(ascii: ".")) else { return s }
    while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
    if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
}

/// `-12` → `⁻¹²`.
func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    var s = n < 0 ? "⁻" : ""
    for c in String(abs(n)) { s.append(digits[Int(c.asciiValue! - 48)]) }
    return s
}

/// Labels for linear ticks: a common number of decimals, or scientific form
/// for very large or very small magnitudes.
func linearTickLabels(_ values: [Double], ascii: Bool) -> [String] {
    let scale = values.reduce(0) { Swift.max($0, abs($1)) }
    let decimals = decimalsNeeded(values)
    if scale >= 1e6 || (scale > 0 && scale < 1e-3) || decimals > 6 {
        return values.map { formatSignificant($0, digits: 3, ascii: ascii) }
    }
    return values.map { formatFixed($0, decimals: decimals, ascii: ascii) }
}

/// Ticks for `scale` on [lo, hi] (data units), about `target` of them.
/// Log axes get decades `10ᵏ` (every second, third… decade when crowded);
/// less than one decade falls back to linear nice values.
func makeTicks(_ lo: Double, _ hi: Double, scale: AxisScale, target: Int, ascii: Bool) -> Ticks {
    switch scale {
    case .linear:
        let values = niceTickValues(lo, hi, target: target)
        return Ticks(values: values, labels: linearTickLabels(values, ascii: ascii))
    case .log10:
        let a = log10(lo)
        let b = log10(hi)
        let first = Int(ceil(a - 1e-9))
        let last = Int(floor(b + 1e-9))
        if last - first + 1 >= 2 {
            let count = last - first + 1
            let stride = Swift.max(1, Int(ceil(Double(count) / Double(Swift.max(2, target)))))
            let exponents = Swift.stride(from: first, through: last, by: stride).map { $0 }
            let values = exponents.map { pow(10, Double($0)) }
            let labels = exponents.map { e -> String in
                ascii
                    ? (e >= 0 && e <= 3 ? String(Int(pow(10, Double(e)))) : "1e" + String(e))
                    : "10" + superscript(e)
            }
            return Ticks(values: values, labels: labels)
        }
        let values = niceTickValues(lo, hi, target: target).filter { $0 > 0 }
        return Ticks(values: values, labels: values.map { formatSignificant($0, digits: 3, ascii: ascii) })
    }
}
