import Terminal

/// Segments (x0, y0, x1, y1) of the level set z = `level` by marching
/// squares: `z[i][j]` is the value at (x[j], y[i]); each grid square with
/// corners on both sides of the level contributes one or two segments, the
/// crossing points linearly interpolated along its edges. The two saddle
/// cases are resolved by the value at the square's centre. Squares with a
/// non-finite corner contribute nothing.
/// - Complexity: O(rows × columns).
func marchingSquares(x: [Double], y: [Double], z: [[Double]], level: Double) -> [(
    Double, Double, Double, Double
)] {
    let ny = min(y.count, z.count)
    guard ny >= 2 else { return [] }
    var segments: [(Double, Double, Double, Double)] = []
    for i in 0..<(ny - 1) {
        let nx = min(x.count, z[i].count, z[i + 1].count)
        guard nx >= 2 else { continue }
        for j in 0..<(nx - 1) {
            // Corners counter-clockwise from bottom-left: c0 (i, j), c1 (i, j+1), c2 (i+1, j+1), c3 (i+1, j).
            let c0 = z[i][j], c1 = z[i][j + 1], c2 = z[i + 1][j + 1], c3 = z[i + 1][j]
            guard c0.isFinite, c1.isFinite, c2.isFinite, c3.isFinite else { continue }
            let index =
                (c0 > level ? 1 : 0) | (c1 > level ? 2 : 0) | (c2 > level ? 4 : 0) | (c3 > level ? 8 : 0)
            if index == 0 || index == 15 { continue }
            let x0 = x[j], x1 = x[j + 1], y0 = y[i], y1 = y[i + 1]
            func t(_ a: Double, _ b: Double) -> Double { a == b ? 0.5 : (level - a) / (b - a) }
            // Edge crossings: e0 c0–c1 (bottom), e1 c1–c2 (right), e2 c2–c3 (top), e3 c3–c0 (left).
            func edge(_ e: Int) -> (Double, Double) {
                switch e {
                case 0: return (x0 + (x1 - x0) * t(c0, c1), y0)
                case 1: return (x1, y0 + (y1 - y0) * t(c1, c2))
                case 2: return (x1 + (x0 - x1) * t(c2, c3), y1)
                default: return (x0, y1 + (y0 - y1) * t(c3, c0))
                }
            }
            func add(_ a: Int, _ b: Int) {
                let p = edge(a)
                let q = edge(b)
                segments.append((p.0, p.1, q.0, q.1))
            }
            let centreAbove = (c0 + c1 + c2 + c3) / 4 > level
            switch index {
            case 1, 14: add(3, 0)
            case 2, 13: add(0, 1)
            case 3, 12: add(3, 1)
            case 4, 11: add(1, 2)
            case 6, 9: add(0, 2)
            case 7, 8: add(3, 2)
            case 5: if centreAbove { add(0, 1); add(2, 3) } else { add(3, 0); add(1, 2) }
            case 10: if centreAbove { add(3, 0); add(1, 2) } else { add(0, 1); add(2, 3) }
            default: break
            }
        }
    }
    return segments
}

/// A contour series' levels, their labels, and its summary entry
/// ("loss: min 0 at (0, 0), levels 1 2 3"); nil when z has no finite range.
struct ResolvedContour {
    var levels: [Double]
    var labels: [String]
    var summary: String?
}

/// Resolves the levels of a contour series over the range of its finite z values.
func resolveContour(_ s: Series, z: [[Double]], levels given: ContourLevels, ascii: Bool)
    -> ResolvedContour?
{
    var ze = Extent()
    var argmin = (0, 0)
    for (i, row) in z.enumerated() {
        for (j, v) in row.enumerated() where v.isFinite {
            if v < ze.lo { argmin = (i, j) }
            ze.include(v)
        }
    }
    guard !ze.isEmpty, ze.hi > ze.lo else { return nil }
    let levels = given.resolved(lo: ze.lo, hi: ze.hi)
    let labels = linearTickLabels(levels, ascii: ascii)
    func num(_ v: Double) -> String { formatSignificant(v, digits: 3, ascii: ascii) }
    let name = s.label.map { ascii ? asciiFolded($0) : $0 } ?? "z"
    var summary: String? = nil
    if argmin.0 < s.y.count && argmin.1 < s.x.count {
        let at = "(\(num(s.x[argmin.1])), \(num(s.y[argmin.0])))"
        summary = "\(name): min \(num(ze.lo)) at \(at), levels \(labels.joined(separator: " "))"
    }
    return ResolvedContour(levels: levels, labels: labels, summary: summary)
}
