import Tensors

/// W2: dense float64 matrix product, one thread.
/// - `--shape square` (default): n×n · n×n (`--n 256 --iters 50`), GFLOP/s = 2n³ / time.
/// - `--shape small`: the course's shapes, 10×40 · 40×40 and the batched
///   25×(10×40 · 40×40) through `matmul` (allocation of the result included),
///   each sample timing back-to-back calls (`--calls` for 10×40·40×40, scaled
///   down by FLOPs for larger ones, so a sample stays ≲ 0.15 ms and rarely meets a
///   context switch on a shared machine); reports ns per call.
let matmulWorkload = Workload(
    name: "matmul", summary: "W2: float64 matrix product (--shape square|small, --n 256 --iters 50)"
) { options in
    switch options.shape ?? "square" {
    case "square": return [try squareProduct(options)]
    case "small": return try smallProducts(options)
    case let other: throw BenchError.usage("--shape expects square or small, got \(other)")
    }
}

private func squareProduct(_ options: BenchOptions) throws -> String {
    let n = options.n ?? 256
    let iterations = options.iters ?? 50
    var rng = SimpleLCG(seed: 1)
    let a = Tensor(shape: [n, n], scalars: (0..<(n * n)).map { _ in rng.next() })
    let b = Tensor(shape: [n, n], scalars: (0..<(n * n)).map { _ in rng.next() })
    var sink = 0.0
    let samples = Samples.measure(iterations: iterations, warmup: 3) {
        sink += try! matmul(a, b).scalars[0]
    }
    let gflops = 2 * Double(n * n * n) / (samples.median * 1e6)
    return jsonLine([
        ("workload", .string("matmul")), ("n", .int(n)),
        ("median_ms", .number(samples.median)), ("p10_ms", .number(samples.percentile(0.1))),
        ("p90_ms", .number(samples.percentile(0.9))), ("n_samples", .int(iterations)),
        ("gflops", .number(gflops)), ("checksum", .number(sink)),
    ])
}

private func smallProducts(_ options: BenchOptions) throws -> [String] {
    let iterations = options.iters ?? 200
    let calls = options.calls ?? 200
    var rng = SimpleLCG(seed: 2)
    func random(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<Tensor.elementCount(shape)).map { _ in rng.next() })
    }
    let cases: [(name: String, a: Tensor, b: Tensor, flops: Int)] = [
        ("matmul-10x40x40", random([10, 40]), random([40, 40]), 2 * 10 * 40 * 40),
        ("matmul-batched-25x10x40x40", random([25, 10, 40]), random([25, 40, 40]), 25 * 2 * 10 * 40 * 40),
        ("matmul-10x40x1", random([10, 40]), random([40, 1]), 2 * 10 * 40),
    ]
    return cases.map { c in
        var sink = 0.0
        let repeats = Swift.max(1, Swift.min(calls, calls * cases[0].flops / c.flops))
        let samples = Samples.measure(iterations: iterations, warmup: 3) {
            for _ in 0..<repeats { sink += try! matmul(c.a, c.b).scalars[0] }
        }
        let nanoseconds = samples.median * 1e6 / Double(repeats)
        return jsonLine([
            ("workload", .string(c.name)), ("ns_per_call", .number(nanoseconds)),
            ("median_ms", .number(samples.median)), ("p10_ms", .number(samples.percentile(0.1))),
            ("p90_ms", .number(samples.percentile(0.9))), ("n_samples", .int(iterations)),
            ("calls_per_sample", .int(repeats)), ("gflops", .number(Double(c.flops) / nanoseconds)),
            ("checksum", .number(sink)),
        ])
    }
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
