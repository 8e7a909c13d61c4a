import MetaLearning
import NeuralNets
import Tensors
import Testing

/// The Autodiff meta-learners: plain MAML agrees with the hand-derived engine,
/// ANIL and Meta-SGD agree with central finite differences of their meta-loss.
@Suite struct GradientMetaTrainerTests {
    /// Meta-loss of `method` at θ (and α) via a fresh trainer.
    func loss(_ theta: [LayerParameters], _ method: GradientMetaTrainer.Method, _ tasks: TaskBatch) throws
        -> Double
    {
        try GradientMetaTrainer(parameters: theta, activation: .tanh, method: method).lossAndGradient(
            on: tasks
        ).loss
    }

    @Test func mamlOnAutodiffAgreesWithTheEngine() throws {
        var rng = TestGenerator(state: 7)
        let theta = randomNetwork([1, 6, 5, 1], &rng)
        let tasks = randomTasks(tasks: 3, support: 5, query: 4, inputs: 1, outputs: 1, &rng)
        let configuration = MAMLConfiguration(innerStepSize: 0.1, innerSteps: 2)
        let generic = try GradientMetaTrainer(
            parameters: theta, activation: .tanh, method: .maml(configuration)
        )
        .lossAndGradient(on: tasks)
        let engine = try MAMLEngine(activation: .tanh).metaGradient(
            parameters: theta, tasks: tasks, configuration: configuration)
        #expect(abs(generic.loss - engine.metaLoss) < 1e-12)
        let difference = zip(generic.gradient.flatMap(\.scalars), engine.metaGradient.flattened).map {
            abs($0 - $1)
        }.max()!
        #expect(difference < 1e-10)
    }

    @Test(arguments: [MAMLOrder.second, .first])
    func anilGradientMatchesFiniteDifferences(order: MAMLOrder) throws {
        var rng = TestGenerator(state: 11)
        let theta = randomNetwork([1, 5, 4, 1], &rng)
        let tasks = randomTasks(tasks: 2, support: 5, query: 4, inputs: 1, outputs: 1, &rng)
        let method = GradientMetaTrainer.Method.anil(innerStepSize: 0.2, innerSteps: 2, order: order)
        let analytic = try GradientMetaTrainer(parameters: theta, activation: .tanh, method: method)
            .lossAndGradient(on: tasks).gradient.flatMap(\.scalars)
        let flat = theta.flattened
        let h = 1e-6
        let task0 = tasks.task(0), task1 = tasks.task(1)
        for i in [0, 3, 7, flat.count - 6, flat.count - 1] {
            var plus = flat, minus = flat
            plus[i] += h; minus[i] -= h
            let numeric: Double
            if order == .second {
                numeric =
                    (try loss(theta.unflattened(plus), method, tasks)
                        - loss(theta.unflattened(minus), method, tasks)) / (2 * h)
            } else {
                // First order: the adapted head is held fixed; differentiate the query loss at (body, head′).
                func queryLoss(_ shift: Double) throws -> Double {
                    var total = 0.0
                    for task in [task0, task1] {
                        var adapted = try adapt(
                            theta, activation: .tanh, inputs: task.supportInputs,
                            targets: task.supportTargets,
                            steps: 2, stepSize: 0.2, layers: .last
                        ).flattened
                        adapted[i] += shift
                        total +=
                            try meanSquaredError(
                                theta.unflattened(adapted), activation: .tanh,
                                inputs: task.queryInputs, targets: task.queryTargets) / 2
                    }
                    return total
                }
                numeric = (try queryLoss(h) - queryLoss(-h)) / (2 * h)
            }
            #expect(abs(numeric - analytic[i]) < 1e-6 * max(1, abs(numeric)), "parameter \(i)")
        }
        // ANIL leaves the body out of the inner loop: with α = 0 it is the pretraining loss.
        let still = try loss(theta, .anil(innerStepSize: 1e-300, innerSteps: 1, order: .second), tasks)
        #expect(abs(still - (try loss(theta, .pretraining, tasks))) < 1e-12)
    }

    @Test func metaSGDStepSizeGradientMatchesFiniteDifferences() throws {
        var rng = TestGenerator(state: 5)
        let theta = randomNetwork([1, 4, 1], &rng)
        let tasks = randomTasks(tasks: 2, support: 4, query: 3, inputs: 1, outputs: 1, &rng)
        let trainer = try GradientMetaTrainer(
            parameters: theta, activation: .tanh, method: .metaSGD(initialStepSize: 0.1))
        let (base, gradient) = try trainer.lossAndGradient(on: tasks)
        let count = theta.flattened.count
        let alphaGradient = gradient.flatMap(\.scalars)[count...]
        // Meta-SGD with every α equal is MAML with that α, so d/dα(common) = Σ_i ∂/∂α_i.
        let h = 1e-6
        let up = try loss(theta, .maml(MAMLConfiguration(innerStepSize: 0.1 + h, innerSteps: 1)), tasks)
        let down = try loss(theta, .maml(MAMLConfiguration(innerStepSize: 0.1 - h, innerSteps: 1)), tasks)
        #expect(abs((up - down) / (2 * h) - alphaGradient.reduce(0, +)) < 1e-6)
        #expect(
            abs(base - (try loss(theta, .maml(MAMLConfiguration(innerStepSize: 0.1, innerSteps: 1)), tasks)))
                < 1e-12)
        // Training moves α and keeps a history.
        let history = try trainer.train(iterations: 3, sampleTasks: { _ in tasks })
        #expect(history.count == 3)
        #expect(trainer.stepSizes!.flattened != [Double](repeating: 0.1, count: count))
    }

    @Test func progressFalseStopsKeepingTheLearnedParameters() throws {
        var rng = TestGenerator(state: 3)
        let theta = randomNetwork([1, 4, 1], &rng)
        let tasks = randomTasks(tasks: 2, support: 4, query: 3, inputs: 1, outputs: 1, &rng)
        let trainer = try GradientMetaTrainer(
            parameters: theta, activation: .tanh, method: .pretraining, metaLearningRate: 0.01)
        let history = try trainer.train(
            iterations: 50, sampleTasks: { _ in tasks }, progress: { i, _, _ in i < 4 })
        #expect(history.count == 4)
        #expect(trainer.iteration == 4)
        #expect(trainer.parameters != theta)
    }
}
