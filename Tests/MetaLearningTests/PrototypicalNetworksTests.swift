import Autodiff
import Foundation
import MetaLearning
import NeuralNets
import TaskData
import Tensors
import Testing

@Suite struct PrototypicalNetworksTests {
    @Test func prototypesAreClassMeansAndLogitsAreNegativeSquaredDistances() throws {
        let support = Tensor(rows: [[0, 0], [2, 0], [0, 4], [0, 6]])
        let p = try PrototypicalNetworks.prototypes(
            Variable(constant: support), labels: [0, 0, 1, 1], classCount: 2
        ).value
        #expect(p.scalars == [1, 0, 0, 5])
        let query = Tensor(rows: [[1, 1]])
        let d = try PrototypicalNetworks.squaredDistances(Variable(constant: query), Variable(constant: p))
            .value
        #expect(d.scalars == [1, 17])
        let (loss, accuracy) = try PrototypicalNetworks.loss(
            support: Variable(constant: support), supportLabels: [0, 0, 1, 1],
            query: Variable(constant: query),
            queryLabels: [0], classCount: 2)
        // −log softmax(−1, −17)₀ = log(1 + e^(−16)).
        #expect(abs(loss.value.scalars[0] - log(1 + exp(-16.0))) < 1e-15)
        #expect(accuracy == 1)
    }

    @Test func episodicTrainingLowersTheLossAndTheEncoderBeatsChance() throws {
        // Two classes that differ only in dimension 0 among 6 noisy dimensions.
        var g = SeededGenerator(seed: 4)
        var rows: [Double] = [], labels: [Int] = []
        for label in 0..<4 {
            for _ in 0..<30 {
                rows += (0..<6).map { d in
                    (d == 0 ? Double(label) * 2 : 0) + g.normal(mean: 0, standardDeviation: d == 0 ? 0.7 : 3)
                }
                labels.append(label)
            }
        }
        let features = Tensor(shape: [120, 6], scalars: rows)
        func episode() -> Episode {
            try! sampleEpisodes(
                features: features, labels: labels, nWay: 2, kShot: 2, queries: 5, count: 1, using: &g)[0]
        }
        var rng = SeededGenerator(seed: 9)
        let trainer = try PrototypicalTrainer(
            encoder: MLP(sizes: [6, 8, 4], activation: .relu, using: &rng), learningRate: 0.01)
        let history = try trainer.train(iterations: 150, sampleEpisode: { _ in episode() })
        let early = history.prefix(20).reduce(0, +) / 20, late = history.suffix(20).reduce(0, +) / 20
        #expect(late < early)
        let test = (0..<60).map { _ in episode() }
        let raw = try PrototypicalNetworks.accuracy(encoder: nil, episodes: test)
        let learned = try PrototypicalNetworks.accuracy(encoder: trainer.encoder, episodes: test)
        #expect(learned.mean > raw.mean)
    }

    @Test func matchingRuleIsACosineAttentionVote() throws {
        let support = Tensor(rows: [[1, 0], [0, 1], [0, 2]])
        let probabilities = try matchingNetworkProbabilities(
            support: support, supportLabels: [0, 1, 1], query: Tensor(rows: [[3, 0]]), classCount: 2)
        // cosines (1, 0, 0): weights e/(e + 2), 1/(e + 2), 1/(e + 2).
        let e = exp(1.0)
        #expect(abs(probabilities.scalars[0] - e / (e + 2)) < 1e-15)
        #expect(abs(probabilities.scalars[1] - 2 / (e + 2)) < 1e-15)
    }
}

@Suite struct ClosedFormsTests {
    @Test func ridgeTowardsAPriorAndTheGaussianMAP() throws {
        let x = Tensor(rows: [[1], [2]]), y = Tensor(rows: [[2], [4]])
        // (XᵀX + λ)⁻¹(Xᵀy + λμ) = (10 + 1·…)
        let w = try ClosedForms.ridge(x, y, prior: Tensor(rows: [[5]]), lambda: 5)
        #expect(abs(w.scalars[0] - (10 + 25) / 10.0) < 1e-14)
        let map = try ClosedForms.gaussianPriorMAP(
            x, y, priorMean: Tensor(rows: [[5]]), priorVariance: 0.2, noiseVariance: 1)
        #expect(abs(map.scalars[0] - w.scalars[0]) < 1e-14)
        #expect(throws: MetaLearningError.self) { try ClosedForms.ridge(x, y, lambda: -1) }
    }

