import MetaLearning
import NeuralNets
import Tensors

/// What the W1 workloads (`maml`, `anil`) share: the Finn et al. 2017 sinusoid setup's
/// options (`--order 2|1`, `--iters`, `--warmup`, `--inner-steps`, `--meta-batch`, `--k`,
/// `--seed`) and the initial MLP 1→40→40→1, drawn as PyTorch's nn.Linear does
/// (uniform in ±1/√fan-in, as sinusoid_common.init_mlp), from the seeded generator
/// that then samples the tasks.
struct SinusoidBenchSetup {
    let order: MAMLOrder
    let iterations: Int
    let warmup: Int
    let innerSteps: Int
    let metaBatch: Int
    let k: Int
    var rng: SeededGenerator
    let theta: [LayerParameters]

    init(_ options: BenchOptions) throws {
        let order = options.order ?? 2
        guard let parsed = MAMLOrder(rawValue: order) else {
            throw BenchError.usage("--order is 1 or 2, got \(order)")
        }
        self.order = parsed
        iterations = options.iters ?? 300
        warmup = options.warmup ?? 20
        innerSteps = options.innerSteps ?? 1
        metaBatch = options.metaBatch ?? 25
        k = options.k ?? 10
        var rng = SeededGenerator(seed: UInt64(options.seed ?? 1))
        theta =
            MLP(sizes: [1, 40, 40, 1], activation: .relu, initializer: .uniformFanIn, using: &rng).parameters
        self.rng = rng
    }

    /// Runs `warmup + iterations` meta-iterations of `step` on freshly sampled task batches,
    /// timing only `step` (sampling stays outside), and calls `after(i)` once iteration i is
    /// done. Returns the timings of the last `iterations` and the final loss.
    mutating func time(_ step: (TaskBatch) throws -> Double, after: (Int) -> Void = { _ in }) rethrows -> (
        Samples, Double
    ) {
        var samples = Samples()
        samples.milliseconds = [Double](repeating: 0, count: iterations)  // touched before the first reading
        var loss = 0.0
        for iteration in 0..<(warmup + iterations) {
            let tasks = sampleSinusoidTasks(&rng, taskCount: metaBatch, support: k, query: k)
            let t0 = nowNanoseconds()
            loss = try step(tasks)
            let t1 = nowNanoseconds()
            if iteration >= warmup { samples.milliseconds[iteration - warmup] = Double(t1 - t0) / 1e6 }
            after(iteration)
        }
        return (samples, loss)
    }
}
