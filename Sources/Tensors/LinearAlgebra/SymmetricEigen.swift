/// Eigendecomposition `A = V·diag(λ)·Vᵀ` of a real symmetric matrix by the
/// cyclic Jacobi method (Golub & Van Loan §8.5): sweeps of plane rotations,
/// each zeroing one off-diagonal pair, until the off-diagonal Frobenius norm
/// is below ε·‖A‖_F. Accurate to high relative precision; O(n³) per sweep and
/// usually 6–10 sweeps, so meant for the small matrices of the course.
public struct SymmetricEigendecomposition: Sendable {
    /// The eigenvalues in ascending order (NumPy's `eigh`, Julia's `eigen`).
    public let eigenvalues: Tensor
    /// n×n orthogonal; column j is the unit eigenvector of `eigenvalues[j]`.
    public let eigenvectors: Tensor

    /// Throws `.invalidShape` (non-square), `.domain` (asymmetric, NaN/∞) or
    /// `.noConvergence` after 100 sweeps (not seen in practice).
    public init(_ a: Tensor) throws(TensorError) {
        let n = try a.symmetricSize("eigen")
        // Symmetrise from the lower triangle.
        var m = a.scalars
        for i in 0..<n { for j in 0..<i { m[j * n + i] = m[i * n + j] } }
        var v = Tensor.eye(n).scalars
        let total = m.reduce(0) { $0 + $1 * $1 }
        var converged = false
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += m[i * n + j] * m[i * n + j] } }
            if off <= machineEpsilon * machineEpsilon * total || off == 0 {
                converged = true
                break
            }
            for p in 0..<n {
                try StopCheck.check()  // per row of rotations: O(n²) work
                for q in (p + 1)..<n {
                    let apq = m[p * n + q]
                    if apq == 0 { continue }
                    let app = m[p * n + p]
                    let aqq = m[q * n + q]
                    // Rotation angle: t = tan θ solving t² + 2θ't − 1 = 0, the smaller root.
                    let theta = (aqq - app) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    // A ← Jᵀ A J on rows/columns p and q.
                    for k in 0..<n {
                        let akp = m[k * n + p]
                        let akq = m[k * n + q]
                        m[k * n + p] = c * akp - s * akq
                        m[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = m[p * n + k]
                        let aqk = m[q * n + k]
                        m[p * n + k] = c * apk - s * aqk
                        m[q * n + k] = s * apk + c * aqk
                    }
                    m[p * n + q] = 0
                    m[q * n + p] = 0
                    for k in 0..<n {
                        let vkp = v[k * n + p]
                        let vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        if !converged && n > 0 { throw .noConvergence(operation: "eigen") }
        let order = (0..<n).sorted { m[$0 * n + $0] < m[$1 * n + $1] }
        eigenvalues = Tensor(order.map { m[$0 * n + $0] })
        var vectors = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for (j, source) in order.enumerated() { vectors[i * n + j] = v[i * n + source] } }
        eigenvectors = Tensor(shape: [n, n], scalars: vectors)
    }
}
