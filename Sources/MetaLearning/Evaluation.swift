import NeuralNets
import TaskData
import Tensors

/// Fast adaptation scored the way Finn et al. (2017) score it: for every task,
/// adapt on its support set and measure the query MSE after each number of
/// inner steps in `steps`; the result holds, per entry of `steps`, the mean
/// over tasks and its 95% interval.
public func evaluateAdaptation(
    _ parameters: [LayerParameters], activation: Activation, tasks: [RegressionTask], steps: [Int],
    stepSize: Double, layers: AdaptedLayers = .all, stepSizes: [LayerParameters]? = nil
) throws(MetaLearningError) -> [MeanInterval] {
    guard !tasks.isEmpty else { throw .emptyTaskBatch }
    guard let maxSteps = steps.max(), steps.allSatisfy({ $0 >= 0 }) else {
        throw .invalidHyperparameter(
            name: "steps", value: Double(steps.min() ?? -1), requirement: "a non-empty list of counts ≥ 0")
    }
    var losses = [[Double]](repeating: [], count: steps.count)
    for task in tasks {
        var current = parameters
        var done = 0
        for target in Set(steps).sorted() {
            current = try adapt(
                current, activation: activation, inputs: task.supportInputs, targets: task.supportTargets,
                steps: target - done, stepSize: stepSize, layers: layers, stepSizes: stepSizes)
            done = target
            let loss = try meanSquaredError(
                current, activation: activation, inputs: task.queryInputs, targets: task.queryTargets)
            for (i, s) in steps.enumerated() where s == target { losses[i].append(loss) }
        }
        _ = maxSteps
    }
    return losses.map { MeanInterval(samples: $0) }
}

/// `count` regression tasks for evaluation: a support set of `shots` points
/// drawn from each task, and a query set of `queryPoints` evenly spaced inputs
/// over the task's input range with the true, noise-free outputs (Finn et al.:
/// 100 points on [−5, 5] for sinusoids). For normally distributed inputs the
/// range is the mean ± 3 standard deviations.
public func evaluationTasks(
    from distribution: any TaskDistribution, count: Int, shots: Int, queryPoints: Int = 100,
    using generator: inout SeededGenerator
) throws(MetaLearningError) -> [RegressionTask] {
    guard count > 0 else { throw .emptyTaskBatch }
    guard shots > 0, queryPoints > 1 else {
        throw .invalidHyperparameter(
            name: "shots", value: Double(min(shots, queryPoints)), requirement: "shots ≥ 1, query points ≥ 2")
    }
    var tasks: [RegressionTask] = []
    for task in distribution.sample(count, using: &generator) {
        guard task.inputDimension == 1 else {
            throw .networkTaskMismatch(
                networkInputs: 1, networkOutputs: 1, taskInputs: task.inputDimension, taskOutputs: 1)
        }
        if case .gaussianClusters = task.kind {
            throw .invalidHyperparameter(
                name: "tasks", value: 0, requirement: "regression tasks (sinusoid or linear)")
        }
        let (low, high): (Double, Double)
        switch task.input {
        case let .uniform(l, h): (low, high) = (l, h)
        case let .normal(m, s): (low, high) = (m - 3 * s, m + 3 * s)
        }
        let xs = (0..<queryPoints).map { low + (high - low) * Double($0) / Double(queryPoints - 1) }
        let support = task.sample(shots, using: &generator)
        tasks.append(
            RegressionTask(
                supportInputs: support.x, supportTargets: support.y,
                queryInputs: Tensor(shape: [queryPoints, 1], scalars: xs),
                queryTargets: Tensor(shape: [queryPoints, 1], scalars: xs.map { task($0) })))
    }
    return tasks
}

/// A meta-batch of `count` tasks with `shots` support and `queryShots` query
/// points each, all drawn from the tasks' own input distribution (training).
public func trainingBatch(
    from distribution: any TaskDistribution, count: Int, shots: Int, queryShots: Int,
    using generator: inout SeededGenerator
) throws(MetaLearningError) -> TaskBatch {
    guard count > 0 else { throw .emptyTaskBatch }
    var si: [Double] = [], st: [Double] = [], qi: [Double] = [], qt: [Double] = []
    var din = 1, dout = 1
    for task in distribution.sample(count, using: &generator) {
        if case .gaussianClusters = task.kind {
            throw .invalidHyperparameter(
                name: "tasks", value: 0, requirement: "regression tasks (sinusoid or linear)")
        }
        let s = task.sample(shots, using: &generator)
        let q = task.sample(queryShots, using: &generator)
        din = s.x.shape[1]; dout = s.y.shape[1]
        si += s.x.scalars; st += s.y.scalars; qi += q.x.scalars; qt += q.y.scalars
    }
    return try TaskBatch(
        taskCount: count, supportSize: shots, querySize: queryShots, inputSize: din, outputSize: dout,
        supportInputs: si, supportTargets: st, queryInputs: qi, queryTargets: qt)
}
