import RealModule
import Tensors

// MARK: random loss weighting

/// Random loss weighting (Lin et al. 2022, *Reasonable Effectiveness of Random
/// Weighting*, TMLR): at each step draw zᵢ ~ 𝒩(0, 1) and weight the losses by
/// λ = softmax(z), so the weights are positive and sum to 1.
public func randomLossWeights(taskCount: Int, using generator: inout SeededGenerator) -> [Double] {
    let z = (0..<taskCount).map { _ in generator.normal() }
    let shift = z.max() ?? 0
    let exps = z.map { Double.exp($0 - shift) }
    let total = exps.reduce(0, +)
    return exps.map { $0 / total }
}