    @Test func metaRidgeRecoversTheSharedWeights() throws {
        var g = SeededGenerator(seed: 1)
        let mu = [0.7, -1.3]
        let tasks = (0..<6).map { _ in
            func rows(_ n: Int) -> (Tensor, Tensor) {
                let x = (0..<(2 * n)).map { _ in g.normal(mean: 0, standardDeviation: 1) }
                let y = (0..<n).map { x[2 * $0] * mu[0] + x[2 * $0 + 1] * mu[1] }
                return (Tensor(shape: [n, 2], scalars: x), Tensor(shape: [n, 1], scalars: y))
            }
            let (sx, sy) = rows(1), (qx, qy) = rows(4)
            return RegressionTask(supportInputs: sx, supportTargets: sy, queryInputs: qx, queryTargets: qy)
        }
        let prior = try ClosedForms.metaRidgePrior(tasks: tasks, lambda: 2)
        #expect(abs(prior.scalars[0] - mu[0]) < 1e-10 && abs(prior.scalars[1] - mu[1]) < 1e-10)
    }

    /// Issue 8's closed form: learning (θ, α) of one-step MAML by gradient
    /// descent on linear tasks recovers θ ≈ μ and α ≈ 1/(1 + 2/K + σ²/(Kv)).
    @Test func learningThetaAndAlphaRecoversTheOptimalStep() throws {
        let (mu, v, sigma, k) = (1.5, 1.0, 0.5, 5)
        let family = try LinearTasks(slopeMean: mu, slopeVariance: v, noise: sigma)
        var g = SeededGenerator(seed: 8)
        func batch(_ n: Int) -> [(support: [(Double, Double)], query: [(Double, Double)])] {
            family.sample(n, using: &g).map { task in
                let s = task.sample(k, using: &g), q = task.sample(50, using: &g)
                return (Array(zip(s.x.scalars, s.y.scalars)), Array(zip(q.x.scalars, q.y.scalars)))
            }
        }
        // The gradient is exact: compare with central differences on a fixed batch.
        let fixed = batch(3)
        let at = ClosedForms.linearMAMLGradient(theta: 0.3, alpha: 0.4, tasks: fixed)
        let h = 1e-6
        let dTheta =
            (ClosedForms.linearMAMLGradient(theta: 0.3 + h, alpha: 0.4, tasks: fixed).loss
                - ClosedForms.linearMAMLGradient(theta: 0.3 - h, alpha: 0.4, tasks: fixed).loss) / (2 * h)
        let dAlpha =
            (ClosedForms.linearMAMLGradient(theta: 0.3, alpha: 0.4 + h, tasks: fixed).loss
                - ClosedForms.linearMAMLGradient(theta: 0.3, alpha: 0.4 - h, tasks: fixed).loss) / (2 * h)
        #expect(abs(dTheta - at.dTheta) < 1e-7 && abs(dAlpha - at.dAlpha) < 1e-7)

        var (theta, alpha) = (0.0, 0.1)
        var averages = (0.0, 0.0)
        let iterations = 2000
        for i in 0..<iterations {
            let step = ClosedForms.linearMAMLGradient(theta: theta, alpha: alpha, tasks: batch(12))
            theta -= 0.05 * step.dTheta
            alpha -= 0.05 * step.dAlpha
            if i >= iterations / 2 { averages.0 += theta; averages.1 += alpha }
        }
        let n = Double(iterations - iterations / 2)
        let optimal = ClosedForms.linearMAMLOptimalStepSize(
            shots: k, taskVariance: v, noiseVariance: sigma * sigma)
        #expect(abs(optimal - 1 / 1.45) < 1e-15)
        #expect(abs(averages.0 / n - mu) < 0.05)
        #expect(abs(averages.1 / n - optimal) < 0.05)
    }
}
