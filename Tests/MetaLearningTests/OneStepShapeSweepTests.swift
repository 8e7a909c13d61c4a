import NeuralNets
import Tensors
import TestSupport
import Testing

@testable import MetaLearning

/// The one-step path's two layer forms on adversarial shapes: 1-wide layers anywhere (first and
/// last layer 1×1, a one-layer network), K ≠ Q, K = 1, Q = 1, K larger than every width, every
/// activation, both orders, every assignment of forms and the cost rule's own, chunk sizes 1–7
/// (a short last chunk, a chunk larger than the batch). The oracle is the general per-task path
/// (`taskDetails: true`: adapted parameters and Hessian-vector products per task).
@Suite struct OneStepShapeSweepTests {
    /// Every form assignment (2^L of them, and nil: the cost rule) × chunk sizes 1…7 × both orders
    /// against the per-task path, 1e-12. Each fast run follows a run of the same engine on other
    /// tasks of the same shapes, so a value left in the workspace from the previous batch shows.
    @Test(arguments: [
        (Activation.identity, [1, 1], 1, 1, 3),
        (Activation.relu, [1, 1, 1], 3, 2, 5),
        (Activation.tanh, [3, 1, 4], 2, 5, 4),
        (Activation.sigmoid, [1, 7, 1, 6, 1], 5, 1, 6),
        (Activation.softplus, [2, 41, 3], 1, 4, 7),
        (Activation.leakyRelu, [1, 39, 81, 1], 9, 3, 3),
        (Activation.relu, [4, 7, 1], 60, 50, 3),
        (Activation.tanh, [1, 40, 40, 1], 100, 100, 2),
        (Activation.sigmoid, [2, 3, 2], 7, 7, 9),
        (Activation.identity, [5, 2, 5], 4, 3, 8),
        (Activation.softplus, [1, 1, 9, 1], 1, 1, 5),
    ])
    func everyFormAndChunkAgreesWithThePerTaskPath(
        activation: Activation, sizes: [Int], support: Int, query: Int, taskCount: Int
    ) throws {
        var rng = TestGenerator(state: UInt64(sizes.reduce(1, *) * 7 + support * 3 + query))
        let theta = randomNetwork(sizes, &rng)
        func batch() -> TaskBatch {
            randomTasks(
                tasks: taskCount, support: support, query: query, inputs: sizes[0], outputs: sizes.last!,
                &rng)
        }
        let (tasks, decoy) = (batch(), batch())
        let layers = sizes.count - 1
        let assignments: [[OneStepLayerForm]?] =
            [nil]
            + (0..<(1 << layers)).map { bits in
                (0..<layers).map { bits >> $0 & 1 == 1 ? OneStepLayerForm.explicit : .lowRank }
            }
        for order in MAMLOrder.allCases {
            let configuration = MAMLConfiguration(innerStepSize: 0.3, innerSteps: 1, order: order)
            let general = try MAMLEngine(activation: activation).metaGradient(
                parameters: theta, tasks: tasks, configuration: configuration, taskDetails: true)
            for forms in assignments {
                let engine = MAMLEngine(activation: activation)
                engine.oneStepForms = forms
                for chunk in 1...7 {
                    engine.taskChunkSize = chunk
                    _ = try engine.metaGradient(parameters: theta, tasks: decoy, configuration: configuration)
                    let fast = try engine.metaGradient(
                        parameters: theta, tasks: tasks, configuration: configuration)
                    #expect(engine.oneStep?.chunk == min(chunk, taskCount))
                    if let forms { #expect(engine.oneStep?.forms == forms) }
                    let lossError = relativeError(fast.metaLoss, general.metaLoss)
                    let error = relativeError(fast.metaGradient, general.metaGradient)
                    let name = forms.map { "\($0)" } ?? "cost rule"
                    #expect(
                        lossError <= 1e-12 && error < 1e-12,
                        """
                        \(activation) \(sizes) K \(support) Q \(query) \(name) chunk \(chunk) \(order): \
                        loss \(lossError), gradient \(error)
                        """)
                }
            }
        }
    }

    /// The one-step path's second-order meta-gradient is the gradient of its own meta-loss, an
    /// oracle that shares nothing with the per-task path: central differences (h = 1e-5) of the
    /// meta-loss, every coordinate, for every form assignment, on a net with a 1-wide first
    /// layer and a 1-wide hidden layer, K = 1 and Q = 2 (its one-row products are `vectorMatrix`).
    @Test func secondOrderGradientIsTheMetaLossesDerivativeInEveryForm() throws {
        let sizes = [1, 1, 3, 1]
        var rng = TestGenerator(state: 41)
        let theta = randomNetwork(sizes, &rng)
        let tasks = randomTasks(tasks: 3, support: 1, query: 2, inputs: 1, outputs: 1, &rng)
        let configuration = MAMLConfiguration(innerStepSize: 0.4, innerSteps: 1, order: .second)
        for bits in 0..<8 {
            let engine = MAMLEngine(activation: .tanh)
            engine.oneStepForms = (0..<3).map { bits >> $0 & 1 == 1 ? .explicit : .lowRank }
            let gradient = try engine.metaGradient(
                parameters: theta, tasks: tasks, configuration: configuration
            ).metaGradient.flattened
            let numeric = try finiteDifferenceGradient(
                of: {
                    try engine.metaGradient(parameters: $0, tasks: tasks, configuration: configuration)
                        .metaLoss
                }, at: theta)
            let error = zip(gradient, numeric).map { abs($0 - $1) }.max()!
            #expect(error < 1e-8, "\(engine.oneStepForms!): max error \(error)")
            #expect(gradient.contains { abs($0) > 1e-3 }, "a gradient to compare")
        }
    }

    /// The cost rule flips both ways with K and Q, from the multiply-add counts written out by
    /// hand (low-rank Q·K·(d_in + 2·d_out), plus Q·K·(d_out + 2·d_in) after the first layer;
    /// explicit (2K + Q)·d_in·d_out, plus K·d_in·d_out after the first layer), 1→40→40→1:
    /// K = Q = 100: 40×40 low-rank 100·100·120 + 100·100·120 = 2,400,000 against explicit
    /// 300·1,600 + 100·1,600 = 640,000 — explicit; the 1→40 layer 100·100·81 = 810,000 against
    /// 300·40 = 12,000 — explicit. K = Q = 1: 1→40 low-rank 81 against 120, 40→1 low-rank
    /// 42 + 81 = 123 against 120 + 40 = 160, 40×40 120 + 120 against 4,800 + 1,600: all low-rank.
    @Test func theCostRuleFlipsWithTheRowCounts() {
        func forms(_ k: Int, _ q: Int) -> [OneStepLayerForm] {
            let sizes = [1, 40, 40, 1]
            return (0..<3).map {
                OneStepLayerForm.cheaper(
                    inputs: sizes[$0], outputs: sizes[$0 + 1], support: k, query: q, firstLayer: $0 == 0)
            }
        }
        #expect(forms(100, 100) == [.explicit, .explicit, .explicit])
        #expect(forms(1, 1) == [.lowRank, .lowRank, .lowRank])
    }
}
