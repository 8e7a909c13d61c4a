import MetaLearning
import NeuralNets
import Tensors

/// W1 for ANIL: one meta-iteration of ANIL (Raghu et al. 2020) on the maml
/// workload's sinusoid setup — MLP 1→40→40→1 ReLU, meta-batch 25, K = 10
/// support and 10 query points, one inner step α = 0.01 on the head only,
/// Adam β = 1e-3 — timed as inner loop + meta-gradient + Adam update, task
/// sampling outside the timed region. Options: `--order 2|1`, `--iters`,
/// `--warmup`, `--inner-steps`, `--meta-batch`, `--k`, `--seed`.
let anilWorkload = Workload(
    name: "anil", summary: "W1 for ANIL: head-only inner loop on the sinusoid setup (--order 2|1 --iters 300)"
) { options in
    var setup = try SinusoidBenchSetup(options)
    let (iterations, metaBatch, k) = (setup.iterations, setup.metaBatch, setup.k)
    let trainer = try GradientMetaTrainer(
        parameters: setup.theta, activation: .relu,
        method: .anil(innerStepSize: 0.01, innerSteps: setup.innerSteps, order: setup.order),
        metaLearningRate: 1e-3)

    let (samples, loss) = try setup.time { try trainer.step(on: $0) }
    return [
        jsonLine([
            ("workload", .string("anil")), ("order", .int(setup.order.rawValue)),
            ("inner_steps", .int(setup.innerSteps)),
            ("meta_batch", .int(metaBatch)), ("k", .int(k)),
            ("median_ms", .number(samples.median)), ("p10_ms", .number(samples.percentile(0.1))),
            ("p90_ms", .number(samples.percentile(0.9))), ("n", .int(iterations)),
            ("final_loss", .number(loss)),
        ])
    ]
}
