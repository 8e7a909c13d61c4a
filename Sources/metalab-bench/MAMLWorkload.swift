import Foundation
import MetaLearning
import NeuralNets
import Tensors

/// W1: one MAML meta-iteration of the Finn et al. 2017 sinusoid setup — MLP
/// 1→40→40→1 ReLU, meta-batch 25, K = 10 support and 10 query points, one
/// inner SGD step α = 0.01, Adam β = 1e-3 — timed as inner loop + meta-gradient
/// + Adam update, with task sampling outside the timed region (as in
/// ../shared/bench/maml_sinusoid_jax.py). Options: `--order 2|1`, `--iters`,
/// `--warmup`, `--inner-steps`, `--meta-batch`, `--k`, `--seed`, `--chunk` (tasks per
/// stacked product in the one-step path).
/// Also reports resident memory (from /proc/self/statm; total and anonymous)
/// after warm-up, halfway and at the end, so `--iters 10000` shows whether
/// memory stays flat.
let mamlWorkload = Workload(
    name: "maml", summary: "W1: MAML sinusoid meta-iteration, float64 (--order 2|1 --iters 300)"
) { options in
    var setup = try SinusoidBenchSetup(options)
    let chunk = options.chunk ?? 2
    let (iterations, warmup, metaBatch, k) = (setup.iterations, setup.warmup, setup.metaBatch, setup.k)
    let trainer = try MAMLTrainer(
        parameters: setup.theta, activation: .relu,
        method: .maml(
            MAMLConfiguration(innerStepSize: 0.01, innerSteps: setup.innerSteps, order: setup.order)),
        metaLearningRate: 1e-3)
    trainer.engine.taskChunkSize = chunk

    var rssAfterWarmup = (0, 0), rssHalfway = (0, 0)
    let (samples, loss) = try setup.time(
        { try trainer.step(on: $0) },
        after: { iteration in
            if iteration == warmup - 1 { rssAfterWarmup = residentKilobytes() }
            if iteration == warmup + iterations / 2 { rssHalfway = residentKilobytes() }
        })
    let rssEnd = residentKilobytes()  // before the percentiles, whose sorted copies would count
    return [
        jsonLine([
            ("workload", .string("maml")), ("order", .int(setup.order.rawValue)),
            ("inner_steps", .int(setup.innerSteps)),
            ("meta_batch", .int(metaBatch)), ("k", .int(k)), ("chunk", .int(chunk)),
            ("median_ms", .number(samples.median)), ("p10_ms", .number(samples.percentile(0.1))),
            ("p90_ms", .number(samples.percentile(0.9))), ("n", .int(iterations)),
            ("final_loss", .number(loss)),
            ("rss_after_warmup_kb", .int(rssAfterWarmup.0)), ("rss_halfway_kb", .int(rssHalfway.0)),
            ("rss_end_kb", .int(rssEnd.0)),
            ("anon_rss_after_warmup_kb", .int(rssAfterWarmup.1)), ("anon_rss_halfway_kb", .int(rssHalfway.1)),
            ("anon_rss_end_kb", .int(rssEnd.1)),
        ])
    ]
}

/// Tasks of sinusoid_common.sample_tasks: y = A sin(x − φ), A ~ U[0.1, 5],
/// φ ~ U[0, π], x ~ U[−5, 5], drawn with a seeded generator (not NumPy's stream).
func sampleSinusoidTasks(_ rng: inout SeededGenerator, taskCount: Int, support: Int, query: Int) -> TaskBatch
{
    let amplitude = (0..<taskCount).map { _ in rng.uniform(0.1, 5.0) }
    let phase = (0..<taskCount).map { _ in rng.uniform(0, Double.pi) }
    let xs = (0..<(taskCount * support)).map { _ in rng.uniform(-5, 5) }
    let xq = (0..<(taskCount * query)).map { _ in rng.uniform(-5, 5) }
    let ys = xs.indices.map { amplitude[$0 / support] * Foundation.sin(xs[$0] - phase[$0 / support]) }
    let yq = xq.indices.map { amplitude[$0 / query] * Foundation.sin(xq[$0] - phase[$0 / query]) }
    return try! TaskBatch(
        taskCount: taskCount, supportSize: support, querySize: query,
        supportInputs: xs, supportTargets: ys, queryInputs: xq, queryTargets: yq)
}

/// Resident set size in KiB from /proc/self/statm: (all resident pages, resident
/// minus file-backed shared pages). The second is the heap and stacks alone — code
/// pages of libraries touched late (e.g. by this very reading) count only in the
/// first. (0, 0) where /proc is unavailable.
func residentKilobytes() -> (Int, Int) {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return (0, 0) }
    let fields = text.split(separator: " ")
    guard fields.count > 2, let resident = Int(fields[1]), let shared = Int(fields[2]) else { return (0, 0) }
    let kilobytesPerPage = Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    return (resident * kilobytesPerPage, (resident - shared) * kilobytesPerPage)
}
