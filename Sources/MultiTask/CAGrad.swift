import Tensors

/// How `cagrad` scales its direction. The paper's formula is `.none`; the
/// authors' code divides by 1 + c in the toy example and by 1 + c² in the
/// multi-task experiments, so that the step size stays comparable to the
/// average gradient's.
public enum CAGradRescale: Sendable, Equatable {
    case none
    case onePlusC
    case onePlusCSquared
}

/// CAGrad, conflict-averse gradient descent (Liu, Liu, Jin, Stone & Liu 2021,
/// *Conflict-Averse Gradient Descent for Multi-task Learning*).
///
/// The update maximises the worst task's improvement near the average
/// gradient g₀ = (1/T) Σᵢ gᵢ:
///
///     max_d minᵢ ⟨gᵢ, d⟩   subject to   ‖d − g₀‖ ≤ c‖g₀‖.
///
/// Its dual is a problem over the simplex, with g_w = Σᵢ wᵢ gᵢ:
///
///     w* = argmin_{w∈Δ} g_wᵀg₀ + c‖g₀‖ ‖g_w‖,    d* = g₀ + (c‖g₀‖ / ‖g_w*‖) g_w*.
///
/// c = 0 gives plain gradient descent on the average loss; c → ∞ tends to
/// MGDA's min-norm direction. For c < 1 CAGrad converges to a minimum of the
/// average loss.
///
/// - Two tasks: the dual is a convex function of one number x (w = (x, 1−x))
///   and its stationary point is solved in closed form, then clipped to [0, 1]
///   — exact, no iteration.
/// - More tasks: projected gradient descent on the simplex with backtracking
///   (a small solver; accurate to about 1e-10 in the dual objective).
/// - Degenerate case: when g_w* = 0 (a Pareto-stationary point of the tasks)
///   the direction is g₀.
///
/// - Parameters:
///   - G: T×d, one task gradient per row.
///   - c: the radius of the trust region, as a fraction of ‖g₀‖ (≥ 0).
///   - rescale: see `CAGradRescale`.
/// - Returns: the d-element update direction (descend along it: θ ← θ − η d).
/// - Complexity: O(T²·d).
public func cagrad(_ G: Tensor, c: Double = 0.5, rescale: CAGradRescale = .none) throws(TensorError) -> Tensor
{
    let rows = try taskRows(G, operation: "cagrad")
    guard c >= 0, c.isFinite else {
        throw .domain(operation: "cagrad", reason: "c must be a finite number ≥ 0, got \(c)")
    }
    let weights = cagradDualWeights(gram: gramMatrix(rows), c: c)
    return cagradDirection(rows: rows, dualWeights: weights, c: c, rescale: rescale)
}

/// The dual weights w* of CAGrad for the rows of `G` (see `cagrad`).
public func cagradWeights(_ G: Tensor, c: Double = 0.5) throws(TensorError) -> [Double] {
    let rows = try taskRows(G, operation: "cagrad")
    guard c >= 0, c.isFinite else {
        throw .domain(operation: "cagrad", reason: "c must be a finite number ≥ 0, got \(c)")
    }
    return cagradDualWeights(gram: gramMatrix(rows), c: c)
}

func cagradDirection(rows: [[Double]], dualWeights w: [Double], c: Double, rescale: CAGradRescale) -> Tensor {
    let t = rows.count
    let d = rows[0].count
    var g0 = [Double](repeating: 0, count: d)
    var gw = [Double](repeating: 0, count: d)
    for i in 0..<t {
        for k in 0..<d {
            g0[k] += rows[i][k] / Double(t)
            gw[k] += w[i] * rows[i][k]
        }
    }
    let g0Norm = dotProduct(g0, g0).squareRoot()
    let gwNorm = dotProduct(gw, gw).squareRoot()
    let radius = c * g0Norm
    var direction = g0
    if gwNorm > 1e-15 * max(g0Norm, 1e-300) && radius > 0 {
        let lambda = radius / gwNorm
        for k in 0..<d { direction[k] += lambda * gw[k] }
    }
    let divisor: Double
    switch rescale {
    case .none: divisor = 1
    case .onePlusC: divisor = 1 + c
    case .onePlusCSquared: divisor = 1 + c * c
    }
    return Tensor(direction.map { $0 / divisor })
}

