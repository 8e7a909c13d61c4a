import MultiTask
import NeuralNets
import Tensors
import Testing

@Suite struct MultiTaskNetworkTests {
    static let x = Tensor(shape: [5, 3], scalars: (0..<15).map { Double($0).squareRoot() / 3 - 0.6 })

    @Test func crossStitchWithIdentityMixingIsIndependentColumns() throws {
        var g = SeededGenerator(seed: 3)
        var stitched = MultiTaskNetwork(
            trunkSizes: [3, 4, 4], headSizes: [[4, 1], [4, 2]], sharing: .crossStitch, using: &g)
        #expect(
            stitched.stitches.count == 2 && stitched.stitches[0] == Tensor(rows: [[0.9, 0.1], [0.1, 0.9]]))
        stitched.stitches = stitched.stitches.map { _ in Tensor.eye(2) }
        let soft = MultiTaskNetwork(
            sharing: .soft(.toMean, strength: 0), trunks: stitched.trunks, heads: stitched.heads,
            activation: .tanh)
        for task in 0..<2 {
            #expect(try stitched.predict(Self.x, task: task) == soft.predict(Self.x, task: task))
        }
    }

    @Test func oneExpertMixtureIsHardSharing() throws {
        var g = SeededGenerator(seed: 4)
        let mixture = MultiTaskNetwork(
            trunkSizes: [3, 4], headSizes: [[4, 1], [4, 1]], sharing: .mixtureOfExperts(experts: 1), using: &g
        )
        let hard = MultiTaskNetwork(
            sharing: .hard, trunks: mixture.trunks, heads: mixture.heads, activation: .tanh)
        for task in 0..<2 {
            let a = try mixture.predict(Self.x, task: task)
            let b = try hard.predict(Self.x, task: task)
            #expect(zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) < 1e-15 })
        }
        // Parameters: one expert 3·4+4, heads 2·(4+1), gates 2·(3·1+1).
        #expect(mixture.parameterCount == 16 + 10 + 8)
    }

    @Test func parametersRoundTripThroughTheOptimiserOrder() {
        var g = SeededGenerator(seed: 5)
        for sharing in [
            ParameterSharing.hard, .soft(.pairwise, strength: 1), .crossStitch, .mixtureOfExperts(experts: 3),
        ] {
            let network = MultiTaskNetwork(
                trunkSizes: [3, 4], headSizes: [[4, 1], [4, 1], [4, 2]], sharing: sharing, using: &g)
            let list = network.parameterTensors
            #expect(network.replacingParameters(list).parameterTensors == list)
            #expect(list.reduce(0) { $0 + $1.count } == network.parameterCount)
        }
    }

    @Test func crossStitchAndMixtureTrainDownhill() throws {
        var g = SeededGenerator(seed: 6)
        let golden = try goldenFile("mtl_base")
        let (_, tasks) = goldenNetwork(golden)
        for sharing in [ParameterSharing.crossStitch, .mixtureOfExperts(experts: 3)] {
            let network = MultiTaskNetwork(
                trunkSizes: [3, 4], headSizes: [[4, 1], [4, 1]], sharing: sharing, using: &g)
            let result = try trainMultiTask(
                network, tasks: tasks, options: MultiTaskTrainingOptions(steps: 80, learningRate: 0.02))
            let before = result.history.taskLosses[0].reduce(0, +)
            let after = try multiTaskLosses(result.network, tasks: tasks).reduce(0, +)
            #expect(after < 0.8 * before, "\(sharing): \(before) → \(after)")
            if case .crossStitch = sharing { #expect(result.network.stitches != network.stitches) }
            if case .mixtureOfExperts = sharing { #expect(result.network.gates != network.gates) }
        }
    }
}
