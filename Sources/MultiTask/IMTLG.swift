import Tensors

/// IMTL-G, the gradient half of impartial multi-task learning (Liu et al.
/// 2021, *Towards Impartial Multi-task Learning*, ICLR).
///
/// Finds weights α with Σ αᵢ = 1 such that the combined gradient
/// g = Σ αᵢ gᵢ has the same projection onto every task's unit gradient
/// uᵢ = gᵢ/‖gᵢ‖ (gᵀu₁ = gᵀuᵢ for all i). In closed form, with
/// D = [g₁ − g₂, …, g₁ − g_T]ᵀ and U = [u₁ − u₂, …, u₁ − u_T]ᵀ,
///
///     α₂…α_T = g₁ᵀUᵀ(DUᵀ)⁻¹,   α₁ = 1 − Σ_{i≥2} αᵢ.
///
/// The paper computes the gᵢ with respect to the shared representation and
/// applies α to the shared-parameter gradients (as MGDA-UB does); either
/// choice works here: pass the rows you want balanced, then `combine`.
///
/// - Returns: the T weights (they sum to 1 and may be negative).
/// - Throws: `.domain` when a task gradient is zero, `.singular` when the
///   (T−1)×(T−1) system is (two tasks with parallel gradients, for instance).
/// - Complexity: O(T²·d + T³).
public func imtlGWeights(_ G: Tensor) throws(TensorError) -> [Double] {
    let g = try taskRows(G, operation: "imtl_g")
    let t = g.count
    if t == 1 { return [1] }
    var units: [[Double]] = []
    for row in g {
        let norm = dotProduct(row, row).squareRoot()
        guard norm > 0 else { throw .domain(operation: "imtl_g", reason: "a task gradient is zero") }
        units.append(row.map { $0 / norm })
    }
    let d = (1..<t).map { i in zip(g[0], g[i]).map { $0 - $1 } }
    let u = (1..<t).map { i in zip(units[0], units[i]).map { $0 - $1 } }
    // Solve (U Dᵀ) a = U g₁ for a = α₂…α_T.
    let system = u.map { ui in d.map { dj in dotProduct(ui, dj) } }
    let rhs = u.map { dotProduct($0, g[0]) }
    guard let a = solveSmallSystem(system, rhs) else { throw .singular(operation: "imtl_g") }
    return [1 - a.reduce(0, +)] + a
}
