import Tensors

/// The order in which PCGrad visits the other tasks when it projects one task's gradient.
public enum PCGradOrder: Sendable, Equatable {
    /// Ascending task order 0, 1, …, T−1 for every task (the teaching order
    /// and the golden files' convention).
    case fixed
    /// The given order of task indices (a permutation of 0..<T) for every task.
    case listed([Int])
    /// A fresh random order for each task, as in the paper's Algorithm 1:
    /// one `SeededGenerator(seed:)` draws `permutation(T)` for task 0, then
    /// for task 1, and so on.
    case random(seed: UInt64)
}

/// PCGrad, "gradient surgery" (Yu et al. 2020, *Gradient Surgery for
/// Multi-Task Learning*, Algorithm 1).
///
/// For each task i, start from gᵢᵖᶜ = gᵢ; for each other task j in the
/// visiting order, if gᵢᵖᶜ·gⱼ < 0 project the conflict away:
///
///     gᵢᵖᶜ ← gᵢᵖᶜ − (gᵢᵖᶜ·gⱼ / ‖gⱼ‖²) gⱼ
///
/// always onto the **original** gⱼ. The update on the shared parameters is
/// the **sum** of the rows of the result (`sumOfRows`). Worked example:
/// g₁ = (1, 0), g₂ = (−1, 1) give (0.5, 0.5) and (0, 1), sum (0.5, 1.5).
///
/// - Parameters:
///   - G: T×d, row i the gradient of task i with respect to the shared parameters.
///   - order: how the other tasks are visited (`.fixed` is ascending).
/// - Returns: the T×d matrix of projected gradients.
/// - Throws: `TensorError.invalidShape` when `G` is not a matrix, or a
///   `.listed` order is not a permutation of 0..<T.
/// - Complexity: O(T²·d).
public func pcgrad(_ G: Tensor, order: PCGradOrder = .fixed) throws(TensorError) -> Tensor {
    let g = try taskRows(G, operation: "pcgrad")
    let t = g.count
    let squaredNorms = g.map { dotProduct($0, $0) }
    var fixedOrder = Array(0..<t)
    var generator: SeededGenerator?
    switch order {
    case .fixed: break
    case .listed(let list):
        guard list.count == t, Set(list) == Set(0..<t) else {
            throw .invalidShape(
                operation: "pcgrad", shape: G.shape,
                expected: "an order that is a permutation of the \(t) task indices, got \(list)")
        }
        fixedOrder = list
    case .random(let seed): generator = SeededGenerator(seed: seed)
    }
    var out: [Double] = []
    out.reserveCapacity(G.count)
    for i in 0..<t {
        var gi = g[i]
        let visit = generator != nil ? generator!.permutation(t) : fixedOrder
        for j in visit where j != i {
            let d = dotProduct(gi, g[j])
            if d < 0 && squaredNorms[j] > 0 {
                let scale = d / squaredNorms[j]
                for k in 0..<gi.count { gi[k] -= scale * g[j][k] }
            }
        }
        out += gi
    }
    return Tensor(shape: G.shape, scalars: out)
}
