import Foundation
import MetaLearning
import NeuralNets
import Tensors
import TestSupport
import Testing

/// Agreement with the float64 JAX/PyTorch goldens: relative error (TestSupport's
/// `relativeError`, |a − b| / max(1, |b|)) at most 1e-12.
let goldenTolerance = 1e-12

@Suite struct MAMLEngineGoldenTests {
    @Test(arguments: [("maml_relu_1step", Activation.relu), ("maml_tanh_1step", Activation.tanh)])
    func metaGradientMatchesGolden(name: String, activation: Activation) throws {
        let golden = try GoldenFile(name)
        let theta = try golden.parameters, tasks = try golden.tasks
        let alpha = try golden.double("hyperparameters", "alpha")
        let engine = MAMLEngine(activation: activation)
        let second = try engine.metaGradient(
            parameters: theta, tasks: tasks,
            configuration: MAMLConfiguration(innerStepSize: alpha, innerSteps: 1, order: .second),
            taskDetails: true)
        #expect(relativeError(second.metaLoss, try golden.double("outputs", "meta_loss")) <= goldenTolerance)
        #expect(
            relativeError(second.metaGradient, try GoldenFile.layers(golden["outputs", "meta_grad"]))
                <= goldenTolerance)

        let first = try engine.metaGradient(
            parameters: theta, tasks: tasks,
            configuration: MAMLConfiguration(innerStepSize: alpha, innerSteps: 1, order: .first))
        #expect(
            relativeError(first.metaLoss, try golden.double("outputs", "fomaml_meta_loss")) <= goldenTolerance
        )
        #expect(
            relativeError(first.metaGradient, try GoldenFile.layers(golden["outputs", "fomaml_grad"]))
                <= goldenTolerance)

        let perTask = try #require(golden["outputs", "per_task"] as? [[String: Any]])
        #expect(second.tasks.count == perTask.count)
        for (details, expected) in zip(second.tasks, perTask) {
            func number(_ key: String) throws -> Double {
                try #require((expected[key] as? NSNumber)?.doubleValue)
            }
            #expect(relativeError(details.preSupportLoss, try number("pre_support_loss")) <= goldenTolerance)
            #expect(relativeError(details.preQueryLoss, try number("pre_query_loss")) <= goldenTolerance)
            #expect(
                relativeError(details.postSupportLoss, try number("post_support_loss")) <= goldenTolerance)
            #expect(relativeError(details.postQueryLoss, try number("post_query_loss")) <= goldenTolerance)
            let innerGradients = try #require(expected["inner_grads"] as? [Any])
            let adapted = try #require(expected["adapted_params_after_each_step"] as? [Any])
            #expect(details.innerGradients.count == innerGradients.count)
            for (mine, theirs) in zip(details.innerGradients, innerGradients) {
                #expect(relativeError(mine, try GoldenFile.layers(theirs)) <= goldenTolerance)
            }
            for (mine, theirs) in zip(details.adaptedParametersAfterEachStep, adapted) {
                #expect(relativeError(mine, try GoldenFile.layers(theirs)) <= goldenTolerance)
            }
            #expect(
                relativeError(details.metaGradient, try GoldenFile.layers(expected["meta_grad"]))
                    <= goldenTolerance)
            #expect(
                relativeError(details.firstOrderGradient, try GoldenFile.layers(expected["fomaml_grad"]))
                    <= goldenTolerance)
        }
    }

    @Test func adaptGivesTheGoldenAdaptedParameters() throws {
        let golden = try GoldenFile("maml_tanh_1step")
        let perTask = try #require(golden["outputs", "per_task"] as? [[String: Any]])
        let tasks = try golden.tasks
        let engine = MAMLEngine(activation: .tanh)
        for t in 0..<tasks.taskCount {
            let task = tasks.task(t)
            let adapted = try engine.adapt(
                parameters: try golden.parameters, supportInputs: task.supportInputs,
                supportTargets: task.supportTargets, innerStepSize: 0.1, innerSteps: 1)
            let expected = try #require(perTask[t]["adapted_params_after_each_step"] as? [Any])[0]
            #expect(relativeError(adapted, try GoldenFile.layers(expected)) <= goldenTolerance)
        }
    }

    @Test func reptileMatchesGolden() throws {
        let golden = try GoldenFile("reptile_relu_1step")
        let theta = try golden.parameters
        let alpha = try golden.double("hyperparameters", "alpha")
        let epsilon = try golden.double("hyperparameters", "epsilon")
        let result = try reptileDirection(
            parameters: theta, activation: .relu, tasks: try golden.tasks,
            innerStepSize: alpha, innerSteps: 1, taskDetails: true)
        #expect(
            relativeError(result.direction, try GoldenFile.layers(golden["outputs", "direction"]))
                <= goldenTolerance)
        let perTask = try #require(golden["outputs", "per_task"] as? [[String: Any]])
        for (phi, expected) in zip(result.adaptedParameters, perTask) {
            #expect(relativeError(phi, try GoldenFile.layers(expected["adapted_params"])) <= goldenTolerance)
        }

        // One trainer step applies θ + ε·direction.
        let trainer = try MAMLTrainer(
            parameters: theta, activation: .relu,
            method: .reptile(innerStepSize: alpha, innerSteps: 1, outerStepSize: epsilon))
        try trainer.step(on: try golden.tasks)
        #expect(
            relativeError(trainer.parameters, try GoldenFile.layers(golden["outputs", "theta_new"]))
                <= goldenTolerance)
    }

    /// The golden README's 3-step headline values, on inputs rebuilt from its
    /// stated formulas (the JSON files hold 1-step data only). The formula inputs
    /// are first checked against the stored 1-step inputs.
    @Test(arguments: [
        (Activation.tanh, 1.1152777485095704, 0.3552, 0.5905),
        (Activation.relu, 0.9726202939165240, 0.6892, 0.7378),
    ])
    func threeStepHeadlineValues(
        activation: Activation, metaLoss: Double, gradientNorm: Double, secondOrderNorm: Double
    ) throws {
        let (theta, tasks) = goldenFormulaInputs()
        let golden = try GoldenFile("maml_tanh_1step")
        #expect(relativeError(theta, try golden.parameters) <= 1e-15)
        #expect(
            zip(
                tasks.supportTargets + tasks.queryInputs,
                try golden.tasks.supportTargets + golden.tasks.queryInputs
            )
            .allSatisfy { relativeError($0, $1) <= 1e-14 })

        let engine = MAMLEngine(activation: activation)
        let second = try engine.metaGradient(
            parameters: theta, tasks: tasks,
            configuration: MAMLConfiguration(innerStepSize: 0.1, innerSteps: 3))
        let first = try engine.metaGradient(
            parameters: theta, tasks: tasks,
            configuration: MAMLConfiguration(innerStepSize: 0.1, innerSteps: 3, order: .first))
        #expect(relativeError(second.metaLoss, metaLoss) <= goldenTolerance)
        #expect(relativeError(first.metaLoss, metaLoss) <= goldenTolerance)
        // The README prints these norms to 4 decimals: within half a unit of the last one.
        #expect(abs(norm(second.metaGradient) - gradientNorm) < 5e-5)
        let difference = theta.unflattened(
            zip(second.metaGradient.flattened, first.metaGradient.flattened).map { $0 - $1 })
        #expect(abs(norm(difference) - secondOrderNorm) < 5e-5)
    }
}

