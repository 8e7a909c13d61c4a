import ArgumentParser
import Foundation

/// `metalab-bench WORKLOAD|all [--option value …]`: one JSON line per workload
/// (docs/BENCHMARKS.md). Argument parsing only; the workloads are in their own files.
@main
struct MetalabBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metalab-bench",
        abstract: "The speed workloads of docs/BENCHMARKS.md, one JSON line each.",
        discussion: "Workloads:\n" + workloads.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))

    @Argument(help: "A workload, or all.", completion: .list(workloads.map(\.name) + ["all"]))
    var workload: String

    @OptionGroup var options: BenchOptions

    func validate() throws {
        guard workload == "all" || workloads.contains(where: { $0.name == workload }) else {
            throw ValidationError(
                "unknown workload '\(workload)'; the workloads are "
                    + (workloads.map(\.name) + ["all"]).joined(separator: ", "))
        }
    }

    func run() throws {
        for chosen in workloads where workload == "all" || chosen.name == workload {
            for line in try chosen.run(options) { print(line) }
        }
    }

    /// Exit status 0, or 2 for a usage mistake (ArgumentParser's own 64 and a workload's
    /// `BenchError.usage`), as `metalab` does.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch BenchError.usage(let message) {
            FileHandle.standardError.write(Data("metalab-bench: \(message)\n".utf8))
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// The options of every workload; each reads the ones it documents and defaults the rest.
/// Every number must be positive.
struct BenchOptions: ParsableArguments, Sendable {
    @Option(help: "Timed repetitions.") var iters: Int?
    @Option(help: "matmul: the square size n.") var n: Int?
    @Option(help: "matmul: square or small.") var shape: String?
    @Option(help: "matmul --shape small: back-to-back calls per sample.") var calls: Int?
    @Option(help: "autodiff-memory: tasks per meta-batch.") var tasks: Int?
    @Option(help: "autodiff-memory: points per task.") var shots: Int?
    @Option(help: "maml: tasks per stacked product in the one-step path.") var chunk: Int?
    @Option(help: "maml, anil: 2 (second order) or 1.") var order: Int?
    @Option(help: "maml, anil: untimed meta-iterations first.") var warmup: Int?
    @Option(name: .customLong("inner-steps"), help: "maml, anil: inner SGD steps.") var innerSteps: Int?
    @Option(name: .customLong("meta-batch"), help: "maml, anil: tasks per meta-iteration.") var metaBatch:
        Int?
    @Option(name: .customLong("k"), help: "maml, anil: support and query points per task.") var k: Int?
    @Option(help: "maml, anil: the seed of the initial network and the tasks.") var seed: Int?
    @Option(help: "plot: none, 16, 256 or truecolor.") var color: String?
    @Option(name: .customLong("protocol"), help: "raster: kitty, iterm or sixel.") var graphicsProtocol:
        String?

    func validate() throws {
        let numbers: [(String, Int?)] = [
            ("iters", iters), ("n", n), ("calls", calls), ("tasks", tasks), ("shots", shots),
            ("chunk", chunk),
            ("order", order), ("warmup", warmup), ("inner-steps", innerSteps), ("meta-batch", metaBatch),
            ("k", k), ("seed", seed),
        ]
        for case let (name, value?) in numbers where value <= 0 {
            throw ValidationError("--\(name) expects a positive whole number, got \(value)")
        }
    }
}
