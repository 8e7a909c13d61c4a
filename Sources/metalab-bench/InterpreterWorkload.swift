import LabLang
import LabLibrary

/// W5: `s = 0; for i in 1:1000000; s += i; end` evaluated in process by the
/// Lab interpreter (parse, compile, run), `--iters` times. Reports ms per run;
/// CPython's equivalent loop is ≈ 100 ms on an idle machine.
let interpreterWorkload = Workload(
    name: "interpreter", summary: "W5: the one-million-iteration Lab loop (--iters 10)"
) {
    options in
    let iterations = options.iters ?? 10
    let lab = LabLibrary.makeInterpreter()
    var checksum = 0.0
    let samples = Samples.measure(iterations: iterations, warmup: 1) {
        _ = lab.evaluate("s = 0; for i in 1:1000000; s += i; end")
        if case let .number(s)? = lab.global("s") { checksum = s }
    }
    return [
        jsonLine([
            ("workload", .string("interpreter")), ("median_ms", .number(samples.median)),
            ("p10_ms", .number(samples.percentile(0.1))), ("p90_ms", .number(samples.percentile(0.9))),
            ("n_samples", .int(iterations)), ("sum", .number(checksum)),
        ])
    ]
}
