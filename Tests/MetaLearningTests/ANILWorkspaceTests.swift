import Autodiff
import MetaLearning
import NeuralNets
import Tensors
import Testing

/// ANIL's hand-derived meta-gradient (`ANILWorkspace`, behind
/// `GradientMetaTrainer`'s `.anil`) against the generic one: the head's inner
/// steps taken on Autodiff Variables (with `createGraph` for second order),
/// the query loss differentiated back to every layer.
@Suite struct ANILWorkspaceTests {
    /// The meta-loss (1/T) Σ_t L_query(body, head′_t) and its gradient, on Autodiff.
    func generic(
        _ theta: [LayerParameters], _ activation: Activation, _ tasks: TaskBatch, alpha: Double, steps: Int,
        order: MAMLOrder
    ) throws -> (loss: Double, gradient: [Double]) {
        let net = MLP(parameters: theta, activation: activation)
        let variables = theta.flatMap { [Variable($0.weight), Variable($0.bias)] }
        let head = [variables.count - 2, variables.count - 1]
        var sum: Variable? = nil
        for t in 0..<tasks.taskCount {
            let task = tasks.task(t)
            var current = variables
            for _ in 0..<steps {
                let support = try meanSquaredError(
                    net(Variable(constant: task.supportInputs), parameters: [LayerVariables](pairs: current)),
                    Variable(constant: task.supportTargets))
                let g = try gradients(
                    of: support, wrt: head.map { current[$0] }, createGraph: order == .second)
                for (j, i) in head.enumerated() { current[i] = try current[i] - g[j] * alpha }
            }
            let query = try meanSquaredError(
                net(Variable(constant: task.queryInputs), parameters: [LayerVariables](pairs: current)),
                Variable(constant: task.queryTargets))
            sum = try sum.map { try $0 + query } ?? query
        }
        let total = sum! * (1 / Double(tasks.taskCount))
        return (total.value.scalars[0], try gradientTensors(of: total, wrt: variables).flatMap(\.scalars))
    }

    /// Every activation, one to three inner steps, both orders, one and several
    /// outputs, a network without a body (the head reads the inputs), and the
    /// sinusoid network's 40-wide layers (the kernels' 40-column blocks).
    @Test(arguments: [
        (Activation.relu, [1, 40, 40, 1], 1, MAMLOrder.second),
        (Activation.relu, [1, 40, 40, 1], 2, MAMLOrder.first),
        (Activation.tanh, [2, 7, 6, 3], 2, MAMLOrder.second),
        (Activation.sigmoid, [3, 9, 2], 3, MAMLOrder.first),
        (Activation.softplus, [1, 13, 45, 2], 2, MAMLOrder.second),
        (Activation.leakyRelu, [2, 8, 5, 4, 1], 1, MAMLOrder.second),
        (Activation.identity, [2, 3], 2, MAMLOrder.second),
    ])
    func workspaceAgreesWithTheGenericPath(activation: Activation, sizes: [Int], steps: Int, order: MAMLOrder)
        throws
    {
        let seed = UInt64(sizes.reduce(0, +) * 10 + steps)
        var rng = TestGenerator(state: seed)
        let theta = randomNetwork(sizes, &rng)
        let tasks = randomTasks(tasks: 3, support: 6, query: 5, inputs: sizes[0], outputs: sizes.last!, &rng)
        let alpha = 0.15
        let reference = try generic(theta, activation, tasks, alpha: alpha, steps: steps, order: order)
        let trainer = try GradientMetaTrainer(
            parameters: theta, activation: activation,
            method: .anil(innerStepSize: alpha, innerSteps: steps, order: order))
        let result = try trainer.lossAndGradient(on: tasks)
        #expect(abs(result.loss - reference.loss) < 1e-12, "seed \(seed)")
        let error = zip(result.gradient.flatMap(\.scalars), reference.gradient).map { abs($0 - $1) }.max()!
        #expect(error < 1e-12, "\(activation), \(steps) steps, \(order), seed \(seed): \(error)")
    }

    /// One trainer over batches of different shapes gives what fresh trainers give.
    @Test func aTrainerReusedAcrossBatchShapesAgreesWithFreshOnes() throws {
        var rng = TestGenerator(state: 21)
        let theta = randomNetwork([1, 6, 5, 1], &rng)
        let small = randomTasks(tasks: 2, support: 3, query: 4, inputs: 1, outputs: 1, &rng)
        let large = randomTasks(tasks: 4, support: 7, query: 2, inputs: 1, outputs: 1, &rng)
        let method = GradientMetaTrainer.Method.anil(innerStepSize: 0.1, innerSteps: 2, order: .second)
        let reused = try GradientMetaTrainer(parameters: theta, activation: .tanh, method: method)
        for batch in [small, large, small] {
            let again = try reused.lossAndGradient(on: batch)
            let fresh = try GradientMetaTrainer(parameters: theta, activation: .tanh, method: method)
                .lossAndGradient(on: batch)
            #expect(again.loss == fresh.loss)
            #expect(again.gradient == fresh.gradient)
        }
    }
}
