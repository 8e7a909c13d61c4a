import Autodiff
import Foundation
import NeuralNets
import Tensors

/// The W1 meta-iteration by the generic path — the inner step taken with
/// `createGraph`, then the gradient of the mean query loss — repeated
/// `--iters` times (default 10,000) with Adam on the outer loop. Reports the
/// median time of one meta-iteration and the resident memory (from
/// /proc/self/statm) after warm-up, at the middle and at the end: a graph
/// that is not released shows as growth.
let autodiffMemoryWorkload = Workload(
    name: "autodiff-memory",
    summary: "W1 by generic autodiff (createGraph inner step): time and RSS over --iters 10000"
) { options in
    let iterations = options.iters ?? 10_000
    let metaBatch = options.tasks ?? 25
    let shots = options.shots ?? 10
    var rng = SeededGenerator(seed: 1)
    var mlp = MLP(sizes: [1, 40, 40, 1], activation: .relu, using: &rng)
    var adam = Adam(learningRate: 1e-3)
    var samples = Samples()
    var rss: [Double] = []
    var lastLoss = 0.0
    for i in 0..<(iterations + 10) {
        let tasks = (0..<metaBatch).map { _ in SinusoidTask(using: &rng, shots: shots) }
        let t0 = nowNanoseconds()
        let (loss, grads) = try genericMetaGradient(mlp, tasks, innerRate: 0.01)
        var tensors = mlp.parameters.tensors
        try adam.update(&tensors, gradients: grads)
        mlp.parameters = mlp.parameters.replacing(with: tensors)
        if i >= 10 { samples.milliseconds.append(Double(nowNanoseconds() - t0) / 1e6) }
        lastLoss = loss
        if i == 10 || i == 10 + iterations / 2 || i == iterations + 9 { rss.append(residentMegabytes()) }
    }
    return [
        jsonLine([
            ("workload", .string("autodiff-memory")), ("iters", .int(iterations)),
            ("meta_batch", .int(metaBatch)),
            ("shots", .int(shots)),
            ("median_ms", .number(samples.median)), ("p10_ms", .number(samples.percentile(0.1))),
            ("p90_ms", .number(samples.percentile(0.9))),
            ("rss_start_mb", .number(rss[0])), ("rss_middle_mb", .number(rss[1])),
            ("rss_end_mb", .number(rss[2])),
            ("final_meta_loss", .number(lastLoss)),
        ])
    ]
}

/// One sinusoid regression task y = A·sin(x − φ), A ∈ U(0.1, 5), φ ∈ U(0, π), x ∈ U(−5, 5).
struct SinusoidTask {
    let supportX, supportY, queryX, queryY: Variable

    init(using rng: inout SeededGenerator, shots: Int) {
        let amplitude = rng.uniform(0.1, 5)
        let phase = rng.uniform(0, Double.pi)
        func points() -> (Variable, Variable) {
            let x = Tensor.uniform([shots, 1], low: -5, high: 5, using: &rng)
            return (
                Variable(constant: x), Variable(constant: x.map { amplitude * Foundation.sin($0 - phase) })
            )
        }
        (supportX, supportY) = points()
        (queryX, queryY) = points()
    }
}

/// MAML's meta-loss and meta-gradient written the way a learner writes them:
/// θ'ₜ = θ − α∇L_support(θ) with the gradient recorded, meta-loss = mean L_query(θ'ₜ).
func genericMetaGradient(_ mlp: MLP, _ tasks: [SinusoidTask], innerRate: Double) throws -> (Double, [Tensor])
{
    let theta = mlp.variables()
    var metaLoss: Variable? = nil
    for task in tasks {
        let support = try meanSquaredError(mlp(task.supportX, parameters: theta), task.supportY)
        let inner = try gradients(of: support, wrt: theta.variables, createGraph: true)
        let adapted = try zip(theta.variables, inner).map { try $0 - innerRate * $1 }
        let query = try meanSquaredError(
            mlp(task.queryX, parameters: [LayerVariables](pairs: adapted)), task.queryY)
        metaLoss = try metaLoss.map { try $0 + query } ?? query
    }
    let loss = metaLoss! / Double(tasks.count)
    return (loss.scalar!, try gradientTensors(of: loss, wrt: theta.variables))
}

/// Resident set size in MB: the second field of /proc/self/statm (pages) × the page size.
func residentMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
        let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}
