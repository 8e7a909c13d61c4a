import Autodiff
import Foundation
import MultiTask
import NeuralNets
import Tensors
import TestSupport
import Testing

/// The golden files' two-task network as a `MultiTaskNetwork`, and its data.
func goldenNetwork(_ golden: GoldenJSON) -> (MultiTaskNetwork, [TaskExamples]) {
    let trunk = LayerParameters(
        weight: golden.tensor("inputs/shared/Ws"), bias: Tensor(golden.vector("inputs/shared/bs")))
    let heads = ["head1", "head2"].map {
        [
            LayerParameters(
                weight: golden.tensor("inputs/\($0)/H"), bias: Tensor(golden.vector("inputs/\($0)/c")))
        ]
    }
    let network = MultiTaskNetwork(sharing: .hard, trunks: [[trunk]], heads: heads, activation: .tanh)
    let x = golden.tensor("inputs/X")
    return (
        network,
        [
            TaskExamples(x: x, y: golden.tensor("inputs/y1")),
            TaskExamples(x: x, y: golden.tensor("inputs/y2")),
        ]
    )
}

/// The trunk's flattened parameters (Ws row-major, then bs).
func trunkFlat(_ network: MultiTaskNetwork) -> [Double] { network.trunks[0].flattened }

@Suite struct MultiTaskTrainerTests {
    /// One SGD step with η = 1 moves the trunk by exactly −(combined gradient).
    @Test(arguments: [
        (GradientCombination.sum, "mtl_base", "outputs/equal_weight_sum_grad_shared_flat"),
        (GradientCombination.pcgrad(.fixed), "mtl_pcgrad", "outputs/combined_sum"),
        (GradientCombination.mgda, "mtl_mgda", "outputs/mgda/combined_shared_grad"),
        (GradientCombination.mgdaUB, "mtl_mgda", "outputs/mgda_ub/combined_shared_grad"),
    ])
    func oneStepMatchesTheGoldenCombinedGradient(combination: GradientCombination, file: String, key: String)
        throws
    {
        let golden = try goldenFile(file)
        let (network, tasks) = goldenNetwork(golden)
        let result = try trainMultiTask(
            network, tasks: tasks,
            options: MultiTaskTrainingOptions(
                combination: combination, steps: 1, learningRate: 1, optimizer: .sgd))
        let step = zip(trunkFlat(result.network), trunkFlat(network)).map { $1 - $0 }
        #expect(maxAbsDifference(step, golden.vector(key)) < 1e-12)
        // Heads always get their own task's gradient, untouched.
        let base = try goldenFile("mtl_base")
        let headStep = zip(result.network.heads[1][0].weight.scalars, network.heads[1][0].weight.scalars).map
        { $1 - $0 }
        #expect(maxAbsDifference(headStep, base.matrix("outputs/grad_head2_task2/H").map { $0[0] }) < 1e-12)
        #expect(abs(result.history.taskLosses[0][0] - base.number("outputs/L1")) < 1e-12)
    }

    // Issue 18: a stop (Ctrl-C, a timeout) that lands inside a step's products threw the whole
    // training away; now that step is undone and the result keeps exactly the completed steps.
    @Test func aStopInsideAStepKeepsTheCompletedSteps() throws {
        final class Polls: @unchecked Sendable { var count = 0 }
        // Products this wide go through the blocked loops, which poll the stop (tiny ones don't).
        var g = SeededGenerator(seed: 18)
        let network = MultiTaskNetwork(
            trunkSizes: [8, 64], headSizes: [[64, 1], [64, 1]], sharing: .hard, using: &g)
        let x = Tensor(shape: [100, 8], scalars: (0..<800).map { sin(Double($0)) })
        let tasks = [0, 1].map { t in
            TaskExamples(x: x, y: Tensor(shape: [100, 1], scalars: (0..<100).map { cos(Double($0 + t)) }))
        }
        let options = MultiTaskTrainingOptions(steps: 50)
        let polls = Polls()
        // The products poll once per block; the 40th poll falls inside some step after the first.
        let stopped = try StopCheck.polling({
            polls.count += 1; return polls.count > 40
        }) {
            () throws(MultiTaskError) in try trainMultiTask(network, tasks: tasks, options: options)
        }
        let kept = stopped.history.taskLosses.count
        #expect(!stopped.completed)
        #expect(kept > 0 && kept < 50, "\(kept) steps kept")
        #expect(stopped.history.weights.count == kept, "the undone step left nothing in the history")
        var shorter = options
        shorter.steps = kept
        let reference = try trainMultiTask(network, tasks: tasks, options: shorter)
        #expect(stopped.network.parameterTensors == reference.network.parameterTensors)
    }

