import Foundation
import MetaLearning
import NeuralNets
import Tensors
import TestSupport
import Testing

/// A small deterministic generator for test inputs (SplitMix64), seed printed on failure.
struct TestGenerator {
    var state: UInt64
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return low + (high - low) * Double(z >> 11) / Double(1 << 53)
    }
}

func randomNetwork(_ sizes: [Int], _ rng: inout TestGenerator) -> [LayerParameters] {
    (0..<(sizes.count - 1)).map { l in
        let bound = 1 / Double(sizes[l]).squareRoot()
        return LayerParameters(
            weight: Tensor(
                shape: [sizes[l], sizes[l + 1]],
                scalars: (0..<(sizes[l] * sizes[l + 1])).map { _ in rng.uniform(-bound, bound) }),
            bias: Tensor((0..<sizes[l + 1]).map { _ in rng.uniform(-bound, bound) }))
    }
}

func randomTasks(
    tasks: Int, support: Int, query: Int, inputs: Int, outputs: Int,
    _ rng: inout TestGenerator
) -> TaskBatch {
    func values(_ n: Int) -> [Double] { (0..<n).map { _ in rng.uniform(-2, 2) } }
    return try! TaskBatch(
        taskCount: tasks, supportSize: support, querySize: query, inputSize: inputs, outputSize: outputs,
        supportInputs: values(tasks * support * inputs), supportTargets: values(tasks * support * outputs),
        queryInputs: values(tasks * query * inputs), queryTargets: values(tasks * query * outputs))
}

@Suite struct MAMLFiniteDifferenceTests {
    /// Second-order meta-gradients through S inner steps against central
    /// differences of the meta-loss: every coordinate on a tiny net, and on the
    /// wider ones the derivative along eight seeded random directions (which
    /// touch every coordinate at once). Widths 13 and 45 and 7 rows exercise
    /// every kernel path (40-column blocks, 8-column blocks, scalar columns,
    /// 5-row blocks and single rows); tolerance 1e-7 absolute for h = 1e-5.
    @Test(arguments: [
        (Activation.tanh, [1, 6, 5, 1], 2, 1, 1),
        (Activation.tanh, [3, 13, 45, 2], 2, 7, 21),
        (Activation.relu, [2, 9, 9, 3], 2, 7, 22),
        (Activation.sigmoid, [2, 5, 4, 1], 3, 6, 23),
        (Activation.softplus, [2, 5, 4, 1], 2, 6, 24),
    ])
    func secondOrderMetaGradientMatchesFiniteDifferences(
        activation: Activation, sizes: [Int], innerSteps: Int, rows: Int, seed: UInt64
    ) throws {
        var rng = TestGenerator(state: seed)
        let theta = randomNetwork(sizes, &rng)
        let tasks = randomTasks(
            tasks: 3, support: rows, query: rows + 1, inputs: sizes[0], outputs: sizes.last!, &rng)
        let configuration = MAMLConfiguration(innerStepSize: 0.3, innerSteps: innerSteps, order: .second)
        let engine = MAMLEngine(activation: activation)
        let result = try engine.metaGradient(parameters: theta, tasks: tasks, configuration: configuration)
        let metaLoss = { (flat: [Double]) throws -> Double in
            try engine.metaGradient(
                parameters: theta.unflattened(flat), tasks: tasks, configuration: configuration
            ).metaLoss
        }
        let flat = theta.flattened, gradient = result.metaGradient.flattened, h = 1e-5
        if flat.count < 100 {
            let numeric = try finiteDifferenceGradient(of: { try metaLoss($0.flattened) }, at: theta)
            let error = zip(gradient, numeric).map { abs($0 - $1) }.max()!
            #expect(error < 1e-7, "seed \(seed): max error \(error)")
        } else {
            for _ in 0..<8 {
                let u = flat.map { _ in rng.uniform(-1, 1) }
                let plus = try metaLoss(zip(flat, u).map { $0 + h * $1 })
                let minus = try metaLoss(zip(flat, u).map { $0 - h * $1 })
                let numeric = (plus - minus) / (2 * h)
                let analytic = zip(gradient, u).map { $0 * $1 }.reduce(0, +)
                #expect(abs(numeric - analytic) < 1e-7, "seed \(seed): \(analytic) vs \(numeric)")
            }
        }

        // Per-task details give the same meta-gradient (per-task Hessian path).
        let detailed = try engine.metaGradient(
            parameters: theta, tasks: tasks, configuration: configuration,
            taskDetails: true)
        #expect(relativeError(detailed.metaGradient, result.metaGradient) <= 1e-13)
        let mean = detailed.tasks.map(\.metaGradient.flattened).reduce(
            [Double](repeating: 0, count: gradient.count)
        ) { zip($0, $1).map { $0 + $1 / 3 } }
        #expect(zip(mean, gradient).allSatisfy { abs($0 - $1) < 1e-13 })
    }

    /// First order is exactly the mean query gradient at the adapted parameters.
    @Test func firstOrderIsTheQueryGradientAtTheAdaptedParameters() throws {
        var rng = TestGenerator(state: 5)
        let theta = randomNetwork([1, 7, 7, 1], &rng)
        let tasks = randomTasks(tasks: 2, support: 4, query: 5, inputs: 1, outputs: 1, &rng)
        let configuration = MAMLConfiguration(innerStepSize: 0.2, innerSteps: 2, order: .first)
        let result = try mamlMetaGradient(
            parameters: theta, activation: .tanh, tasks: tasks,
            configuration: configuration, taskDetails: true)
        for (t, details) in result.tasks.enumerated() {
            // The query loss at θ′ as a function of θ′ alone (zero inner steps ⇒ use S=1, α=0).
            let task = try TaskBatch(tasks: [tasks.task(t)])
            let zeroStep = MAMLConfiguration(innerStepSize: 0, innerSteps: 1, order: .first)
            let numeric = try finiteDifferenceGradient(
                of: {
                    try mamlMetaGradient(
                        parameters: $0, activation: .tanh, tasks: task, configuration: zeroStep
                    ).metaLoss
                }, at: details.adaptedParameters)
            #expect(zip(details.firstOrderGradient.flattened, numeric).allSatisfy { abs($0 - $1) < 1e-8 })
        }
    }
}
