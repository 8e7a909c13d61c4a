import Autodiff
import MetaLearning
import NeuralNets
import Tensors
import Testing

/// The engine's hand-derived meta-gradient against the generic one: the inner
/// steps taken on Autodiff Variables with `createGraph`, then the query loss
/// differentiated back to θ (issue 3's "computed generically … agrees").
@Suite struct GenericAgreementTests {
    @Test(arguments: [
        (Activation.tanh, 1, [2, 7, 6, 2]),
        (Activation.relu, 1, [1, 9, 9, 1]),
        (Activation.tanh, 2, [2, 7, 6, 2]),
        (Activation.relu, 3, [1, 9, 9, 1]),
    ])
    func engineAgreesWithTheGenericPath(activation: Activation, innerSteps: Int, sizes: [Int]) throws {
        var rng = TestGenerator(state: UInt64(100 + innerSteps))
        let theta = randomNetwork(sizes, &rng)
        let batch = randomTasks(tasks: 3, support: 6, query: 5, inputs: sizes[0], outputs: sizes.last!, &rng)
        let alpha = 0.15
        let mlp = MLP(parameters: theta, activation: activation)
        let variables = mlp.variables()
        var metaLoss = Variable(constant: Tensor(0))
        for t in 0..<batch.taskCount {
            let task = batch.task(t)
            var adapted = variables
            for _ in 0..<innerSteps {
                let support = try meanSquaredError(
                    mlp(Variable(constant: task.supportInputs), parameters: adapted),
                    Variable(constant: task.supportTargets))
                let inner = try gradients(of: support, wrt: adapted.variables, createGraph: true)
                adapted = [LayerVariables](
                    pairs: try zip(adapted.variables, inner).map { try $0 - alpha * $1 })
            }
            let query = try meanSquaredError(
                mlp(Variable(constant: task.queryInputs), parameters: adapted),
                Variable(constant: task.queryTargets))
            metaLoss = try metaLoss + query / Double(batch.taskCount)
        }
        let generic = try gradientTensors(of: metaLoss, wrt: variables.variables).flatMap(\.scalars)

        let engine = MAMLEngine(activation: activation)
        let result = try engine.metaGradient(
            parameters: theta, tasks: batch,
            configuration: MAMLConfiguration(innerStepSize: alpha, innerSteps: innerSteps, order: .second))
        #expect(abs(result.metaLoss - metaLoss.scalar!) < 1e-12)
        let error = zip(result.metaGradient.flattened, generic).map { abs($0 - $1) }.max()!
        #expect(error < 1e-12, "\(activation), \(innerSteps) steps: \(error)")
    }
}
