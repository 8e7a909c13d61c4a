/// A named speed workload of docs/BENCHMARKS.md: runs with its options and
/// returns its JSON lines.
struct Workload: Sendable {
    let name: String
    let summary: String
    let run: @Sendable (BenchOptions) throws -> [String]
}

/// Every workload, in the order `all` runs them.
let workloads: [Workload] = [
    matmulWorkload,
    autodiffMemoryWorkload,
    mamlWorkload,
    anilWorkload,
    plotWorkload,
    rasterWorkload,
    interpreterWorkload,
]
