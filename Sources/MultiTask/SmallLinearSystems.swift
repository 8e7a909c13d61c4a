/// Solves A x = b for a small dense square system by Gaussian elimination
/// with partial pivoting; `nil` when A is singular to working precision.
///
/// The gradient methods here solve systems of size T or T+1 (T = number of
/// tasks, a handful), so a textbook elimination on `[[Double]]` is the right
/// tool; large systems belong to the Tensors linear algebra.
/// - Complexity: O(n³).
func solveSmallSystem(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    let n = b.count
    precondition(a.count == n && a.allSatisfy { $0.count == n }, "solveSmallSystem: \(n)×\(n) system")
    var m = a
    var rhs = b
    let scale = a.flatMap { $0 }.reduce(0) { max($0, abs($1)) }
    if scale == 0 { return nil }
    for col in 0..<n {
        var pivot = col
        for r in (col + 1)..<max(col + 1, n) where abs(m[r][col]) > abs(m[pivot][col]) { pivot = r }
        if abs(m[pivot][col]) <= scale * 1e-14 { return nil }
        if pivot != col {
            m.swapAt(pivot, col)
            rhs.swapAt(pivot, col)
        }
        for r in (col + 1)..<max(col + 1, n) {
            let f = m[r][col] / m[col][col]
            if f == 0 { continue }
            for c in col..<n { m[r][c] -= f * m[col][c] }
            rhs[r] -= f * rhs[col]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for r in stride(from: n - 1, through: 0, by: -1) {
        var s = rhs[r]
        for c in (r + 1)..<max(r + 1, n) { s -= m[r][c] * x[c] }
        x[r] = s / m[r][r]
    }
    return x
}
