import RealModule
import TaskData

/// The update directions the CAGrad paper's toy compares (its `toy.py`), on
/// two task gradients g₁, g₂ ∈ ℝ².
public enum ToyMethod: String, Sendable, CaseIterable {
    /// Gradient descent on the average loss: (g₁ + g₂)/2 (the paper's "sgd"/"Adam").
    case mean
    /// MGDA's min-norm point γg₁ + (1−γ)g₂ (the paper's "mgd").
    case mgda
    /// PCGrad for two tasks, averaged: when g₁·g₂ < 0,
    /// ((1 − g₁·g₂/‖g₁‖²)g₁ + (1 − g₁·g₂/‖g₂‖²)g₂)/2, else the mean.
    case pcgrad
    /// CAGrad's direction (exact two-task dual), divided by 1 + c as in the authors' toy.
    case cagrad
}

/// A run of Adam on a toy landscape.
public struct ToyRun: Sendable {
    /// θ every `recordEvery` steps, starting with the start and ending with the final point.
    public var trajectory: [(Double, Double)]
    public var final: (Double, Double)
    /// L₁, L₂ at the final point.
    public var finalLosses: [Double]
}

/// Runs Adam (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸, PyTorch's update) on θ ∈ ℝ²
/// along `method`'s direction — the experiment of the PCGrad and CAGrad
/// papers' toy figures. `shouldStop` is polled every 4,096 steps (Ctrl-C);
/// a stopped run ends at the point reached.
/// - Complexity: O(steps); scalar code, about 10⁷ steps per second in a release build.
///   (Adam's update is written out here on two scalars on purpose: NeuralNets' `Adam`
///   would allocate tensors of two numbers on every one of the papers' 500,000 steps.)
public func optimizeToy(
    _ landscape: ToyLandscape, from start: (Double, Double), method: ToyMethod, c: Double = 0.5,
    steps: Int, learningRate: Double = 0.001, recordEvery: Int = 1000, shouldStop: (() -> Bool)? = nil
) -> ToyRun {
    var theta = [start.0, start.1]
    var m = [0.0, 0.0]
    var v = [0.0, 0.0]
    let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
    var trajectory = [start]
    var power1 = 1.0
    var power2 = 1.0
    for step in stride(from: 1, through: steps, by: 1) {
        let g = landscape.evaluate((theta[0], theta[1])).gradients
        let d = toyDirection(g[0], g[1], method: method, c: c)
        power1 *= beta1
        power2 *= beta2
        for k in 0..<2 {
            m[k] = beta1 * m[k] + (1 - beta1) * d[k]
            v[k] = beta2 * v[k] + (1 - beta2) * d[k] * d[k]
            let mHat = m[k] / (1 - power1)
            let vHat = v[k] / (1 - power2)
            theta[k] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
        }
        if step % max(recordEvery, 1) == 0 || step == steps { trajectory.append((theta[0], theta[1])) }
        if step % 4096 == 0, let shouldStop, shouldStop() {
            if step % max(recordEvery, 1) != 0 { trajectory.append((theta[0], theta[1])) }
            break
        }
    }
    let final = (theta[0], theta[1])
    return ToyRun(trajectory: trajectory, final: final, finalLosses: landscape.losses(at: final))
}

/// The direction of `method` for two gradients in ℝ² (see `ToyMethod`).
public func toyDirection(_ g1: [Double], _ g2: [Double], method: ToyMethod, c: Double = 0.5) -> [Double] {
    let g11 = g1[0] * g1[0] + g1[1] * g1[1]
    let g12 = g1[0] * g2[0] + g1[1] * g2[1]
    let g22 = g2[0] * g2[0] + g2[1] * g2[1]
    let mean = [(g1[0] + g2[0]) / 2, (g1[1] + g2[1]) / 2]
    switch method {
    case .mean:
        return mean
    case .mgda:
        let gamma = minNormTwoPoint(uu: g11, uv: g12, vv: g22)
        return [gamma * g1[0] + (1 - gamma) * g2[0], gamma * g1[1] + (1 - gamma) * g2[1]]
    case .pcgrad:
        guard g12 < 0, g11 > 0, g22 > 0 else { return mean }
        let a = 1 - g12 / g11
        let b = 1 - g12 / g22
        return [(a * g1[0] + b * g2[0]) / 2, (a * g1[1] + b * g2[1]) / 2]
    case .cagrad:
        let g0Squared = (g11 + 2 * g12 + g22) / 4
        let radius = c * max(g0Squared, 0).squareRoot()
        let w = cagradTwoTaskWeights(g11: g11, g12: g12, g22: g22, k: radius)
        var gw = [w[0] * g1[0] + w[1] * g2[0], w[0] * g1[1] + w[1] * g2[1]]
        let norm = (gw[0] * gw[0] + gw[1] * gw[1]).squareRoot()
        if norm > 0 && radius > 0 {
            gw = [gw[0] * radius / norm, gw[1] * radius / norm]
        } else {
            gw = [0, 0]
        }
        return [(mean[0] + gw[0]) / (1 + c), (mean[1] + gw[1]) / (1 + c)]
    }
}
