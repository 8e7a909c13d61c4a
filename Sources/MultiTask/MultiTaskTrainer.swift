import Autodiff
import NeuralNets
import RealModule
import Tensors

/// One task's training examples and loss.
public struct TaskExamples: Sendable {
    public enum Target: Sendable, Equatable {
        /// N×outᵢ regression targets, mean squared error (no ½).
        case regression(Tensor)
        /// N labels in 0..<outᵢ, cross-entropy on the head's logits.
        case classification([Int])
    }
    /// N×in inputs, one example per row.
    public var x: Tensor
    public var target: Target

    public init(x: Tensor, target: Target) {
        self.x = x
        self.target = target
    }

    /// N×k regression examples.
    public init(x: Tensor, y: Tensor) { self.init(x: x, target: .regression(y)) }

    var count: Int { x.shape[0] }
}

/// How the task losses are weighted in Σᵢ wᵢℒᵢ.
public enum LossWeightingMethod: Sendable, Equatable {
    /// wᵢ = 1.
    case equal
    /// Given constant weights.
    case fixed([Double])
    /// Learned log-variances s (Kendall et al. 2018): Σᵢ ½e^{−sᵢ}ℒᵢ + ½sᵢ, s starting at 0,
    /// trained by the same optimiser as the network.
    case uncertainty
    /// GradNorm (Chen et al. 2018): weights updated each step by `gradNormUpdate`
    /// with ‖∂ℒᵢ/∂W‖ for W the last trunk layer's weight matrix; ℒ(0) are the first step's losses.
    case gradNorm(alpha: Double, learningRate: Double)
    /// DWA (Liu et al. 2019) with temperature τ, one "epoch" per training step.
    case dwa(temperature: Double)
    /// Random loss weighting (Lin et al. 2022): fresh softmax-normal weights each step.
    case random
}

/// How the per-task gradients of the shared parameters become one update.
public enum GradientCombination: Sendable, Equatable {
    /// The gradient of the weighted sum (ordinary back-propagation).
    case sum
    /// Σ of the PCGrad-projected rows.
    case pcgrad(PCGradOrder)
    /// MGDA's min-norm combination Σ αᵢgᵢ.
    case mgda
    /// MGDA-UB: the weights from the gradients with respect to the representation Z.
    case mgdaUB
    /// CAGrad's direction with radius c (unscaled; see `cagrad`).
    case cagrad(c: Double)
    /// IMTL-G's equal-projection combination.
    case imtlG
    /// Nash-MTL's bargaining combination.
    case nashMTL
}

/// The optimiser that applies the combined gradient.
public enum MultiTaskOptimizer: Sendable, Equatable {
    /// Adam with the paper defaults β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸.
    case adam
    /// Plain gradient descent θ ← θ − η·d (what the golden files' one-step checks use).
    case sgd
}

/// What to train and how.
public struct MultiTaskTrainingOptions: Sendable {
    public var optimizer: MultiTaskOptimizer
    public var weighting: LossWeightingMethod
    public var combination: GradientCombination
    public var steps: Int
    /// Adam's learning rate for the network (and the uncertainty log-variances).
    public var learningRate: Double
    /// Examples per task per step; nil for the full batch.
    public var batchSize: Int?
    /// Seeds minibatches and random loss weights.
    public var seed: UInt64

    public init(
        weighting: LossWeightingMethod = .equal, combination: GradientCombination = .sum, steps: Int = 1000,
        learningRate: Double = 0.01, optimizer: MultiTaskOptimizer = .adam, batchSize: Int? = nil,
        seed: UInt64 = 0
    ) {
        self.optimizer = optimizer
        self.weighting = weighting
        self.combination = combination
        self.steps = steps
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.seed = seed
    }
}

/// The record of a run, one entry per step taken.
public struct MultiTaskHistory: Sendable, Equatable {
    /// ℒᵢ at each step (before that step's update), unweighted.
    public var taskLosses: [[Double]] = []
    /// The objective each step minimised (weighted sum, with the uncertainty
    /// terms or the soft-sharing penalty when they apply).
    public var objective: [Double] = []
    /// The task weights used at each step (for uncertainty: ½e^{−sᵢ}).
    public var weights: [[Double]] = []
    /// Nash-MTL steps whose bargaining system had no solution (or whose solver
    /// stalled), which reused the previous step's α (the first step: the best iterate).
    public var nashFallbacks = 0
}

