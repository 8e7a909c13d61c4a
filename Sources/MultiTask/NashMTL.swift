import Tensors

/// What `nashMTLSolve` found: the bargaining weights, or its best attempt.
public struct NashMTLSolution: Sendable, Equatable {
    /// The positive weights α: the solution when `converged`, otherwise the
    /// iterate with the smallest `residual`.
    public var weights: [Double]
    /// The bargaining condition's error at `weights`, maxᵢ |αᵢ(Mα)ᵢ − 1|
    /// with M = G Gᵀ (task i's ⟨gᵢ, d⟩ is 1/αᵢ within this fraction).
    public var residual: Double
    /// Whether `residual` is at most 10⁻⁶ (Newton's method reaches ~10⁻¹⁵ on
    /// well-posed systems; gradients within rounding of Pareto-stationary
    /// stay far above).
    public var converged: Bool
}

/// Nash-MTL's bargaining weights (Navon et al. 2022, *Multi-Task Learning as
/// a Bargaining Game*, ICML), or the best attempt when there are none.
///
/// The update d = Σ αᵢ gᵢ is the Nash bargaining solution of the tasks when
/// α > 0 solves
///
///     (G Gᵀ) α = 1/α     (elementwise: Σⱼ αⱼ gᵢ·gⱼ = 1/αᵢ),
///
/// so every task gets ⟨gᵢ, d⟩ = 1/αᵢ > 0. The system is the stationarity
/// condition of the strictly convex, self-concordant
/// φ(α) = ½αᵀMα − Σ log αᵢ (M = G Gᵀ), minimised here by Newton's method
/// (Hessian M + diag(1/α²)): damped, with backtracking on φ that keeps α > 0,
/// while the Newton decrement λ² = −∇φ·Δα exceeds 0.01, then full steps, which
/// converge quadratically from there (Boyd & Vandenberghe §9.6). Full steps
/// matter: near the answer φ changes by less than its rounding, so a line
/// search on φ stalls short of the solution. The gradients are first scaled
/// to unit norm (α̃ᵢ = αᵢ‖gᵢ‖ solves the same system with the cosines), which
/// leaves Newton's iterates unchanged but its linear solves better conditioned.
/// (The paper solves the same problem by a sequence of convex programs; the
/// answer is the same point.)
///
/// No positive solution exists when a task's gradient is zero or the task
/// gradients admit a positive combination equal to zero (the point is
/// Pareto-stationary); then `converged` is false.
/// - Complexity: O(T²·d) plus O(T³) per Newton step, at most `maxIterations` steps.
public func nashMTLSolve(_ G: Tensor, maxIterations: Int = 100) throws(TensorError) -> NashMTLSolution {
    let rows = try taskRows(G, operation: "nash_mtl")
    let gram = gramMatrix(rows)
    let t = gram.count
    let norms = (0..<t).map { gram[$0][$0].squareRoot() }
    // αᵢ = 1/‖gᵢ‖: each task alone (the start); a zero or non-finite gradient has no answer.
    let start = norms.map { $0 > 0 && $0.isFinite ? 1 / $0 : 1 }
    guard norms.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        return NashMTLSolution(weights: start, residual: .infinity, converged: false)
    }
    // Cosines: the system for α̃ = α·‖g‖.
    let m = (0..<t).map { i in (0..<t).map { j in gram[i][j] / (norms[i] * norms[j]) } }
    func phi(_ a: [Double]) -> Double {
        var s = 0.0
        for i in 0..<t { s += 0.5 * a[i] * dotProduct(m[i], a) - Double.log(a[i]) }
        return s
    }
    func residual(_ a: [Double]) -> Double {
        var worst = 0.0
        for i in 0..<t {
            let r = abs(a[i] * dotProduct(m[i], a) - 1)
            if r.isNaN { return .nan }
            worst = max(worst, r)
        }
        return worst
    }
    var alpha = [Double](repeating: 1, count: t)
    var best = (alpha: alpha, residual: residual(alpha))
    var value = phi(alpha)
    for _ in 0..<maxIterations where best.residual > 1e-14 {
        let gradient = (0..<t).map { dotProduct(m[$0], alpha) - 1 / alpha[$0] }
        var hessian = m
        for i in 0..<t { hessian[i][i] += 1 / (alpha[i] * alpha[i]) }
        guard let newton = solveSmallSystem(hessian, gradient.map { -$0 }) else { break }
        let decrement = -dotProduct(gradient, newton)
        guard decrement.isFinite, decrement > 0 else { break }
        if decrement <= 0.01 {
            // λ < 0.1: |Δαᵢ|/αᵢ ≤ λ, so the full step stays positive and converges quadratically.
            alpha = (0..<t).map { alpha[$0] + newton[$0] }
            value = phi(alpha)
        } else {
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
        let r = residual(alpha)
        if r < best.residual { best = (alpha, r) }
    }
    return NashMTLSolution(
        weights: (0..<t).map { best.alpha[$0] / norms[$0] }, residual: best.residual,
        converged: best.residual <= 1e-6)
}

/// Nash-MTL's bargaining weights α > 0 solving (G Gᵀ) α = 1/α (see `nashMTLSolve`).
///
/// - Returns: the T positive weights α (not normalised: their scale is part of
///   the solution and sets the step length).
/// - Throws: `.noConvergence` when no positive solution exists — a task's
///   gradient is zero, or the task gradients admit a positive combination
///   equal to zero, i.e. the point is Pareto-stationary — or Newton's method
///   stalls. (Training falls back instead; see `trainMultiTask`.)
/// - Complexity: as `nashMTLSolve`.
public func nashMTLWeights(_ G: Tensor, maxIterations: Int = 100) throws(TensorError) -> [Double] {
    let solution = try nashMTLSolve(G, maxIterations: maxIterations)
    guard solution.converged else { throw .noConvergence(operation: "nash_mtl") }
    return solution.weights
}
