import Foundation
import MetaLearning
import NeuralNets
import Tensors
import Testing

@Suite struct MAMLTrainerTests {
    /// Sinusoid-like family y = a·sin(x + c) with a seeded sampler: 200 meta-updates
    /// of second-order MAML must lower the post-adaptation query loss.
    @Test func mamlTrainingLowersTheMetaLoss() throws {
        var rng = TestGenerator(state: 42)
        let theta = randomNetwork([1, 16, 16, 1], &rng)
        let trainer = try MAMLTrainer(
            parameters: theta, activation: .tanh,
            method: .maml(MAMLConfiguration(innerStepSize: 0.05, innerSteps: 1)),
            metaLearningRate: 0.01)
        func sample(_ iteration: Int) -> TaskBatch {
            var sx: [Double] = [], sy: [Double] = [], qx: [Double] = [], qy: [Double] = []
            for _ in 0..<4 {
                let (a, c) = (rng.uniform(0.5, 2), rng.uniform(0, 1))
                for _ in 0..<5 { let x = rng.uniform(-3, 3); sx.append(x); sy.append(a * sin(x + c)) }
                for _ in 0..<5 { let x = rng.uniform(-3, 3); qx.append(x); qy.append(a * sin(x + c)) }
            }
            return try! TaskBatch(
                taskCount: 4, supportSize: 5, querySize: 5,
                supportInputs: sx, supportTargets: sy, queryInputs: qx, queryTargets: qy)
        }
        let history = try trainer.train(iterations: 200, sampleTasks: sample)
        #expect(history.count == 200 && trainer.iteration == 200)
        let early = history.prefix(20).reduce(0, +) / 20, late = history.suffix(20).reduce(0, +) / 20
        #expect(late < 0.5 * early, "meta-loss \(early) → \(late)")
    }

    @Test func trainingStopsWhenTheCallbackSaysSo() throws {
        let (theta, tasks) = goldenFormulaInputs()
        let trainer = try MAMLTrainer(
            parameters: theta, activation: .tanh,
            method: .maml(MAMLConfiguration(innerStepSize: 0.1)))
        let history = try trainer.train(
            iterations: 10, sampleTasks: { _ in tasks }, onIteration: { i, _ in i < 3 })
        #expect(history.count == 3)
    }

    /// One Adam step from zero moments moves every parameter with a nonzero
    /// gradient by −η·sign(g) (up to ε).
    @Test func firstAdamStepIsSignDescent() {
        var adam = FlatAdam(parameterCount: 3, learningRate: 0.1)
        var p = [1.0, 2.0, 3.0]
        adam.update(&p, gradient: [0.5, -2.0, 0.0])
        #expect(abs(p[0] - 0.9) < 1e-7 && abs(p[1] - 2.1) < 1e-7 && p[2] == 3.0)
    }

    /// Adam is written twice on purpose (DESIGN.md, "Kept on purpose"): NeuralNets' on tensors,
    /// FlatAdam in place on one buffer. Both take the same steps (to rounding) on the same
    /// gradients, so a change to one update that is not made to the other fails here.
    /// (Parameter counts below, at and past FlatAdam's eight lanes, and the sinusoid MLP's 1,801.)
    @Test(arguments: [6, 8, 17, 1801])
    func flatAdamTakesNeuralNetsAdamsSteps(count: Int) throws {
        var g = TestGenerator(state: 7)
        let start = (0..<count).map { _ in g.uniform(-1, 1) }
        var flat = FlatAdam(parameterCount: count, learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6)
        var tensors = Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6)
        var p = start
        var q = [Tensor(shape: [count], scalars: start)]
        for _ in 0..<25 {
            let gradient = (0..<count).map { _ in g.uniform(-3, 3) }
            flat.update(&p, gradient: gradient)
            try tensors.update(&q, gradients: [Tensor(shape: [count], scalars: gradient)])
        }
        let agree = zip(p, q[0].scalars).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
        #expect(agree, "\(p) \(q[0].scalars)")
        #expect(zip(p, start).allSatisfy { $0 != $1 }, "every parameter moved")
    }

    /// FlatAdam's eight-lane loop and its scalar tail are the update's formula, operation for
    /// operation: bit for bit the same as the formula written out here, one parameter at a time.
    @Test(arguments: [1, 7, 8, 9, 23, 1801])
    func flatAdamIsTheFormulaBitForBit(count: Int) {
        var g = TestGenerator(state: UInt64(count))
        var p = (0..<count).map { _ in g.uniform(-1, 1) }
        var expected = p
        var (m, v) = ([Double](repeating: 0, count: count), [Double](repeating: 0, count: count))
        let (lr, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-8)
        var adam = FlatAdam(parameterCount: count, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps)
        for t in 1...30 {
            let gradient = (0..<count).map { _ in g.uniform(-2, 2) * (t % 7 == 0 ? 1e-9 : 1) }
            adam.update(&p, gradient: gradient)
            let (c1, c2) = (1 / (1 - Double.pow(b1, t)), 1 / (1 - Double.pow(b2, t)))
            for i in 0..<count {
                m[i] = b1 * m[i] + (1 - b1) * gradient[i]
                v[i] = b2 * v[i] + (1 - b2) * gradient[i] * gradient[i]
                expected[i] -= lr * (m[i] * c1) / ((v[i] * c2).squareRoot() + eps)
            }
        }
        #expect(
            p == expected,
            "\(count) parameters: largest difference \(zip(p, expected).map { abs($0 - $1) }.max()!)")
    }

    @Test func shapeMistakesAreTypedErrors() throws {
        let (theta, tasks) = goldenFormulaInputs()
        let engine = MAMLEngine(activation: .relu)
        #expect(
            throws: MetaLearningError.invalidHyperparameter(
                name: "innerSteps", value: 0, requirement: "at least 1")
        ) {
            try engine.metaGradient(
                parameters: theta, tasks: tasks,
                configuration: MAMLConfiguration(innerStepSize: 0.1, innerSteps: 0))
        }
        let broken = [theta[0], theta[2], theta[2]]  // layer 2 takes 8 inputs, layer 1 gives 1
        #expect(throws: MetaLearningError.layerWidthMismatch(layer: 2, expectedInputs: 1, actualInputs: 8)) {
            try engine.metaGradient(
                parameters: broken, tasks: tasks, configuration: MAMLConfiguration(innerStepSize: 0.1))
        }
        #expect(throws: MetaLearningError.dataCountMismatch(part: "support targets", expected: 2, actual: 1))
        {
            try TaskBatch(
                taskCount: 1, supportSize: 2, querySize: 0, supportInputs: [1, 2], supportTargets: [1],
                queryInputs: [], queryTargets: [])
        }
        let noQuery = try TaskBatch(
            taskCount: 1, supportSize: 1, querySize: 0, supportInputs: [1], supportTargets: [1],
            queryInputs: [], queryTargets: [])
        #expect(throws: MetaLearningError.missingQuerySet) {
            try engine.metaGradient(
                parameters: theta, tasks: noQuery, configuration: MAMLConfiguration(innerStepSize: 0.1))
        }
    }
}