public struct MultiTaskTrainingResult: Sendable {
    public var network: MultiTaskNetwork
    public var history: MultiTaskHistory
    /// The learned sᵢ = log σᵢ² under uncertainty weighting.
    public var logVariances: [Double]?
    /// The final task weights (GradNorm's learned weights, or the last used).
    public var weights: [Double]
    /// False when the progress callback asked to stop early (Ctrl-C).
    public var completed: Bool
}

/// A user-facing training error.
public enum MultiTaskError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The number of task data sets differs from the network's heads.
    case taskCountMismatch(tasks: Int, heads: Int)
    /// A combination or weighting that needs shared parameters, on a soft-sharing network.
    case needsHardSharing(String)
    /// Fixed weights of the wrong length, a bad step count, and similar.
    case invalidOption(String)
    /// A shape error from the data (inputs that do not fit the trunk, targets that do not fit a head).
    case tensor(TensorError)

    public var description: String {
        switch self {
        case let .taskCountMismatch(tasks, heads):
            return "\(tasks) task data sets for a network with \(heads) heads"
        case let .needsHardSharing(what): return "\(what) needs hard parameter sharing (a shared trunk)"
        case let .invalidOption(what): return what
        case let .tensor(error): return error.description
        }
    }
}

/// Trains a multi-task network (Adam by default) on the chosen loss weighting and
/// gradient combination.
///
/// Per step: every task's loss ℒᵢ on its (mini)batch; the weights wᵢ; then
/// - `.sum`: back-propagate Σᵢ wᵢℒᵢ (+ ½Σsᵢ for uncertainty, + λ·penalty for soft sharing);
/// - a gradient method: back-propagate each wᵢℒᵢ separately, stack the
///   shared-parameter gradients into G (T×d, trunk flatten order), combine
///   them (PCGrad, MGDA, MGDA-UB, CAGrad, IMTL-G, Nash-MTL), and give each
///   head its own task's gradient untouched. A Nash-MTL step whose system has
///   no solution reuses the previous step's α (counted in `history.nashFallbacks`).
/// Then one optimiser step on every parameter.
///
/// - Parameters:
///   - progress: called after each step with (step, objective); return false
///     to stop early (Ctrl-C) — the result keeps what was learned.
/// - Complexity: per step O(T) backward passes for a gradient method, one for `.sum`.
public func trainMultiTask(
    _ network: MultiTaskNetwork, tasks: [TaskExamples], options: MultiTaskTrainingOptions,
    progress: ((Int, Double) -> Bool)? = nil
) throws(MultiTaskError) -> MultiTaskTrainingResult {
    let t = network.taskCount
    guard tasks.count == t else { throw .taskCountMismatch(tasks: tasks.count, heads: t) }
    guard options.steps >= 0 else { throw .invalidOption("steps must be ≥ 0, got \(options.steps)") }
    let hard = network.sharing == .hard
    if !hard && options.combination != .sum {
        throw .needsHardSharing("a gradient combination other than the plain sum")
    }
    if case .gradNorm = options.weighting, !hard || network.trunks[0].isEmpty {
        throw .needsHardSharing("GradNorm")
    }
    if case let .fixed(w) = options.weighting, w.count != t {
        throw .invalidOption("fixed weights: \(w.count) weights for \(t) tasks")
    }
    do {
        var trainer = try Trainer(network: network, tasks: tasks, options: options)
        return try trainer.run(progress: progress)
    } catch {
        throw .tensor(error)
    }
}

/// The state of one training run.
struct Trainer {
    var network: MultiTaskNetwork
    let tasks: [TaskExamples]
    let options: MultiTaskTrainingOptions
    var generator: SeededGenerator
    var adam: Adam
    var sgd: SGD
    var logVariances: [Double]
    var weights: [Double]
    var initialLosses: [Double]? = nil
    /// Nash-MTL's α from the last step (the fallback when a step's system has no solution).
    var nashWeights: [Double]? = nil
    var history = MultiTaskHistory()

    init(network: MultiTaskNetwork, tasks: [TaskExamples], options: MultiTaskTrainingOptions)
        throws(TensorError)
    {
        self.network = network
        self.tasks = tasks
        self.options = options
        generator = SeededGenerator(seed: options.seed)
        adam = Adam(learningRate: options.learningRate)
        sgd = SGD(learningRate: options.learningRate)
        logVariances = [Double](repeating: 0, count: network.taskCount)
        if case let .fixed(w) = options.weighting {
            weights = w
        } else {
            weights = [Double](repeating: 1, count: network.taskCount)
        }
    }

    var taskCount: Int { network.taskCount }

