import Tensors

/// W2: dense n×n float64 matrix product, one thread (`--n`, `--iters`).
/// Reports GFLOP/s = 2n³ / time.
let matmulWorkload = Workload(name: "matmul", summary: "W2: n×n float64 matrix product (--n 256 --iters 50)") {
    options in
    let n = try options.int("n", default: 256)
    let iterations = try options.int("iters", default: 50)
    var rng = SimpleLCG(seed: 1)
    let a = Tensor(shape: [n, n], scalars: (0..<(n * n)).map { _ in rng.next() })
    let b = Tensor(shape: [n, n], scalars: (0..<(n * n)).map { _ in rng.next() })
    var sink = 0.0
    let samples = Samples.measure(iterations: iterations, warmup: 3) {
        sink += try! matmul(a, b).scalars[0]
    }
    let gflops = 2 * Double(n * n * n) / (samples.median * 1e6)
    return [jsonLine([
        ("workload", .string("matmul")), ("n", .int(n)),
        ("median_ms", .number(samples.median)), ("p10_ms", .number(samples.percentile(0.1))),
        ("p90_ms", .number(samples.percentile(0.9))), ("n_samples", .int(iterations)),
        ("gflops", .number(gflops)), ("checksum", .number(sink)),
    ])]
}

/// Deterministic inputs in [−1, 1) without pulling a generator into the timing.
struct SimpleLCG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
}
