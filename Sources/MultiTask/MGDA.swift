import Tensors

/// The two-task min-norm step of Sener & Koltun (2018), Algorithm 2:
///
///     γ* = argmin_{γ∈[0,1]} ‖γu + (1−γ)v‖² = clip(((v − u)·v) / ‖u − v‖², 0, 1)
///
/// written with the three inner products uu = ‖u‖², uv = u·v, vv = ‖v‖²
/// (so (v−u)·v = vv − uv and ‖u−v‖² = uu − 2uv + vv). When u = v every γ is
/// optimal and ½ is returned.
func minNormTwoPoint(uu: Double, uv: Double, vv: Double) -> Double {
    if uv >= uu { return 1 }
    if uv >= vv { return 0 }
    let denominator = uu - 2 * uv + vv
    if denominator <= 0 { return 0.5 }
    return min(max((vv - uv) / denominator, 0), 1)
}

/// MGDA's task weights (Sener & Koltun 2018, *Multi-Task Learning as
/// Multi-Objective Optimization*): the point of the simplex whose combined
/// gradient has the smallest norm,
///
///     α* = argmin_{α ∈ Δ} ‖Σᵢ αᵢ gᵢ‖²,    Δ = {α ≥ 0, Σ αᵢ = 1}.
///
/// If the minimum is 0 the parameters are Pareto-stationary; otherwise
/// −Σ αᵢ* gᵢ decreases every task's loss. No gradient normalisation is done
/// (the official code's "none" mode): normalise the rows first if you want it.
///
/// - Two tasks: the closed form α* = (γ, 1−γ) with
///   γ = clip(((g₂ − g₁)·g₂)/‖g₁ − g₂‖², 0, 1); g₁ = (1, 0), g₂ = (0, 1) give ½.
/// - More tasks: the paper's Frank–Wolfe solver on the Gram matrix M = G Gᵀ
///   (start at the best pair, step towards the vertex with the smallest
///   (Mα)ₜ with an exact two-point line search), then an exact polish: on the
///   support S the Frank–Wolfe iterate identified, solve M_SS α_S = λ𝟙,
///   𝟙ᵀα_S = 1 and keep it if it satisfies the optimality conditions
///   (α_S > 0 and (Mα)ⱼ ≥ λ off S).
///
/// - Parameter G: T×d, one task gradient per row (for MGDA-UB, the gradients
///   with respect to the shared representation; see `mgdaUBWeights`).
/// - Returns: the T weights (non-negative, summing to 1).
/// - Complexity: O(T²·d) for the Gram matrix, then O(T) per Frank–Wolfe step.
public func mgdaWeights(_ G: Tensor, maxIterations: Int = 10_000) throws(TensorError) -> [Double] {
    let rows = try taskRows(G, operation: "mgda_weights")
    let t = rows.count
    if t == 1 { return [1] }
    if t == 2 {
        // Exactly the golden files' arithmetic: ((v−u)·v) / ‖u−v‖², clipped.
        let (u, v) = (rows[0], rows[1])
        let uu = dotProduct(u, u)
        let uv = dotProduct(u, v)
        let vv = dotProduct(v, v)
        if uv >= uu { return [1, 0] }
        if uv >= vv { return [0, 1] }
        let difference = zip(u, v).map { $0 - $1 }
        let denominator = dotProduct(difference, difference)
        if denominator == 0 { return [0.5, 0.5] }
        let numerator = dotProduct(zip(v, u).map { $0 - $1 }, v)
        let gamma = min(max(numerator / denominator, 0), 1)
        return [gamma, 1 - gamma]
    }
    return minNormWeights(gram: gramMatrix(rows), maxIterations: maxIterations)
}

/// MGDA-UB (Sener & Koltun 2018, §3.3): the MGDA weights computed from the
/// gradients with respect to the shared representation Z (one row per task,
/// ∂ℒᵢ/∂Z flattened row-major) instead of the shared parameters; the cheap
/// upper-bound surrogate needs one backward pass through the trunk. Apply the
/// returned weights to the shared-parameter gradients with `combine(G, weights:)`.
public func mgdaUBWeights(representationGradients: Tensor) throws(TensorError) -> [Double] {
    try mgdaWeights(representationGradients)
}

/// The min-norm point of the convex hull of T points given by their Gram
/// matrix: Frank–Wolfe from the best pair, then the exact polish on the support.
func minNormWeights(gram m: [[Double]], maxIterations: Int) -> [Double] {
    let t = m.count
    // Best pair as the starting point (the paper's initialisation).
    var best = (value: Double.infinity, i: 0, j: 1, gamma: 0.5)
    for i in 0..<t {
        for j in (i + 1)..<t {
            let gamma = minNormTwoPoint(uu: m[i][i], uv: m[i][j], vv: m[j][j])
            let value =
                gamma * gamma * m[i][i] + 2 * gamma * (1 - gamma) * m[i][j] + (1 - gamma) * (1 - gamma)
                * m[j][j]
            if value < best.value { best = (value, i, j, gamma) }
        }
    }
    var alpha = [Double](repeating: 0, count: t)
    alpha[best.i] = best.gamma
    alpha[best.j] = 1 - best.gamma
    for _ in 0..<maxIterations {
        let ma = (0..<t).map { i in dotProduct(m[i], alpha) }
        let vertex = ma.indices.min { ma[$0] < ma[$1] }!
        let v1v1 = dotProduct(alpha, ma)
        let gamma = minNormTwoPoint(uu: v1v1, uv: ma[vertex], vv: m[vertex][vertex])
        var change = 0.0
        for i in 0..<t {
            let next = gamma * alpha[i] + (i == vertex ? 1 - gamma : 0)
            change += abs(next - alpha[i])
            alpha[i] = next
        }
        if change < 1e-13 { break }
    }
    return polishOnSupport(gram: m, alpha) ?? alpha
}

/// Solves the KKT system of min ½αᵀMα on the simplex restricted to the
/// support of `alpha`; returns the exact solution if it is optimal, else nil.
func polishOnSupport(gram m: [[Double]], _ alpha: [Double]) -> [Double]? {
    let t = m.count
    let largest = alpha.max() ?? 0
    let support = (0..<t).filter { alpha[$0] > 1e-9 * largest }
    let s = support.count
    // [M_SS 𝟙; 𝟙ᵀ 0] [α_S; −λ] = [0; 1]
    var a = [[Double]](repeating: [Double](repeating: 0, count: s + 1), count: s + 1)
    for (p, i) in support.enumerated() {
        for (q, j) in support.enumerated() { a[p][q] = m[i][j] }
        a[p][s] = 1
        a[s][p] = 1
    }
    var b = [Double](repeating: 0, count: s + 1)
    b[s] = 1
    guard let x = solveSmallSystem(a, b) else { return nil }
    var exact = [Double](repeating: 0, count: t)
    for (p, i) in support.enumerated() {
        guard x[p] > 0 else { return nil }
        exact[i] = x[p]
    }
    let lambda = -x[s]
    let scale = m.flatMap { $0 }.reduce(0) { max($0, abs($1)) }
    for j in 0..<t where !support.contains(j) {
        if dotProduct(m[j], exact) < lambda - 1e-10 * scale { return nil }
    }
    return exact
}
