/// Singular value decomposition `A = U·diag(σ)·Vᵀ` by one-sided Jacobi
/// (Hestenes 1958; Demmel & Veselić 1992): plane rotations applied to the
/// columns of A until every pair is orthogonal to ε, then σⱼ = ‖column j‖.
/// Accurate to high relative precision for small σ; O(m·n²) per sweep.
///
/// With k = min(m, n): `u` is m×k, `singularValues` has k entries sorted
/// descending (all ≥ 0), `v` is n×k; the columns of `u` and of `v` are
/// orthonormal (columns for σ = 0 complete an orthonormal set).
public struct SingularValueDecomposition: Sendable {
    /// m×k, orthonormal columns.
    public let u: Tensor
    /// k singular values, descending.
    public let singularValues: Tensor
    /// n×k, orthonormal columns (so A = U·diag(σ)·Vᵀ).
    public let v: Tensor

    /// Throws `.invalidShape` for a non-matrix, `.domain` for NaN/∞ and
    /// `.noConvergence` after 60 sweeps (not seen in practice).
    public init(_ a: Tensor) throws(TensorError) {
        let (m, n) = try a.finiteMatrixDimensions("svd")
        if m < n {
            // Aᵀ = V Σ Uᵀ: decompose the tall transpose and swap the factors.
            let t = try SingularValueDecomposition(a.transposed)
            u = t.v
            singularValues = t.singularValues
            v = t.u
            return
        }
        // m ≥ n. Columns of A and of V stored contiguously: w[j*m ..< (j+1)*m].
        var w = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { w[j * m + i] = a.scalars[i * n + j] } }
        var vc = [Double](repeating: 0, count: n * n)
        for j in 0..<n { vc[j * n + j] = 1 }
        // Pairs with a column below ε·‖A‖_F are left alone: rotating
        // round-off against a real column never settles.
        let negligible = (machineEpsilon * a.norm()) * (machineEpsilon * a.norm())
        var converged = n <= 1
        var sweep = 0
        var stopped = false
        while !converged && sweep < 60 {
            sweep += 1
            converged = true
            w.withUnsafeMutableBufferPointer { w in
                vc.withUnsafeMutableBufferPointer { vc in
                    for p in 0..<n {
                        if StopCheck.isRequested { stopped = true; return }  // per row of pairs: O(n·m) work
                        for q in (p + 1)..<n {
                            var alpha = 0.0, beta = 0.0, gamma = 0.0
                            for i in 0..<m {
                                let x = w[p * m + i], y = w[q * m + i]
                                alpha += x * x
                                beta += y * y
                                gamma += x * y
                            }
                            if gamma == 0 || Swift.min(alpha, beta) <= negligible
                                || Swift.abs(gamma) <= machineEpsilon * (alpha * beta).squareRoot()
                            {
                                continue
                            }
                            converged = false
                            let zeta = (beta - alpha) / (2 * gamma)
                            let t =
                                (zeta >= 0 ? 1.0 : -1.0) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
                            let c = 1 / (1 + t * t).squareRoot()
                            let s = c * t
                            for i in 0..<m {
                                let x = w[p * m + i], y = w[q * m + i]
                                w[p * m + i] = c * x - s * y
                                w[q * m + i] = s * x + c * y
                            }
                            for i in 0..<n {
                                let x = vc[p * n + i], y = vc[q * n + i]
                                vc[p * n + i] = c * x - s * y
                                vc[q * n + i] = s * x + c * y
                            }
                        }
                    }
                }
            }
            if stopped { throw .stopped }
        }
        if !converged { throw .noConvergence(operation: "svd") }
        var sigma = (0..<n).map { j in
            Tensor.vectorNorm(w[(j * m)..<((j + 1) * m)], p: 2)
        }
        let order = (0..<n).sorted { sigma[$0] > sigma[$1] }
        sigma = order.map { sigma[$0] }
        // Left vectors: normalised columns; those with σ = 0 (or negligible)
        // are completed by Gram–Schmidt against the others.
        let cutoff = (sigma.first ?? 0) * Double(m) * machineEpsilon
        var uc: [[Double]] = []
        var missing: [Int] = []
        for (j, source) in order.enumerated() {
            if sigma[j] > cutoff && sigma[j] > 0 {
                uc.append(w[(source * m)..<((source + 1) * m)].map { $0 / sigma[j] })
            } else {
                uc.append([Double](repeating: 0, count: m))
                missing.append(j)
            }
        }
        var candidate = 0
        for j in missing {
            while candidate < m {
                var e = [Double](repeating: 0, count: m)
                e[candidate] = 1
                candidate += 1
                // Two passes of Gram–Schmidt for orthogonality to ε.
                for _ in 0..<2 {
                    for (k, col) in uc.enumerated() where k != j {
                        var d = 0.0
                        for i in 0..<m { d += col[i] * e[i] }
                        for i in 0..<m { e[i] -= d * col[i] }
                    }
                }
                let norm = Tensor.vectorNorm(e[...], p: 2)
                if norm > 0.5 {
                    uc[j] = e.map { $0 / norm }
                    break
                }
            }
        }
        var uRows = [Double](repeating: 0, count: m * n)
        var vRows = [Double](repeating: 0, count: n * n)
        for (j, source) in order.enumerated() {
            for i in 0..<m { uRows[i * n + j] = uc[j][i] }
            for i in 0..<n { vRows[i * n + j] = vc[source * n + i] }
        }
        u = Tensor(shape: [m, n], scalars: uRows)
        singularValues = Tensor(sigma)
        v = Tensor(shape: [n, n], scalars: vRows)
    }
}