    mutating func run(progress: ((Int, Double) -> Bool)?) throws(TensorError) -> MultiTaskTrainingResult {
        var completed = true
        for step in 0..<options.steps {
            // A stop inside a step's products (Ctrl-C, a timeout: `TensorError.stopped`) undoes
            // that step whole, so the result keeps exactly the steps that completed.
            let before = self
            let objective: Double
            do {
                objective = try takeStep()
            } catch .stopped {
                self = before
                completed = false
                break
            }
            if let progress, !progress(step, objective) {
                completed = false
                break
            }
        }
        let isUncertainty = options.weighting == .uncertainty
        return MultiTaskTrainingResult(
            network: network, history: history, logVariances: isUncertainty ? logVariances : nil,
            weights: isUncertainty ? logVariances.map { 0.5 * Double.exp(-$0) } : weights,
            completed: completed)
    }

    /// The (mini)batch of every task for this step.
    mutating func batches() throws(TensorError) -> [(x: Tensor, target: TaskExamples.Target)] {
        try tasks.map { (task) throws(TensorError) in
            guard let size = options.batchSize, size < task.count else { return (task.x, task.target) }
            let rows = generator.choice(task.count, count: size, replacing: false)
            let x = try task.x.gathered(rows, alongAxis: 0)
            switch task.target {
            case .regression(let y): return (x, .regression(try y.gathered(rows, alongAxis: 0)))
            case .classification(let labels): return (x, .classification(rows.map { labels[$0] }))
            }
        }
    }

    func loss(_ prediction: Variable, _ target: TaskExamples.Target) throws(TensorError) -> Variable {
        switch target {
        case .regression(let y): return try meanSquaredError(prediction, Variable(constant: y))
        case .classification(let labels): return try crossEntropy(logits: prediction, labels: labels)
        }
    }

