import Foundation
import TaskData
import Tensors
import Testing

@Suite struct TasksTests {
    @Test func sinusoidTasksStayInTheirRangesAndAreSeeded() throws {
        let family = try SinusoidTasks()
        var a = SeededGenerator(seed: 11)
        var b = SeededGenerator(seed: 11)
        let tasks = family.sample(200, using: &a)
        #expect(tasks == family.sample(200, using: &b))
        for task in tasks {
            guard case let .sinusoid(amplitude, phase) = task.kind else {
                Issue.record("not a sinusoid")
                continue
            }
            #expect(amplitude >= 0.1 && amplitude < 5)
            #expect(phase >= 0 && phase < Double.pi)
        }
    }

    @Test func aSampledSinusoidLiesOnItsTrueFunction() throws {
        var g = SeededGenerator(seed: 5)
        let task = try SinusoidTasks().sampleTask(using: &g)
        let (x, y) = task.sample(10, using: &g)
        #expect(x.shape == [10, 1] && y.shape == [10, 1])
        #expect(x.scalars.allSatisfy { $0 >= -5 && $0 < 5 })
        #expect(try task(x) == y)
        guard case let .sinusoid(a, phi) = task.kind else {
            Issue.record("a sinusoid family sampled a \(task.kind) task")
            return
        }
        #expect(task(1.0) == a * Foundation.sin(1.0 - phi))
    }

    @Test func linearTaskSlopesHaveTheRequestedMeanAndVariance() throws {
        let family = try LinearTasks(slopeMean: 2, slopeVariance: 0.25, noise: 0.1)
        var g = SeededGenerator(seed: 1)
        let slopes = family.sample(4000, using: &g).map { task -> Double in
            guard case let .linear(a, _) = task.kind else {
                Issue.record("a linear family sampled a \(task.kind) task")
                return .nan
            }
            return a
        }
        let mean = slopes.reduce(0, +) / Double(slopes.count)
        let variance = slopes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(slopes.count - 1)
        // Standard errors: 0.5/√4000 ≈ 0.008 for the mean, ≈ 0.0056 for the variance.
        #expect(abs(mean - 2) < 0.04)
        #expect(abs(variance - 0.25) < 0.03)
    }

    @Test func linearTaskNoiseIsTheResidualAroundTheTrueLine() throws {
        var g = SeededGenerator(seed: 2)
        let task = try LinearTasks(slopeMean: 1, slopeVariance: 1, noise: 0.5).sampleTask(using: &g)
        let (x, y) = task.sample(5000, using: &g)
        let residuals = zip(y.scalars, try task(x).scalars).map { $0 - $1 }
        let sd = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
        #expect(abs(sd - 0.5) < 0.03)
    }

    @Test func clusterTasksLabelClassByClassAndClassifyByNearestCentre() throws {
        var g = SeededGenerator(seed: 9)
        let task = try GaussianClusterTasks(
            classes: 3, dimension: 2, centreSpread: 10, standardDeviation: 0.1
        )
        .sampleTask(using: &g)
        let (x, y) = task.sample(4, using: &g)
        #expect(x.shape == [12, 2] && y.shape == [12, 1])
        #expect(y.scalars == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        // Well separated clusters: the Bayes classifier recovers every label.
        #expect(try task(x) == y)
        #expect(throws: TensorError.self) { try task(Tensor(rows: [[1, 2, 3]])) }
    }

    @Test func invalidSettingsAreTypedErrors() {
        #expect(throws: TaskFamilyError.self) { try SinusoidTasks(amplitude: (5, 0.1)) }
        #expect(throws: TaskFamilyError.self) { try LinearTasks(slopeVariance: -1) }
        #expect(throws: TaskFamilyError.self) { try GaussianClusterTasks(classes: 0) }
    }
}

@Suite struct GradNormToyTests {
    @Test func tasksShareInputsAndDifferInScale() throws {
        var a = SeededGenerator(seed: 3)
        var b = SeededGenerator(seed: 3)
        let family = try GradNormToyTasks(scales: [1, 100], inputDimension: 25, outputDimension: 10)
        let tasks = family.sample(50, using: &a)
        let again = family.sample(50, using: &b)
        #expect(tasks.count == 2)
        #expect(tasks[0].x == tasks[1].x && tasks[0].x.shape == [50, 25] && tasks[1].y.shape == [50, 10])
        #expect(tasks[0].y == again[0].y && tasks[1].y == again[1].y)
        // Every input has unit length; outputs lie in (−σᵢ, σᵢ).
        for n in 0..<50 {
            let row = tasks[0].x.scalars[(n * 25)..<((n + 1) * 25)]
            #expect(abs(row.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
        }
        #expect(tasks[0].y.scalars.allSatisfy { abs($0) <= 1 })
        #expect(tasks[1].y.scalars.allSatisfy { abs($0) <= 100 })
        #expect(tasks[1].y.scalars.map { abs($0) }.max()! > 10)
        #expect(throws: TaskFamilyError.self) { try GradNormToyTasks(scales: []) }
    }
}
