import RealModule

/// Cholesky factorisation `A = L·Lᵀ` of a symmetric positive definite
/// matrix, L lower triangular with a positive diagonal (row-oriented
/// Cholesky–Banachiewicz). Only the lower triangle of A is read after the
/// symmetry check.
public struct CholeskyDecomposition: Sendable {
    /// The lower-triangular factor L (n×n).
    public let lower: Tensor

    /// Throws `.invalidShape` for a non-square matrix, `.domain` for an
    /// asymmetric one or NaN/∞ elements, and `.notPositiveDefinite` when a
    /// pivot `aⱼⱼ − Σ lⱼₖ²` is not positive.
    /// - Complexity: O(n³/3).
    public init(_ a: Tensor) throws(TensorError) {
        let n = try a.symmetricSize("cholesky")
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            if i % 16 == 0 { try StopCheck.check() }
            for j in 0...i {
                var s = a.scalars[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard s > 0 else { throw .notPositiveDefinite(operation: "cholesky") }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        lower = Tensor(shape: [n, n], scalars: l)
    }

    /// Solves A·X = B by two triangular solves (L·Y = B, Lᵀ·X = Y);
    /// B is a vector or an n×m block.
    /// - Complexity: O(n²·m).
    public func solve(_ b: Tensor) throws(TensorError) -> Tensor {
        let n = lower.shape[0]
        let (m, values, isVector) = try rightHandSides(b, rows: n, operation: "cholesky solve", lhs: [n, n])
        let l = lower.scalars
        var x = values
        for i in 0..<n {
            for k in 0..<i { for j in 0..<m { x[i * m + j] -= l[i * n + k] * x[k * m + j] } }
            for j in 0..<m { x[i * m + j] /= l[i * n + i] }
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<Swift.max(n, i + 1) {
                for j in 0..<m { x[i * m + j] -= l[k * n + i] * x[k * m + j] }
            }
            for j in 0..<m { x[i * m + j] /= l[i * n + i] }
        }
        return Tensor(shape: isVector ? [n] : [n, m], scalars: x)
    }

    /// log det A = 2 Σ log lᵢᵢ (never overflows).
    public var logDeterminant: Double {
        let n = lower.shape[0]
        return (0..<n).reduce(0) { $0 + 2 * Double.log(lower.scalars[$1 * n + $1]) }
    }
}

/// The Cholesky factor L of a symmetric positive definite A (A = L·Lᵀ).
public func cholesky(_ a: Tensor) throws(TensorError) -> Tensor {
    try CholeskyDecomposition(a).lower
}