    /// One optimisation step; returns the objective before the update.
    mutating func takeStep() throws(TensorError) -> Double {
        let data = try batches()
        let v = NetworkVariables(network)
        let (representations, outputs) = try network.forward(data.map { Variable(constant: $0.x) }, v)
        var losses: [Variable] = []
        for i in 0..<taskCount { losses.append(try loss(outputs[i], data[i].target)) }
        let lossValues = losses.map { $0.value.scalar! }
        if initialLosses == nil { initialLosses = lossValues }
        history.taskLosses.append(lossValues)

        // The weights for this step.
        switch options.weighting {
        case .equal, .fixed, .gradNorm, .uncertainty: break
        case .dwa(let temperature):
            weights = try dwaWeights(
                history: history.taskLosses.dropLast().suffix(2).map { $0 }, taskCount: taskCount,
                temperature: temperature)
        case .random: weights = randomLossWeights(taskCount: taskCount, using: &generator)
        }
        let isUncertainty = options.weighting == .uncertainty
        let effectiveWeights = isUncertainty ? logVariances.map { 0.5 * Double.exp(-$0) } : weights
        history.weights.append(effectiveWeights)

        var objective = 0.0
        for i in 0..<taskCount { objective += effectiveWeights[i] * lossValues[i] }
        if isUncertainty { objective += 0.5 * logVariances.reduce(0, +) }

        var gradients: [Tensor]
        if options.combination == .sum {
            var total = Variable(constant: Tensor(0))
            for i in 0..<taskCount { total = try total + effectiveWeights[i] * losses[i] }
            if case let .soft(penalty, strength) = network.sharing, strength != 0 {
                let p = try softSharingPenalty(v.trunks, penalty)
                objective += strength * p.value.scalar!
                total = try total + strength * p
            }
            gradients = try gradientTensors(of: total, wrt: v.all)
        } else {
            // Hard sharing: per-task gradients of the shared trunk, stacked as the rows of G.
            let shared = v.trunks[0].variables
            let headParameters = v.heads.map { $0.variables }
            var rows: [[Double]] = []
            var headGradients: [Tensor] = []
            for i in 0..<taskCount {
                let grads = try gradientTensors(
                    of: effectiveWeights[i] * losses[i], wrt: shared + headParameters[i])
                rows.append(grads[0..<shared.count].flatMap { $0.scalars })
                headGradients += grads[shared.count...]
            }
            let g = Tensor(rows: rows)
            let direction: Tensor
            switch options.combination {
            case .sum: direction = try sumOfRows(g)
            case .pcgrad(let order): direction = try sumOfRows(try pcgrad(g, order: order))
            case .mgda: direction = try combine(g, weights: try mgdaWeights(g))
            case .mgdaUB:
                var zRows: [[Double]] = []
                for i in 0..<taskCount {
                    zRows.append(
                        try gradientTensors(of: effectiveWeights[i] * losses[i], wrt: [representations[i]])[0]
                            .scalars)
                }
                guard Set(zRows.map(\.count)).count == 1 else {
                    throw .invalidShape(
                        operation: "MGDA-UB", shape: [zRows[0].count],
                        expected: "the same inputs for every task")
                }
                direction = try combine(
                    g, weights: try mgdaUBWeights(representationGradients: Tensor(rows: zRows)))
            case .cagrad(let c): direction = try cagrad(g, c: c)
            case .imtlG: direction = try combine(g, weights: try imtlGWeights(g))
            case .nashMTL:
                // One step's solver must not end the run: without a solution (or when it
                // stalls) reuse the previous step's α, and on the first step the best iterate.
                let solution = try nashMTLSolve(g)
                let alpha = solution.converged ? solution.weights : (nashWeights ?? solution.weights)
                if !solution.converged { history.nashFallbacks += 1 }
                nashWeights = alpha
                direction = try combine(g, weights: alpha)
            }
            gradients = []
            var offset = 0
            for p in shared {
                gradients.append(
                    Tensor(shape: p.shape, scalars: Array(direction.scalars[offset..<(offset + p.count)])))
                offset += p.count
            }
            gradients += headGradients
        }

        // GradNorm's weight update uses ‖∂ℒᵢ/∂W‖ for the last trunk weight matrix.
        if case let .gradNorm(alpha, learningRate) = options.weighting {
            let w = v.trunks[0].last!.weight
            var norms: [Double] = []
            for i in 0..<taskCount {
                let gi = try gradientTensors(of: losses[i], wrt: [w])[0]
                norms.append((try dot(gi, gi)).squareRoot())
            }
            weights = try gradNormUpdate(
                weights: weights, losses: lossValues, initialLosses: initialLosses!,
                weightGradientNorms: norms,
                alpha: alpha, learningRate: learningRate
            ).weights
        }

        // One optimiser step on every parameter (then s).
        var parameters = network.parameterTensors
        if isUncertainty {
            parameters.append(Tensor(logVariances))
            gradients.append(
                Tensor(try uncertaintyLossGradient(lossValues, logVariances: logVariances).logVariances))
        }
        switch options.optimizer {
        case .adam: try adam.update(&parameters, gradients: gradients)
        case .sgd: try sgd.update(&parameters, gradients: gradients)
        }
        if isUncertainty { logVariances = parameters.removeLast().scalars }
        network = network.replacingParameters(parameters)
        history.objective.append(objective)
        return objective
    }
}

/// The soft-sharing penalty on the trunks' parameters (see `SoftSharingPenalty`).
func softSharingPenalty(_ trunks: [[LayerVariables]], _ kind: SoftSharingPenalty) throws(TensorError)
    -> Variable
{
    let t = trunks.count
    let perTask = trunks.map { $0.variables }
    var total = Variable(constant: Tensor(0))
    guard let count = perTask.first?.count, count > 0 else { return total }
    for k in 0..<count {
        switch kind {
        case .toMean:
            var mean = perTask[0][k]
            for i in 1..<t { mean = try mean + perTask[i][k] }
            mean = mean / Double(t)
            for i in 0..<t { total = try total + square(try perTask[i][k] - mean).sum() }
        case .pairwise:
            for i in 0..<t {
                for j in (i + 1)..<t { total = try total + square(try perTask[i][k] - perTask[j][k]).sum() }
            }
        }
    }
    return total
}

/// Each task's loss for `network` on the given examples (no training).
public func multiTaskLosses(_ network: MultiTaskNetwork, tasks: [TaskExamples]) throws(MultiTaskError)
    -> [Double]
{
    guard tasks.count == network.taskCount else {
        throw .taskCountMismatch(tasks: tasks.count, heads: network.taskCount)
    }
    do {
        let predictions = try network.predict(tasks.map(\.x))
        return try tasks.indices.map { (i) throws(TensorError) -> Double in
            let prediction = Variable(constant: predictions[i])
            switch tasks[i].target {
            case .regression(let y):
                return try meanSquaredError(prediction, Variable(constant: y)).value.scalar!
            case .classification(let labels):
                return try crossEntropy(logits: prediction, labels: labels).value.scalar!
            }
        }
    } catch {
        throw .tensor(error)
    }
}
