import RealModule
import Tensors

/// What went wrong with the per-task numbers given to a loss weighting.
func checkTaskCounts(_ operation: String, _ counts: [Int]) throws(TensorError) {
    guard let first = counts.first, first >= 1, counts.allSatisfy({ $0 == first }) else {
        throw .shapeMismatch(
            operation: operation, lhs: [counts.first ?? 0], rhs: [counts.dropFirst().first ?? 0])
    }
}

// MARK: uncertainty weighting

/// Homoscedastic-uncertainty weighting (Kendall, Gal & Cipolla 2018, *Multi-Task
/// Learning Using Uncertainty to Weigh Losses*), in the stable log-variance form
/// with sᵢ = log σᵢ²:
///
///     ℒ(L, s) = Σᵢ ½ e^{−sᵢ} Lᵢ + ½ sᵢ
///
/// (from Σᵢ Lᵢ/(2σᵢ²) + log σᵢ). For fixed Lᵢ the optimum is sᵢ* = log Lᵢ, so
/// σᵢ²* = Lᵢ; the total can be negative when some Lᵢ < 1 (a feature, not a bug).
/// - Throws: `.shapeMismatch` when `losses` and `logVariances` differ in length.
public func uncertaintyLoss(_ losses: [Double], logVariances s: [Double]) throws(TensorError) -> Double {
    try checkTaskCounts("uncertainty_loss", [losses.count, s.count])
    var total = 0.0
    for i in 0..<losses.count { total += 0.5 * Double.exp(-s[i]) * losses[i] + 0.5 * s[i] }
    return total
}

/// The partial derivatives of `uncertaintyLoss`:
/// ∂ℒ/∂Lᵢ = ½e^{−sᵢ} (the effective task weights) and ∂ℒ/∂sᵢ = ½ − ½e^{−sᵢ}Lᵢ.
/// The gradient for the shared parameters is then Σᵢ ½e^{−sᵢ} ∇Lᵢ.
public func uncertaintyLossGradient(_ losses: [Double], logVariances s: [Double]) throws(TensorError)
    -> (losses: [Double], logVariances: [Double])
{
    try checkTaskCounts("uncertainty_loss", [losses.count, s.count])
    let weights = s.map { 0.5 * Double.exp(-$0) }
    return (weights, (0..<s.count).map { 0.5 - weights[$0] * losses[$0] })
}

// MARK: GradNorm

/// Every value of one GradNorm weight update (see `gradNormUpdate`).
public struct GradNormStep: Sendable, Equatable {
    /// ‖∂Lᵢ/∂W‖ for the unweighted losses.
    public var unweightedGradientNorms: [Double]
    /// Gᵢ = wᵢ‖∂Lᵢ/∂W‖ = ‖∂(wᵢLᵢ)/∂W‖.
    public var gradientNorms: [Double]
    /// Ḡ = meanᵢ Gᵢ.
    public var meanGradientNorm: Double
    /// L̃ᵢ = Lᵢ(t)/Lᵢ(0), the inverse training rates.
    public var lossRatios: [Double]
    /// rᵢ = L̃ᵢ / meanⱼ L̃ⱼ.
    public var relativeInverseRates: [Double]
    /// targetᵢ = Ḡ·rᵢ^α, held constant.
    public var targets: [Double]
    /// ℒ_grad = Σᵢ |Gᵢ − targetᵢ|.
    public var gradNormLoss: Double
    /// ∂ℒ_grad/∂wᵢ = sign(Gᵢ − targetᵢ)·‖∂Lᵢ/∂W‖.
    public var weightGradient: [Double]
    /// w − η ∂ℒ_grad/∂w.
    public var weightsAfterStep: [Double]
    /// The new weights, renormalised to sum to T.
    public var weights: [Double]
}

