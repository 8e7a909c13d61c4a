import RealModule

/// LU factorisation with partial pivoting, `P·A = L·U` (LAPACK's `getrf`).
///
/// `factors` holds `U` on and above the diagonal and the multipliers of the
/// unit lower-triangular `L` below it; row `i` of `P·A` is row
/// `pivots[i]` of `A`. Every multiplier has |lᵢⱼ| ≤ 1.
public struct LUDecomposition: Sendable {
    /// L (strictly below the diagonal, unit diagonal implied) and U (on and above), n×n.
    public let factors: Tensor
    /// Row `i` of `P·A` is row `pivots[i]` of `A`.
    public let pivots: [Int]
    /// The sign of the permutation P: (−1)^(number of row swaps).
    public let permutationSign: Double
    /// True when some pivot |uₖₖ| ≤ n·ε·max|aᵢⱼ|: the matrix is singular to
    /// working precision and `solve` throws.
    public let isSingular: Bool

    /// Factorises a square matrix. Throws for a non-square matrix or a NaN/∞
    /// element; a singular matrix factorises (see `isSingular`).
    /// - Complexity: O(n³).
    public init(_ a: Tensor) throws(TensorError) {
        let n = try a.finiteSquareSize("lu")
        var lu = a.scalars
        var pivots = Array(0..<n)
        var sign = 1.0
        let tolerance = Double(n) * machineEpsilon * a.maxMagnitude
        var singular = n > 0 && a.maxMagnitude == 0
        var stopped = false
        lu.withUnsafeMutableBufferPointer { m in
            for k in 0..<n {
                if StopCheck.isRequested { stopped = true; break }  // O(n²) work per poll
                var p = k
                var best = Swift.abs(m[k * n + k])
                for i in (k + 1)..<Swift.max(n, k + 1) where Swift.abs(m[i * n + k]) > best {
                    best = Swift.abs(m[i * n + k])
                    p = i
                }
                if p != k {
                    for j in 0..<n { m.swapAt(k * n + j, p * n + j) }
                    pivots.swapAt(k, p)
                    sign = -sign
                }
                if best <= tolerance { singular = true }
                let pivot = m[k * n + k]
                if pivot == 0 { continue }
                for i in (k + 1)..<Swift.max(n, k + 1) {
                    let l = m[i * n + k] / pivot
                    m[i * n + k] = l
                    if l == 0 { continue }
                    for j in (k + 1)..<n { m[i * n + j] -= l * m[k * n + j] }
                }
            }
        }
        if stopped { throw .stopped }
        factors = Tensor(shape: [n, n], scalars: lu)
        self.pivots = pivots
        permutationSign = sign
        isSingular = singular
    }

    /// n, the order of the matrix.
    public var size: Int { pivots.count }

    /// The unit lower-triangular factor L.
    public var lower: Tensor {
        let n = size
        var l = Tensor.eye(n)
        for i in 0..<n { for j in 0..<i { l.scalars[i * n + j] = factors.scalars[i * n + j] } }
        return l
    }

    /// The upper-triangular factor U.
    public var upper: Tensor {
        let n = size
        var u = Tensor.zeros([n, n])
        for i in 0..<n { for j in i..<n { u.scalars[i * n + j] = factors.scalars[i * n + j] } }
        return u
    }

    /// det A = sign(P) · Π uₖₖ (exactly 0 when a pivot is 0).
    public var determinant: Double {
        var d = permutationSign
        for k in 0..<size { d *= factors.scalars[k * size + k] }
        return d
    }

    /// Solves A·X = B for a vector b (length n) or a block B (n×m) of
    /// right-hand sides, by forward then back substitution.
    /// Throws `.singular` for a singular A, `.shapeMismatch` for a wrong B.
    /// - Complexity: O(n²·m).
    public func solve(_ b: Tensor) throws(TensorError) -> Tensor {
        let n = size
        let (m, values, isVector) = try rightHandSides(b, rows: n, operation: "solve", lhs: [n, n])
        guard !isSingular else { throw .singular(operation: "solve") }
        var x = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m { x[i * m + j] = values[pivots[i] * m + j] }
        }
        var stopped = false
        factors.scalars.withUnsafeBufferPointer { f in
            x.withUnsafeMutableBufferPointer { x in
                // L·Y = P·B (unit diagonal)
                for i in 0..<n {
                    if StopCheck.isRequested { stopped = true; return }  // per row: O(n·m) work
                    for k in 0..<i {
                        let l = f[i * n + k]
                        if l == 0 { continue }
                        for j in 0..<m { x[i * m + j] -= l * x[k * m + j] }
                    }
                }
                // U·X = Y
                for i in stride(from: n - 1, through: 0, by: -1) {
                    if StopCheck.isRequested { stopped = true; return }
                    for k in (i + 1)..<Swift.max(n, i + 1) {
                        let u = f[i * n + k]
                        if u == 0 { continue }
                        for j in 0..<m { x[i * m + j] -= u * x[k * m + j] }
                    }
                    let d = f[i * n + i]
                    for j in 0..<m { x[i * m + j] /= d }
                }
            }
        }
        if stopped { throw .stopped }
        return Tensor(shape: isVector ? [n] : [n, m], scalars: x)
    }
}

/// Solves the square system A·X = B (B a vector or an n×m block) by LU with
/// partial pivoting. Throws `.singular` when A is singular to working precision.
/// - Complexity: O(n³ + n²·m).
public func solve(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    let lu = try LUDecomposition(a)
    if lu.isSingular { throw .singular(operation: "solve") }
    return try lu.solve(b)
}

/// A⁻¹ by LU, solving A·X = I. Throws `.singular` for a singular matrix.
/// - Complexity: O(n³).
public func inverse(_ a: Tensor) throws(TensorError) -> Tensor {
    let lu = try LUDecomposition(a)
    if lu.isSingular { throw .singular(operation: "inverse") }
    return try lu.solve(Tensor.eye(lu.size))
}

/// det A from the LU factors; 0 (not an error) for a singular matrix, 1 for 0×0.
/// Throws for a non-square matrix or NaN/∞ elements. Overflows to ±∞ for
/// large n — use `logAbsDeterminant` then.
public func determinant(_ a: Tensor) throws(TensorError) -> Double {
    try LUDecomposition(a).determinant
}

/// `(sign, log|det A|)` with `det A = sign · exp(logAbs)`, without overflow
/// (NumPy's `slogdet`). A singular matrix (a zero pivot) gives `(0, −∞)`.
public func logAbsDeterminant(_ a: Tensor) throws(TensorError) -> (sign: Double, logAbs: Double) {
    let lu = try LUDecomposition(a)
    var sign = lu.permutationSign
    var logAbs = 0.0
    for k in 0..<lu.size {
        let u = lu.factors.scalars[k * lu.size + k]
        if u == 0 { return (0, -.infinity) }
        if u < 0 { sign = -sign }
        logAbs += Double.log(Swift.abs(u))
    }
    return (sign, logAbs)
}
