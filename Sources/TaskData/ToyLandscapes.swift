import RealModule
import Tensors

/// The two-objective toy landscapes on θ ∈ ℝ² that the gradient-surgery
/// papers draw: each gives both task losses and their exact gradients
/// (hand-derived, checked against central differences in the tests).
public enum ToyLandscape: String, Sendable, CaseIterable, CustomStringConvertible {
    /// PCGrad's landscape (Yu et al. 2020, *Gradient Surgery for Multi-Task
    /// Learning*, Fig. 1 and its appendix), with ε = 5·10⁻⁶:
    ///
    ///     L₁(θ) = 20 log max(|½θ₁ + tanh θ₂|, ε)
    ///     L₂(θ) = 25 log max(|½θ₁ − tanh θ₂ + 2|, ε)
    ///
    /// The paper starts Adam (learning rate 10⁻³) at θ = (0.5, −3) and runs
    /// 500,000 steps: plain Adam stalls in the valley where the two gradients
    /// conflict with very different magnitudes; Adam on the PCGrad direction
    /// heads for the joint minimum near θ₁ = −2, θ₂ → +∞ (both floors hit once
    /// tanh θ₂ ≈ 1). `log` is the natural logarithm here; reading it as log₁₀
    /// rescales both losses by 1/ln 10, which changes neither PCGrad's
    /// projections nor Adam's steps (up to Adam's ε).
    case pcgrad
    /// CAGrad's landscape (Liu et al. 2021, *Conflict-Averse Gradient Descent*,
    /// Fig. 1; the authors' `toy.py`), with ε = 5·10⁻⁶:
    ///
    ///     f₁ = log max(|½(−θ₁ − 7) − tanh(−θ₂)|, ε) + 6
    ///     f₂ = log max(|½(−θ₁ + 3) + tanh(−θ₂) + 2|, ε) + 6
    ///     g₁ = ((−θ₁ + 7)² + 0.1(−θ₂ − 8)²)/10 − 20
    ///     g₂ = ((−θ₁ − 7)² + 0.1(−θ₂ − 8)²)/10 − 20
    ///     c₁ = max(tanh(θ₂/2), 0),   c₂ = max(tanh(−θ₂/2), 0)
    ///     L₁ = c₁f₁ + c₂g₁,   L₂ = c₁f₂ + c₂g₂
    ///
    /// Starts (−8.5, 7.5), (−8.5, −5), (9, 9); Adam with learning rate 10⁻³
    /// for 100,000 steps; CAGrad with c = 0.5 and the authors' rescaling
    /// 1/(1 + c). The question of the paper's figure: which methods reach the
    /// minimum of the average loss ½(L₁ + L₂) from every start.
    case cagrad

    static let floor = 0.000005

    public var taskCount: Int { 2 }

    /// The starting points the paper uses.
    public var startingPoints: [(Double, Double)] {
        switch self {
        case .pcgrad: return [(0.5, -3)]
        case .cagrad: return [(-8.5, 7.5), (-8.5, -5), (9, 9)]
        }
    }

    /// The paper's optimiser settings: Adam's learning rate and the step count.
    public var paperSettings: (learningRate: Double, steps: Int) {
        switch self {
        case .pcgrad: return (0.001, 500_000)
        case .cagrad: return (0.001, 100_000)
        }
    }

    public var description: String {
        switch self {
        case .pcgrad:
            return "PCGrad toy landscape (Yu et al. 2020): L₁ = 20 log max(|θ₁/2 + tanh θ₂|, ε), "
                + "L₂ = 25 log max(|θ₁/2 − tanh θ₂ + 2|, ε)"
        case .cagrad: return "CAGrad toy landscape (Liu et al. 2021): two tasks on θ ∈ ℝ²"
        }
    }

    /// Both task losses at θ = (θ₁, θ₂).
    public func losses(at theta: (Double, Double)) -> [Double] { evaluate(theta).losses }

    /// Both task gradients at θ as a 2×2 matrix, row i = ∇Lᵢ (the layout of
    /// the MultiTask gradient methods).
    public func gradients(at theta: (Double, Double)) -> Tensor {
        Tensor(rows: evaluate(theta).gradients)
    }

    /// The losses and the gradients (row i = ∇Lᵢ) in one pass.
    public func evaluate(_ theta: (Double, Double)) -> (losses: [Double], gradients: [[Double]]) {
        let (x1, x2) = theta
        let eps = ToyLandscape.floor
        /// log max(|a|, ε) and its derivative with respect to a (0 on the floor).
        func logAbs(_ a: Double) -> (Double, Double) {
            let m = Swift.abs(a)
            return m > eps ? (Double.log(m), 1 / a) : (Double.log(eps), 0)
        }
        switch self {
        case .pcgrad:
            let t = Double.tanh(x2)
            let dt = 1 - t * t
            let (l1, d1) = logAbs(0.5 * x1 + t)
            let (l2, d2) = logAbs(0.5 * x1 - t + 2)
            let grad1: [Double] = [20 * d1 * 0.5, 20 * d1 * dt]
            let grad2: [Double] = [25 * d2 * 0.5, -25 * d2 * dt]
            return ([20 * l1, 25 * l2], [grad1, grad2])
        case .cagrad:
            let t = Double.tanh(x2)
            let dt = 1 - t * t
            // tanh(−θ₂) = −tanh θ₂.
            let (f1, df1) = logAbs(0.5 * (-x1 - 7) + t)
            let (f2, df2) = logAbs(0.5 * (-x1 + 3) - t + 2)
            let h = Double.tanh(0.5 * x2)
            let dh = 0.5 * (1 - h * h)
            // PyTorch's clamp passes the gradient where the input is ≥ the bound.
            let c1 = Swift.max(h, 0)
            let dc1: Double = h >= 0 ? dh : 0
            let c2 = Swift.max(-h, 0)
            let dc2: Double = -h >= 0 ? -dh : 0
            let u1 = -x1 + 7
            let u2 = -x1 - 7
            let v = -x2 - 8
            let g1 = (u1 * u1 + 0.1 * v * v) / 10 - 20
            let g2 = (u2 * u2 + 0.1 * v * v) / 10 - 20
            let dgdx2 = -0.02 * v
            let l1 = c1 * (f1 + 6) + c2 * g1
            let l2 = c1 * (f2 + 6) + c2 * g2
            let a1: Double = -0.5 * c1 * df1 - 0.2 * u1 * c2
            let b1: Double = c1 * df1 * dt + (f1 + 6) * dc1 + c2 * dgdx2 + g1 * dc2
            let a2: Double = -0.5 * c1 * df2 - 0.2 * u2 * c2
            let b2: Double = -c1 * df2 * dt + (f2 + 6) * dc1 + c2 * dgdx2 + g2 * dc2
            return ([l1, l2], [[a1, b1], [a2, b2]])
        }
    }
}
