import Tensors

/// Nash-MTL's bargaining weights (Navon et al. 2022, *Multi-Task Learning as
/// a Bargaining Game*, ICML).
///
/// The update d = Σ αᵢ gᵢ is the Nash bargaining solution of the tasks when
/// α > 0 solves
///
///     (G Gᵀ) α = 1/α     (elementwise: Σⱼ αⱼ gᵢ·gⱼ = 1/αᵢ),
///
/// so every task gets ⟨gᵢ, d⟩ = 1/αᵢ > 0. The system is the stationarity
/// condition of the strictly convex φ(α) = ½αᵀMα − Σ log αᵢ (M = G Gᵀ), which
/// is minimised here by damped Newton steps (Hessian M + diag(1/α²)) that
/// keep α positive. (The paper solves the same problem by a sequence of
/// convex programs; the answer is the same point.)
///
/// - Returns: the T positive weights α (not normalised: their scale is part of
///   the solution and sets the step length).
/// - Throws: `.noConvergence` when no positive solution exists — the task
///   gradients admit a positive combination equal to zero, i.e. the point is
///   Pareto-stationary — or Newton's method stalls.
/// - Complexity: O(T²·d) plus O(T³) per Newton step.
public func nashMTLWeights(_ G: Tensor, maxIterations: Int = 100) throws(TensorError) -> [Double] {
    let rows = try taskRows(G, operation: "nash_mtl")
    let m = gramMatrix(rows)
    let t = m.count
    func phi(_ a: [Double]) -> Double {
        var s = 0.0
        for i in 0..<t { s += 0.5 * a[i] * dotProduct(m[i], a) - Double.log(a[i]) }
        return s
    }
    // Start where each task alone would be solved: αᵢ = 1/‖gᵢ‖.
    var alpha = (0..<t).map { m[$0][$0] > 0 ? 1 / m[$0][$0].squareRoot() : 1 }
    var value = phi(alpha)
    for _ in 0..<maxIterations {
        let gradient = (0..<t).map { dotProduct(m[$0], alpha) - 1 / alpha[$0] }
        var hessian = m
        for i in 0..<t { hessian[i][i] += 1 / (alpha[i] * alpha[i]) }
        guard let newton = solveSmallSystem(hessian, gradient.map { -$0 }) else { break }
        let decrement = -dotProduct(gradient, newton)
        if decrement < 1e-24 { return alpha }
        // Largest step keeping α > 0, then backtracking on φ.
        var step = 1.0
        for i in 0..<t where newton[i] < 0 { step = min(step, -0.99 * alpha[i] / newton[i]) }
        var accepted = false
        while step > 1e-12 {
            let candidate = (0..<t).map { alpha[$0] + step * newton[$0] }
            let candidateValue = phi(candidate)
            if candidateValue <= value - 0.25 * step * decrement {
                alpha = candidate
                value = candidateValue
                accepted = true
                break
            }
            step /= 2
        }
        if !accepted { break }
    }
    // Accept if the residual is tiny (the stall was at the solution).
    let residual = (0..<t).map { abs(alpha[$0] * dotProduct(m[$0], alpha) - 1) }.max() ?? 0
    if residual < 1e-9 { return alpha }
    throw .noConvergence(operation: "nash_mtl")
}