/// One GradNorm weight update (Chen, Badrinarayanan, Lee & Rabinovich 2018,
/// *GradNorm: Gradient Normalization for Adaptive Loss Balancing*).
///
///     Gᵢ = ‖∇_W wᵢLᵢ‖,  Ḡ = meanᵢ Gᵢ,  L̃ᵢ = Lᵢ(t)/Lᵢ(0),  rᵢ = L̃ᵢ/meanⱼ L̃ⱼ,
///     ℒ_grad = Σᵢ |Gᵢ − Ḡ rᵢ^α|   (the target Ḡ rᵢ^α held constant),
///     w ← w − η ∂ℒ_grad/∂w,  then  w ← T·w / Σ w.
///
/// W is the last shared layer's weight matrix (without its bias); the caller
/// passes ‖∂Lᵢ/∂W‖ (Frobenius) for the unweighted losses. The network itself
/// is updated separately with ∇ Σᵢ wᵢLᵢ at the old weights.
/// - Parameters:
///   - weights: the current wᵢ.
///   - losses: the unweighted Lᵢ(t).
///   - initialLosses: Lᵢ(0).
///   - weightGradientNorms: ‖∂Lᵢ/∂W‖.
///   - alpha: the restoring-force strength α (1.5 in the golden files).
///   - learningRate: the step size for w.
public func gradNormUpdate(
    weights w: [Double], losses: [Double], initialLosses: [Double], weightGradientNorms norms: [Double],
    alpha: Double = 1.5, learningRate: Double
) throws(TensorError) -> GradNormStep {
    try checkTaskCounts("gradnorm", [w.count, losses.count, initialLosses.count, norms.count])
    let t = Double(w.count)
    let g = (0..<w.count).map { w[$0] * norms[$0] }
    let gBar = g.reduce(0, +) / t
    let ratios = (0..<w.count).map { losses[$0] / initialLosses[$0] }
    let meanRatio = ratios.reduce(0, +) / t
    let r = ratios.map { $0 / meanRatio }
    let targets = r.map { gBar * Double.pow($0, alpha) }
    var lossGrad = 0.0
    for i in 0..<w.count { lossGrad += abs(g[i] - targets[i]) }
    let dw = (0..<w.count).map { signScalar(g[$0] - targets[$0]) * norms[$0] }
    let stepped = (0..<w.count).map { w[$0] - learningRate * dw[$0] }
    let total = stepped.reduce(0, +)
    return GradNormStep(
        unweightedGradientNorms: norms, gradientNorms: g, meanGradientNorm: gBar, lossRatios: ratios,
        relativeInverseRates: r, targets: targets, gradNormLoss: lossGrad, weightGradient: dw,
        weightsAfterStep: stepped, weights: stepped.map { $0 * t / total })
}

// MARK: DWA

/// Dynamic weight average (Liu, Johns & Davison 2019, *End-to-End Multi-Task
/// Learning with Attention*):
///
///     wₖ(t) = K exp(rₖ(t−1)/τ) / Σᵢ exp(rᵢ(t−1)/τ),   rₖ(t−1) = Lₖ(t−1)/Lₖ(t−2)
///
/// with K tasks and temperature τ (2 in the paper). `history` holds the
/// per-task losses of the past epochs, oldest first; with fewer than two
/// past epochs every weight is 1, as in the paper.
public func dwaWeights(history: [[Double]], taskCount: Int, temperature: Double = 2) throws(TensorError)
    -> [Double]
{
    guard taskCount >= 1 else { throw .domain(operation: "dwa", reason: "needs at least one task") }
    guard history.count >= 2 else { return [Double](repeating: 1, count: taskCount) }
    let last = history[history.count - 1]
    let before = history[history.count - 2]
    try checkTaskCounts("dwa", [taskCount, last.count, before.count])
    let scaled = (0..<taskCount).map { last[$0] / before[$0] / temperature }
    let shift = scaled.max()!
    let exps = scaled.map { Double.exp($0 - shift) }
    let total = exps.reduce(0, +)
    return exps.map { Double(taskCount) * $0 / total }
}
