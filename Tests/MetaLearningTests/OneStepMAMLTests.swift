import NeuralNets
import Tensors
import TestSupport
import Testing

@testable import MetaLearning

@Suite struct OneStepMAMLTests {
    /// The low-rank one-step path (taken when no per-task details are asked for)
    /// against the general path (per-task adapted parameters and Hessian-vector
    /// products), for several shapes, activations, orders and chunk sizes —
    /// including a last chunk shorter than the others. Agreement 1e-12.
    @Test(arguments: [
        (Activation.relu, [1, 40, 40, 1], 10, 10, 1),
        (Activation.tanh, [3, 13, 45, 2], 7, 4, 2),
        (Activation.sigmoid, [2, 9, 1], 3, 6, 3),
        (Activation.softplus, [2, 5, 6, 4, 3], 6, 5, 5),
        (Activation.leakyRelu, [2, 6, 3], 4, 4, 7),
        (Activation.identity, [1, 4, 1], 2, 3, 2),
    ])
    func agreesWithThePerTaskPath(activation: Activation, sizes: [Int], support: Int, query: Int, chunk: Int)
        throws
    {
        var rng = TestGenerator(state: UInt64(sizes.reduce(0, +) * 31 + chunk))
        let theta = randomNetwork(sizes, &rng)
        let tasks = randomTasks(
            tasks: 7, support: support, query: query, inputs: sizes[0], outputs: sizes.last!, &rng)
        for order in MAMLOrder.allCases {
            let configuration = MAMLConfiguration(innerStepSize: 0.2, innerSteps: 1, order: order)
            let engine = MAMLEngine(activation: activation)
            engine.taskChunkSize = chunk
            let fast = try engine.metaGradient(parameters: theta, tasks: tasks, configuration: configuration)
            #expect(engine.oneStep != nil)
            let general = try engine.metaGradient(
                parameters: theta, tasks: tasks, configuration: configuration,
                taskDetails: true)
            #expect(relativeError(fast.metaLoss, general.metaLoss) <= 1e-12)
            let error = relativeError(fast.metaGradient, general.metaGradient)
            #expect(error < 1e-12, "\(activation) \(sizes) order \(order): \(error)")
        }
    }

    /// Each layer's two forms (Gram corrections or per-task W′ and V) give the general path's
    /// meta-gradient, whichever the cost picks: every layer low-rank, every layer explicit, and
    /// alternating, on shapes with thin and wide layers and both orders. Agreement 1e-12.
    @Test(arguments: [
        (Activation.relu, [1, 40, 40, 1], 10, 10), (Activation.tanh, [3, 13, 45, 2], 7, 4),
        (Activation.softplus, [2, 5, 6, 4, 3], 6, 5), (Activation.sigmoid, [1, 9, 1], 3, 6),
    ])
    func everyLayerFormAgreesWithThePerTaskPath(
        activation: Activation, sizes: [Int], support: Int, query: Int
    ) throws {
        var rng = TestGenerator(state: UInt64(sizes.reduce(0, +) * 17 + support))
        let theta = randomNetwork(sizes, &rng)
        let tasks = randomTasks(
            tasks: 5, support: support, query: query, inputs: sizes[0], outputs: sizes.last!, &rng)
        let layers = sizes.count - 1
        let assignments: [[OneStepLayerForm]] = [
            Array(repeating: .lowRank, count: layers), Array(repeating: .explicit, count: layers),
            (0..<layers).map { $0 % 2 == 0 ? .explicit : .lowRank },
        ]
        for forms in assignments {
            for order in MAMLOrder.allCases {
                let configuration = MAMLConfiguration(innerStepSize: 0.15, innerSteps: 1, order: order)
                let engine = MAMLEngine(activation: activation)
                engine.taskChunkSize = 2
                engine.oneStepForms = forms
                let fast = try engine.metaGradient(
                    parameters: theta, tasks: tasks, configuration: configuration)
                #expect(engine.oneStep?.forms == forms)
                let general = try MAMLEngine(activation: activation).metaGradient(
                    parameters: theta, tasks: tasks, configuration: configuration, taskDetails: true)
                #expect(relativeError(fast.metaLoss, general.metaLoss) <= 1e-12)
                let error = relativeError(fast.metaGradient, general.metaGradient)
                #expect(error < 1e-12, "\(activation) \(sizes) \(forms) order \(order): \(error)")
            }
        }
    }

    /// Forms forced for one run do not outlive the forcing: with `oneStepForms` back to nil the
    /// engine's next run uses the cost rule's choice again (the workspace was kept before).
    @Test func forcedFormsEndWhenTheForcingDoes() throws {
        var rng = TestGenerator(state: 5)
        let theta = randomNetwork([1, 40, 40, 1], &rng)
        let tasks = randomTasks(tasks: 3, support: 10, query: 10, inputs: 1, outputs: 1, &rng)
        let configuration = MAMLConfiguration(innerStepSize: 0.1, innerSteps: 1, order: .second)
        let engine = MAMLEngine(activation: .relu)
        engine.oneStepForms = [.lowRank, .lowRank, .lowRank]
        _ = try engine.metaGradient(parameters: theta, tasks: tasks, configuration: configuration)
        #expect(engine.oneStep?.forms == [.lowRank, .lowRank, .lowRank])
        engine.oneStepForms = nil
        _ = try engine.metaGradient(parameters: theta, tasks: tasks, configuration: configuration)
        #expect(engine.oneStep?.forms == [.explicit, .lowRank, .explicit])
    }

    /// The cost rule's choice for the sinusoid MLP (1→40→40→1, K = Q = 10), from the counts
    /// written out in `OneStepLayerForm.cheaper`'s comment: the thin first and last layers
    /// explicit (1,200 vs 8,100 and 1,600 vs 12,300 multiply-adds), the 40×40 layer low-rank
    /// (64,000 vs 24,000).
    @Test func thinLayersAreExplicitWideOnesLowRank() throws {
        let sizes = [1, 40, 40, 1]
        let forms = (0..<3).map {
            OneStepLayerForm.cheaper(
                inputs: sizes[$0], outputs: sizes[$0 + 1], support: 10, query: 10, firstLayer: $0 == 0)
        }
        #expect(forms == [.explicit, .lowRank, .explicit])
    }

    @Test(arguments: [("maml_relu_1step", Activation.relu), ("maml_tanh_1step", Activation.tanh)])
    func matchesGolden(name: String, activation: Activation) throws {
        let golden = try GoldenFile(name)
        let engine = MAMLEngine(activation: activation)
        for (order, key) in [(MAMLOrder.second, "meta_grad"), (.first, "fomaml_grad")] {
            let result = try engine.metaGradient(
                parameters: try golden.parameters, tasks: try golden.tasks,
                configuration: MAMLConfiguration(innerStepSize: 0.1, innerSteps: 1, order: order))
            #expect(
                relativeError(result.metaLoss, try golden.double("outputs", "meta_loss")) <= goldenTolerance)
            #expect(
                relativeError(result.metaGradient, try GoldenFile.layers(golden["outputs", key]))
                    <= goldenTolerance)
        }
    }
}