    @Test func gradNormWeightsStayNormalisedAndFavourTheLaggingTask() throws {
        let (network, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        let result = try trainMultiTask(
            network, tasks: tasks,
            options: MultiTaskTrainingOptions(weighting: .gradNorm(alpha: 1.5, learningRate: 0.05), steps: 30)
        )
        #expect(abs(result.weights.reduce(0, +) - 2) < 1e-12)
        #expect(result.history.weights.count == 30)
        #expect(result.weights != [1, 1])
    }

    @Test func everyCombinationTrainsDownhill() throws {
        let (network, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        let combinations: [GradientCombination] = [
            .sum, .pcgrad(.fixed), .pcgrad(.random(seed: 3)), .mgda, .mgdaUB, .cagrad(c: 0.5), .imtlG,
            .nashMTL,
        ]
        for combination in combinations {
            let result = try trainMultiTask(
                network, tasks: tasks,
                options: MultiTaskTrainingOptions(combination: combination, steps: 60, learningRate: 0.02))
            let before = result.history.taskLosses[0].reduce(0, +)
            let after = try multiTaskLosses(result.network, tasks: tasks).reduce(0, +)
            #expect(after < before, "\(combination): \(before) → \(after)")
        }
    }

    /// A task whose head is zero and whose targets are zero has a zero gradient,
    /// so no step's bargaining system has a solution: training carries on with
    /// the fallback α (the first step's best iterate) instead of stopping.
    @Test func nashMTLWithoutASolutionFallsBackAndTrains() throws {
        let (golden, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        var heads = golden.heads
        heads[1] = [
            LayerParameters(
                weight: Tensor.zeros(heads[1][0].weight.shape), bias: Tensor.zeros(heads[1][0].bias.shape))
        ]
        let network = MultiTaskNetwork(sharing: .hard, trunks: golden.trunks, heads: heads, activation: .tanh)
        let silent = [tasks[0], TaskExamples(x: tasks[1].x, y: Tensor.zeros([tasks[1].x.shape[0], 1]))]
        let result = try trainMultiTask(
            network, tasks: silent,
            options: MultiTaskTrainingOptions(combination: .nashMTL, steps: 40, learningRate: 0.02))
        #expect(result.completed)
        #expect(result.history.nashFallbacks == 40)
        let after = try multiTaskLosses(result.network, tasks: silent)
        #expect(after[0] < result.history.taskLosses[0][0])
        #expect(after[1] == 0)
    }

    @Test func nashMTLCountsNoFallbackWhenEveryStepSolves() throws {
        let (network, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        let result = try trainMultiTask(
            network, tasks: tasks, options: MultiTaskTrainingOptions(combination: .nashMTL, steps: 20))
        #expect(result.history.nashFallbacks == 0)
    }

    @Test func weightingsTrainDownhill() throws {
        let (network, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        let weightings: [LossWeightingMethod] = [
            .equal, .fixed([0.3, 1.7]), .uncertainty, .dwa(temperature: 2), .random,
        ]
        for weighting in weightings {
            let result = try trainMultiTask(
                network, tasks: tasks,
                options: MultiTaskTrainingOptions(weighting: weighting, steps: 60, learningRate: 0.02))
            let before = result.history.taskLosses[0].reduce(0, +)
            let after = try multiTaskLosses(result.network, tasks: tasks).reduce(0, +)
            #expect(after < before, "\(weighting): \(before) → \(after)")
        }
    }

    @Test func softSharingWithALargePenaltyTiesTheTrunks() throws {
        var g = SeededGenerator(seed: 1)
        let (_, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        for penalty in SoftSharingPenalty.allCases {
            let network = MultiTaskNetwork(
                trunkSizes: [3, 4], headSizes: [[4, 1], [4, 1]], sharing: .soft(penalty, strength: 10),
                using: &g)
            let result = try trainMultiTask(
                network, tasks: tasks, options: MultiTaskTrainingOptions(steps: 300, learningRate: 0.02))
            let gap = zip(result.network.trunks[0].flattened, result.network.trunks[1].flattened).map {
                abs($0 - $1)
            }.max()!
            let initialGap = zip(network.trunks[0].flattened, network.trunks[1].flattened).map {
                abs($0 - $1)
            }.max()!
            #expect(gap < 0.05 * initialGap, "\(penalty): gap \(gap) from \(initialGap)")
        }
    }

    @Test func userMistakesAreTypedErrors() throws {
        let (network, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        #expect(throws: MultiTaskError.taskCountMismatch(tasks: 1, heads: 2)) {
            try trainMultiTask(network, tasks: [tasks[0]], options: MultiTaskTrainingOptions(steps: 1))
        }
        var g = SeededGenerator(seed: 2)
        let soft = MultiTaskNetwork(
            trunkSizes: [3, 4], headSizes: [[4, 1], [4, 1]], sharing: .soft(.toMean, strength: 1), using: &g)
        #expect(throws: MultiTaskError.self) {
            try trainMultiTask(
                soft, tasks: tasks, options: MultiTaskTrainingOptions(combination: .mgda, steps: 1))
        }
        #expect(throws: MultiTaskError.self) {
            try trainMultiTask(
                network, tasks: [tasks[0], TaskExamples(x: Tensor.zeros([6, 5]), y: Tensor.zeros([6, 1]))],
                options: MultiTaskTrainingOptions(steps: 1))
        }
    }

    @Test func aProgressCallbackCanStopTraining() throws {
        let (network, tasks) = goldenNetwork(try goldenFile("mtl_base"))
        let result = try trainMultiTask(network, tasks: tasks, options: MultiTaskTrainingOptions(steps: 100))
        { step, _ in step < 9 }
        #expect(!result.completed)
        #expect(result.history.taskLosses.count == 10)
    }
}
