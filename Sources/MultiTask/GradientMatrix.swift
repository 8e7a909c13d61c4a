import Tensors

/// The rows of a T×d matrix of task gradients, one task per row.
///
/// Every gradient method in this module takes such a matrix `G` (task `i`'s
/// gradient with respect to the shared parameters is row `i`, flattened in
/// the network's flatten order) and throws `TensorError.invalidShape` for
/// anything that is not a matrix with at least one row.
/// - Complexity: O(T·d).
func taskRows(_ G: Tensor, operation: String) throws(TensorError) -> [[Double]] {
    guard G.rank == 2, G.shape[0] >= 1 else {
        throw .invalidShape(
            operation: operation, shape: G.shape, expected: "a T×d matrix of task gradients (rows)")
    }
    let (t, d) = (G.shape[0], G.shape[1])
    return (0..<t).map { i in Array(G.scalars[(i * d)..<((i + 1) * d)]) }
}

/// ⟨u, v⟩ with plain left-to-right summation (the order the golden files use).
@inline(__always)
func dotProduct(_ u: [Double], _ v: [Double]) -> Double {
    var s = 0.0
    for k in 0..<u.count { s += u[k] * v[k] }
    return s
}

/// The Gram matrix M with Mᵢⱼ = ⟨gᵢ, gⱼ⟩ of the rows. - Complexity: O(T²·d).
func gramMatrix(_ rows: [[Double]]) -> [[Double]] {
    let t = rows.count
    var m = [[Double]](repeating: [Double](repeating: 0, count: t), count: t)
    for i in 0..<t {
        for j in i..<t {
            let v = dotProduct(rows[i], rows[j])
            m[i][j] = v
            m[j][i] = v
        }
    }
    return m
}

/// The combined gradient Σᵢ wᵢ gᵢ of the rows of `G` (a d-element vector).
///
/// Use it to apply task weights from `mgdaWeights`, `imtlGWeights`,
/// `nashMTLWeights` or a loss weighting to the shared-parameter gradients.
/// Throws when `weights.count` is not the number of rows.
/// - Complexity: O(T·d).
public func combine(_ G: Tensor, weights: [Double]) throws(TensorError) -> Tensor {
    let rows = try taskRows(G, operation: "combine")
    guard weights.count == rows.count else {
        throw .shapeMismatch(operation: "combine", lhs: G.shape, rhs: [weights.count])
    }
    var out = [Double](repeating: 0, count: G.shape[1])
    for (w, g) in zip(weights, rows) {
        for k in 0..<out.count { out[k] += w * g[k] }
    }
    return Tensor(out)
}

/// Σᵢ gᵢ: the rows of `G` added (PCGrad's combined update is this sum of its
/// projected rows, as in the paper's Algorithm 1).
public func sumOfRows(_ G: Tensor) throws(TensorError) -> Tensor {
    try combine(G, weights: [Double](repeating: 1, count: G.rank == 2 ? G.shape[0] : 0))
}

/// The cosine similarity ⟨u, v⟩ / (‖u‖‖v‖) of two gradients with the same
/// number of elements (NaN when either is zero). Negative means the tasks conflict.
public func cosineSimilarity(_ u: Tensor, _ v: Tensor) throws(TensorError) -> Double {
    let uv = try dot(u, v)
    return uv / ((try dot(u, u)).squareRoot() * (try dot(v, v)).squareRoot())
}
