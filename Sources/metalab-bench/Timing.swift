import Foundation
import Tensors

/// The clock of every sample: monotonic wall time, or with `METALAB_BENCH_CLOCK=thread` the
/// calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), which leaves out the time other
/// processes hold the core on a shared machine (their cache pollution stays in).
let benchClockIsThread = getenv("METALAB_BENCH_CLOCK").map { String(cString: $0) } == "thread"
private let benchClock = benchClockIsThread ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC

/// The bench clock (`benchClock`) in nanoseconds.
func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(benchClock, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Wall-time samples of a repeated body, summarised as the JSON fields of
/// docs/BENCHMARKS.md (`median_ms`, `p10_ms`, `p90_ms`, `n`).
struct Samples {
    var milliseconds: [Double] = []

    /// Runs `body` `warmup` times untimed, then `iterations` times timed, one sample each.
    static func measure(iterations: Int, warmup: Int, _ body: () -> Void) -> Samples {
        for _ in 0..<warmup { body() }
        var s = Samples()
        s.milliseconds.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let t0 = nowNanoseconds()
            body()
            s.milliseconds.append(Double(nowNanoseconds() - t0) / 1e6)
        }
        return s
    }

    func percentile(_ p: Double) -> Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let position = p * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let t = position - Double(lo)
        return sorted[lo] * (1 - t) + sorted[hi] * t
    }

    var median: Double { percentile(0.5) }
}

/// One JSON object on one line; values are numbers or strings, keys in the given order.
/// Every line ends with the product kernels in use (`"kernels": "avx2"`, see
/// `KernelPath`; `METALAB_KERNELS` forces one), so figures from different paths
/// are never mixed up; with `METALAB_BENCH_CLOCK=thread` it also says `"clock": "thread"`.
func jsonLine(_ fields: [(String, JSONField)]) -> String {
    let clock: [(String, JSONField)] = benchClockIsThread ? [("clock", .string("thread"))] : []
    let all = fields + clock + [("kernels", .string(KernelPath.active.rawValue))]
    return "{" + all.map { "\"\($0.0)\": \($0.1.text)" }.joined(separator: ", ") + "}"
}

enum JSONField {
    case number(Double)
    case int(Int)
    case string(String)

    var text: String {
        switch self {
        case .number(let v): return v.isFinite ? String(format: "%.6g", v) : "null"
        case .int(let v): return String(v)
        case .string(let s): return "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }
}

enum BenchError: Error, Sendable {
    case usage(String)
}