/// The singular values of a matrix, descending.
public func singularValues(_ a: Tensor) throws(TensorError) -> Tensor {
    try SingularValueDecomposition(a).singularValues
}

/// The default rank cutoff: σ_max · max(m, n) · ε (NumPy's `matrix_rank`).
func defaultRankTolerance(_ sigma: [Double], rows m: Int, columns n: Int) -> Double {
    (sigma.first ?? 0) * Double(Swift.max(m, n)) * machineEpsilon
}

/// The number of singular values above `tolerance` (default σ_max·max(m,n)·ε,
/// as NumPy's `matrix_rank`).
public func matrixRank(_ a: Tensor, tolerance: Double? = nil) throws(TensorError) -> Int {
    let sigma = try singularValues(a).scalars
    let cutoff = tolerance ?? defaultRankTolerance(sigma, rows: a.shape[0], columns: a.shape[1])
    return sigma.filter { $0 > cutoff }.count
}

/// The Moore–Penrose pseudo-inverse A⁺ = V·diag(1/σ)·Uᵀ (n×m), inverting
/// only σ above `tolerance` (default σ_max·max(m,n)·ε). For full column rank
/// A⁺·b is the least-squares solution; otherwise the minimum-norm one.
/// - Complexity: O(m·n·min(m,n)) per Jacobi sweep.
public func pseudoInverse(_ a: Tensor, tolerance: Double? = nil) throws(TensorError) -> Tensor {
    let svd = try SingularValueDecomposition(a)
    let (m, n) = (a.shape[0], a.shape[1])
    let k = Swift.min(m, n)
    let sigma = svd.singularValues.scalars
    let cutoff = tolerance ?? defaultRankTolerance(sigma, rows: m, columns: n)
    var out = [Double](repeating: 0, count: n * m)
    for r in 0..<k where sigma[r] > cutoff {
        let inv = 1 / sigma[r]
        for i in 0..<n {
            let vir = svd.v.scalars[i * k + r] * inv
            for j in 0..<m { out[i * m + j] += vir * svd.u.scalars[j * k + r] }
        }
    }
    return Tensor(shape: [n, m], scalars: out)
}

/// A matrix norm for `operatorNorm`.
public enum MatrixNorm: Sendable, CaseIterable {
    /// max column sum of |aᵢⱼ| (the operator 1-norm).
    case one
    /// the largest singular value (the spectral norm).
    case two
    /// max row sum of |aᵢⱼ| (the operator ∞-norm).
    case infinity
    /// √Σaᵢⱼ² (not an operator norm; `Tensor.norm()` computes it too).
    case frobenius
}

/// ‖A‖ for a matrix in the chosen norm (Julia's `opnorm`, NumPy's `norm(A, ord)`).
/// An empty matrix has norm 0.
public func operatorNorm(_ a: Tensor, _ kind: MatrixNorm) throws(TensorError) -> Double {
    let (m, n) = try a.finiteMatrixDimensions("opnorm")
    if m == 0 || n == 0 { return 0 }
    switch kind {
    case .one:
        return (0..<n).map { j in (0..<m).reduce(0) { $0 + Swift.abs(a.scalars[$1 * n + j]) } }.max()!
    case .infinity:
        return (0..<m).map { i in (0..<n).reduce(0) { $0 + Swift.abs(a.scalars[i * n + $1]) } }.max()!
    case .two:
        return try singularValues(a).scalars[0]
    case .frobenius:
        return a.norm()
    }
}

/// The 2-norm condition number σ_max / σ_min (∞ for a singular matrix).
public func conditionNumber(_ a: Tensor) throws(TensorError) -> Double {
    let sigma = try singularValues(a).scalars
    guard let largest = sigma.first, let smallest = sigma.last else { return 0 }
    return smallest == 0 ? .infinity : largest / smallest
}