/// The dual objective F(w) = wᵀM𝟙/T + k√(wᵀMw), k = c‖g₀‖, from the Gram matrix.
func cagradDualObjective(gram m: [[Double]], _ w: [Double], k: Double) -> Double {
    let t = m.count
    var linear = 0.0
    var quadratic = 0.0
    for i in 0..<t {
        let mw = dotProduct(m[i], w)
        linear += mw / Double(t)
        quadratic += w[i] * mw
    }
    return linear + k * max(quadratic, 0).squareRoot()
}

func cagradDualWeights(gram m: [[Double]], c: Double) -> [Double] {
    let t = m.count
    if t == 1 { return [1] }
    let g0Squared = m.flatMap { $0 }.reduce(0, +) / Double(t * t)
    let k = c * max(g0Squared, 0).squareRoot()
    if t == 2 { return cagradTwoTaskWeights(g11: m[0][0], g12: m[0][1], g22: m[1][1], k: k) }
    return cagradSimplexSolve(gram: m, k: k)
}

/// The exact two-task dual. With w = (x, 1−x), u = g₁ − g₂ and
/// A = ‖u‖², B = u·g₂, C = ‖g₂‖², p = u·g₀, the dual is
/// F(x) = g₂·g₀ + p x + k√(A x² + 2B x + C), convex in x. Writing y = A x + B
/// and D = AC − B² ≥ 0, F′(x) = 0 gives k y = −p√((y² + D)/A), so
/// y = −sign(p)·|p|·√(D / (A k² − p²)) when A k² > p²; otherwise F is
/// monotone on [0, 1] and the better end point wins.
func cagradTwoTaskWeights(g11: Double, g12: Double, g22: Double, k: Double) -> [Double] {
    let a = g11 - 2 * g12 + g22
    let b = g12 - g22
    let c = g22
    let p = (g11 - g22) / 2
    func f(_ x: Double) -> Double {
        p * x + k * max(a * x * x + 2 * b * x + c, 0).squareRoot()
    }
    var x: Double
    if a <= 1e-15 * max(g11, g22, 1e-300) {
        x = 0.5  // g₁ = g₂: every weighting gives the same g_w.
    } else if a * k * k > p * p {
        let dd = max(a * c - b * b, 0)
        let y = p == 0 ? 0 : -(p > 0 ? 1.0 : -1.0) * abs(p) * (dd / (a * k * k - p * p)).squareRoot()
        x = min(max((y - b) / a, 0), 1)
    } else {
        x = f(0) <= f(1) ? 0 : 1
    }
    return [x, 1 - x]
}

/// Euclidean projection onto the probability simplex (Duchi et al. 2008).
func projectOntoSimplex(_ v: [Double]) -> [Double] {
    let sorted = v.sorted(by: >)
    var cumulative = 0.0
    var theta = 0.0
    for (i, value) in sorted.enumerated() {
        cumulative += value
        let candidate = (cumulative - 1) / Double(i + 1)
        if value - candidate > 0 { theta = candidate }
    }
    return v.map { max($0 - theta, 0) }
}

/// Projected gradient descent with backtracking for the T-task dual.
func cagradSimplexSolve(gram m: [[Double]], k: Double) -> [Double] {
    let t = m.count
    var w = [Double](repeating: 1 / Double(t), count: t)
    var value = cagradDualObjective(gram: m, w, k: k)
    let scale = max(m.indices.map { m[$0][$0] }.max() ?? 1, 1e-300)
    var step = 1 / scale
    for _ in 0..<20_000 {
        let mw = m.map { dotProduct($0, w) }
        let quadratic = max(dotProduct(w, mw), 1e-300)
        let norm = quadratic.squareRoot()
        let gradient = (0..<t).map { i in
            m[i].reduce(0, +) / Double(t) + k * mw[i] / norm
        }
        var accepted = false
        var trial = step
        while trial > 1e-20 / scale {
            let candidate = projectOntoSimplex(zip(w, gradient).map { $0 - trial * $1 })
            let candidateValue = cagradDualObjective(gram: m, candidate, k: k)
            let moved = zip(candidate, w).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            // Armijo condition for projected gradient steps.
            if candidateValue <= value - 1e-4 / trial * moved {
                let improvement = value - candidateValue
                w = candidate
                value = candidateValue
                accepted = true
                step = trial * 2
                if moved < 1e-30 || improvement <= 1e-16 * max(abs(value), 1e-300) { return w }
                break
            }
            trial /= 2
        }
        if !accepted { break }
    }
    return w
}
