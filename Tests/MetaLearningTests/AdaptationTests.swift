import MetaLearning
import NeuralNets
import TaskData
import Tensors
import Testing

@Suite struct AdaptationTests {
    @Test func meanIntervalIsMeanAndNormalHalfWidth() {
        let m = MeanInterval(samples: [1, 2, 3])
        #expect(m.mean == 2)
        #expect(abs(m.halfWidth - 1.96 / 3.0.squareRoot()) < 1e-15)
        #expect(MeanInterval(samples: [4]).halfWidth == 0)
    }

    @Test func oneStepIsThetaMinusAlphaTimesTheGradient() throws {
        var rng = TestGenerator(state: 2)
        let theta = randomNetwork([1, 3, 1], &rng)
        let task = randomTasks(tasks: 1, support: 4, query: 1, inputs: 1, outputs: 1, &rng).task(0)
        let alpha = 0.05
        let adapted = try adapt(
            theta, activation: .tanh, inputs: task.supportInputs, targets: task.supportTargets,
            steps: 1, stepSize: alpha
        ).flattened
        let flat = theta.flattened, h = 1e-6
        for i in flat.indices {
            var p = flat, m = flat
            p[i] += h; m[i] -= h
            let g =
                (try meanSquaredError(
                    theta.unflattened(p), activation: .tanh, inputs: task.supportInputs,
                    targets: task.supportTargets)
                    - meanSquaredError(
                        theta.unflattened(m), activation: .tanh, inputs: task.supportInputs,
                        targets: task.supportTargets)) / (2 * h)
            #expect(abs(adapted[i] - (flat[i] - alpha * g)) < 1e-8)
        }
        let head = try adapt(
            theta, activation: .tanh, inputs: task.supportInputs, targets: task.supportTargets,
            steps: 3, stepSize: alpha, layers: .last)
        #expect(head[0] == theta[0])
        #expect(head[1] != theta[1])
        #expect(throws: MetaLearningError.self) {
            try adapt(theta, activation: .tanh, inputs: Tensor.zeros([3, 2]), targets: Tensor.zeros([3, 1]))
        }
    }

    @Test func evaluationTasksUseOneHundredEvenlySpacedPoints() throws {
        var g = SeededGenerator(seed: 1)
        let tasks = try evaluationTasks(from: try SinusoidTasks(), count: 3, shots: 5, using: &g)
        #expect(tasks[0].queryInputs.shape == [100, 1])
        #expect(tasks[0].queryInputs.scalars.first == -5 && tasks[0].queryInputs.scalars.last == 5)
        #expect(tasks[0].supportInputs.shape == [5, 1])
        // A zero network's error before adaptation is the mean of y² over the grid.
        let zero = [
            LayerParameters(weight: .zeros([1, 2]), bias: .zeros([2])),
            LayerParameters(weight: .zeros([2, 1]), bias: .zeros([1])),
        ]
        let result = try evaluateAdaptation(
            zero, activation: .tanh, tasks: tasks, steps: [0, 2], stepSize: 0.01)
        let expected = tasks.map { $0.queryTargets.scalars.reduce(0) { $0 + $1 * $1 } / 100 }
        #expect(abs(result[0].mean - expected.reduce(0, +) / 3) < 1e-12)
        #expect(result[1].mean < result[0].mean)
    }
}
