import Foundation
import MultiTask
import NeuralNets
import TaskData
import Tensors
import Testing

/// The experiments of the MTL papers the course reproduces, small enough to
/// run in seconds in a debug build. Each prints its numbers (run with
/// `swift test --filter PaperExperimentsTests` to see them).
@Suite struct PaperExperimentsTests {
    /// Kendall, Gal & Cipolla's toy (the published notebook): N = 100,
    /// x ~ 𝒩(0, 1), y₁ = 2x + 8 + 10ε₁, y₂ = 3x + 3 + ε₂. The learned
    /// σᵢ = exp(sᵢ/2) approach the true noise (10, 1), and sit at their
    /// optimum σᵢ² = ℒᵢ for the final losses.
    @Test func uncertaintyWeightingLearnsTheNoiseLevels() throws {
        var g = SeededGenerator(seed: 0)
        let n = 100
        let x = (0..<n).map { _ in g.normal() }
        let y1 = x.map { 2 * $0 + 8 + 10 * g.normal() }
        let y2 = x.map { 3 * $0 + 3 + g.normal() }
        let inputs = Tensor(shape: [n, 1], scalars: x)
        let tasks = [
            TaskExamples(x: inputs, y: Tensor(shape: [n, 1], scalars: y1)),
            TaskExamples(x: inputs, y: Tensor(shape: [n, 1], scalars: y2)),
        ]
        let network = MultiTaskNetwork(
            trunkSizes: [1, 8], headSizes: [[8, 1], [8, 1]], activation: .relu, using: &g)
        let result = try trainMultiTask(
            network, tasks: tasks,
            options: MultiTaskTrainingOptions(weighting: .uncertainty, steps: 800, learningRate: 0.05))
        let sigma = result.logVariances!.map { Foundation.exp($0 / 2) }
        let rmse = try multiTaskLosses(result.network, tasks: tasks).map { $0.squareRoot() }
        print("uncertainty toy: learned σ = \(sigma), residual RMSE = \(rmse) (true noise 10, 1)")
        #expect(sigma[0] > 7 && sigma[0] < 12)
        #expect(sigma[1] > 0.8 && sigma[1] < 1.25)
        for i in 0..<2 { #expect(abs(sigma[i] / rmse[i] - 1) < 0.1, "σ\(i) near its optimum √ℒ") }
    }

    /// Yu et al.'s toy (PCGrad paper, Fig. 1): from (0.5, −3), 500,000 Adam
    /// steps. Plain Adam stalls in the valley; Adam on PCGrad's direction
    /// reaches the region of the joint minimum (θ₁ ≈ −2, θ₂ large).
    @Test func pcgradEscapesTheValleyWhereAdamStalls() {
        let (learningRate, steps) = ToyLandscape.pcgrad.paperSettings
        let start = ToyLandscape.pcgrad.startingPoints[0]
        let adam = optimizeToy(.pcgrad, from: start, method: .mean, steps: steps, learningRate: learningRate)
        let surgery = optimizeToy(
            .pcgrad, from: start, method: .pcgrad, steps: steps, learningRate: learningRate)
        print(
            "PCGrad toy: Adam ends at \(adam.final), losses \(adam.finalLosses); "
                + "Adam+PCGrad ends at \(surgery.final), losses \(surgery.finalLosses)")
        #expect(abs(surgery.final.0 + 2) < 0.05 && surgery.final.1 > 4)
        #expect(adam.final.1 < 0)
        #expect(surgery.finalLosses[0] < adam.finalLosses[0] && surgery.finalLosses[1] < adam.finalLosses[1])
    }

    /// Liu et al.'s toy (CAGrad paper, Fig. 1): three starts, 100,000 Adam
    /// steps. CAGrad (c = 0.5) reaches the minimum of the average loss from
    /// every start; gradient descent on the average only from (−8.5, −5);
    /// MGDA and PCGrad stop elsewhere on the Pareto set.
    @Test func cagradReachesTheAverageLossOptimumFromEveryStart() {
        let landscape = ToyLandscape.cagrad
        func average(_ p: (Double, Double)) -> Double { landscape.losses(at: p).reduce(0, +) / 2 }
        // The optimum of the average, by a grid search refined by golden sections along θ₂ at θ₁ = 0.
        var best = (value: Double.infinity, point: (0.0, 0.0))
        for i in 0...200 {
            for j in 0...200 {
                let p = (-10 + 0.1 * Double(i), -10 + 0.1 * Double(j))
                if average(p) < best.value { best = (average(p), p) }
            }
        }
        var (lo, hi) = (best.point.1 - 0.1, best.point.1 + 0.1)
        for _ in 0..<100 {
            let m1 = lo + (hi - lo) * 0.382
            let m2 = lo + (hi - lo) * 0.618
            if average((best.point.0, m1)) < average((best.point.0, m2)) { hi = m2 } else { lo = m1 }
        }
        let optimum = average((best.point.0, (lo + hi) / 2))
        let (learningRate, steps) = landscape.paperSettings
        var reached: [ToyMethod: [Bool]] = [:]
        for start in landscape.startingPoints {
            for method in ToyMethod.allCases {
                let run = optimizeToy(
                    landscape, from: start, method: method, steps: steps, learningRate: learningRate)
                let value = average(run.final)
                print(
                    "CAGrad toy from \(start), \(method): ends at \(run.final), average loss \(value) (optimum \(optimum))"
                )
                reached[method, default: []].append(value - optimum < 1e-3)
            }
        }
        #expect(reached[.cagrad] == [true, true, true])
        #expect(reached[.mean] == [false, true, false])
        #expect(reached[.mgda] == [false, false, false])
        #expect(reached[.pcgrad] == [false, false, false])
    }

    /// Hard vs soft sharing on Linnerud (20 people: exercises → weight, waist,
    /// pulse), linear models with a one-unit trunk (hard sharing is then
    /// rank-1 reduced-rank regression), 4-fold cross-validation on
    /// standardised data. Nested model classes order the training errors;
    /// the held-out errors show that sharing buys little here.
    @Test func hardVersusSoftSharingOnLinnerud() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets/linnerud.csv")
        let data = try loadDataset("linnerud", contents: try String(contentsOf: url, encoding: .utf8))
        guard case let .regression(targets, names) = data.target else {
            throw DataError.empty(file: "linnerud")
        }
        var g = SeededGenerator(seed: 0)
        let order = g.permutation(20)
        let models: [(String, ParameterSharing)] = [
            ("independent", .soft(.toMean, strength: 0)), ("soft λ=1", .soft(.toMean, strength: 1)),
            ("hard", .hard),
        ]
        var trainError: [String: Double] = [:]
        for (name, sharing) in models {
            var train = [Double](repeating: 0, count: 3)
            var test = [Double](repeating: 0, count: 3)
            var baseline = [Double](repeating: 0, count: 3)
            for fold in 0..<4 {
                let testRows = Array(order[(fold * 5)..<(fold * 5 + 5)])
                let trainRows = order.filter { !testRows.contains($0) }
                let x = try standardised(data.features, by: trainRows)
                let y = try standardised(targets, by: trainRows)
                func tasks(_ rows: [Int]) throws -> [TaskExamples] {
                    try (0..<3).map {
                        TaskExamples(
                            x: try x.gathered(rows, alongAxis: 0),
                            y: try y.gathered(rows, alongAxis: 0).gathered([$0], alongAxis: 1))
                    }
                }
                let network = MultiTaskNetwork(
                    trunkSizes: [3, 1], headSizes: [[1, 1], [1, 1], [1, 1]], sharing: sharing,
                    activation: .identity, using: &g)
                let result = try trainMultiTask(
                    network, tasks: try tasks(trainRows),
                    options: MultiTaskTrainingOptions(steps: 300, learningRate: 0.05))
                let trainLoss = try multiTaskLosses(result.network, tasks: try tasks(trainRows))
                let testLoss = try multiTaskLosses(result.network, tasks: try tasks(testRows))
                let testTasks = try tasks(testRows)
                for k in 0..<3 {
                    train[k] += trainLoss[k] / 4
                    test[k] += testLoss[k] / 4
                    // Predicting the training mean (0 after standardising).
                    if case let .regression(t) = testTasks[k].target {
                        baseline[k] += t.scalars.map { $0 * $0 }.reduce(0, +) / 5 / 4
                    }
                }
            }
            trainError[name] = train.reduce(0, +) / 3
            print(
                "Linnerud \(name): train MSE \(zip(names, train).map { "\($0) \($1)" }), "
                    + "held-out MSE \(zip(names, test).map { "\($0) \($1)" }), mean-predictor held-out MSE \(baseline)"
            )
            #expect(test.allSatisfy { $0.isFinite })
        }
        // Nested model classes: more sharing cannot fit the training data better.
        #expect(trainError["independent"]! <= trainError["soft λ=1"]! + 1e-3)
        #expect(trainError["soft λ=1"]! <= trainError["hard"]! + 1e-3)
    }
}

/// Columns centred and scaled by the mean and standard deviation of `rows`.
func standardised(_ t: Tensor, by rows: [Int]) throws -> Tensor {
    let c = t.shape[1]
    let part = try t.gathered(rows, alongAxis: 0)
    var out = t.scalars
    for j in 0..<c {
        let column = (0..<rows.count).map { part.scalars[$0 * c + j] }
        let mean = column.reduce(0, +) / Double(column.count)
        let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
        for i in 0..<t.shape[0] { out[i * c + j] = (t.scalars[i * c + j] - mean) / sd }
    }
    return Tensor(shape: t.shape, scalars: out)
}
