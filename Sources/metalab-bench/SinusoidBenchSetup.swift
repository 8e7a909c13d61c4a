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

    init(_ options: Options) throws {
        let order = try options.int("order", default: 2)
        guard let parsed = MAMLOrder(rawValue: order) else { throw BenchError.usage("--order is 1 or 2, got \(order)") }
        self.order = parsed
        iterations = try options.int("iters", default: 300)
        warmup = try options.int("warmup", default: 20)
        innerSteps = try options.int("inner-steps", default: 1)
        metaBatch = try options.int("meta-batch", default: 25)
        k = try options.int("k", default: 10)
        var rng = SeededGenerator(seed: UInt64(try options.int("seed", default: 1)))
        let sizes = [1, 40, 40, 1]
        theta = (0..<3).map { l -> LayerParameters in
            let bound = 1 / Double(sizes[l]).squareRoot()
            return LayerParameters(
                weight: Tensor(shape: [sizes[l], sizes[l + 1]],
                               scalars: (0..<(sizes[l] * sizes[l + 1])).map { _ in rng.uniform(-bound, bound) }),
                bias: Tensor((0..<sizes[l + 1]).map { _ in rng.uniform(-bound, bound) }))
        }
        self.rng = rng
    }

    /// Runs `warmup + iterations` meta-iterations of `step` on freshly sampled task batches,
    /// timing only `step` (sampling stays outside), and calls `after(i)` once iteration i is
    /// done. Returns the timings of the last `iterations` and the final loss.
    mutating func time(_ step: (TaskBatch) throws -> Double, after: (Int) -> Void = { _ in }) rethrows -> (Samples, Double) {
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
