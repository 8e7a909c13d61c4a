import RealModule
import Tensors

/// The regression toy of GradNorm (Chen et al. 2018, §4): T tasks that share
/// structure B but differ by a task-specific εᵢ and an output scale σᵢ,
///
///     fᵢ(x) = σᵢ tanh((B + εᵢ) x),   B ~ 𝒩(0, 10²),  εᵢ ~ 𝒩(0, 3.5²)  (elementwise),
///
/// so the losses differ in scale by σᵢ² and an unweighted sum is dominated by
/// the large-σ task — the imbalance GradNorm corrects. The paper uses
/// x ∈ ℝ²⁵⁰, fᵢ(x) ∈ ℝ¹⁰⁰ and σ = (1, 100) among others; it does not say how
/// x is drawn: here x is uniform on [−1, 1]ᴰ, scaled to unit length so that
/// tanh is not saturated everywhere. (B + εᵢ) is stored in×out, so a batch
/// X (N×D) maps to σᵢ tanh(X (B + εᵢ)).
///
/// Draw order: B row-major, then ε₁, ε₂, … row-major, then the N inputs row
/// by row (each normalised after it is drawn).
public struct GradNormToyTasks: Sendable, Equatable {
    public var scales: [Double]
    public var inputDimension: Int
    public var outputDimension: Int

    public init(scales: [Double] = [1, 100], inputDimension: Int = 250, outputDimension: Int = 100)
        throws(TaskFamilyError)
    {
        guard !scales.isEmpty, scales.allSatisfy({ $0.isFinite }) else {
            throw .invalidParameter(name: "σ", reason: "needs one finite scale per task")
        }
        guard inputDimension >= 1, outputDimension >= 1 else {
            throw .invalidParameter(name: "dimensions", reason: "input and output sizes must be at least 1")
        }
        self.scales = scales
        self.inputDimension = inputDimension
        self.outputDimension = outputDimension
    }

    /// `count` examples of every task, all on the same inputs: one (x: N×D, y: N×out) per task.
    public func sample(_ count: Int, using generator: inout SeededGenerator) -> [(x: Tensor, y: Tensor)] {
        let (d, k) = (inputDimension, outputDimension)
        let b = Tensor.normal([d, k], standardDeviation: 10, using: &generator)
        let epsilons = scales.map { _ in Tensor.normal([d, k], standardDeviation: 3.5, using: &generator) }
        var rows: [Double] = []
        rows.reserveCapacity(count * d)
        for _ in 0..<max(count, 0) {
            let row = (0..<d).map { _ in generator.uniform(-1, 1) }
            let norm = max(row.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-300)
            rows += row.map { $0 / norm }
        }
        let x = Tensor(shape: [max(count, 0), d], scalars: rows)
        return zip(scales, epsilons).map { scale, epsilon in
            let weights = try! b + epsilon
            let y = try! matmul(x, weights).map { scale * Double.tanh($0) }
            return (x, y)
        }
    }
}
