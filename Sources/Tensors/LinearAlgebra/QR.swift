/// Householder QR, `A = Q·R` for an m×n matrix (LAPACK's `geqrf` + `orgqr`).
///
/// With k = min(m, n): `q` is m×k with orthonormal columns and `r` is k×n
/// upper triangular (the reduced, "economy" form). Each reflector
/// `H = I − τ·v·vᵀ` is chosen so that the new diagonal is `−sign(aₖₖ)·‖x‖`,
/// which avoids cancellation; the diagonal of R may therefore be negative.
public struct QRDecomposition: Sendable {
    /// m×k, orthonormal columns.
    public let q: Tensor
    /// k×n, upper triangular.
    public let r: Tensor

    /// Factorises any finite matrix (rank-deficient ones included); throws
    /// `.stopped` when the thread's `StopCheck` asks (polled once per column).
    /// - Complexity: O(m·n·k).
    public init(_ a: Tensor) throws(TensorError) {
        let (m, n) = try a.finiteMatrixDimensions("qr")
        let k = Swift.min(m, n)
        // Work column-major: column j of A is w[j*m ..< (j+1)*m].
        var w = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { w[j * m + i] = a.scalars[i * n + j] } }
        var taus = [Double](repeating: 0, count: k)
        var stopped = false
        w.withUnsafeMutableBufferPointer { w in
            for c in 0..<k {
                if StopCheck.isRequested { stopped = true; return }  // per column: O(m·n) work
                let col = c * m
                // x = A[c..<m, c]; reflector v with v₀ = 1 stored below the diagonal.
                var scale = 0.0
                for i in c..<m { scale = Swift.max(scale, Swift.abs(w[col + i])) }
                if scale == 0 { continue }
                var norm2 = 0.0
                for i in c..<m {
                    let t = w[col + i] / scale
                    norm2 += t * t
                }
                let alpha = w[col + c]
                let norm = scale * norm2.squareRoot()
                let beta = alpha >= 0 ? -norm : norm
                let tau = (beta - alpha) / beta
                let inv = 1 / (alpha - beta)
                for i in (c + 1)..<m { w[col + i] *= inv }
                w[col + c] = beta
                taus[c] = tau
                // Apply H = I − τ v vᵀ to the remaining columns.
                for j in (c + 1)..<n {
                    let cj = j * m
                    var s = w[cj + c]
                    for i in (c + 1)..<m { s += w[col + i] * w[cj + i] }
                    s *= tau
                    w[cj + c] -= s
                    for i in (c + 1)..<m { w[cj + i] -= s * w[col + i] }
                }
            }
        }
        if stopped { throw .stopped }
        var r = [Double](repeating: 0, count: k * n)
        for i in 0..<k { for j in i..<n { r[i * n + j] = w[j * m + i] } }
        // Q = H₀ H₁ … H_{k−1} applied to the first k columns of I, back to front.
        var qc = [Double](repeating: 0, count: m * k)  // column-major m×k
        for j in 0..<k { qc[j * m + j] = 1 }
        for c in stride(from: k - 1, through: 0, by: -1) where taus[c] != 0 {
            try StopCheck.check()  // per reflector: O(m·k) work
            let col = c * m
            for j in c..<k {
                let cj = j * m
                var s = qc[cj + c]
                for i in (c + 1)..<m { s += w[col + i] * qc[cj + i] }
                s *= taus[c]
                qc[cj + c] -= s
                for i in (c + 1)..<m { qc[cj + i] -= s * w[col + i] }
            }
        }
        var q = [Double](repeating: 0, count: m * k)
        for i in 0..<m { for j in 0..<k { q[i * k + j] = qc[j * m + i] } }
        self.q = Tensor(shape: [m, k], scalars: q)
        self.r = Tensor(shape: [k, n], scalars: r)
    }
}

/// The least-squares solution x = argmin ‖A·x − b‖₂ for an m×n A with
/// m ≥ n and full column rank, by Householder QR: `R·x = Qᵀ·b`. B may be a
/// vector (length m) or an m×p block (one solution per column).
/// Throws `.invalidShape` when m < n and `.singular` when A is
/// rank-deficient (some |rᵢᵢ| ≤ 10·max(m,n)·ε·‖A‖_F — R's diagonal only
/// roughly reveals rank, hence the factor 10); use `pseudoInverse` then.
/// - Complexity: O(m·n² + m·n·p).
public func leastSquares(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    let (m, n) = try a.finiteMatrixDimensions("least squares")
    guard m >= n else {
        throw .invalidShape(
            operation: "least squares", shape: a.shape, expected: "at least as many rows as columns")
    }
    let (p, values, isVector) = try rightHandSides(b, rows: m, operation: "least squares", lhs: a.shape)
    let qr = try QRDecomposition(a)
    let r = qr.r.scalars
    let tolerance = 10 * Double(Swift.max(m, n)) * machineEpsilon * a.norm()
    if n > 0 && (0..<n).contains(where: { Swift.abs(r[$0 * n + $0]) <= tolerance }) {
        throw .singular(operation: "least squares")
    }
    // y = Qᵀ·B (n×p), then back substitution R·X = y.
    let q = qr.q.scalars
    var x = [Double](repeating: 0, count: n * p)
    for i in 0..<m {
        if i % 64 == 0 { try StopCheck.check() }  // O(64·n·p) work per poll
        for k in 0..<n {
            let qik = q[i * n + k]
            for j in 0..<p { x[k * p + j] += qik * values[i * p + j] }
        }
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
        for k in (i + 1)..<Swift.max(n, i + 1) {
            let rik = r[i * n + k]
            for j in 0..<p { x[i * p + j] -= rik * x[k * p + j] }
        }
        for j in 0..<p { x[i * p + j] /= r[i * n + i] }
    }
    return Tensor(shape: isVector ? [n] : [n, p], scalars: x)
}