/// θ and the two tasks of the golden README's `input_formulas` (MLP 1-8-8-1).
func goldenFormulaInputs() -> ([LayerParameters], TaskBatch) {
    let sizes = [1, 8, 8, 1]
    let theta = (0..<3).map { l in
        let (fin, fout) = (sizes[l], sizes[l + 1])
        let w = (0..<(fin * fout)).map { index -> Double in
            let (i, j) = (Double(index / fout), Double(index % fout))
            return sin(7 * i + 3 * j + 11 * Double(l) + 1) / Double(fin).squareRoot()
        }
        let b = (0..<fout).map { 0.1 * cos(5 * Double($0) + 13 * Double(l) + 2) }
        return LayerParameters(weight: Tensor(shape: [fin, fout], scalars: w), bias: Tensor(b))
    }
    let amplitudePhase = [(2.0, 0.5), (0.7, 2.0)]
    var sx: [Double] = [], sy: [Double] = [], qx: [Double] = [], qy: [Double] = []
    for t in 0..<2 {
        let (a, phi) = amplitudePhase[t]
        for n in 0..<5 {
            let x = 4.5 * sin(2.3 * Double(n) + 0.7 + Double(t))
            sx.append(x)
            sy.append(a * sin(x - phi))
        }
        for m in 0..<6 {
            let x = 4.5 * cos(1.7 * Double(m) + 0.3 + 0.5 * Double(t))
            qx.append(x)
            qy.append(a * sin(x - phi))
        }
    }
    let tasks = try! TaskBatch(
        taskCount: 2, supportSize: 5, querySize: 6,
        supportInputs: sx, supportTargets: sy, queryInputs: qx, queryTargets: qy)
    return (theta, tasks)
}
